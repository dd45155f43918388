"""Hook specifications, the plugin loader and the rule API."""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:  # names of the old ``annual_report.plugins`` module, deprecated
    from .._compat import moved_name

    value = moved_name(__name__, name)
    if value is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value  # warned once
    return value

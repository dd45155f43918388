"""annual-report: write and check the statutory 政府信息公开工作年度报告.

What a plugin needs is importable from here::

    from annual_report import hookimpl, rule, Finding, Severity

The names are loaded on first use, so that ``annual-report --help`` does not pay for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "hookimpl": "plugins.hookspecs",
    "rule": "plugins.rule_api",
    "Rule": "plugins.rule_api",
    "CheckContext": "plugins.rule_api",
    "Finding": "model.findings",
    "Location": "model.findings",
    "Severity": "model.findings",
}

__all__ = ["CheckContext", "Finding", "Location", "Rule", "Severity", "__version__", "hookimpl", "rule"]

if TYPE_CHECKING:
    from .model.findings import Finding, Location, Severity
    from .plugins.hookspecs import hookimpl
    from .plugins.rule_api import CheckContext, Rule, rule


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        import importlib

        value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


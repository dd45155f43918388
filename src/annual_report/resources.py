"""Where the bundled schemas, templates and reference data are.

In a wheel they are copied into ``annual_report/_bundled`` (see pyproject.toml); in a source
checkout or an editable install they are the top-level ``schemas/`` and ``templates/``.
"""

from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    for candidate in (_PKG / "_bundled" / name, _PKG.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"找不到程序自带的 {name} 目录，安装可能不完整，请重新安装 annual-report")


def schemas_dir() -> Path:
    return _find("schemas")


def templates_dir() -> Path:
    return _find("templates")


def data_dir() -> Path:
    """Reference data shipped inside the package (document registry, phrases …)."""
    return _PKG / "data"


def data_toml(name: str) -> dict:
    """A bundled TOML data file (data/<name>), parsed."""
    from .model.toml_files import parse_toml

    return parse_toml((data_dir() / name).read_text(encoding="utf-8"))

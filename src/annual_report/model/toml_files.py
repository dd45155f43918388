"""Reading TOML, the one way: ``tomllib`` on Python ≥ 3.11, its twin ``tomli`` on 3.10.

:func:`read_toml` reads a file a user wrote (the workspace config, a body mapping, a documents
registry …) and says in Chinese, with the line and column, why it cannot be read;
:func:`parse_toml` parses text the program ships (the reference data in ``data/``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from .errors import UserError, toml_problem

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10
    import tomli as tomllib

__all__ = ["parse_toml", "read_toml"]


def parse_toml(text: str) -> dict[str, Any]:
    """TOML text the program ships; a mistake in it is a bug, raised as it is."""
    return tomllib.loads(text)


def read_toml(path: str | Path, what: str) -> dict[str, Any]:
    """The TOML file ``path`` a user wrote, parsed (a UTF-8 byte-order mark is allowed).

    ``what`` names the file for the user ("配置文件", "机关对照文件" …): a missing file is
    "找不到<what> <path>", one that is not UTF-8 or not valid TOML is
    "<what> <path> 格式有误：<the problem, with its line and column>"."""
    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise UserError(f"找不到{what} {path}") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UserError(f"{what} {path} 格式有误：{toml_problem(exc)}") from None

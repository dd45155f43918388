"""The roll-up part of a batch's mapping file: which bodies a report covers, publication dates
and body levels the reports themselves may not state.

TOML (beside ``[aliases]`` and ``[files]``, see :class:`annual_report.check.inputs.BodyMapping`)::

    [covers."乐至县人民政府"]          # this body's report covers these bodies' reports
    bodies = ["乐至县发展和改革局", "天池街道办事处", "石佛镇人民政府"]
    summary = true                     # optional: its tables are their sum (else the report says so)
    tables = ["B", "C"]                # optional: the tables to sum (default A, B and C)

    [published]                        # publication dates (for AR622), where a report has no 落款 date
    "石佛镇人民政府" = 2024-01-26

    [levels]                           # body levels (for AR622's deadline), where the name does not tell
    "乐至县行政审批服务局" = "县级部门"

A body named twice in the covers lists, or a report that covers itself, is refused with the line
numbers of the file.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..model.errors import UserError

TABLES = ("A", "B", "C")
COVER_KEYS = {"bodies", "summary", "tables"}


@dataclass(frozen=True)
class CoverSpec:
    bodies: tuple[str, ...]
    summary: bool = False
    tables: tuple[str, ...] = TABLES


@dataclass
class CoverageMap:
    covers: dict[str, CoverSpec] = field(default_factory=dict)  # covering body -> spec
    published: dict[str, str] = field(default_factory=dict)  # body -> ISO date
    levels: dict[str, str] = field(default_factory=dict)  # body -> level

    def covered_bodies(self) -> set[str]:
        return {b for spec in self.covers.values() for b in spec.bodies}


_HEADER = re.compile(r"^\s*\[\s*(?P<name>[^\]]+?)\s*\]\s*(?:#.*)?$")
_QUOTED = re.compile(r"\"((?:[^\"\\]|\\.)*)\"|'([^']*)'")


def _lines_naming(text: str, canonical: Callable[[str], str]) -> dict[str, list[int]]:
    """For the [covers…] part of the file: canonical body name -> the lines that name it."""
    out: dict[str, list[int]] = {}
    in_covers = False
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            in_covers = header.group("name").startswith("covers")
        if not in_covers:
            continue
        for m in _QUOTED.finditer(line):
            name = m.group(1) if m.group(1) is not None else m.group(2)
            if name and name not in TABLES:
                out.setdefault(canonical(name), []).append(number)
    return out


def parse_coverage(raw: dict[str, Any], text: str, path: Path, canonical: Callable[[str], str]) -> CoverageMap:
    """The [covers], [published] and [levels] tables of a mapping file; ``canonical`` turns a
    name as written into the body's canonical name (aliases applied)."""
    where = f"机关对照文件 {path}"
    out = CoverageMap()
    lines = _lines_naming(text, canonical)

    def at(name: str) -> str:
        found = lines.get(canonical(name), [])
        return f"第 {'、'.join(str(n) for n in found)} 行" if found else "（行号不明）"

    covers = raw.get("covers") or {}
    if not isinstance(covers, dict):
        raise UserError(f"{where}：[covers] 应为“机关 = [所涵盖的机关…]”或 [covers.\"机关\"] 表")
    named: dict[str, str] = {}  # covered body -> covering body
    for covering, value in covers.items():
        spec = value if isinstance(value, dict) else {"bodies": value}
        unknown = set(spec) - COVER_KEYS
        if unknown:
            raise UserError(f"{where} [covers.\"{covering}\"]：未知的项 {'、'.join(sorted(unknown))}（可用 bodies、summary、tables）")
        bodies = spec.get("bodies")
        if not isinstance(bodies, list) or not bodies or not all(isinstance(b, str) and b.strip() for b in bodies):
            raise UserError(f"{where} [covers.\"{covering}\"]：bodies 应为所涵盖机关名称的列表，如 bodies = [\"某县统计局\", \"某镇人民政府\"]")
        tables = spec.get("tables", list(TABLES))
        if not isinstance(tables, list) or not tables or any(t not in TABLES for t in tables):
            raise UserError(f"{where} [covers.\"{covering}\"]：tables 应为 \"A\"、\"B\"、\"C\" 中的一个或几个，如 tables = [\"B\", \"C\"]")
        summary = spec.get("summary", False)
        if not isinstance(summary, bool):
            raise UserError(f"{where} [covers.\"{covering}\"]：summary 应为 true 或 false")
        me = canonical(covering)
        names = []
        for b in bodies:
            body = canonical(b)
            if body == me:
                raise UserError(f"{where} {at(b)}：“{covering}”的报告涵盖了它自己（“{b}”），汇总核对会重复计算；请从 bodies 中删去")
            if body in named:
                other = "同一列表中" if named[body] == me else f"“{named[body]}”和“{covering}”的列表中"
                raise UserError(f"{where} {at(b)}：机关“{b}”在{other}出现了两次，汇总时会重复计算；每个机关只能列一次")
            named[body] = me
            names.append(body)
        out.covers[me] = CoverSpec(tuple(names), summary, tuple(t for t in TABLES if t in tables))
    for name, value in (raw.get("published") or {}).items():
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value.strip())
            except ValueError:
                value = None
        if not isinstance(value, dt.date):
            raise UserError(f"{where} [published]：“{name}”的发布日期应写成 2024-01-26")
        out.published[canonical(name)] = value.isoformat()
    from ..model.levels import LEVELS

    for name, level in (raw.get("levels") or {}).items():
        if level not in LEVELS:
            raise UserError(f"{where} [levels]：“{name}”的层级“{level}”不在可选范围内，应为以下之一：" + "、".join(LEVELS))
        out.levels[canonical(name)] = level
    return out

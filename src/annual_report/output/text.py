"""Findings as text for a person: grouped by report, then part and table, with a count line."""

from __future__ import annotations

import os
import sys
from typing import Iterable, TextIO

from ..findings import Finding, Severity, count_by_severity
from ..layout import PART_NUMBERS, PART_TITLES

_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_RESET = "\033[0m"


def use_colour(stream: TextIO, requested: bool | None = None) -> bool:
    if requested is not None:
        return requested
    if os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


def _group_title(f: Finding) -> str:
    loc = f.location
    if loc.part in PART_TITLES:
        title = f"{loc.part}、{PART_TITLES[loc.part]}"
        return title + (f"（表{loc.table}）" if loc.table else "")
    if loc.table:
        return f"表{loc.table}"
    return "全文"


def _group_order(title: str) -> tuple:
    for i, n in enumerate(PART_NUMBERS):
        if title.startswith(n + "、"):
            return (1, i)
    return (0, 0) if title == "全文" else (2, 0)


def count_line(findings: Iterable[Finding]) -> str:
    c = count_by_severity(list(findings))
    return f"共 {c['error']} 个错误，{c['warning']} 个警告，{c['info']} 个提示"


def format_finding(f: Finding, colour: bool = False) -> str:
    label = f"[{f.severity.label}]"
    if colour:
        label = f"{_COLOURS[f.severity]}{label}{_RESET}"
    # The message states its table cell itself; paragraphs are numbered here.
    loc = f.location
    where = f"第{loc.paragraph + 1}段：" if loc.paragraph is not None else ""
    line = f"  {label} {f.code} {where}{f.message}"
    if f.hint:
        line += f"\n      建议：{f.hint}"
    return line


def render_report_findings(title: str, findings: list[Finding], colour: bool = False, notes: Iterable[str] = ()) -> str:
    """One report's findings under ``title``."""
    lines = [title]
    lines += [f"  （{n}）" for n in notes]
    if not findings:
        lines.append("  未发现问题")
        return "\n".join(lines)
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(_group_title(f), []).append(f)
    for name in sorted(groups, key=_group_order):
        lines.append(f" {name}")
        lines += [format_finding(f, colour) for f in groups[name]]
    return "\n".join(lines)


def render_text(reports: list[tuple[str, list[Finding], list[str]]], setup: list[Finding] = (), colour: bool = False) -> str:
    """All reports' findings and a final count line."""
    blocks = []
    if setup:
        blocks.append(render_report_findings("插件与配置", list(setup), colour))
    for title, findings, notes in reports:
        blocks.append(render_report_findings(title, findings, colour, notes))
    everything = list(setup) + [f for _, fs, _ in reports for f in fs]
    blocks.append(count_line(everything))
    return "\n\n".join(blocks) + "\n"


def write_text(text: str, stream: TextIO | None = None) -> None:
    stream = stream or sys.stdout
    stream.write(text)

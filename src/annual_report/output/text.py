"""Findings as text for a person: grouped by report, then part and table, with a count line."""

from __future__ import annotations

import os
import sys
from typing import Iterable, TextIO

from ..model.findings import Finding, Severity, count_by_severity, short_fingerprints
from ..model.layout import PART_NUMBERS, PART_TITLES, table_name
from .neutral import plain

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
        return title + (f"（{table_name(loc.table)}）" if loc.table else "")
    if loc.table:
        return table_name(loc.table)
    return "全文"


def _group_order(title: str) -> tuple:
    for i, n in enumerate(PART_NUMBERS):
        if title.startswith(n + "、"):
            return (1, i)
    return (0, 0) if title == "全文" else (2, 0)


def count_line(findings: Iterable[Finding]) -> str:
    return counts_line(count_by_severity(list(findings)))


def counts_line(counts: dict[str, int], more: Iterable[Finding] = ()) -> str:
    """"共 1 个错误，2 个警告，0 个提示" for ``counts`` plus the findings ``more``."""
    c = dict(counts)
    for key, value in count_by_severity(list(more)).items():
        c[key] += value
    return f"共 {c['error']} 个错误，{c['warning']} 个警告，{c['info']} 个提示"


def where(f: Finding) -> str:
    """The finding's place in words, with the draft's cell when known:
    "表三 “（一）予以公开”行 “总计”列（原文第2个表格第5行第8格）"."""
    loc = f.location
    text = loc.describe()
    if loc.cell is not None:
        t, r, c = loc.cell
        text += f"（原文第{t + 1}个表格第{r + 1}行第{c + 1}格）"
    return text


def format_finding(f: Finding, colour: bool = False, short: str = "") -> str:
    """``[错误] AR101 message（指纹 3f2a9c1e）`` and, when the finding has a place, a line saying
    where.  ``short`` is the finding's short fingerprint (what ``dismiss`` takes)."""
    label = f"[{f.severity.label}]"
    if colour:
        label = f"{_COLOURS[f.severity]}{label}{_RESET}"
    line = f"  {label} {plain(f.code)} {plain(f.message)}"
    short = short or f.fingerprint
    if short:
        line += f"（指纹 {plain(short)}）"
    place = where(f)
    if place:
        line += f"\n      位置：{plain(place)}"
    if f.hint:
        line += f"\n      建议：{plain(f.hint)}"
    return line


def render_report_findings(
    title: str, findings: list[Finding], colour: bool = False, notes: Iterable[str] = (), shorts: dict[str, str] | None = None
) -> str:
    """One report's findings under ``title``, each with its short fingerprint (unique among
    ``findings``, or as given in ``shorts``)."""
    shorts = short_fingerprints(findings) if shorts is None else shorts
    lines = [plain(title)]
    lines += [f"  （{plain(n)}）" for n in notes]
    if not findings:
        lines.append("  未发现问题")
        return "\n".join(lines)
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(_group_title(f), []).append(f)
    for name in sorted(groups, key=_group_order):
        if list(groups) != ["全文"]:  # a header only where there is more than one group
            lines.append(f" {name}")
        lines += [format_finding(f, colour, shorts.get(f.fingerprint, "")) for f in groups[name]]
    return "\n".join(lines)


def render_text(reports: list[tuple], setup: list[Finding] = (), colour: bool = False) -> str:
    """All reports' findings and a final count line; ``reports`` are (title, findings, notes)
    or (title, findings, notes, short fingerprints)."""
    blocks = []
    if setup:
        blocks.append(render_report_findings("插件与配置", list(setup), colour))
    for title, findings, notes, *shorts in reports:
        blocks.append(render_report_findings(title, findings, colour, notes, shorts[0] if shorts else None))
    everything = list(setup) + [f for _, fs, *_ in reports for f in fs]
    blocks.append(count_line(everything))
    return "\n\n".join(blocks) + "\n"


def write_text(text: str, stream: TextIO | None = None) -> None:
    stream = stream or sys.stdout
    stream.write(text)

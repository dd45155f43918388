"""What ``annual-report check`` does: resolve the inputs, read them, run the checker, render.

Single mode: one input (a workspace year, a .json data file or a .docx draft) with its history
(``--history`` files, or the workspace's earlier years).  Batch mode: several inputs or a
folder — files are grouped by body and each is checked against its own earlier years
(:mod:`annual_report.check.batch`).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from ..model.errors import UserError
from ..model.findings import Finding, Severity
from ..workspace.config import Config, find_workspace, load_config

FORMATS = ("text", "json", "sarif")


@dataclass
class CheckOptions:
    inputs: list[str]
    history: list[Path] = field(default_factory=list)
    workspace: Path | None = None
    format: str = "text"
    output: Path | None = None
    annotate: Path | None = None
    plugin_dirs: list[Path] = field(default_factory=list)
    colour: bool | None = None
    recursive: bool = False
    jobs: int | None = None
    summary: Path | None = None
    html: Path | None = None
    mapping: Path | None = None
    reports_dir: Path | None = None
    progress: bool | None = None
    level: str = ""  # --level: the body level for level-dependent rules


@dataclass
class CheckedReport:
    report: object  # Report
    history: list
    findings: list[Finding]
    notes: list[str]


def _config(options: CheckOptions) -> Config:
    root = options.workspace or find_workspace()
    if options.workspace is not None and not (Path(options.workspace) / "annual-report.toml").is_file():
        raise UserError(f"{options.workspace} 不是工作区（没有 annual-report.toml）")
    config = load_config(root) if root else Config()
    if options.level:
        from dataclasses import replace

        from ..model.schema_gen import LEVELS

        if options.level not in LEVELS:
            raise UserError(f"--level “{options.level}”不在可选范围内，应为以下之一：" + "、".join(LEVELS))
        config = replace(config, level_override=options.level)
    return config


def _is_year(token: str) -> bool:
    return token.isdigit() and len(token) == 4


def resolve_single(token: str, options: CheckOptions, config: Config, readers) -> tuple[object, list | None, list[str]]:
    """The report of one input and its history (None: none supplied)."""
    from ..readers import read_report

    notes: list[str] = []
    if _is_year(token) and not Path(token).exists():
        if config.root is None:
            raise UserError(f"“{token}”看起来是年度，但当前不在工作区中；请在工作区内运行，或给出文件路径")
        from ..workspace import load_history, load_year

        report = load_year(config, int(token))
        if options.history:
            return report, [read_report(p, readers) for p in options.history], notes
        if not config.history_years:
            notes.append("配置 check.history_years = 0，跨年度检查未进行")
            return report, None, notes
        history = load_history(config, int(token))
        if not history:
            notes.append("工作区中没有往年数据，跨年度检查只能说明缺少哪一年")
        return report, history, notes
    report = read_report(Path(token), readers)
    if options.history:
        history = [read_report(p, readers) for p in options.history]
        return report, history, notes
    notes.append("未提供往年报告（--history），跨年度检查未进行")
    return report, None, notes


def check_single(options: CheckOptions, stream: TextIO | None = None) -> int:
    stream = stream or sys.stdout
    from .engine import make_checker

    config = _config(options)
    checker = make_checker(config, options.plugin_dirs)
    setup = checker.setup_findings()
    token = options.inputs[0]
    report, history, notes = resolve_single(token, options, config, checker.plugins.readers)
    findings = checker.check(report, history)
    history_years = sorted(h.year for h in (history or []) if h.year)
    if options.annotate is not None:
        if report.source.kind != "docx":
            raise UserError("--annotate 只能用于 .docx 报告（在原稿副本上写批注）")
        from ..output.annotate import annotate

        count = annotate(Path(report.source.path), setup + findings, options.annotate, report=report)
        notes.append(f"已写出带 {count} 条批注的副本：{options.annotate}")
    colour = False if options.output is not None else options.colour  # no escape codes in a file
    text = render(options.format, [(report, history_years, findings, notes)], setup, checker, colour, stream)
    emit(text, options.output, stream)
    if options.output is not None:
        from ..output.text import count_line

        sys.stderr.write(f"检查结果已写入 {options.output}（{count_line(setup + findings)}）\n")
    return exit_code(setup + findings)


def render(fmt: str, items, setup, checker, colour, stream) -> str:
    if fmt == "json":
        from ..output.jsonout import render_json, report_entry

        entries = [report_entry(r.source.path, r.body.name, r.year, r.edition, hist, fs) for r, hist, fs, _ in items]
        return render_json(entries, setup)
    if fmt == "sarif":
        from ..output.sarif import render_sarif

        return render_sarif(list(setup) + [f for _, _, fs, _ in items for f in fs], checker.rules)
    from ..output.text import render_text, use_colour

    blocks = []
    for r, hist, fs, notes in items:
        title = f"{r.label}  {r.source.path}"
        if hist:
            notes = [f"对照往年报告：{'、'.join(str(y) for y in hist)}年度"] + list(notes)
        blocks.append((title, fs, notes))
    return render_text(blocks, setup, use_colour(stream, colour))


def emit(text: str, output: Path | None, stream: TextIO) -> None:
    if output is None:
        stream.write(text)
        return
    from ..output.files import write_atomic

    write_atomic(Path(output), text.encode("utf-8"))


def exit_code(findings: list[Finding]) -> int:
    return 1 if any(f.severity is Severity.ERROR for f in findings) else 0


def check(options: CheckOptions, stream: TextIO | None = None) -> int:
    stream = stream or sys.stdout
    if options.format not in FORMATS:
        raise UserError(f"--format 应为 {'、'.join(FORMATS)} 之一，实际为 {options.format}")
    if not options.inputs:
        config = _config(options)
        if config.root is None:
            raise UserError("请给出要检查的报告（年度、.json 或 .docx 文件、文件夹）")
        from ..workspace import available_years

        years = available_years(config)
        if not years:
            raise UserError(f"工作区 {config.root} 的 data/ 中没有年度数据")
        options.inputs = [str(years[-1])]
    batch = len(options.inputs) > 1 or any(Path(t).is_dir() for t in options.inputs) or options.summary or options.html
    if batch:
        if options.history:
            raise UserError("批量检查时按机关自动配对往年报告，不能再用 --history")
        if options.annotate:
            raise UserError("--annotate 只能用于检查单个 .docx 报告")
        from .sinks import check_batch

        return check_batch(options, _config(options), stream)
    return check_single(options, stream)

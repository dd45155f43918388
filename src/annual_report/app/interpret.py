"""What ``annual-report interpret`` does: find the year's report and its earlier years, build
the :class:`~annual_report.output.interpret.Interpretation`, write it in each format."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..model.errors import UserError
from .session import open_session


@dataclass
class InterpretOptions:
    target: str  # a workspace year ("2024") or a report file
    history: list[Path] = field(default_factory=list)
    workspace: Path | None = None
    output: Path | None = None  # folder
    formats: list[str] = field(default_factory=list)  # empty: every registered format
    plugin_dirs: list[Path] = field(default_factory=list)
    force: bool = False


@dataclass
class InterpretResult:
    written: list[Path]
    warnings: list[str]
    interpretation: object


def resolve(options: InterpretOptions, session):
    """The report to interpret, its history and what to tell the user: ``--history`` years and
    files (each before the report's year), else, inside a workspace and for a report of the
    workspace's body, the workspace's years before the report's — for a year and a report file
    alike.  Another body's report gets no history (no "比上年" from someone else's figures)."""
    from .session import available_years, refuse_not_earlier

    report = session.read(options.target)
    if options.history:  # years and files, parsed as ``check`` parses them
        return report, [refuse_not_earlier(report, session.read_history(p), p) for p in options.history], []
    if session.root is None or report.year is None:
        return report, [], []
    other = session.other_body(report)
    if other:
        return report, [], [other]
    return report, [session.read(str(y)) for y in available_years(session.config) if y < report.year], []


def _gate(report, session, force: bool) -> list[str]:
    """The figures of a report whose tables cannot be read, or do not add up, are not
    published as fact: no tables → exit 2; errors → named, and only with ``--force``."""
    from ..check.gate import gate, named

    if not report.tables:
        raise UserError(
            f"{Path(report.source.path).name or report.label} 中没有找到法定表格（表二、表三、表四），无法生成解读；"
            "请确认文件是否为年度报告，或先用 annual-report check 查看读取情况"
        )
    g = gate(session.checker, report)
    errors = list(g.reading_errors) + list(g.table_errors)
    if not errors:
        return []
    said = f"报告表格有 {len(errors)} 项错误：{named(errors)}"
    if not force:
        raise UserError(f"{said}。解读会把这些数字当作事实发布；请先改正（annual-report check 可列出全部问题），或加 --force 仍然生成")
    return [f"{said}；按 --force 仍然生成，解读中的数字未经核对"]


def run_interpret(options: InterpretOptions) -> InterpretResult:
    from ..output.formats import formats_of
    from ..output.interpret import file_stem, interpret

    session = open_session(options.workspace, options.plugin_dirs)
    config = session.config if session.root is not None else None
    plugins = session.plugins
    warnings = list(session.warnings)
    available = formats_of(plugins, "interpret")
    names = options.formats or list(available)
    unknown = [n for n in names if n not in available]
    if unknown:
        raise UserError(f"没有解读格式 {'、'.join(unknown)}；可用的格式：{'、'.join(available)}")
    report, history, said = resolve(options, session)
    warnings += said
    if report.year is None:
        raise UserError(f"无法确定 {report.source.path} 的报告年度，不能与往年对比")
    warnings += _gate(report, session, options.force)
    interpretation = interpret(report, history)
    if options.output is not None:
        folder = Path(options.output)
    elif config is not None and config.out_dir is not None:
        folder = config.out_dir  # as documented: the workspace's out/, for a year or a file
    else:
        folder = Path.cwd()
    if folder.exists() and not folder.is_dir():
        raise UserError(f"--output 应为文件夹：{folder} 是文件")
    folder.mkdir(parents=True, exist_ok=True)
    stem = file_stem(interpretation)
    if session.root is not None and session.other_body(report):
        # another body's 解读 never takes the workspace body's file name (it would replace that 解读)
        from .workspace import safe_file_name

        stem = safe_file_name(report.body.name) + stem
    targets = [(available[n], folder / (stem + available[n].suffix)) for n in names]
    from ..files.writing import guard_outputs

    # never an input (the report, its earlier years); a file we did not write only with --force
    inputs = [Path(r.source.path) for r in (report, *history) if r.source.path]
    guard_outputs({f"解读（{fmt.name}）": target for fmt, target in targets}, inputs, force=options.force)
    written = []
    for fmt, target in targets:
        fmt.write(interpretation, target)
        written.append(target)
    return InterpretResult(written, warnings, interpretation)

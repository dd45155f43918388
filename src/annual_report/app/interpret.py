"""What ``annual-report interpret`` does: find the year's report and its earlier years, build
the :class:`~annual_report.output.interpret.Interpretation`, write it in each format."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..model.errors import UserError
from ..model.report import parse_year
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
    """The report to interpret and its history: the ``--history`` files, else (a year of the
    workspace) every earlier year the workspace has."""
    from .session import available_years

    report = session.read(options.target)
    if options.history:
        return report, [session.read(Path(p)) for p in options.history]
    year = parse_year(options.target)
    if year is not None and not Path(options.target).exists():
        return report, [session.read(str(y)) for y in available_years(session.config) if y < year]
    return report, []


def run_interpret(options: InterpretOptions) -> InterpretResult:
    from ..output.formats import formats_of
    from ..output.interpret import file_stem, interpret

    session = open_session(options.workspace, options.plugin_dirs)
    config = session.config if session.root is not None else None
    plugins = session.plugins
    warnings = session.warnings
    available = formats_of(plugins, "interpret")
    names = options.formats or list(available)
    unknown = [n for n in names if n not in available]
    if unknown:
        raise UserError(f"没有解读格式 {'、'.join(unknown)}；可用的格式：{'、'.join(available)}")
    report, history = resolve(options, session)
    if report.year is None:
        raise UserError(f"无法确定 {report.source.path} 的报告年度，不能与往年对比")
    interpretation = interpret(report, history)
    if options.output is not None:
        folder = Path(options.output)
    elif config is not None and config.out_dir is not None and not Path(options.target).exists():
        folder = config.out_dir
    else:
        folder = Path.cwd()
    if folder.exists() and not folder.is_dir():
        raise UserError(f"--output 应为文件夹：{folder} 是文件")
    targets = [(available[n], folder / (file_stem(interpretation) + available[n].suffix)) for n in names]
    from ..files.writing import guard_outputs

    # never an input (the report, its earlier years); a file we did not write only with --force
    inputs = [Path(r.source.path) for r in (report, *history) if r.source.path]
    guard_outputs({f"解读（{fmt.name}）": target for fmt, target in targets}, inputs, force=options.force)
    written = []
    for fmt, target in targets:
        fmt.write(interpretation, target)
        written.append(target)
    return InterpretResult(written, warnings, interpretation)

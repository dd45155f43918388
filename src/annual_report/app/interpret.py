"""What ``annual-report interpret`` does: find the year's report and its earlier years, build
the :class:`~annual_report.output.interpret.Interpretation`, write it in each format."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..model.errors import UserError


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


def _workspace(options: InterpretOptions):
    from ..files.config import find_workspace, load_config

    if options.workspace is not None and not (Path(options.workspace) / "annual-report.toml").is_file():
        raise UserError(f"{options.workspace} 不是工作区（没有 annual-report.toml）")
    root = options.workspace or find_workspace()
    return load_config(root) if root else None


def resolve(options: InterpretOptions, config, readers):
    """The report to interpret and its history: ``--history`` years and files (parsed as
    ``check`` parses them), else, inside a workspace, the workspace's years before the report's
    — for a year of the workspace and for a report file alike."""
    from .check import history_file
    from ..readers import read_report
    from ..files.config import Config

    token = options.target.strip().removesuffix("年")
    if token.isdigit() and len(token) == 4 and not Path(options.target).exists():
        if config is None:
            raise UserError(f"“{options.target}”看起来是年度，但当前不在工作区中；请在工作区内运行，或给出报告文件路径")
        from .workspace import load_year

        report = load_year(config, int(token))
    else:
        report = read_report(Path(options.target), readers)
    if options.history:
        history = [read_report(history_file(Path(p), config or Config()), readers) for p in options.history]
    elif config is not None and report.year is not None:
        from .workspace import available_years, load_year

        history = [load_year(config, y) for y in available_years(config) if y < report.year]
    else:
        history = []
    return report, history


def _gate(report, config, plugin_dirs, force: bool) -> list[str]:
    """The figures of a report whose tables cannot be read, or do not add up, are not
    published as fact: no tables → exit 2; errors → named, and only with ``--force``."""
    from ..check.engine import make_checker
    from ..check.gate import gate, named

    if not report.tables:
        raise UserError(
            f"{Path(report.source.path).name or report.label} 中没有找到法定表格（表A、表B、表C），无法生成解读；"
            "请确认文件是否为年度报告，或先用 annual-report check 查看读取情况"
        )
    g = gate(make_checker(config, plugin_dirs), report)
    errors = list(g.reading_errors) + list(g.table_errors)
    if not errors:
        return []
    said = f"报告表格有 {len(errors)} 项错误：{named(errors)}"
    if not force:
        raise UserError(f"{said}。解读会把这些数字当作事实发布；请先改正（annual-report check 可列出全部问题），或加 --force 仍然生成")
    return [f"{said}；按 --force 仍然生成，解读中的数字未经核对"]


def run_interpret(options: InterpretOptions) -> InterpretResult:
    from ..plugins.manager import load_plugins
    from ..files.config import Config
    from ..output.formats import formats_of
    from ..output.interpret import file_stem, interpret

    config = _workspace(options)
    dirs = list(options.plugin_dirs)
    if config is not None and config.plugins_dir is not None:
        dirs.insert(0, config.plugins_dir)

    plugins = load_plugins(dirs, workspace=config.root if config else None, memory=(config or Config()).limits.memory_bytes)
    warnings = [f"插件“{f.plugin}”（{f.location}）未能加载：{f.error}" for f in plugins.failures]
    available = formats_of(plugins, "interpret")
    names = options.formats or list(available)
    unknown = [n for n in names if n not in available]
    if unknown:
        raise UserError(f"没有解读格式 {'、'.join(unknown)}；可用的格式：{'、'.join(available)}")
    report, history = resolve(options, config, plugins.readers)
    if report.year is None:
        raise UserError(f"无法确定 {report.source.path} 的报告年度，不能与往年对比")
    warnings += _gate(report, config or Config(), options.plugin_dirs, options.force)
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

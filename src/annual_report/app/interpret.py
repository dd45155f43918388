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
    """The report to interpret and its history."""
    from ..readers import read_report

    token = options.target.strip().removesuffix("年")
    history = [read_report(p, readers) for p in options.history]
    if token.isdigit() and len(token) == 4 and not Path(options.target).exists():
        if config is None:
            raise UserError(f"“{options.target}”看起来是年度，但当前不在工作区中；请在工作区内运行，或给出报告文件路径")
        from .workspace import available_years, load_year

        year = int(token)
        report = load_year(config, year)
        if not options.history:
            history = [load_year(config, y) for y in available_years(config) if y < year]
        return report, history
    return read_report(Path(options.target), readers), history


def run_interpret(options: InterpretOptions) -> InterpretResult:
    from ..plugins.manager import load_plugins
    from ..output.formats import formats_of
    from ..output.interpret import file_stem, interpret

    config = _workspace(options)
    dirs = list(options.plugin_dirs)
    if config is not None and config.plugins_dir is not None:
        dirs.insert(0, config.plugins_dir)
    from ..files.config import Config

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

"""What ``annual-report site`` does: read a folder of reports, leave out what must not go
public, group the rest by body, write the site in the chosen format."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..model.errors import UserError
from .session import open_session


@dataclass
class SiteOptions:
    inputs: list[Path]
    output: Path
    mapping: Path | None = None
    recursive: bool = False  # as check: a folder's subfolders only when asked
    jobs: int | None = None
    plugin_dirs: list[Path] = field(default_factory=list)
    format: str = "html"
    progress: object = None
    prefer: list[str] = field(default_factory=list)
    force: bool = False
    workspace: Path | None = None  # None: the workspace around the current folder, if any
    withheld_list: Path | None = None  # where to write the list of files left out (never inside the site)


def _check_output(inputs, output: Path) -> None:
    """The output folder is never an input folder, nor inside one (its pages would be read
    as reports next time, and a report could be replaced), nor a file given as input."""
    out = output.resolve()
    for p in inputs:
        src = Path(p).resolve()
        if src == out:
            raise UserError(f"输出文件夹 {output} 不能与报告文件夹相同；请另选一个文件夹")
        if src.is_dir() and src in out.parents:
            raise UserError(f"输出文件夹 {output} 不能放在报告文件夹 {p} 之中；请另选一个文件夹")
        if out in src.parents:
            raise UserError(f"报告 {p} 在输出文件夹 {output} 之中；生成网站会替换该文件夹，请另选一个输出文件夹")


def _check_list(path: Path, inputs, output: Path) -> None:
    """The list of files left out names internal files: it is never put where it would be
    published with the site (inside the output folder) or where it would replace an input."""
    target, out = path.resolve(), output.resolve()
    if target == out or out in target.parents:
        raise UserError(f"未发布文件清单 {path} 不能放在网站文件夹 {output} 之中（上传网站时会一并公开）；请放在网站文件夹以外")
    for p in inputs:
        src = Path(p).resolve()
        if target == src or src in target.parents:
            raise UserError(f"未发布文件清单 {path} 不能放在报告文件夹 {p} 之中或替换报告；请另选位置")
    if target.is_dir():
        raise UserError(f"未发布文件清单 {path} 是一个文件夹；请给出文件名，如 未发布文件清单.txt")


def build_site(options: SiteOptions):
    from ..check.inputs import BodyMapping
    from ..output.formats import formats_of
    from ..output.site import collect

    if not options.inputs:
        raise UserError("请给出报告所在的文件夹或文件")
    output = Path(options.output)
    _check_output(options.inputs, output)
    if options.withheld_list is not None:
        _check_list(Path(options.withheld_list), options.inputs, output)
    session = open_session(options.workspace, options.plugin_dirs)
    available = formats_of(session.plugins, "site")
    if options.format not in available:
        raise UserError(f"没有展示格式 {options.format}；可用的格式：{'、'.join(available)}")
    warnings = session.warnings
    collection = collect(
        options.inputs,
        config=session.config,
        mapping=BodyMapping.load(options.mapping),
        recursive=options.recursive,
        jobs=options.jobs,
        plugin_dirs=options.plugin_dirs,
        exclude=output,
        progress=options.progress,
        checker=session.checker,
        prefer=options.prefer,
        force=options.force,
    )
    available[options.format].write(collection, output)
    if options.withheld_list is not None:
        from ..files.writing import write_atomic
        from ..output.site.pages import withheld_text

        write_atomic(Path(options.withheld_list), withheld_text(collection).encode("utf-8"), record=False)
    return collection, warnings

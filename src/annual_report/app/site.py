"""What ``annual-report site`` does: read a folder of reports, group them by body, write the
site in the chosen format."""

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
    recursive: bool = True
    jobs: int | None = None
    plugin_dirs: list[Path] = field(default_factory=list)
    format: str = "html"
    progress: object = None
    workspace: Path | None = None  # None: the workspace around the current folder, if any


def build_site(options: SiteOptions):
    from ..check.inputs import BodyMapping
    from ..output.formats import formats_of
    from ..output.site import collect

    if not options.inputs:
        raise UserError("请给出报告所在的文件夹或文件")
    output = Path(options.output)
    for p in options.inputs:
        if Path(p).resolve() == output.resolve():
            raise UserError(f"输出文件夹 {output} 不能与报告文件夹相同")
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
    )
    available[options.format].write(collection, output)
    return collection, warnings

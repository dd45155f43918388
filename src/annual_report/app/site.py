"""What ``annual-report site`` does: read a folder of reports, group them by body, write the
site in the chosen format."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..model.errors import UserError


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


def build_site(options: SiteOptions):
    from ..check.inputs import BodyMapping
    from ..plugins.manager import load_plugins
    from ..files.config import Config
    from ..output.formats import formats_of
    from ..output.site import collect

    if not options.inputs:
        raise UserError("请给出报告所在的文件夹或文件")
    output = Path(options.output)
    for p in options.inputs:
        if Path(p).resolve() == output.resolve():
            raise UserError(f"输出文件夹 {output} 不能与报告文件夹相同")
    plugins = load_plugins(options.plugin_dirs)
    available = formats_of(plugins, "site")
    if options.format not in available:
        raise UserError(f"没有展示格式 {options.format}；可用的格式：{'、'.join(available)}")
    warnings = [f"插件“{f.plugin}”（{f.location}）未能加载：{f.error}" for f in plugins.failures]
    collection = collect(
        options.inputs,
        config=Config(),
        mapping=BodyMapping.load(options.mapping),
        recursive=options.recursive,
        jobs=options.jobs,
        plugin_dirs=options.plugin_dirs,
        exclude=output,
        progress=options.progress,
    )
    available[options.format].write(collection, output)
    return collection, warnings

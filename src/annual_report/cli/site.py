"""``site``: a static site showing many bodies' reports together (集中展示)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from .chinese import ChineseCommand
from .options import format_option, workspace_option


def site(
    inputs: List[Path] = typer.Argument(..., metavar="报告或文件夹", help="报告所在的文件夹或报告文件（.docx、.json 等 check 能读取的格式）"),
    output: Path = typer.Option(..., "--output", "-o", metavar="文件夹", help="网站输出文件夹（新建，或本命令以前生成的网站；不能在报告文件夹之中）"),
    mapping: Optional[Path] = typer.Option(None, "--mapping", metavar="文件", help="机关对照文件（.toml），与批量检查相同：指定文件所属机关或机关别名"),
    recursive: bool = typer.Option(False, "--recursive/--no-recursive", "-r", help="是否包括子文件夹（默认不包括，与 check 相同）"),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, metavar="数字", help="并行读取的进程数（默认：CPU 核数）"),
    plugins_dir: List[Path] = typer.Option([], "--plugins-dir", metavar="文件夹", help="另外加载此文件夹中的插件（读取器、展示格式），可重复"),
    fmt: str = format_option("html", "展示格式（默认 html；插件可以提供其他格式）"),
    prefer: List[str] = typer.Option([], "--prefer", metavar="文件", help="同一机关同一年度有多个文件时采用此文件（文件名或通配符，可重复）"),
    force: bool = typer.Option(False, "--force", help="表格数据有错误的报告也发布（默认不发布，在终端列出）"),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress", help="显示进度条（默认：在终端中显示）"),
    withheld_list: Optional[Path] = typer.Option(None, "--withheld-list", metavar="文件", help="把未发布的文件及原因写入此文件（供发布人核对；不能放在网站文件夹中）"),
    workspace: Optional[Path] = workspace_option("工作区文件夹：使用其配置和本地插件（默认：从当前文件夹向上查找）"),
) -> None:
    """生成集中展示网站：按年度和机关的目录、每份报告一页（六个部分和法定表格）、每个机关的历年对比、离线搜索。

    只发布能读取、确为年度报告且读取无错误的文件；表格数据有错误的报告需加 --force 才发布；
    同一机关同一年度的多个文件只采用一个。未发布的文件及原因列在终端；需要留存时用 --withheld-list 写入网站文件夹以外的文件。"""
    from ..output.progress import progress_bar
    from ..app.site import SiteOptions, build_site

    show = progress if progress is not None else sys.stderr.isatty()
    bar, update = progress_bar(show)
    options = SiteOptions(list(inputs), output, mapping, recursive, jobs, list(plugins_dir), fmt, update, list(prefer), force, workspace, withheld_list)
    if bar is not None:
        with bar:
            collection, warnings = build_site(options)
    else:
        collection, warnings = build_site(options)
    for warning in warnings:
        typer.echo(f"注意：{warning}", err=True)
    for d in collection.duplicates:
        typer.echo(f"重复：{d.message()}", err=True)
    for note in collection.notes:
        typer.echo(f"说明：{note}", err=True)
    for w in collection.withheld:
        if w.kind != "duplicate":
            typer.echo(f"未发布 {w.path.as_posix()}：{w.reason}", err=True)
    for r in collection.reports:
        if r.warning:
            typer.echo(f"注意：{r.path.name} {r.warning}", err=True)
    typer.echo(
        f"已生成展示网站 {output / 'index.html'}（{len(collection.bodies)} 个机关、{len(collection.reports)} 份报告；"
        f"{len(collection.withheld)} 个文件未发布"
        + (f"，清单见 {withheld_list}）" if withheld_list else "，原因见上）" if collection.withheld else "）")
    )


EXAMPLES = """
annual-report site 报送材料/ -o 展示/                  # 一个文件夹中各机关、各年度的报告
annual-report site 报送材料/ -o 展示/ --recursive      # 包括子文件夹
annual-report site 报送材料/ -o 展示/ --prefer "*终稿*" --mapping 对照.toml
"""


def register(app: typer.Typer) -> None:
    app.command("site", cls=ChineseCommand, epilog=EXAMPLES)(site)

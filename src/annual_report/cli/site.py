"""``site``: a static site showing many bodies' reports together (集中展示)."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .chinese import ChineseCommand


def site(
    inputs: List[Path] = typer.Argument(..., metavar="报告或文件夹", help="报告所在的文件夹或报告文件（.docx、.json 等 check 能读取的格式）"),
    output: Path = typer.Option(..., "--output", "-o", metavar="文件夹", help="网站输出文件夹（新建，或本命令以前生成的网站）"),
    mapping: Optional[Path] = typer.Option(None, "--mapping", metavar="文件", help="机关对照文件（.toml），与批量检查相同：指定文件所属机关或机关别名"),
    recursive: bool = typer.Option(True, "--recursive/--no-recursive", help="是否包括子文件夹（默认包括）"),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, metavar="数字", help="并行读取的进程数（默认：CPU 核数）"),
    plugins_dir: List[Path] = typer.Option([], "--plugins-dir", metavar="文件夹", help="另外加载此文件夹中的插件（读取器、展示格式），可重复"),
    fmt: str = typer.Option("html", "--format", "-f", metavar="格式", help="展示格式（默认 html；插件可以提供其他格式）"),
) -> None:
    """生成集中展示网站：按年度和机关的目录、每份报告一页（六个部分和法定表格）、每个机关的历年对比、离线搜索。"""
    from ..app.site import SiteOptions, build_site

    collection, warnings = build_site(SiteOptions(list(inputs), output, mapping, recursive, jobs, list(plugins_dir), fmt))
    for warning in warnings:
        typer.echo(f"注意：{warning}", err=True)
    for r in collection.unreadable:
        typer.echo(f"未能读取 {r.path}：{r.error}", err=True)
    for r in collection.reports:
        if r.problem:
            typer.echo(f"表格未能读取 {r.path}：{r.problem}", err=True)
    typer.echo(f"已生成展示网站 {output / 'index.html'}（{len(collection.bodies)} 个机关、{len(collection.reports)} 份报告，{len(collection.unreadable)} 个文件未能读取）")


EXAMPLES = """
annual-report site 报送材料/ -o 展示/                  # 一个文件夹中各机关、各年度的报告
annual-report site 报送材料/ -o 展示/ --mapping 对照.toml
"""


def register(app: typer.Typer) -> None:
    app.command("site", cls=ChineseCommand, epilog=EXAMPLES)(site)

"""``interpret``: the 年报解读 of one year's report."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .options import format_option, workspace_option


def interpret(
    target: str = typer.Argument(..., metavar="报告", help="报告：工作区中的年度（如 2024），或报告文件（.docx、.json 等 check 能读取的格式）"),
    history: List[Path] = typer.Option([], "--history", "-H", metavar="往年报告", help="往年报告，可给多个，年度或文件：--history 2023 2022 或 --history 2023.docx 2022.docx（默认：工作区中的往年数据）"),
    workspace: Optional[Path] = workspace_option(),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="文件夹", help="输出文件夹（默认：工作区的 out/，不在工作区时为当前文件夹）"),
    formats: List[str] = format_option([], "输出格式，可重复：docx、html，或插件提供的格式（默认：全部）"),
    plugins_dir: List[Path] = typer.Option([], "--plugins-dir", metavar="文件夹", help="另外加载此文件夹中的插件（.py），可重复"),
    force: bool = typer.Option(False, "--force", help="报告表格有错误时仍然生成解读（数字未经核对）；输出文件已存在时仍然重写"),
) -> None:
    """生成年报解读：本年主要数据与往年对比、公开率和纠错率、比上年增减、图表（.docx 和单个 HTML 文件）。

    解读把报告的数字作为事实发布：报告没有法定表格时不生成（退出码 2）；表格有错误级问题时列出问题并停止，加 --force 才生成。"""
    from ..app.interpret import InterpretOptions, run_interpret

    result = run_interpret(InterpretOptions(target, list(history), workspace, output, list(formats), list(plugins_dir), force))
    for warning in result.warnings:
        typer.echo(f"注意：{warning}", err=True)
    for note in result.interpretation.notes:
        typer.echo(f"说明：{note}", err=True)
    for path in result.written:
        typer.echo(f"已生成 {path}")


EXAMPLES = """
annual-report interpret 2024                       # 工作区中 2024 年的报告，对照工作区的往年数据
annual-report interpret 2024年报.docx --history 2023年报.docx 2022年报.docx -o 解读/
annual-report interpret 2024 -f html               # 只生成 HTML 解读
annual-report interpret 2024年报.docx --history 2023 2022   # 工作区中：往年用工作区的年度数据
"""


def register(app: typer.Typer) -> None:
    from .check import CheckCommand  # one --history takes several files, as in check

    app.command("interpret", cls=CheckCommand, epilog=EXAMPLES)(interpret)

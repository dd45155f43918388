"""``extract``: turn a published or draft .docx report into workspace data."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .chinese import ChineseCommand


def extract(
    draft: Path = typer.Argument(..., metavar="报告", help="要提取的报告（.docx、网页 .html、PDF）或统计工作簿（.xlsx）"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="文件", help="写出的数据文件（默认：<年度>.json，放在当前文件夹）"),
    level: Optional[str] = typer.Option(None, "--level", metavar="层级", help="机关层级（报告中没有，需指定，如“乡镇/街道”）"),
    force: bool = typer.Option(False, "--force", help="有问题或目标文件已存在时仍然写出（文件名的年度与报告不符时不写出）"),
) -> None:
    """把报告（.docx、网页、PDF）或统计工作簿（.xlsx）的表格和文字提取为工作区数据文件（JSON）。"""
    import json

    from ..model.errors import UserError
    from ..model.report import parse_year
    from ..files.writing import guard_outputs, write_atomic
    from ..app.extract import extract_data

    data, problems, notes = extract_data(draft, level)
    for note in notes:
        typer.echo(note, err=True)
    target = output or Path(f"{data['year'] or '年份不明'}.json")
    named = parse_year(target.stem)
    if named is not None and data["year"] and named != data["year"]:
        # never written, even with --force: the workspace finds a year's data by the file's name
        # and refuses a file holding another year, so such a file could be neither checked nor built
        right = target.with_name(f"{data['year']}{target.suffix}")
        raise UserError(
            f"{draft} 是 {data['year']} 年度的报告，却要写入 {target}（{named} 年度的数据文件）；未写出。"
            f"工作区按文件名找各年度的数据，文件名与其中的年度不符的数据文件各命令都不会使用。"
            f"请改为 -o {right.as_posix()}；如报告年度读错了，请写出后改正其中的 year 再改名"
        )
    if problems:
        typer.echo(f"{draft} 提取时发现 {len(problems)} 个问题：", err=True)
        for p in problems:
            typer.echo(f"  - {p}", err=True)
        if not force:
            typer.echo("未写出数据文件；请核对原稿，或加 --force 仍然写出（缺项在数据文件中记为 null）", err=True)
            raise typer.Exit(1)
    if target.exists() and not force:
        raise UserError(f"{target} 已存在，不会覆盖；加 --force 覆盖，或用 --output 指定其他文件")
    guard_outputs({"--output": target}, [draft], force=True)  # --force never replaces the draft itself
    write_atomic(target, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    typer.echo(f"已写出 {target}")


EXAMPLES = """
annual-report extract 2022年报.docx -o data/2022.json --level 乡镇/街道
annual-report extract 2021年报.docx --force      # 有问题时仍然写出（缺项记为 null）
annual-report extract 2024年年报统计表.xlsx -o data/2024.json   # 填好的统计工作簿
annual-report extract 2020年报.html -o data/2020.json --level 县级部门   # 网站上发布的网页
"""


def register(app: typer.Typer) -> None:
    app.command("extract", cls=ChineseCommand, epilog=EXAMPLES)(extract)

"""``workbook``: the statistics workbook an officer fills in Excel or WPS 表格."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .chinese import ChineseCommand


def workbook(
    year: str = typer.Argument(..., metavar="年度", help="报告年度，如 2024"),
    workspace: Optional[Path] = typer.Option(None, "--workspace", "-w", help="工作区文件夹（默认：从当前文件夹向上查找 annual-report.toml）"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="写出的工作簿（默认：工作区中的 <年度>年年报统计表.xlsx）"),
    text: Optional[Path] = typer.Option(None, "--text", help="从 .docx 报告或带“一、…六、”标题的纯文本文件取出文字部分，填入“文字部分”工作表"),
    force: bool = typer.Option(False, "--force", help="目标文件已存在时覆盖"),
) -> None:
    """生成按法定表格排好的统计工作簿（.xlsx）：在电子表格软件（WPS 表格等）中填写，再用 extract 读回数据文件。"""
    from ..writer.workbook import narrative_from_file, write_workbook
    from ..model.errors import UserError
    from ..readers.jsondata import read_json
    from ..app.workspace import open_workspace
    from .workspace import _year

    y = _year(year)
    config = open_workspace(workspace)
    data_path, previous_path = config.data_file(y), config.data_file(y - 1)
    data = read_json(data_path) if data_path.exists() else None
    previous = read_json(previous_path) if previous_path.exists() else None
    for name, item in ((data_path, data), (previous_path, previous)):
        if item is not None and not isinstance(item, dict):
            raise UserError(f"{name} 不是年度数据文件（应为 JSON 对象）")
    body = dict((data or {}).get("body") or {})
    body.setdefault("name", config.body_name)
    body.setdefault("level", config.body_level)
    body.setdefault("region", config.body_region)
    narrative = narrative_from_file(text) if text else None
    target = output or (config.root / f"{y}年年报统计表.xlsx")
    from ..files.writing import guard_outputs

    # never the data files or the text it reads; a file it did not write only with --force
    inputs = [p for p in (data_path, previous_path, text) if p is not None] + sorted(config.data_dir.glob("*.json"))
    guard_outputs({"--output": target}, inputs, force=force)
    filled = write_workbook(target, year=y, body=body, data=data, previous=previous, narrative=narrative)
    typer.echo(f"已写出 {target}")
    if filled["data"]:
        typer.echo(f"  已预填 {data_path.name} 中的数据")
    if filled["carried"]:
        typer.echo(f"  已按 {previous_path.name} 预填上年结转申请数和现行有效件数")
    typer.echo(f"  填好后运行：annual-report extract {target.name} -o data/{y}.json")


EXAMPLES = """
annual-report workbook 2024                      # 写出 2024年年报统计表.xlsx，预填上年结转
annual-report workbook 2024 -o 统计表.xlsx --text 2024年报初稿.docx
annual-report extract 2024年年报统计表.xlsx -o data/2024.json
"""


def register(app: typer.Typer) -> None:
    app.command("workbook", cls=ChineseCommand, epilog=EXAMPLES)(workbook)

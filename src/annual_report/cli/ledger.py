"""``ledger`` (the register template) and ``tally`` (tables B and C counted from the register)."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .chinese import ChineseCommand


def _config(workspace: Optional[Path]):
    from ..files.config import find_workspace, load_config

    root = Path(workspace) if workspace else find_workspace()
    if workspace and not (Path(workspace) / "annual-report.toml").is_file():
        from ..model.errors import UserError

        raise UserError(f"{workspace} 不是工作区（没有 annual-report.toml）")
    return load_config(root)


def ledger(
    year: str = typer.Argument(..., metavar="年度", help="台账年度，如 2024"),
    workspace: Optional[Path] = typer.Option(None, "--workspace", "-w", metavar="文件夹", help="工作区文件夹（默认：从当前文件夹向上查找）"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="文件", help="写出的台账模板（默认：工作区 ledger/<年度>年依申请公开登记台账.xlsx）"),
    force: bool = typer.Option(False, "--force", help="目标文件已存在且不是本工具写出的（或已填写过），仍然覆盖"),
) -> None:
    """生成依申请公开登记台账模板（.xlsx）：一件申请一行，下拉选择申请人类型和办理结果，日期有校验，表头有填写说明；工作区已有台账时，把上年年底尚未办结的申请带入新台账。"""
    from ..model.errors import UserError
    from ..app.ledger import write_template
    from .workspace import _year

    y = _year(year)
    config = _config(workspace)
    if config.root is None and output is None:
        raise UserError("当前不在工作区中：请用 --output 指定台账文件名，或在工作区中运行")
    target, carried = write_template(config, y, output, force)
    typer.echo(f"已写出台账模板：{target}")
    if carried:
        typer.echo(f"  已带入 {carried} 件上年年底尚未办结的申请")
    typer.echo(f"  全年登记后运行：annual-report tally {y}")


def tally(
    year: str = typer.Argument(..., metavar="年度", help="统计年度，如 2024"),
    ledger_files: List[Path] = typer.Option([], "--ledger", "-l", metavar="台账", help="台账文件（.xlsx、.csv）或文件夹，可重复；默认：工作区 ledger/ 中的全部台账"),
    workspace: Optional[Path] = typer.Option(None, "--workspace", "-w", metavar="文件夹", help="工作区文件夹（默认：从当前文件夹向上查找）"),
    write: bool = typer.Option(False, "--write", help="把统计结果写入工作区该年度数据的表三、表四（只填空白格；已填数字不同时不写，除非加 --force）"),
    explain: Optional[Path] = typer.Option(None, "--explain", "-x", metavar="文件", help="写出统计明细（.xlsx）：每个格子由台账哪几行统计而来、逾期答复、未计入的行"),
    force: bool = typer.Option(False, "--force", help="覆盖年度数据中已填写的不同数字；覆盖已存在的明细文件"),
) -> None:
    """按依申请公开登记台账统计表三（收到和处理政府信息公开申请情况）和表四（行政复议、行政诉讼情况），并按工作日核对答复期限。

    退出码：0 完成；1 有逾期答复，或已填数字与台账不同而未写入；2 台账无法使用。
    """
    from ..output.neutral import plain
    from ..app.ledger import run_tally
    from .workspace import _year

    y = _year(year)
    config = _config(workspace)
    result = run_tally(config, y, list(ledger_files), write=write, force=force, explain=explain)
    from ..ledger.report import documents_text, tally_text

    code = 0
    if result.tally is not None:
        typer.echo(plain(tally_text(result.tally, result.edition)))
        code = 1 if result.tally.late else 0
    if result.documents is not None:
        typer.echo(plain(documents_text(result.documents)))
    if result.published is not None:
        p = result.published
        typer.echo(plain(f"\n主动公开（{y}年，据网站发布清单 {p.source}）：共 {len(p.total)} 条"))
        for name, refs in sorted(p.by_column.items(), key=lambda kv: -len(kv[1])):
            typer.echo(plain(f"  {name}：{len(refs)} 条"))
    if result.conflicts:
        label = "已按 --force 覆盖" if force else "与台账统计不同，未写入（核对后可加 --force 覆盖）"
        typer.echo(f"\n年度数据中已填写的数字{label}：", err=True)
        for line in result.conflicts:
            typer.echo(f"  {line}", err=True)
        if not force:
            code = 1
    if result.written:
        typer.echo(f"\n已写入 {result.written}")
    elif write and not result.conflicts:
        typer.echo(f"\n年度数据中的表三、表四已与台账一致，未改动")
    if result.explained:
        typer.echo(f"已写出统计明细：{result.explained}")
    raise typer.Exit(code)


LEDGER_EXAMPLES = """
annual-report ledger 2024                     # 工作区 ledger/2024年依申请公开登记台账.xlsx
annual-report ledger 2024 -o 台账.xlsx
"""

TALLY_EXAMPLES = """
annual-report tally 2023                      # 按工作区 ledger/ 中的台账统计，显示结果
annual-report tally 2023 --write              # 写入 data/2023.json 的表三、表四（只填空白格）
annual-report tally 2023 -x 统计明细.xlsx      # 每个数字由哪几行台账统计而来
annual-report tally 2023 --ledger 平台导出.csv
"""


def register(app: typer.Typer) -> None:
    app.command("ledger", cls=ChineseCommand, epilog=LEDGER_EXAMPLES)(ledger)
    app.command("tally", cls=ChineseCommand, epilog=TALLY_EXAMPLES)(tally)

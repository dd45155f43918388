"""``dismiss`` and ``accept``: a reviewer's decision on one finding recorded in a baseline file."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .chinese import ChineseCommand

DEFAULT_BASELINE = "基线.json"


def _baseline_path(baseline: Optional[Path]) -> Path:
    if baseline is not None:
        return baseline
    if Path(DEFAULT_BASELINE).is_file():
        return Path(DEFAULT_BASELINE)
    from ..model.errors import UserError

    raise UserError(f"当前文件夹中没有 {DEFAULT_BASELINE}：请用 --baseline 指定基线文件（由 check … --write-baseline 建立）")


def _decide(fingerprint: str, state: str, reason: str, baseline: Optional[Path]) -> None:
    from ..check.baseline import decide

    path = _baseline_path(baseline)
    entry = decide(path, fingerprint, state, reason)
    why = f"，理由：{entry.reason}" if entry.reason else ""
    typer.echo(f"{entry.fingerprint} {entry.code} {entry.body} {entry.year or ''}年 {entry.message}")
    typer.echo(f"已标记为“{entry.state}”{why}（{path}）")


def dismiss(
    fingerprint: str = typer.Argument(..., metavar="指纹", help="问题的指纹：检查结果每条问题末尾的“指纹”（也见于批注、网页和汇总表），或完整指纹"),
    reason: str = typer.Option(..., "--reason", metavar="理由", help="忽略的理由，如“该件为依申请转主动公开，已与县政务公开办核实”"),
    baseline: Optional[Path] = typer.Option(None, "--baseline", "-b", metavar="文件", help=f"基线文件（默认：当前文件夹中的 {DEFAULT_BASELINE}）"),
) -> None:
    """忽略一条已记录在基线中的问题，并写明理由；以后用 --baseline 检查时不再列出，汇总表中显示“已忽略”和理由。"""
    from ..check.baseline import DISMISSED

    _decide(fingerprint, DISMISSED, reason, baseline)


def accept(
    fingerprint: str = typer.Argument(..., metavar="指纹", help="问题的指纹：检查结果每条问题末尾的“指纹”，或完整指纹"),
    reason: str = typer.Option("", "--reason", metavar="说明", help="说明（可选），如“已通知镇政府修改”"),
    baseline: Optional[Path] = typer.Option(None, "--baseline", "-b", metavar="文件", help=f"基线文件（默认：当前文件夹中的 {DEFAULT_BASELINE}）"),
) -> None:
    """把基线中的一条问题标记为“已核实”（例如撤销误点的忽略），可附说明。"""
    from ..check.baseline import ACCEPTED

    _decide(fingerprint, ACCEPTED, reason, baseline)


DISMISS_EXAMPLES = """
annual-report check 初稿.docx --write-baseline 基线.json      # 先记录本轮的全部问题
annual-report dismiss 3f2a9c1e --reason "该件为依申请转主动公开，已与县政务公开办核实"   # 指纹照检查结果抄
annual-report check 二稿.docx --baseline 基线.json            # 只列出新问题，开头说明已记录的还剩几条
"""
ACCEPT_EXAMPLES = """
annual-report accept 3f2a9c1e                                   # 撤销误点的忽略
annual-report accept 3f2a9c1e --reason "已通知镇政府修改" -b 基线.json
"""


def register(app: typer.Typer) -> None:
    app.command("dismiss", cls=ChineseCommand, epilog=DISMISS_EXAMPLES)(dismiss)
    app.command("accept", cls=ChineseCommand, epilog=ACCEPT_EXAMPLES)(accept)

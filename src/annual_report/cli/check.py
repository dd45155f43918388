"""``check``, ``rules`` and ``plugins``."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .chinese import ChineseCommand
from .options import format_option, workspace_option

HISTORY_OPTIONS = ("--history", "-H")


def spread_history(args: list[str]) -> list[str]:
    """Let one ``--history`` take several files: the arguments after its value, up to the next
    option, are history files too (``--history a.json b.json`` = ``--history a.json --history
    b.json``).  The report to check therefore comes before ``--history``."""
    out: list[str] = []
    state = None  # None | "value" (the option's own value comes next) | "more" (further files)
    for i, arg in enumerate(args):
        if arg == "--":
            out += args[i:]
            break
        if state == "value":
            out.append(arg)
            state = "more"
            continue
        if state == "more" and not arg.startswith("-"):
            out += ["--history", arg]
            continue
        state = None
        out.append(arg)
        if arg in HISTORY_OPTIONS:
            state = "value"
        elif arg.startswith("--history=") or (arg.startswith("-H") and len(arg) > 2):
            state = "more"
    return out


class CheckCommand(ChineseCommand):
    """``check`` with :func:`spread_history` applied before click parses the arguments."""

    def parse_args(self, ctx, args):
        return super().parse_args(ctx, spread_history(list(args)))


def check(
    inputs: List[str] = typer.Argument(None, metavar="报告", help="要检查的报告：工作区中的年度（如 2023）、.json 数据文件、.docx 报告、网页（.html）、PDF、统计工作簿（.xlsx），或文件夹"),
    history: List[Path] = typer.Option([], "--history", "-H", metavar="往年报告", help="往年报告（.docx 或 .json 文件，或工作区中的年度如 2022），可给多个：--history 2022.docx 2021.docx（要检查的报告写在 --history 之前），或重复 --history；在工作区中不给时自动对照工作区的往年数据"),
    workspace: Optional[Path] = workspace_option(),
    fmt: str = format_option("text", "输出格式：text、json、sarif"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="文件", help="把结果写入文件（默认输出到屏幕）"),
    annotate: Optional[Path] = typer.Option(None, "--annotate", metavar="文件", help="写出带批注的草稿副本（.docx），每个问题一条批注；原稿不变"),
    plugins_dir: List[Path] = typer.Option([], "--plugins-dir", metavar="文件夹", help="另外加载此文件夹中的本地规则（.py），可重复"),
    no_color: bool = typer.Option(False, "--no-color", help="不使用颜色"),
    recursive: bool = typer.Option(False, "--recursive", "-r", help="检查文件夹时包括子文件夹"),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, metavar="数字", help="批量检查时的并行进程数，不小于 1（默认：CPU 核数）"),
    summary: Optional[Path] = typer.Option(None, "--summary", metavar="文件", help="批量检查：写出汇总表（.xlsx）"),
    html: Optional[Path] = typer.Option(None, "--html", metavar="文件", help="批量检查：写出汇总网页（.html，离线可看）"),
    mapping: Optional[Path] = typer.Option(None, "--mapping", metavar="文件", help="批量检查：机关对照文件（.toml），指定文件所属机关或机关别名"),
    reports_dir: Optional[Path] = typer.Option(None, "--reports-dir", metavar="文件夹", help="批量检查：每份报告的结果单独写入此文件夹（json 或 sarif）"),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress", help="显示进度条（默认：在终端中显示）"),
    force: bool = typer.Option(False, "--force", help="输出文件已存在且不是本工具写出的，仍然覆盖（输入文件本身永远不会被覆盖）"),
    baseline: Optional[Path] = typer.Option(None, "--baseline", metavar="文件", help="基线文件：只列出不在其中的新问题，并说明有几条未列出（汇总表中列出全部问题及其状态）"),
    write_baseline: Optional[Path] = typer.Option(None, "--write-baseline", metavar="文件", help="把本次的全部问题记入基线文件（已有的忽略决定和理由保留）"),
    ledger: List[Path] = typer.Option([], "--ledger", "-l", metavar="台账", help="依申请公开登记台账（.xlsx、.csv）或其文件夹，可重复：按台账统计表三、表四并与报告比较，核对答复期限；在工作区中不给时自动使用 ledger/ 文件夹中的台账"),
    strict: bool = typer.Option(False, "--strict", help="与 --baseline 同用：基线中已记录、未忽略的错误也计入退出码（发布前的最后检查）"),
    prefer: List[str] = typer.Option([], "--prefer", metavar="文件", help="批量检查：同一机关同一年度有多个文件时，以此文件作往年对比（文件名或通配符，可重复；默认：文件名含终稿/定稿的，其次是读取无错误的，再次是修改时间最新的）"),
    level: str = typer.Option("", "--level", metavar="层级", help="机关层级（如 乡镇/街道、县级部门），用于与层级有关的检查；默认按报告标题和机关名称推断"),
) -> None:
    """检查报告：表格勾稽、跨年度衔接、引用文件、表述重复、文字与表格一致、工作要点落实。

    退出码：0 无错误；1 有错误级问题（用 --baseline 时只算新问题，加 --strict 时已记录未忽略的错误也算）；2 输入无法使用或用法错误。
    """
    from ..app.check import CheckOptions
    from ..app.check import check as run

    options = CheckOptions(
        inputs=list(inputs or []),
        history=list(history),
        workspace=workspace,
        format=fmt,
        output=output,
        annotate=annotate,
        plugin_dirs=list(plugins_dir),
        colour=False if no_color else None,
        recursive=recursive,
        jobs=jobs,
        summary=summary,
        html=html,
        mapping=mapping,
        reports_dir=reports_dir,
        progress=progress,
        force=force,
        baseline=baseline,
        write_baseline=write_baseline,
        level=level,
        ledger=list(ledger),
        strict=strict,
        prefer=list(prefer),
    )
    raise typer.Exit(run(options))


def rules(
    code: Optional[str] = typer.Argument(None, metavar="规则编号", help="规则编号，如 AR101：显示这条规则的详细说明"),
    fmt: str = format_option("text", "输出格式：text、json"),
    workspace: Optional[Path] = workspace_option("工作区（包括其本地规则）"),
) -> None:
    """列出全部检查规则；给出编号时显示该规则的说明。"""
    _text_or_json(fmt)
    from ..app.rules import show_rules

    raise typer.Exit(show_rules(code, fmt, workspace))


def plugins(
    fmt: str = format_option("text", "输出格式：text、json"),
    workspace: Optional[Path] = workspace_option("工作区（包括其 plugins/ 文件夹）"),
    plugins_dir: List[Path] = typer.Option([], "--plugins-dir", metavar="文件夹", help="另外加载此文件夹中的本地规则"),
) -> None:
    """列出已加载的插件：来源、位置、所带规则，以及加载失败的插件和原因。"""
    _text_or_json(fmt)
    from ..app.plugins import show_plugins

    raise typer.Exit(show_plugins(fmt, workspace, plugins_dir))


def _text_or_json(fmt: str) -> None:
    if fmt not in ("text", "json"):
        from ..model.errors import UserError

        raise UserError(f"--format 应为 text 或 json，实际为 {fmt}")


CHECK_EXAMPLES = """
annual-report check 2023                      # 工作区中的 2023 年度数据，对照往年
annual-report check 初稿.docx                  # 在工作区中：自动对照工作区的往年数据
annual-report check 初稿.docx --history 2022   # 只对照工作区的 2022 年度数据
annual-report check 初稿.docx --history 2022年报.docx 2021年报.docx
annual-report check 初稿.docx --annotate 初稿-审核意见.docx
annual-report check 报送材料/ -r -j 2 --summary 审核汇总.xlsx --html 审核汇总.html
annual-report check 2023 -f sarif -o 检查结果.sarif
annual-report check 二稿.docx --baseline 基线.json            # 只列新问题，开头说明已记录的还剩几条、改正了哪些
annual-report check 定稿.docx --baseline 基线.json --strict   # 发布前：已记录未忽略的错误也算
"""

RULES_EXAMPLES = """
annual-report rules                # 全部规则
annual-report rules AR201          # 一条规则的说明
annual-report rules -f json -w 桃岭乡
"""

PLUGINS_EXAMPLES = """
annual-report plugins
annual-report plugins --plugins-dir 县级规则/ -f json
"""


def register(app: typer.Typer) -> None:
    app.command("check", cls=CheckCommand, epilog=CHECK_EXAMPLES)(check)
    app.command("rules", cls=ChineseCommand, epilog=RULES_EXAMPLES)(rules)
    app.command("plugins", cls=ChineseCommand, epilog=PLUGINS_EXAMPLES)(plugins)

"""``init``, ``build`` and ``schema``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from .chinese import ChineseCommand

WorkspaceOption = typer.Option(None, "--workspace", "-w", metavar="文件夹", help="工作区文件夹（默认：从当前文件夹向上查找 annual-report.toml）")


def init(
    path: Path = typer.Argument(Path("annual-report-workspace"), metavar="文件夹", help="要创建的工作区文件夹"),
    name: Optional[str] = typer.Option(None, "--name", metavar="机关名称", help="机关全称，如“桃岭乡人民政府”"),
    level: Optional[str] = typer.Option(None, "--level", metavar="层级", help="机关层级，如“乡镇/街道”“县级部门”"),
    region: Optional[str] = typer.Option(None, "--region", metavar="地区", help="所在地区"),
) -> None:
    """创建工作区，内含一个虚构乡镇连续三年（2021—2023）的示例数据。"""
    from ..app.workspace import init_workspace

    root = init_workspace(path, name=name, level=level, region=region)
    typer.echo(f"已创建工作区 {root}")
    typer.echo("  annual-report.toml  机关信息、输出文件名、检查规则设置")
    typer.echo("  data/2021.json …    各年度数据：虚构乡镇的示例数字和文字，请按本机关实际情况修改")
    typer.echo("  plugins/            本地检查规则（.py）")
    typer.echo("  templates/          自定义报告模板（可选）")
    typer.echo("  reference/ workplans/  本地文件目录、年度政务公开工作要点")
    typer.echo("  out/                生成的报告")
    typer.echo(f"下一步：cd {root} && annual-report build 2023")


def _year(text: str) -> int:
    from ..model.errors import UserError

    text = text.strip().removesuffix("年")
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise UserError(f"年度应为四位数字，如 2023，实际为“{text}”")
    return int(text)


def build(
    year: str = typer.Argument(..., metavar="年度", help="报告年度，如 2023"),
    workspace: Optional[Path] = WorkspaceOption,
    force: bool = typer.Option(False, "--force", help="检查有错误或输出文件被改动过时仍然生成"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="文件", help="输出文件（默认按配置写到 out/ 下）"),
    pdf: bool = typer.Option(False, "--pdf", help="同时用 LibreOffice 导出 PDF"),
) -> None:
    """按法定格式生成某一年度的报告（.docx）。生成前先校验数据并运行全部检查。"""
    from ..model.findings import Severity, count_by_severity
    from ..output.text import count_line, render_report_findings
    from ..app.workspace import BuildBlocked, convert_to_pdf, open_workspace
    from ..app.workspace import build as do_build

    year_number = _year(year)
    config = open_workspace(workspace)
    try:
        result = do_build(config, year_number, force=force, output=output)
    except BuildBlocked as blocked:
        blocking = [f for f in blocked.findings if f.severity is Severity.ERROR]
        if blocking:
            typer.echo(render_report_findings(f"{year_number}年度数据检查未通过，未生成报告：", blocked.findings), err=True)
            typer.echo(count_line(blocked.findings), err=True)
        if blocked.missing:
            typer.echo(f"{year_number}年度数据有 {len(blocked.missing)} 个单元格未填写，正式报告不应留空，未生成报告：", err=True)
            typer.echo("\n".join(f"  - {m}" for m in blocked.missing), err=True)
        typer.echo("请修改数据后重试；确需生成请加 --force", err=True)
        raise typer.Exit(1)
    if result.forced:
        typer.echo("注意：检查未通过，已按 --force 仍然生成。", err=True)
        if any(f.severity is Severity.ERROR for f in result.findings):
            typer.echo(render_report_findings("检查发现的问题：", result.findings), err=True)
        if result.missing:
            typer.echo("未填写的单元格（在报告中留空）：\n" + "\n".join(f"  - {m}" for m in result.missing), err=True)
    else:
        if result.findings:
            typer.echo(render_report_findings("检查提示（不影响生成）：", result.findings), err=True)
        c = count_by_severity(result.findings)
        typer.echo(f"检查通过：没有错误，{c['warning']} 个警告，{c['info']} 个提示")
    typer.echo(f"已生成 {result.output}")
    if pdf:
        from ..writer.fonts import font_substitutions, substitution_warning

        pdf_path = convert_to_pdf(result.output)
        typer.echo(f"已导出 {pdf_path}")
        warning = substitution_warning(font_substitutions())
        if warning:
            typer.echo(warning, err=True)


def schema(show: bool = typer.Option(False, "--print", help="输出 JSON Schema 全文")) -> None:
    """显示年度数据文件的 JSON Schema（文件位置或全文）。"""
    from ..resources import schemas_dir

    path = schemas_dir() / "report-data.schema.json"
    if show:
        sys.stdout.write(path.read_text(encoding="utf-8"))
    else:
        typer.echo(str(path))


INIT_EXAMPLES = """
annual-report init 桃岭乡 --name 桃岭乡人民政府 --level 乡镇/街道
annual-report init                 # 在 annual-report-workspace/ 中建立示例工作区
"""

BUILD_EXAMPLES = """
annual-report build 2023                 # 在工作区中：生成 out/ 下的报告
annual-report build 2023 -w 桃岭乡 --pdf   # 同时导出 PDF（需要 LibreOffice）
annual-report build 2023 -o 送审稿.docx --force
"""

SCHEMA_EXAMPLES = """
annual-report schema               # 显示 JSON Schema 文件的位置
annual-report schema --print > report-data.schema.json
"""


def register(app: typer.Typer) -> None:
    app.command("init", cls=ChineseCommand, epilog=INIT_EXAMPLES)(init)
    app.command("build", cls=ChineseCommand, epilog=BUILD_EXAMPLES)(build)
    app.command("schema", cls=ChineseCommand, epilog=SCHEMA_EXAMPLES)(schema)

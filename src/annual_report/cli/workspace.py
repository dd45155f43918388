"""``init``, ``build`` and ``schema``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from .chinese import ChineseCommand
from .options import workspace_option

WorkspaceOption = workspace_option("工作区文件夹（默认：从当前文件夹向上查找 annual-report.toml）")


def _path_hint(root: Path) -> str:
    """What to say when ``annual-report`` is not on PATH (run as ``.venv/bin/annual-report``):
    how a shell gets it there, with paths that still hold after ``cd root`` (the next step)."""
    import os
    import shutil

    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script is None or script.name not in ("annual-report", "annual-report.exe") or shutil.which("annual-report"):
        return ""

    def after_cd(path: Path) -> str:
        return str(path) if path.is_absolute() else os.path.relpath(path.absolute(), root.absolute())

    activate = script.parent / "activate"
    if activate.is_file():
        return f"（annual-report 还不在 PATH 中：先运行 source {after_cd(activate)}，或写全路径 {after_cd(script)}）"
    return f"（annual-report 还不在 PATH 中：请写全路径 {after_cd(script)}）"


def init(
    folder: Optional[str] = typer.Argument(None, metavar="文件夹", help="要创建的工作区文件夹名（在当前文件夹中创建），如 桃岭乡"),
    name: Optional[str] = typer.Option(None, "--name", metavar="机关名称", help="机关全称，如“桃岭乡人民政府”"),
    level: Optional[str] = typer.Option(None, "--level", metavar="层级", help="机关层级，如“乡镇/街道”“县级部门”（默认按机关名称判断）"),
    region: Optional[str] = typer.Option(None, "--region", metavar="地区", help="所在地区，如“某省某市某县”"),
    example: bool = typer.Option(False, "--example", help="建立示例工作区：虚构的青溪镇人民政府连续三年（2021—2023）的数据"),
) -> None:
    """为本机关创建工作区（配置、各文件夹和下一步说明，不含任何数据）；加 --example 建立虚构乡镇的示例工作区。"""
    from ..model.errors import UserError
    from ..app.workspace import EXAMPLE_FOLDER, check_folder_name, init_example, init_workspace

    if example:
        if name or level or region:
            raise UserError("示例工作区的数据是虚构的，不能带本机关的名称、层级或地区；为本机关建立工作区请去掉 --example")
        root = init_example(check_folder_name(folder or EXAMPLE_FOLDER))
        typer.echo(f"已创建示例工作区 {root}（虚构的青溪镇人民政府，2021—2023 三年的数据）")
        typer.echo("  annual-report.toml  机关信息、输出文件名、检查规则设置")
        typer.echo("  data/2021.json …    各年度数据（虚构）")
        typer.echo("  plugins/ templates/ reference/ workplans/  本地规则、模板、参考资料、工作要点（各有 README.txt）")
        typer.echo("  out/                生成的报告")
        typer.echo(f"下一步：cd {root}，然后运行 annual-report build 2023{_path_hint(root)}")
        return
    if folder is None:
        raise UserError("请给出工作区文件夹名，如 annual-report init 桃岭乡 --name 桃岭乡人民政府；只想看看示例，请用 annual-report init --example")
    root = init_workspace(check_folder_name(folder), name=name, level=level, region=region)
    from ..app.session import open_session

    config = open_session(root).config
    typer.echo(f"已为{config.body_name}（{config.body_level}）创建工作区 {root}")
    typer.echo("  annual-report.toml  机关信息、输出文件名、检查规则设置（层级不对请在这里修改）")
    typer.echo("  data/               各年度数据（现在是空的）")
    typer.echo("  README.txt          下一步做什么")
    typer.echo(f"下一步：cd {root}，然后填写统计工作簿（annual-report workbook 年度），或从往年报告建立数据（annual-report extract 2023年报.docx -o data/2023.json）{_path_hint(root)}")


def _year(text: str) -> int:
    from ..model.errors import UserError
    from ..model.report import parse_year

    year = parse_year(text)
    if year is None:
        raise UserError(f"年度应为四位数字，如 2023，实际为“{text.strip().removesuffix('年')}”")
    return year


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
        raise typer.Exit(1) from None
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
annual-report init 教育局 --name 某县教育局 --region 某省某市某县
annual-report init --example            # 在 青溪镇示例/ 中建立虚构乡镇的示例工作区
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

"""The ``annual-report`` command line: parsing only, the work is done in library modules."""

from __future__ import annotations

import importlib
import sys

import typer

from .chinese import ChineseGroup


def _message(exc) -> str:
    """A user error's message for the terminal (names from files may hold escape sequences)."""
    from ..output.neutral import plain

    return "错误：" + plain(str(exc))


COMMAND_MODULES = ("workspace", "check", "extract", "workbook", "ledger", "review", "interpret", "site", "serve")  # each has register(app); typer and stdlib only at import


class _Group(ChineseGroup):
    """Turns a :class:`~annual_report.model.errors.UserError` from any command into its Chinese
    message on stderr and its exit code (2), never a traceback."""

    def invoke(self, ctx):
        from ..model.errors import UserError

        try:
            return super().invoke(ctx)
        except UserError as exc:
            typer.echo(_message(exc), err=True)
            ctx.exit(exc.exit_code)


app = typer.Typer(
    cls=_Group,
    name="annual-report",
    help="政府信息公开工作年度报告：按法定格式生成报告，检查报告草稿。",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="""
    annual-report init --example      # 示例工作区（虚构的青溪镇，2021—2023）
    annual-report build 2023 -w 青溪镇示例
    annual-report init 桃岭乡 --name 桃岭乡人民政府 --level 乡镇/街道
    annual-report check 初稿.docx --history 2022年报.docx
    annual-report check -h            # 每个命令的说明和示例
    """,
)


def _show_version(value: bool) -> None:
    # An eager option callback runs while parsing, before the group asks for a command.
    if value:
        from .. import __version__

        typer.echo(f"annual-report {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", help="显示版本号后退出", is_eager=True, callback=_show_version),
) -> None:
    """政府信息公开工作年度报告：按法定格式生成报告，检查报告草稿。"""


for _name in COMMAND_MODULES:
    importlib.import_module(f"{__name__}.{_name}").register(app)


def main() -> None:
    """Console entry point: user errors become a Chinese message and exit code 2."""
    from ..model.errors import UserError

    try:
        code = app(standalone_mode=False)
        # Without standalone mode click returns (rather than raises) the code of an Exit
        # raised inside a command (typer.Exit(1), ctx.exit(2) of a UserError).
        if isinstance(code, int) and code:
            sys.exit(code)
    except UserError as exc:
        typer.echo(_message(exc), err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        typer.echo("已中断", err=True)
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("已取消", err=True)
        sys.exit(1)
    except Exception as exc:  # click usage errors (typer ≥ 0.20 vendors click as typer._click)
        names = {cls.__name__ for cls in type(exc).__mro__}
        if "ClickException" in names:
            exc.show()
            sys.exit(2 if "UsageError" in names else exc.exit_code)
        raise

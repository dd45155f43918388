"""The options several commands share, declared once: ``--workspace``/``-w`` and
``--format``/``-f`` (each command says in its help what they mean for it)."""

from __future__ import annotations

import typer

WORKSPACE_HELP = "工作区文件夹（默认：从当前文件夹向上查找）"


def workspace_option(help: str = WORKSPACE_HELP):
    """``--workspace``/``-w``: the workspace folder (None: the one around the current folder)."""
    return typer.Option(None, "--workspace", "-w", metavar="文件夹", help=help)


def format_option(default, help: str):
    """``--format``/``-f``: the output format (a list default: the option may be repeated)."""
    return typer.Option(default, "--format", "-f", metavar="格式", help=help)

"""The built-in output formats — 解读 as .docx and as HTML, the HTML site — registered through
the ``register_outputs`` hook exactly as an office's own format is (this module is loaded as
a plugin).  Imports of the writers happen when a format writes, not when it is registered."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ..plugins.hookspecs import hookimpl

KINDS = ("interpret", "site")


@dataclass(frozen=True)
class OutputFormat:
    name: str
    kind: str  # "interpret" | "site"
    title: str
    suffix: str
    write: Callable[[Any, Path], Any]


def _interpret_docx(interpretation, path: Path) -> None:
    from ..files.writing import write_atomic
    from .interpret.docx import docx_bytes

    write_atomic(path, docx_bytes(interpretation))


def _interpret_html(interpretation, path: Path) -> None:
    from ..files.writing import write_atomic
    from .interpret.html import render_html

    write_atomic(path, render_html(interpretation).encode("utf-8"))


def _site_html(collection, folder: Path) -> None:
    from .site import write_site

    write_site(collection, folder)


BUILTIN_FORMATS = (
    OutputFormat("docx", "interpret", "解读 Word 文档（图表为图片）", ".docx", _interpret_docx),
    OutputFormat("html", "interpret", "解读网页（单个文件，图表为 SVG）", ".html", _interpret_html),
    OutputFormat("html", "site", "集中展示网站（静态网页，可离线搜索）", "", _site_html),
)


@hookimpl
def register_outputs(register):
    for fmt in BUILTIN_FORMATS:
        register(fmt)


def formats_of(plugins, kind: str) -> dict[str, Any]:
    """The registered formats of ``kind`` by name, in registration order."""
    return {f.name: f for f in plugins.outputs if getattr(f, "kind", None) == kind}

"""Turning an input file into the report model: the one entry point for every reader.

``read_report(path)`` picks the reader: plugin readers first (first that accepts the file),
then the built-in JSON and .docx readers.  Files we cannot read get a message that says what
to do with them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from ..model.errors import UserError
from ..model.report import Report

_NOT_DOCX = {
    ".doc": "这是旧版 Word 文件（.doc），请用 Word“另存为 .docx”，或运行 libreoffice --headless --convert-to docx 文件名.doc 转换后再检查",
    ".wps": "这是 WPS 文字文件（.wps），请在 WPS 中“另存为 .docx”后再检查",
    ".odt": "这是 OpenDocument 文件（.odt），请另存为 .docx 后再检查",
    ".txt": "这是纯文本文件，没有法定表格，请提供 .docx 原稿或 JSON 数据文件",
}


def read_report(path: Path | str, readers: Iterable = ()) -> Report:
    """The model of one input file (JSON data or a .docx report)."""
    path = Path(path)
    if not path.exists():
        raise UserError(f"找不到文件 {path}")
    if path.is_dir():
        raise UserError(f"{path} 是文件夹；检查整个文件夹请加 --recursive")
    reader = find_reader(path, readers)
    if reader is not None:
        return reader.read(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        from .jsondata import load_report

        return load_report(path)
    if suffix == ".docx" or suffix == ".docm":
        from .docx import read_docx

        return read_docx(path)
    if suffix in _NOT_DOCX:
        raise UserError(f"无法读取 {path}：{_NOT_DOCX[suffix]}")
    raise UserError(f"无法读取 {path}：只支持 .docx、.html、.pdf 报告，.xlsx 统计工作簿和 .json 数据文件")


def format_readers() -> list:
    """The readers this package ships as plugins (统计工作簿, web pages, PDFs; registered
    through plugins/manager.py BUILTIN_READER_PLUGINS), for callers that did not load the
    plugins (``extract``)."""
    import importlib

    from ..plugins.manager import BUILTIN_READER_PLUGINS

    out: list = []
    for name in BUILTIN_READER_PLUGINS:
        importlib.import_module(name).register_readers(register=out.append)
    return out


def find_reader(path: Path, readers: Iterable = ()):
    """The first reader that accepts ``path``: the given plugin readers, then this package's
    format readers; None for JSON and .docx (read by the built-in readers)."""
    for reader in [*readers, *format_readers()]:
        if reader.accepts(path):
            return reader
    return None

"""Turning an input file into the report model: the one place where a reader is chosen.

Every reader — the built-in JSON and .docx readers included — is a plugin registered through
the ``register_readers`` hook (see :data:`annual_report.plugins.manager.DEFAULT_PLUGINS`).
``read_report(path, readers)`` uses the first reader that accepts the file; outside plugins'
readers come before the built-in ones, so a local plugin can take over a format.  Files no
reader accepts get a message that says what to do with them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Protocol, runtime_checkable

from ..model.errors import UserError
from ..model.report import Report

_NOT_DOCX = {
    ".doc": "这是旧版 Word 文件（.doc），请用 Word“另存为 .docx”，或运行 libreoffice --headless --convert-to docx 文件名.doc 转换后再检查",
    ".wps": "这是 WPS 文字文件（.wps），请在 WPS 中“另存为 .docx”后再检查",
    ".odt": "这是 OpenDocument 文件（.odt），请另存为 .docx 后再检查",
    ".txt": "这是纯文本文件，没有法定表格，请提供 .docx 原稿或 JSON 数据文件",
}


@runtime_checkable
class ReportReader(Protocol):
    """What every reader is (what a ``register_readers`` hook registers): a ``name``, the
    file name ``suffixes`` a folder is searched for, ``accepts(path)``, and ``read(path)`` →
    the report model.  Each opens its file through
    :func:`annual_report.files.reading.read_bounded` (size, empty, first bytes) before parsing."""

    name: str
    suffixes: tuple[str, ...]

    def accepts(self, path: Path) -> bool: ...

    def read(self, path: Path) -> Report: ...


@runtime_checkable
class DataEntryReader(ReportReader, Protocol):
    """A reader of a data-entry format (the statistics workbook) that can also give the yearly
    data as written (``read_data(path)`` → the data dict), which ``extract`` writes as it is."""

    def read_data(self, path: Path) -> dict: ...


@dataclass(frozen=True)
class Reader:
    """A :class:`ReportReader` by file name suffix, from a function that reads a file
    (``Reader("名称", (".后缀",), 读取函数)``)."""

    name: str
    suffixes: tuple[str, ...]
    read: Callable[[Path], Report]

    def accepts(self, path: Path) -> bool:
        return Path(path).suffix.lower() in self.suffixes


def read_report(path: Path | str, readers: Iterable | None = None) -> Report:
    """The model of one input file, read by the first of ``readers`` that accepts it (None: the
    built-in readers)."""
    path = Path(path)
    if not path.exists():
        raise UserError(f"找不到文件 {path}")
    if path.is_dir():
        raise UserError(f"{path} 是文件夹；检查整个文件夹请加 --recursive")
    if not path.is_file():  # a named pipe or a device would block or never end
        raise UserError(f"{path} 不是普通文件（可能是管道、设备或套接字），无法读取；请先把内容保存为文件")
    reader = find_reader(path, readers)
    if reader is not None:
        return _guarded_reader_call(reader, "read", path)
    suffix = path.suffix.lower()
    if suffix in _NOT_DOCX:
        raise UserError(f"无法读取 {path}：{_NOT_DOCX[suffix]}")
    raise UserError(f"无法读取 {path}：只支持 .docx、.html、.pdf 报告，.xlsx 统计工作簿和 .json 数据文件")


def find_reader(path: Path, readers: Iterable | None = None) -> ReportReader | None:
    """The first of ``readers`` (None: the built-in readers) that accepts ``path``, or None."""
    if readers is None:
        from ..plugins.manager import default_readers

        readers = default_readers()
    for reader in readers:
        if _guarded_reader_call(reader, "accepts", path):
            return reader
    return None


def _is_builtin(reader) -> bool:
    fn = getattr(reader, "read", None)
    return getattr(fn, "__module__", "").startswith("annual_report.") and type(reader).__module__.startswith("annual_report.")


def _guarded_reader_call(reader, method: str, path: Path):
    """``reader.accepts(path)`` or ``reader.read(path)`` with the reader's output on stderr,
    under a time limit (an outside plugin's reader gets longer) and, in a process with a single
    thread (the command line, a worker), the checking processes' memory cap; a reader that runs
    past either is a Chinese error naming the budget, and whatever a plugin reader does wrong
    is a Chinese error naming it, never a traceback.  The built-in readers also keep the
    structural budgets of :mod:`annual_report.model.limits` (merged ranges, formula work,
    decompressed bytes, text objects, HTML nodes)."""
    from ..model.limits import (
        DEFAULT_WORKER_MEMORY_MB,
        PLUGIN_READ_TIMEOUT,
        READ_TIMEOUT,
        RuleTimeout,
        memory_limit,
        time_limit,
    )
    from ..plugins.manager import plugin_output

    name = getattr(reader, "name", "?")
    where = getattr(reader, "_annual_report_plugin", name)
    seconds = READ_TIMEOUT if _is_builtin(reader) else PLUGIN_READ_TIMEOUT
    try:
        with time_limit(seconds), memory_limit(DEFAULT_WORKER_MEMORY_MB * 1024 * 1024), plugin_output():
            result = getattr(reader, method)(path)
    except UserError:
        raise
    except RuleTimeout:
        raise UserError(f"读取 {path} 超过 {seconds:g} 秒（读取时限），已中止；文件可能过于复杂或已损坏（读取器“{name}”）") from None
    except MemoryError:
        raise UserError(f"读取 {path} 超出内存上限（配置项 check.worker_memory_mb），已中止；文件可能过于复杂或已损坏（读取器“{name}”）") from None
    except RecursionError:
        raise UserError(f"读取 {path} 时结构嵌套过深（嵌套层数上限），已中止（读取器“{name}”）") from None
    except (KeyboardInterrupt, GeneratorExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - a plugin may raise anything, sys.exit() included
        raise UserError(f"读取器“{name}”（{where}）读取 {path} 时出错：{type(exc).__name__}: {exc}") from None
    if method == "read" and not isinstance(result, Report):
        raise UserError(f"读取器“{name}”（{where}）读取 {path} 返回的不是报告，而是 {type(result).__name__}")
    return result

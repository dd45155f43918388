"""Structural budgets of the readers of published reports, checked at the boundary between the
file and the layout code: what a PDF page's content streams inflate to and how many drawing
and text objects they hold (counted while inflating, in bounded chunks, before pdfminer decodes
and lays out the page), and how many elements a web page has (counted before lxml builds the
tree).  A file over a budget is refused with one Chinese message naming the budget.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

from ..model.errors import UserError
from ..model.limits import MAX_HTML_NODES, MAX_PDF_OBJECTS, MAX_PDF_OBJECTS_PER_PAGE, MAX_PDF_STREAM_BYTES

CHUNK = 1024 * 1024
# operators that make an object pdfplumber keeps: text shown (Tj, TJ, ', "), rectangles, lines,
# curves, pictures and forms drawn
_OPERATORS = re.compile(rb"(?:\)|>|\])\s*(?:Tj|TJ|'|\")|(?<![A-Za-z])(?:re|l|c|v|y|Do)(?![A-Za-z*])")
_FLATE = ("FlateDecode", "Fl")
_MAX_FORM_DEPTH = 4


class PdfBudget:
    """Counts one document's pages as they are read (:meth:`check_page` before a page is laid out)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.objects = 0

    def check_page(self, page, number: int) -> None:
        """``page`` is a pdfplumber page; its content streams and the forms it draws are
        inflated in chunks and counted, never held whole."""
        page_obj = getattr(page, "page_obj", page)
        size = count = 0
        for data_size, data_count in self._streams(page_obj):
            size += data_size
            count += data_count
            self._judge(size, count, number)
        self.objects += count
        if self.objects > MAX_PDF_OBJECTS:
            raise UserError(
                f"{self.path} 的文字和图形对象超过 {MAX_PDF_OBJECTS:,} 个（整份文件的对象数上限），不像年度报告，已拒绝读取"
            )

    def _judge(self, size: int, count: int, number: int) -> None:
        if size > MAX_PDF_STREAM_BYTES:
            raise UserError(
                f"{self.path} 第 {number} 页的内容解压后超过 {MAX_PDF_STREAM_BYTES // (1024 * 1024)} MB（每页解压大小上限），"
                "可能是恶意构造或已损坏的文件，已拒绝读取"
            )
        if count > MAX_PDF_OBJECTS_PER_PAGE:
            raise UserError(
                f"{self.path} 第 {number} 页的文字和图形对象超过 {MAX_PDF_OBJECTS_PER_PAGE:,} 个（每页对象数上限），不像年度报告，已拒绝读取"
            )

    def _streams(self, page_obj):
        from pdfminer.pdftypes import PDFStream, resolve1

        seen: set[int] = set()
        stack = [(stream, 0) for stream in (getattr(page_obj, "contents", None) or [])]
        stack += [(x, 1) for x in _forms(resolve1(getattr(page_obj, "resources", None) or {}))]
        while stack:
            stream, depth = stack.pop()
            stream = resolve1(stream)
            if not isinstance(stream, PDFStream) or id(stream) in seen:
                continue
            seen.add(id(stream))
            yield _measure(stream)
            if depth < _MAX_FORM_DEPTH:
                stack += [(x, depth + 1) for x in _forms(resolve1(stream.attrs.get("Resources") or {}))]


def _forms(resources) -> list:
    from pdfminer.pdftypes import PDFStream, resolve1

    if not isinstance(resources, dict):
        return []
    xobjects = resolve1(resources.get("XObject") or {})
    out = []
    if isinstance(xobjects, dict):
        for value in list(xobjects.values())[:1000]:
            x = resolve1(value)
            if isinstance(x, PDFStream) and getattr(resolve1(x.attrs.get("Subtype")), "name", "") == "Form":
                out.append(x)
    return out


def _measure(stream) -> tuple[int, int]:
    """(decoded bytes, operators) of one stream, inflating at most MAX_PDF_STREAM_BYTES + 1."""
    if stream.data is not None:  # already decoded by pdfminer
        data = stream.data
        return len(data), _count(data)
    raw = stream.rawdata or b""
    if stream.decipher:
        try:
            raw = stream.decipher(stream.objid, stream.genno, raw, stream.attrs)
        except Exception:  # noqa: BLE001 - pdfminer reports a broken stream itself
            return len(raw), 0
    filters = [getattr(f, "name", str(f)) for f, _ in stream.get_filters()]
    if not filters:
        return len(raw), _count(raw)
    if any(f not in _FLATE for f in filters) or len(filters) > 1:
        return len(raw), 0  # pictures (DCT, JPX …) and rare filter chains: their size in the file
    inflater = zlib.decompressobj()
    size = count = 0
    tail = b""
    data = raw
    try:
        while data and size <= MAX_PDF_STREAM_BYTES:
            chunk = inflater.decompress(data, CHUNK)
            data = inflater.unconsumed_tail
            size += len(chunk)
            count += _count(tail + chunk)
            tail = chunk[-16:]
            if not chunk:
                break
    except zlib.error:
        pass  # pdfminer decides what a broken stream is
    return size, count


def _count(data: bytes) -> int:
    return sum(1 for _ in _OPERATORS.finditer(data))


_START_TAG = re.compile(rb"<[A-Za-z]")


def check_html_nodes(raw: bytes, path: Path) -> None:
    """Refuse a page with more elements than ``MAX_HTML_NODES`` before lxml builds its tree
    (start tags counted in the bytes, at C speed; stopped at the budget)."""
    opened = raw.count(b"<") - raw.count(b"</")
    if opened <= MAX_HTML_NODES:
        return
    seen = 0
    for seen, _ in enumerate(_START_TAG.finditer(raw), start=1):
        if seen > MAX_HTML_NODES:
            raise UserError(
                f"{path} 的网页元素超过 {MAX_HTML_NODES:,} 个（网页元素数上限），不像年度报告网页，已拒绝读取"
            )

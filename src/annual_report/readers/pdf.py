"""Reading a report published as a PDF with a text layer — a reader plugin (pdfplumber).

Tables are found by their ruling lines (pdfplumber's lattice search); each table's cells,
placed on the grid of its distinct cell edges, become a grid (a cell spanning rows repeats
its text as a continuation, like Word's vMerge) mapped by label with the shared mapper, so a
table continued on the next page reads as one.  The text outside the tables is read line by
line by position: running headers and footers (the same line at the top or bottom of several
pages) and page numbers are dropped, lines are joined into paragraphs where the next line
is neither indented nor after a short line or a wider gap.  A PDF without a text layer (a
scan) cannot be read and says so.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..model.errors import UserError
from ..model.report import Report
from ..model.limits import MAX_PDF_BYTES, MAX_PDF_PAGES
from .budgets import PdfBudget
from ..plugins.hookspecs import hookimpl
from .grid import Grid, GridCell

MARGIN = 0.1  # top and bottom tenth of a page: where running headers and footers sit
_PAGE_NUMBER = re.compile(r"^(?:[-—–－\s]*\d+[-—–－\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|page\s*\d+(?:\s*of\s*\d+)?)$", re.I)


class PdfReader:
    name = "pdf"
    suffixes = (".pdf",)  # what a folder is searched for

    def accepts(self, path: Path) -> bool:
        return Path(path).suffix.lower() in self.suffixes

    def read(self, path: Path) -> Report:
        from .published import Stream, assemble

        path = Path(path)
        stream = Stream()
        for item in _items(path):
            if isinstance(item, Grid):
                stream.table(item)
            else:
                stream.paragraph(item)
        return assemble(stream, path, "pdf")


@hookimpl
def register_readers(register):
    register(PdfReader())


@dataclass
class _Line:
    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    text: str
    top_share: float = 0.0  # top and bottom as shares of the page height
    bottom_share: float = 0.0


def _open(path: Path):
    import pdfplumber

    if not path.is_file():
        raise UserError(f"找不到文件 {path}")
    size = path.stat().st_size
    if size > MAX_PDF_BYTES:
        raise UserError(f"{path} 过大（{size // 1024 // 1024} MB），不像年度报告，已拒绝读取")
    head = path.read_bytes()[:1024]
    if b"%PDF-" not in head:
        raise UserError(f"{path} 不是 PDF 文件（扩展名是 .pdf，内容不是），请按实际格式改正扩展名")
    try:
        pdf = pdfplumber.open(path)
        pages = pdf.pages  # the page tree: a truncated file fails here
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds
        raise UserError(_open_problem(path, exc)) from None
    return pdf, pages


def _open_problem(path: Path, exc: BaseException) -> str:
    names = {cls.__name__ for cls in type(exc).__mro__}
    inner = getattr(exc, "args", ())
    names |= {type(a).__name__ for a in inner if isinstance(a, BaseException)}
    if names & {"PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning"}:
        return f"{path} 已加密（打开需要密码），无法读取；请向发布单位索取未加密的文件，或在 PDF 软件中输入密码后另存一份不加密的"
    return f"{path} 已损坏或不完整（{type(exc).__name__}），可能下载或拷贝时被截断，请重新下载"


def _chars_outside(page, boxes):
    def outside(obj) -> bool:
        if obj.get("object_type") != "char":
            return True
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    return [c for c in page.filter(outside).chars]


def _join(chars) -> str:
    """The text of one line of chars in order: no space between characters unless the PDF
    has one, or two Latin letters or digits stand apart by more than a quarter em."""
    out = []
    prev = None
    for c in chars:
        t = c["text"]
        if prev is not None and t.strip() and out and out[-1][-1:].isascii() and out[-1][-1:].isalnum() and t.isascii() and t.isalnum():
            if c["x0"] - prev["x1"] > 0.25 * c["size"]:
                out.append(" ")
        out.append(t)
        prev = c
    return "".join(out)


def _lines(chars, page_no: int, height: float = 1.0) -> list[_Line]:
    rows: list[list] = []
    for c in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        if not c["text"].strip() and c["text"] != " ":
            continue
        if rows and abs(c["top"] - rows[-1][0]["top"]) <= 0.5 * max(c["size"], 1):
            rows[-1].append(c)
        else:
            rows.append([c])
    out = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        text = _join(row).strip()
        if text:
            top, bottom = min(c["top"] for c in row), max(c["bottom"] for c in row)
            size = statistics.median(c["size"] for c in row)
            out.append(_Line(page_no, row[0]["x0"], row[-1]["x1"], top, bottom, size, text, top / height, bottom / height))
    return out


def _cell_text(page, bbox) -> str:
    x0, top, x1, bottom = bbox
    chars = [c for c in page.chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom]
    return "".join(line.text for line in _lines(chars, 0))


def _edges(values: list[float], tolerance: float = 2.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out


def _at(edges: list[float], v: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - v))


def table_grid(page, table, index: int) -> Grid:
    """The grid of a ruled table: columns and rows between the distinct cell edges."""
    cells = [c for c in table.cells if c]
    xs = _edges([c[0] for c in cells] + [c[2] for c in cells])
    ys = _edges([c[1] for c in cells] + [c[3] for c in cells])
    placed = []
    for bbox in cells:
        c0, c1 = _at(xs, bbox[0]), _at(xs, bbox[2])
        r0, r1 = _at(ys, bbox[1]), _at(ys, bbox[3])
        if c1 > c0 and r1 > r0:
            placed.append((r0, r1, c0, c1, _cell_text(page, bbox)))
    grid = Grid(index)
    for r in range(len(ys) - 1):
        row = sorted((c0, c1 - c0, text, r0 != r) for r0, r1, c0, c1, text in placed if r0 <= r < r1)
        grid.rows.append([GridCell(col, span, text, i, continued) for i, (col, span, text, continued) in enumerate(row)])
    return grid


def _items(path: Path) -> list:
    """Paragraph texts and grids of the whole document, in reading order."""
    pdf, pages = _open(path)
    try:
        if len(pages) > MAX_PDF_PAGES:
            raise UserError(f"{path} 有 {len(pages)} 页，远超年度报告的篇幅，已拒绝读取")
        flow: list = []  # _Line or Grid, by page and position
        tables = 0
        any_text = False
        budget = PdfBudget(path)
        for number, page in enumerate(pages, start=1):
            try:
                budget.check_page(page, number)  # before pdfminer inflates and lays out the page
                page = page.dedupe_chars()
                found = page.find_tables()
                any_text = any_text or bool(page.chars)
                boxes = [t.bbox for t in found]
                placed = [(t.bbox[1], "grid", t) for t in found]
                lines = _lines(_chars_outside(page, boxes), number, float(page.height))
            except UserError:
                raise
            except Exception as exc:  # noqa: BLE001 - a damaged page
                raise UserError(f"{path} 第 {number} 页无法读取（{type(exc).__name__}），文件可能已损坏，请重新下载") from None
            entries = [(line.top, "line", line) for line in lines] + placed
            for _, kind, item in sorted(entries, key=lambda e: e[0]):
                if kind == "grid":
                    flow.append(table_grid(page, item, tables))
                    tables += 1
                else:
                    flow.append(item)
        if not any_text:
            raise UserError(
                f"{path} 没有文字层（是扫描或拍照得到的图片 PDF，共 {len(pages)} 页），无法读取其中的文字和表格；"
                "请向发布单位索取 Word 原稿或可复制文字的 PDF，或先用文字识别（OCR）软件转换"
            )
    finally:
        pdf.close()
    return _paragraphs(_drop_running(flow, len(pages)))


def _signature(text: str) -> str:
    return re.sub(r"\d+", "#", unicodedata.normalize("NFKC", text).replace(" ", ""))


def _drop_running(flow: list, pages: int) -> list:
    """Without running headers, footers and page numbers (lines in a page's top or bottom
    margin that are page numbers, or that recur on several pages)."""
    def in_margin(line) -> bool:
        return line.top_share < MARGIN or line.bottom_share > 1 - MARGIN

    seen: dict[str, set[int]] = {}
    for item in flow:
        if isinstance(item, _Line) and in_margin(item):
            seen.setdefault(_signature(item.text), set()).add(item.page)
    running = {s for s, on in seen.items() if len(on) >= 2 and len(on) >= pages / 2}
    out = []
    for item in flow:
        if isinstance(item, _Line) and in_margin(item):
            if _PAGE_NUMBER.match(unicodedata.normalize("NFKC", item.text).strip()) or _signature(item.text) in running:
                continue
        out.append(item)
    return out


def _paragraphs(flow: list) -> list:
    """Lines joined into paragraphs; grids pass through."""
    lines = [item for item in flow if isinstance(item, _Line)]
    if not lines:
        return [item for item in flow]
    lefts = sorted(line.x0 for line in lines)
    rights = sorted(line.x1 for line in lines)
    left = lefts[len(lefts) // 10]
    right = rights[len(rights) * 9 // 10]
    pitches = [b.top - a.top for a, b in zip(lines, lines[1:]) if a.page == b.page and 0 < b.top - a.top < 3 * a.size]
    pitch = statistics.median(pitches) if pitches else 2 * statistics.median(line.size for line in lines)
    out: list = []
    current: list[str] = []
    prev: _Line | None = None

    def flush() -> None:
        if current:
            out.append(_glue(current))
            current.clear()

    for item in flow:
        if isinstance(item, Grid):
            flush()
            out.append(item)
            prev = None
            continue
        line = item
        starts = (
            prev is None
            or line.x0 - left > 0.8 * line.size  # indented first line, centred title
            or right - prev.x1 > 1.5 * prev.size  # the previous line stopped short
            or (line.page == prev.page and line.top - prev.top > 1.5 * pitch)  # a wider gap
        )
        if starts:
            flush()
        current.append(line.text)
        prev = line
    flush()
    return out


def _glue(lines: list[str]) -> str:
    text = lines[0]
    for nxt in lines[1:]:
        if text[-1:].isascii() and text[-1:].isalnum() and nxt[:1].isascii() and nxt[:1].isalnum():
            text += " "
        text += nxt
    return text

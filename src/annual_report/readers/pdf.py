"""Reading a report published as a PDF with a text layer — a reader plugin (pdfplumber).

PDFs as WPS, Word, LibreOffice and browsers export them.  Tables are found by their ruling
lines (pdfplumber's lattice search), shading boxes not counting as rulings and a table left
open by a page break closed there; the pieces of a table continued over pages become one grid
on shared columns, a row split by the break one row again, and the grid is mapped by label
with the shared mapper.  The text outside the tables is read line by line by position (one
text object per character and scaled text matrices are all the same to pdfplumber's chars):
a justified line's spread is no space, running headers and footers (the same line at the top
or bottom of several pages), page numbers and a printed portal page's publishing line are
dropped, lines are joined into paragraphs where the next line is neither indented nor after
a short line or a wider gap.  Pictures as large as a table, and pages that are only a
picture, are passed on so that what was not read is said once.  A PDF without a text layer
(a scan) cannot be read and says so.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..files.reading import Bounds, read_bounded
from ..model.errors import UserError
from ..model.report import Report
from ..model.limits import MAX_PDF_BYTES, MAX_PDF_PAGES
from .budgets import PdfBudget
from ..plugins.hookspecs import hookimpl
from .grid import Grid, GridCell
from .values import is_figure as _figure

MARGIN = 0.1  # top and bottom tenth of a page: where running headers and footers sit
_PAGE_NUMBER = re.compile(r"^(?:[-—–－\s]*\d+[-—–－\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|page\s*\d+(?:\s*of\s*\d+)?)$", re.I)


class PdfReader:
    name = "pdf"
    suffixes = (".pdf",)  # what a folder is searched for

    def accepts(self, path: Path) -> bool:
        return Path(path).suffix.lower() in self.suffixes

    def read(self, path: Path) -> Report:
        from .published import Stream, report_from_stream

        path = Path(path)
        stream = Stream()
        for item in _items(path):
            if isinstance(item, Grid):
                stream.table(item)
            elif isinstance(item, _Image):
                if item.alone:
                    stream.image_page(item.page)
                else:
                    stream.image(item.page)
            else:
                stream.paragraph(item)
        return report_from_stream(stream, path, "pdf")


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


BOUNDS = Bounds(
    MAX_PDF_BYTES,
    "{path} 过大（{mb} MB），不像年度报告，已拒绝读取",
    require=(b"%PDF-", 1024, "{path} 不是 PDF 文件（扩展名是 .pdf，内容不是），请按实际格式改正扩展名"),
)


def _open(path: Path):
    import logging

    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font warnings are not the user's business
    read_bounded(path, BOUNDS, head=1024)
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


def _not_background(obj) -> bool:
    """False for a filled, unstroked rectangle wider and taller than a rule: a paragraph's or
    a cell's shading (WPS shades every line of a paragraph with white boxes), which is no
    ruling line of a table (rules are strokes or thin filled bars)."""
    if obj.get("object_type") != "rect" or obj.get("stroke") or not obj.get("fill"):
        return True
    return min(obj["width"], obj["height"]) <= 2


def _open_ends(edges: list, tolerance: float = 3.0) -> list[dict]:
    """Horizontal rules closing a table left open at a page break: where two or more vertical
    rules end (or begin) at the same height with no horizontal rule there — the bottom of a
    page that splits a row, or the top of the next page where merged cells go on without a
    top border — a rule across them, so the split row is a row of cells on both pages."""
    verticals = [e for e in edges if e["orientation"] == "v"]
    horizontals = [e for e in edges if e["orientation"] == "h"]

    def closed(x: float, y: float) -> bool:
        return any(abs(h["top"] - y) <= tolerance and h["x0"] - tolerance <= x <= h["x1"] + tolerance for h in horizontals)

    ends: dict[float, list[tuple[float, bool]]] = {}  # height -> [(x, open)]
    for v in verticals:
        for y in (v["top"], v["bottom"]):
            key = next((k for k in ends if abs(k - y) <= tolerance), y)
            ends.setdefault(key, []).append((v["x0"], not closed(v["x0"], y)))
    out = []
    for y, found in ends.items():
        xs = [x for x, _ in found]
        if any(is_open for _, is_open in found) and len(xs) >= 2 and max(xs) - min(xs) > 1:
            out.append({"x0": min(xs), "x1": max(xs), "top": y, "bottom": y, "width": max(xs) - min(xs), "height": 0, "orientation": "h", "object_type": "line"})
    return out


def _outside(page, boxes):
    """The page without the characters inside the tables' boxes (by their centres)."""
    def keep(obj) -> bool:
        if obj.get("object_type") != "char":
            return True
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    return page.filter(keep)


# Radicals a font's ToUnicode map gives for the glyph of the ideograph itself (Chromium's and
# other subsetted Noto/Source Han fonts map 一 人 民 长 … to the Kangxi radicals and the CJK
# radicals supplement): the ideographs a reader sees.
_RADICALS = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0x2F00, 0x2FD6)}
_RADICALS.update(zip("⺟⺠⻅⻆⻉⻋⻓⻔⻘⻙⻚⻛⻜⻝⻢⻣⻤⻦⻧⻨⻩⻬⻮⻰⻳", "母民见角贝车长门青韦页风飞食马骨鬼鸟卤麦黄齐齿龙龟"))
_UNRADICAL = str.maketrans(_RADICALS)


def _join(chars) -> str:
    """The text of one line of chars in order: no space between characters unless the PDF
    has one, or two Latin letters or digits stand apart by more than a quarter em beyond the
    line's usual spacing (a justified line spreads all its characters apart: "邮 编 ：" is
    邮编：, and "0 5 7 1" is 0571)."""
    gaps = sorted(b["x0"] - a["x1"] for a, b in zip(chars, chars[1:]) if a["text"].strip() and b["text"].strip())
    spread = max(0.0, gaps[len(gaps) // 2]) if gaps else 0.0
    out = []
    prev = None
    for c in chars:
        t = c["text"]
        if prev is not None and t.strip() and out and out[-1][-1:].isascii() and out[-1][-1:].isalnum() and t.isascii() and t.isalnum():
            if c["x0"] - prev["x1"] - spread > 0.25 * c["size"]:
                out.append(" ")
        out.append(t)
        prev = c
    return "".join(out).translate(_UNRADICAL)


def _lines(page, page_no: int, height: float = 1.0) -> list[_Line]:
    """The page's lines as pdfplumber lays them out (``extract_text_lines``: its own clustering
    of characters into lines, in reading order); each line's text is joined from its
    characters by :func:`_join`, which knows a justified line's spread from a space."""
    out = []
    for line in page.extract_text_lines(return_chars=True, keep_blank_chars=True, strip=True):
        row = sorted(line["chars"], key=lambda c: c["x0"])
        text = _join(row).strip()
        if text:
            ink = [c for c in row if c["text"].strip()] or row
            top, bottom = min(c["top"] for c in ink), max(c["bottom"] for c in ink)
            size = statistics.median(c["size"] for c in ink)
            out.append(_Line(page_no, ink[0]["x0"], ink[-1]["x1"], top, bottom, size, text, top / height, bottom / height))
    return out


def _cell_text(page, bbox) -> str:
    x0, top, x1, bottom = bbox

    def inside(obj) -> bool:
        return obj.get("object_type") == "char" and x0 <= (obj["x0"] + obj["x1"]) / 2 <= x1 and top <= (obj["top"] + obj["bottom"]) / 2 <= bottom

    return "".join(line.text for line in _lines(page.filter(inside), 0))


def _edges(values: list[float], tolerance: float = 2.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out


def _at(edges: list[float], v: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - v))


@dataclass
class _Image:
    """A picture as large as a table (a third of the text width and a tenth of the page's
    height or more); ``alone``: the page has no text at all (a scanned page)."""

    page: int
    top: float
    alone: bool = False


def _pictures(page, number: int) -> list[tuple[float, "_Image"]]:
    out = []
    for image in page.images:
        if image["x1"] - image["x0"] >= page.width / 3 and image["bottom"] - image["top"] >= page.height / 10:
            out.append((image["top"], _Image(number, image["top"], not page.chars)))
    return out[:1] if not page.chars else out


@dataclass
class _Table:
    """A ruled table as found on one page: its cells' boxes and texts."""

    page: int
    cells: list[tuple[tuple[float, float, float, float], str]]


def _found_table(page, table, number: int) -> _Table:
    return _Table(number, [(bbox, _cell_text(page, bbox)) for bbox in table.cells if bbox])


def _chain_grid(chain: list[_Table], index: int) -> Grid:
    """One grid of a table found on one page or continued over several: columns between the
    distinct cell edges of all its pieces (so a piece on the next page has the same columns),
    rows piece after piece; a row split by the page break (its label's last line alone at the
    top of the next page, its figures above) is one row again."""
    xs = _edges([b[0] for t in chain for b, _ in t.cells] + [b[2] for t in chain for b, _ in t.cells])
    rows: list[list[list]] = []  # [col, span, text, continued]
    for number, piece in enumerate(chain):
        ys = _edges([b[1] for b, _ in piece.cells] + [b[3] for b, _ in piece.cells])
        placed = []
        for bbox, text in piece.cells:
            c0, c1 = _at(xs, bbox[0]), _at(xs, bbox[2])
            r0, r1 = _at(ys, bbox[1]), _at(ys, bbox[3])
            if c1 > c0 and r1 > r0:
                placed.append((r0, r1, c0, c1, text))
        piece_rows = [
            sorted([c0, c1 - c0, text, r0 != r] for r0, r1, c0, c1, text in placed if r0 <= r < r1)
            for r in range(len(ys) - 1)
        ]
        if number:
            # a header repeated on the new page ("标题行重复"): the rows are the table's own
            # header again, not rows of their own
            while piece_rows and not any(_figure(c[2]) for c in piece_rows[0]) and any(
                [c[2] for c in row] == [c[2] for c in piece_rows[0]] for row in rows
            ):
                piece_rows.pop(0)
        if number and rows and piece_rows and _split_row(rows[-1], piece_rows[0], rows):
            _rejoin(rows, piece_rows.pop(0), piece_rows)
        rows.extend(piece_rows)
    grid = Grid(index)
    for row in rows:
        grid.rows.append([GridCell(col, span, text, i, continued) for i, (col, span, text, continued) in enumerate(row)])
    return grid


_FRESH_LABEL = re.compile(r"^\s*(?:[(（][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、.．]|\d+[、.．])")


def _split_row(last: list[list], first: list[list], earlier: list[list[list]]) -> bool:
    """Whether the first row of a table's piece on the next page is the end of the last row
    before the break: it has no figure, its text lies only under cells of the row above as
    wide as its own that hold text, not figures (a heading row across the table is not), none
    of it begins a numbered label, and it does not repeat a row above (a header repeated on
    the new page)."""
    texts = [c for c in first if c[2].strip() and not c[3]]
    if not texts or any(_figure(c[2]) for c in first) or any(_FRESH_LABEL.match(c[2]) for c in texts):
        return False
    above = {c[0]: c for c in last}
    if not all(c[0] in above and above[c[0]][1] == c[1] and above[c[0]][2].strip() and not _figure(above[c[0]][2]) for c in texts):
        return False
    shown = [c[2] for c in first]
    return not any([c[2] for c in row] == shown for row in earlier)


def _rejoin(rows: list[list[list]], first: list[list], after: list[list[list]]) -> None:
    """The split row's text put back together (in a merged cell, in the cell it began in and
    every row it covers); cells below that continue the merged cell repeat the whole text."""
    for cell in first:
        if not cell[2].strip():
            continue
        covered = []  # the merged cell's rows up to the break, last first
        for row in reversed(rows):
            above = next((c for c in row if c[0] == cell[0]), None)
            if above is None:
                break
            covered.append(above)
            if not above[3]:
                break
        whole = (covered[-1][2] if covered else "") + cell[2]
        for above in covered:
            above[2] = whole
        for row in after:
            below = next((c for c in row if c[0] == cell[0]), None)
            if below is None or not below[3]:
                break
            below[2] = whole


def _items(path: Path) -> list:
    """Paragraph texts and grids of the whole document, in reading order."""
    pdf, pages = _open(path)
    try:
        if len(pages) > MAX_PDF_PAGES:
            raise UserError(f"{path} 有 {len(pages)} 页，远超年度报告的篇幅，已拒绝读取")
        flow: list = []  # _Line or Grid, by page and position
        any_text = False
        budget = PdfBudget(path)
        garbled: Counter = Counter()  # characters: unmapped / looked at
        for number, page in enumerate(pages, start=1):
            try:
                budget.check_page(page, number)  # before pdfminer inflates and lays out the page
                page = page.dedupe_chars()
                ruled = page.filter(_not_background)
                found = ruled.find_tables({"explicit_horizontal_lines": _open_ends(ruled.edges)})
                any_text = any_text or bool(page.chars)
                garbled.update(_garbled(page.chars))
                boxes = [t.bbox for t in found]
                placed = [(t.bbox[1], "grid", t) for t in found]
                lines = _lines(_outside(page, boxes), number, float(page.height))
            except UserError:
                raise
            except Exception as exc:  # noqa: BLE001 - a damaged page
                raise UserError(f"{path} 第 {number} 页无法读取（{type(exc).__name__}），文件可能已损坏，请重新下载") from None
            entries = [(line.top, "line", line) for line in lines] + placed + [(top, "image", image) for top, image in _pictures(page, number)]
            for _, kind, item in sorted(entries, key=lambda e: e[0]):
                flow.append(_found_table(page, item, number) if kind == "grid" else item)
        if garbled["seen"] >= 50 and garbled["bad"] > 0.2 * garbled["seen"]:
            raise UserError(
                f"{path} 的文字层无法识别（PDF 中的字体没有正确的文字编码，复制出来是乱码，常见于用“Microsoft Print to PDF”"
                "等虚拟打印机生成的文件），无法读取其中的文字和表格；请向发布单位索取 Word 原稿，或请其用“另存为 PDF/导出 PDF”重新生成"
            )
        if not any_text:
            raise UserError(
                f"{path} 没有文字层（是扫描或拍照得到的图片 PDF，共 {len(pages)} 页），无法读取其中的文字和表格；"
                "请向发布单位索取 Word 原稿或可复制文字的 PDF，或先用文字识别（OCR）软件转换"
            )
    finally:
        pdf.close()
    return _paragraphs(_chain_tables(_drop_running(flow, len(pages))))


def _chain_tables(flow: list) -> list:
    """Tables as grids; a table whose next piece opens the next page (nothing but running
    headers and footers between them) is one table."""
    out: list = []
    chain: list[_Table] = []
    count = 0

    def close() -> None:
        nonlocal count
        if chain:
            out.append(_chain_grid(list(chain), count))
            count += 1
            chain.clear()

    for item in flow:
        if isinstance(item, _Table):
            if chain and item.page != chain[-1].page + 1:
                close()
            chain.append(item)
            continue
        close()
        out.append(item)
    close()
    return out


# a portal page printed to PDF: the article's publishing line and its print/close links
_PORTAL_LINE = re.compile(r"^(?:(?:发布时间|发布日期|信息来源|来源|浏览次数|点击数|访问量|字号)\s*[:：]|【打印本页】|【关闭窗口】)")


def _garbled(chars) -> Counter:
    """How many of the page's non-ASCII characters are ones a font without a proper Unicode
    map produces: "(cid:123)", private-use code points, rare CJK extension ideographs."""
    out: Counter = Counter()
    for c in chars:
        t = c["text"]
        if t.isascii() and not t.startswith("(cid:"):
            continue
        out["seen"] += 1
        code = ord(t[0]) if len(t) == 1 else 0
        if t.startswith("(cid:") or 0xE000 <= code <= 0xF8FF or 0x3400 <= code <= 0x4DBF or code >= 0x20000:
            out["bad"] += 1
    return out


def _signature(text: str) -> str:
    return re.sub(r"\d+", "#", unicodedata.normalize("NFKC", text).replace(" ", ""))


def _drop_running(flow: list, pages: int) -> list:
    """Without running headers, footers and page numbers (lines in a page's top or bottom
    margin that are page numbers, or that recur on several pages), nor a printed portal
    page's 发布时间 line and print links."""
    def in_margin(line) -> bool:
        return line.top_share < MARGIN or line.bottom_share > 1 - MARGIN

    seen: dict[str, set[int]] = {}
    for item in flow:
        if isinstance(item, _Line) and in_margin(item):
            seen.setdefault(_signature(item.text), set()).add(item.page)
    running = {s for s, on in seen.items() if len(on) >= 2 and len(on) >= pages / 2}
    out = []
    for item in flow:
        if isinstance(item, _Line) and _PORTAL_LINE.match(item.text):
            continue
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
        if isinstance(item, (Grid, _Image)):
            flush()
            out.append(item)
            prev = None
            continue
        line = item
        starts = (
            prev is None
            or line.x0 - left > 0.8 * line.size  # indented first line, centred title
            or (right - prev.x1 > 1.5 * prev.size and _ends_paragraph(current))  # the previous line stopped short
            or (line.page == prev.page and line.top - prev.top > 1.5 * pitch)  # a wider gap
        )
        if starts:
            flush()
        current.append(line.text)
        prev = line
    flush()
    return out


_CLOSING = "。！？!?；;：:…”’）)】》"


def _ends_paragraph(lines: list[str]) -> bool:
    """Whether a line that stopped short of the right margin ends its paragraph: it closes a
    sentence, or the paragraph so far is a heading or a short line of its own (a line that
    stopped short mid-sentence was only broken early before an unbreakable run such as
    "〔2019〕60号" or an e-mail address)."""
    from ..text.outline import heading_part

    last = lines[-1].rstrip() if lines else ""
    return not last or last[-1] in _CLOSING or (len(lines) == 1 and (heading_part(last) is not None or len(last) <= 20))


def _glue(lines: list[str]) -> str:
    text = lines[0]
    for nxt in lines[1:]:
        if text[-1:].isascii() and text[-1:].isalnum() and nxt[:1].isascii() and nxt[:1].isalnum():
            text += " "
        text += nxt
    return text

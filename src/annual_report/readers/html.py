"""Reading a report published as a web page (.html/.htm) — a reader plugin.

Portals publish the report inside a CMS page (menus, breadcrumbs, a footer around it), in
UTF-8 or GBK/GB2312/GB18030 (declared in a ``<meta>`` or not), with the tables as HTML tables
(rowspan/colspan) and the text in ``<p>``, ``<div>``, ``<span>`` or lines separated by
``<br>``.  The page is parsed with lxml's HTML parser; the report is the part of the page
that holds the six part headings and the statutory tables; tables are turned into grids
(a rowspan continues a cell downwards, like Word's vMerge) and mapped by label as in a .docx.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ..files.reading import Bounds, read_bounded
from ..model.errors import UserError
from ..model.report import FrozenDict, ReadIssue, Report
from ..model.limits import MAX_HTML_BYTES, MAX_TABLE_ROWS
from .budgets import check_html_nodes
from ..plugins.hookspecs import hookimpl
from .grid import Grid, GridCell
from .values import is_figure

SKIP = {"script", "style", "noscript", "template", "head", "title", "nav", "header", "footer", "aside", "form", "button", "select", "textarea", "iframe", "object", "svg", "map"}
BLOCK = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "main", "body", "html",
    "blockquote", "pre", "dd", "dt", "dl", "center", "address", "figure", "figcaption", "hr", "caption", "fieldset",
    "tr", "td", "th", "tbody", "thead", "tfoot",
}
CJK_WIDTHS = {"W", "F"}
RUNNING = {"header", "footer"}  # LibreOffice/Word export a page header/footer as <div title="header">


class HtmlReader:
    name = "html"
    suffixes = (".html", ".htm", ".shtml", ".xhtml")  # what a folder is searched for

    def accepts(self, path: Path) -> bool:
        return Path(path).suffix.lower() in self.suffixes

    def read(self, path: Path) -> Report:
        path = Path(path)
        root = parse_page(path)
        from .published import report_from_stream

        start, root, earlier_missing = _first_page(path, root)
        stream = _page_stream(root, start, earlier_missing)
        report = report_from_stream(stream, path, "html")
        generator = page_generator(root)
        if not generator:
            return report
        from dataclasses import replace

        return replace(report, meta=FrozenDict({**report.meta, "generator": generator}))


def page_generator(root) -> str:
    """The program a page says wrote it (``<meta name="generator" content="…">``), "" if none."""
    for meta in root.iter("meta"):
        if (meta.get("name") or "").strip().lower() == "generator":
            return (meta.get("content") or "").strip()[:200]
    return ""


# --- an article split over several pages ("第1页 下一页") ---------------------------------------

MAX_ARTICLE_PAGES = 20
_PAGER = re.compile(r"^(?:共\s*\d+\s*页\s*)?(?:(?:首页|上一页|下一页|尾页|末页|第\s*\d+\s*页|\d+|[<>«»]+)\s*)+$")


def _next_page(root, label: str = "下一页"):
    """The href of the article's "下一页" (or "上一页") link, if the page has one."""
    for a in root.iter("a"):
        if (a.text_content() or "").strip() == label and (a.get("href") or "").strip() not in ("", "#"):
            return a.get("href").strip()
    return None


def _first_page(path: Path, root):
    """(path, tree, whether earlier pages are missing) of the article's first page saved
    beside ``path``: a later page of a paged article is read from the first page on."""
    seen = {path.resolve()}
    while len(seen) < MAX_ARTICLE_PAGES:
        href = _next_page(root, "上一页")
        if not href:
            return path, root, False
        previous = _local(path, href)
        if previous is None:
            return path, root, True
        if previous.resolve() in seen:
            return path, root, False
        seen.add(previous.resolve())
        path, root = previous, parse_page(previous)
    return path, root, False


def _local(path: Path, href: str) -> Path | None:
    """A link to a file saved beside the page (no scheme, no other folder)."""
    from urllib.parse import unquote, urlparse

    url = urlparse(href)
    name = unquote(url.path).rsplit("/", 1)[-1]
    if not name:
        return None
    candidate = path.parent / name
    return candidate if candidate.is_file() and candidate.resolve() != path.resolve() else None


def _container_key(el) -> tuple:
    return (el.tag, el.get("id"), el.get("class"))


@hookimpl
def register_readers(register):
    register(HtmlReader())


# --- bytes to a tree ---------------------------------------------------------------------------


def declared_encoding(raw: bytes) -> str | None:
    """The charset a page declares in its ``<meta>`` (parsed, not searched for)."""
    import lxml.html

    head = raw[:8192].decode("latin-1")
    try:
        tree = lxml.html.document_fromstring(head)
    except Exception:  # noqa: BLE001 - no parsable head: nothing declared
        return None
    for meta in tree.iter("meta"):
        if meta.get("charset"):
            return meta.get("charset").strip().lower()
        if (meta.get("http-equiv") or "").lower() == "content-type":
            content = (meta.get("content") or "").lower()
            if "charset=" in content:
                return content.split("charset=", 1)[1].split(";")[0].strip().strip("\"'")
    return None


def decode_page(raw: bytes, path: Path) -> str:
    """The page's text: its BOM; UTF-8 when the bytes are valid UTF-8 with some non-ASCII in
    them (a CMS template often declares gb2312 over UTF-8 text, and Chinese text in GBK is
    practically never valid UTF-8); then its declared charset, then GB18030 (GBK and GB2312
    are subsets, so a page that declares one of them is decoded as GB18030)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    if not raw.isascii():
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
    declared = declared_encoding(raw)
    candidates = []
    if declared:
        if declared.replace("-", "").replace("_", "") in ("gbk", "gb2312", "gb18030", "cp936", "xgbk", "euccn", "hzgb2312"):
            declared = "gb18030"
        candidates.append(declared)
    candidates += ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            return raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise UserError(f"无法读取 {path}：网页既不是 UTF-8 也不是 GBK/GB18030 编码，请在浏览器中“另存为”网页后再读取")


BOUNDS = Bounds(
    MAX_HTML_BYTES,
    "{path} 过大（{mb} MB），不像年度报告网页，已拒绝读取",
    empty="{path} 是空文件，请重新保存网页",
    refuse=(
        (b"%PDF-", "{path} 不是网页（实际是 PDF 文件），请按实际格式改正扩展名"),
        (b"PK\x03\x04", "{path} 不是网页（实际是 压缩包/Office 文件），请按实际格式改正扩展名"),
    ),
)


def parse_page(path: Path):
    import lxml.html

    raw = read_bounded(path, BOUNDS)
    check_html_nodes(raw, path)  # before lxml builds a tree of every element
    text = decode_page(raw, path)
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        return lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except Exception as exc:  # noqa: BLE001 - lxml's ParserError on a page with no content
        raise UserError(f"{path} 不是可以读取的网页（{exc}）") from None


# --- text as a browser lays it out --------------------------------------------------------------


def _is_cjk(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in CJK_WIDTHS


def collapse(text: str) -> str:
    """White space as a browser shows it: a run becomes one space, but a line break between
    two Chinese characters disappears (the source was wrapped, not spaced); &nbsp; is a space."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in " \t\n\r\f":
            j = i
            while j < n and text[j] in " \t\n\r\f":
                j += 1
            before = out[-1][-1] if out and out[-1] else ""
            after = text[j] if j < n else ""
            if not ("\n" in text[i:j] and before and after and _is_cjk(before) and _is_cjk(after)):
                out.append(" ")
            i = j
            continue
        out.append(" " if ch == "\xa0" else ch)
        i += 1
    return "".join(out)


class _Lines:
    """Inline text gathered into paragraphs: a block element or a ``<br>`` ends one."""

    def __init__(self, sink) -> None:
        self.buffer: list[str] = []
        self.sink = sink

    def add(self, text: str | None) -> None:
        if text:
            self.buffer.append(text)

    def flush(self) -> None:
        if self.buffer:
            self.sink(collapse("".join(self.buffer)).strip())
            self.buffer = []


def element_text(el) -> str:
    """The text of a table cell: its paragraphs joined (as a Word cell's paragraphs are)."""
    return "".join(payload for kind, payload, _ in _blocks(el) if kind == "text")


def table_rows(table) -> list:
    """The table's own rows (in thead/tbody/tfoot or directly), not its nested tables'."""
    rows = []
    for child in table:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(r for r in child if isinstance(r.tag, str) and r.tag.lower() == "tr")
    return rows


def _span(el, name: str) -> int:
    try:
        return max(1, min(int((el.get(name) or "1").strip().rstrip(";")), 100))
    except ValueError:
        return 1


def table_grid(table, index: int) -> Grid:
    """The grid of an HTML table: colspan as span; a cell under a rowspan repeats the text
    above as a continuation (like a vMerge continuation in Word)."""
    grid = Grid(index)
    below: dict[int, tuple[int, int, str]] = {}  # grid col -> (rows left, span, text)
    for tr in table_rows(table)[:MAX_TABLE_ROWS]:
        cells = [c for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]
        out: list[tuple[int, int, str, bool]] = []
        col = 0
        pending = iter(cells)
        cell = next(pending, None)
        while cell is not None or any(c >= col for c in below):
            if col in below:
                left, span, text = below[col]
                out.append((col, span, text, True))
                if left <= 1:
                    del below[col]
                else:
                    below[col] = (left - 1, span, text)
                col += span
                continue
            if cell is None:
                col = min(c for c in below if c >= col)
                continue
            span, rows = _span(cell, "colspan"), _span(cell, "rowspan")
            text = element_text(cell)
            out.append((col, span, text, False))
            if rows > 1:
                below[col] = (rows - 1, span, text)
            col += span
            cell = next(pending, None)
        grid.rows.append([GridCell(c, s, t, i, cont) for i, (c, s, t, cont) in enumerate(out)])
    return grid


# --- the report inside the page ----------------------------------------------------------------


def _blocks(root):
    """(kind, payload, element): the paragraphs ("text", str) and tables ("table", element)
    inside ``root``, in order."""
    out: list = []
    current = [root]

    def sink(text: str) -> None:
        if text:
            out.append(("text", text, current[-1]))

    lines = _Lines(sink)

    def walk(el) -> None:
        lines.add(el.text)
        for child in el:
            tag = child.tag.lower() if isinstance(child.tag, str) else ""
            if tag in SKIP or not tag or (child.get("title") or "").lower() in RUNNING or _list_spacer(child):
                pass
            elif tag == "br":
                lines.flush()
            elif tag == "img":
                if _large(child):
                    lines.flush()
                    out.append(("image", child.get("src") or "", child))
            elif tag == "table":
                lines.flush()
                out.append(("table", child, child))
            elif tag in BLOCK:
                lines.flush()
                current.append(child)
                walk(child)
                lines.flush()
                current.pop()
            else:
                current.append(child)
                walk(child)
                current.pop()
            lines.add(child.tail)

    walk(root)
    lines.flush()
    return out


def _list_spacer(el) -> bool:
    """Word's tab after a list number ("一、" then <span style='font:7.0pt "Times New Roman"'>
    &nbsp;&nbsp;</span>): layout, not text."""
    style = (el.get("style") or "").replace(" ", "").lower()
    return style.startswith("font:7.0pt") and not (el.text_content() or "").replace("\xa0", "").strip()


def _large(img) -> bool:
    """A picture that may hold a table: not an icon (declared smaller than 100 px)."""
    for name in ("width", "height"):
        value = (img.get(name) or "").strip().lower().removesuffix("px")
        if value.isdigit() and int(value) < 100:
            return False
    return True


def _page_stream(root, path: Path, earlier_missing: bool = False):
    from ..text.outline import heading_part
    from .published import Stream
    from .tables import is_statutory

    stream = Stream()
    blocks: list = []  # flattened: layout tables opened up, statutory tables kept as grids
    index = [0]

    def expand(items) -> None:
        for kind, payload, el in items:
            if kind in ("text", "image"):
                blocks.append((kind, payload, el))
                continue
            grid = table_grid(payload, index[0])
            index[0] += 1
            if is_statutory(grid):
                blocks.append(("grid", grid, el))
            else:  # a layout table, a box: its cells are read as text (and tables)
                blocks.append(("other", grid, el))
                for row in table_rows(payload):
                    for cell in row:
                        if isinstance(cell.tag, str) and cell.tag.lower() in ("td", "th"):
                            expand(_blocks(cell))

    body = root.find("body")
    expand(_blocks(body if body is not None else root))
    headings = [(i, heading_part(b[1])) for i, b in enumerate(blocks) if b[0] == "text" and heading_part(b[1])]
    grids = [i for i, b in enumerate(blocks) if b[0] == "grid"]
    firsts = [i for i, n in headings if n == "一"]
    if len(firsts) > 1:
        names = []
        for k, i in enumerate(firsts):
            title = next((b[1] for b in reversed(blocks[:i]) if _title_like(b)), None)
            names.append(f"“{title}”" if title and f"“{title}”" not in names else f"第{k + 1}份")
        raise UserError(f"{path} 中有 {len(firsts)} 份年度报告（{'、'.join(names)}，“一、总体情况”出现了 {len(firsts)} 次），无法确定读取哪一份；请把每份报告分别保存为一个网页再读取")
    if not headings and not grids:
        raise UserError(f"{path} 中没有找到年度报告：网页里没有“一、总体情况”等部分标题，也没有法定表格（可能是栏目列表页或报告附件的下载页，请打开报告正文页面后保存）")
    container = _common_ancestor([blocks[i][2] for i, _ in headings] + [blocks[i][2] for i in grids])
    inside = [b for b in blocks if b[2] is container or container in b[2].iterancestors()]
    first = blocks.index(inside[0])
    before_parts = inside[: next((k for k, b in enumerate(inside) if b[0] == "text" and heading_part(b[1])), len(inside))]
    if not any(_title_like(b) for b in before_parts):
        # the title sits outside the article body (an <h1> in the page header of the article)
        title = next((b for b in reversed(blocks[:first]) if _title_like(b)), None)
        if title is not None:
            inside.insert(0, title)
    pages = [inside]
    href, seen = _next_page(root), {path.resolve()}
    while href and len(pages) < MAX_ARTICLE_PAGES:
        following = _local(path, href)
        if following is None or following.resolve() in seen:
            if following is None:
                stream.issues.append(ReadIssue("pages_not_saved", data=FrozenDict(read=len(pages), link=href[:80])))
            break
        seen.add(following.resolve())
        page_root = parse_page(following)
        pages.append(_same_container(page_root, container, index))
        href = _next_page(page_root)
    if earlier_missing and not any(i.kind == "pages_not_saved" for i in stream.issues):
        stream.issues.append(ReadIssue("pages_not_saved", data=FrozenDict(read=len(pages), link="")))
    for blocks_of_page in pages:
        for kind, payload, _ in blocks_of_page:
            if kind == "text":
                if not _PAGER.match(payload):
                    stream.paragraph(payload)
            elif kind == "image":
                stream.image()
            else:
                stream.table(payload)
    return stream


def _same_container(root, container, index: list[int]) -> list:
    """The blocks of the element of another page of the article that holds the report as
    ``container`` does on the first page (the CMS's template: same tag, id and class)."""
    key = _container_key(container)
    match = next((el for el in root.iter() if isinstance(el.tag, str) and _container_key(el) == key), None)
    if match is None:
        body = root.find("body")
        match = body if body is not None else root
    out = []
    from .tables import is_statutory

    def expand(items) -> None:
        for kind, payload, el in items:
            if kind in ("text", "image"):
                out.append((kind, payload, el))
                continue
            grid = table_grid(payload, index[0])
            index[0] += 1
            if is_statutory(grid) or any(is_figure(c.text) for row in grid.rows for c in row):
                out.append(("grid", grid, el))
            else:
                for row in table_rows(payload):
                    for cell in row:
                        if isinstance(cell.tag, str) and cell.tag.lower() in ("td", "th"):
                            expand(_blocks(cell))

    expand(_blocks(match))
    return out


def _title_like(block) -> bool:
    return block[0] == "text" and "年度报告" in block[1] and len(block[1]) <= 80 and not block[1].startswith("本报告")


def _common_ancestor(elements):
    chains = []
    for el in elements:
        chain = [el, *el.iterancestors()]
        chains.append(chain[::-1])
    common = None
    for level in zip(*chains):
        if all(x is level[0] for x in level):
            common = level[0]
        else:
            break
    if common is not None and len(elements) == 1 and common is elements[0] and common.getparent() is not None:
        common = common.getparent()
    return common

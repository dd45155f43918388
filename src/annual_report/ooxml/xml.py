"""Walking WordprocessingML directly (lxml): paragraph text as it reads after accepting
tracked changes, table rows and cells (content controls unwrapped)."""

from __future__ import annotations

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


P, T, TBL, TR, TC, TAB, BR, CR = (w(x) for x in ("p", "t", "tbl", "tr", "tc", "tab", "br", "cr"))
TXBX = w("txbxContent")
SDT, SDT_CONTENT = w("sdt"), w("sdtContent")
# Content that is not part of the text as it reads after accepting all changes, or that is
# collected elsewhere (text boxes, nested tables), or mere properties.
SKIP = {w("del"), w("moveFrom"), w("delText"), w("pPr"), w("rPr"), w("sectPr"), w("tblPr"), w("trPr"), w("tcPr"), TXBX, TBL, f"{{{MC}}}Fallback", w("instrText"), w("commentReference")}
REVISIONS = {w("ins"), w("del"), w("moveFrom"), w("moveTo")}
VAL = w("val")


def _collect(el, out: list[str]) -> None:
    for child in el:
        tag = child.tag
        if tag in SKIP or not isinstance(tag, str):
            continue
        if tag == T:
            if child.text:
                out.append(child.text)
        elif tag == TAB:
            out.append(" ")
        elif tag == BR or tag == CR:
            out.append("\n")
        else:
            _collect(child, out)


def paragraph_text(p) -> str:
    """The text of ``p``, at most :data:`~annual_report.model.limits.MAX_PARAGRAPH_CHARS`
    characters (see :func:`paragraph_too_long`)."""
    from ..model.limits import MAX_PARAGRAPH_CHARS

    out: list[str] = []
    _collect(p, out)
    return "".join(out)[:MAX_PARAGRAPH_CHARS]


def paragraph_too_long(text: str) -> bool:
    """Whether ``text`` (from :func:`paragraph_text`) was cut at the paragraph cap."""
    from ..model.limits import MAX_PARAGRAPH_CHARS

    return len(text) >= MAX_PARAGRAPH_CHARS


def textbox_paragraphs(p) -> list[str]:
    """Paragraphs inside text boxes anchored in ``p`` (the DrawingML choice only, not the VML
    fallback that repeats it)."""
    texts = []
    for box in p.iter(TXBX):
        parent = box.getparent()
        fallback = False
        while parent is not None and parent is not p:
            if parent.tag == f"{{{MC}}}Fallback":
                fallback = True
                break
            parent = parent.getparent()
        if fallback:
            continue
        for inner in box.iter(P):
            text = paragraph_text(inner).strip()
            if text:
                texts.append(text)
    return texts


def has_revisions(body) -> bool:
    for tag in REVISIONS:
        for _ in body.iter(tag):
            return True
    return False


def body_blocks(body):
    """Top-level paragraphs and tables of the body in order (content controls unwrapped)."""
    for child in body:
        if child.tag == P or child.tag == TBL:
            yield child
        elif child.tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from body_blocks(content)


def int_attr(el, default: int) -> int:
    """A span attribute (``w:gridSpan``, ``w:gridBefore``): its w:val within
    ``0..MAX_GRID_SPAN``, ``default`` when absent or not a number."""
    from ..model.limits import MAX_GRID_SPAN

    if el is None:
        return default
    value = (el.get(VAL) or "").strip()
    if not (value.isascii() and value.isdigit()):
        return default
    return min(int(value[:10]), MAX_GRID_SPAN)


def cell_elements(tr):
    """The w:tc of a row (content controls and custom XML unwrapped)."""
    for child in tr:
        if child.tag == TC:
            yield child
        elif child.tag in (SDT, w("customXml")):
            content = child.find(SDT_CONTENT) if child.tag == SDT else child
            if content is not None:
                yield from cell_elements(content)



def cell_blocks(tc):
    """The paragraphs and tables of a cell, in order (like :func:`body_blocks`)."""
    return body_blocks(tc)


def cell_text(tc) -> str:
    parts = []
    for child in tc:
        if child.tag == P:
            parts.append(paragraph_text(child))
    return "".join(parts)

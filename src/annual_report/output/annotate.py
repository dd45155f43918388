"""An annotated copy of a draft: one Word comment per finding, on the cell or paragraph it
concerns, or on the very words (a figure, a citation) when the finding quotes them: the runs
holding them are split in the copy so that the comment covers those words only, the text and
its formatting unchanged.  The original file is never written to."""

from __future__ import annotations

import io
from pathlib import Path

from ..model.findings import Finding

AUTHOR = "年报检查"
INITIALS = "检"


def _anchor_runs(paragraph):
    runs = paragraph.runs
    if not runs:
        runs = [paragraph.add_run("")]  # a blank cell: anchor on an empty run
    return runs


def _pieces(element, out: list) -> list:
    """(run, content element, text) of a paragraph in reading order, as
    :func:`annual_report.ooxml.xml.paragraph_text` reads it (deleted text skipped)."""
    from ..ooxml.xml import BR, CR, SKIP, TAB, T, w

    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in SKIP:
            continue
        if tag == w("r"):
            for c in child:
                if c.tag == T:
                    out.append((child, c, c.text or ""))
                elif c.tag == TAB:
                    out.append((child, c, " "))
                elif c.tag in (BR, CR):
                    out.append((child, c, "\n"))
        else:
            _pieces(child, out)
    return out


def _find_quote(text: str, quote: str, near: int | None) -> tuple[int, int] | None:
    """Where ``quote`` is in ``text`` (both compared after NFKC, as the rules read them), the
    occurrence nearest ``near``: (start, end) in ``text``."""
    import unicodedata

    norm, origin = [], []
    for i, ch in enumerate(text):
        for n in unicodedata.normalize("NFKC", ch):
            norm.append(n)
            origin.append(i)
    norm_text, want = "".join(norm), unicodedata.normalize("NFKC", quote)
    if not want:
        return None
    found, at = [], norm_text.find(want)
    while at >= 0:
        found.append((origin[at], origin[at + len(want) - 1] + 1))
        at = norm_text.find(want, at + 1)
    if not found:
        return None
    return min(found, key=lambda span: abs(span[0] - (near or 0)))


def _split_before(run, child, k: int) -> None:
    """Split ``run`` so that a new run, with the same properties, starts at character ``k`` of
    its content element ``child`` (a w:t when ``k`` > 0)."""
    from copy import deepcopy

    from ..ooxml.xml import w

    content = [c for c in run if c.tag != w("rPr")]
    if k == 0 and content and content[0] is child:
        return  # the run already starts there
    second = deepcopy(run)
    for c in [c for c in second if c.tag != w("rPr")]:
        second.remove(c)
    moving = content[content.index(child) + (1 if k else 0) :]
    if k:
        tail = deepcopy(child)
        child.text, tail.text = child.text[:k], child.text[k:]
        for t in (child, tail):
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        second.append(tail)
    for c in moving:
        second.append(c)
    run.addnext(second)


def _split_at(paragraph_element, offset: int) -> None:
    """Make a run boundary at character ``offset`` of the paragraph's text."""
    pos = 0
    for run, child, text in _pieces(paragraph_element, []):
        if pos <= offset < pos + len(text) or (offset == pos and not text):
            _split_before(run, child, offset - pos)
            return
        pos += len(text)


def _quoted_runs(paragraph, quote: str, near: int | None):
    """The runs holding exactly ``quote`` in ``paragraph`` (split as needed), or None."""
    from docx.text.run import Run

    p = paragraph._p
    span = _find_quote("".join(t for _, _, t in _pieces(p, [])), quote, near)
    if span is None:
        return None
    start, end = span
    _split_at(p, end)
    _split_at(p, start)
    runs, pos = [], 0
    for run, _, text in _pieces(p, []):
        if start <= pos < end and (not runs or runs[-1] is not run):
            runs.append(run)
        pos += len(text)
    return [Run(runs[0], paragraph), Run(runs[-1], paragraph)] if runs else None


def _cell_paragraph(document, cell: tuple[int, int, int]):
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph

    from ..ooxml.xml import TBL, TR, cell_elements

    t, r, c = cell
    tables = list(document.element.body.iter(TBL))
    if t >= len(tables):
        return None
    rows = tables[t].findall(TR)
    if r >= len(rows):
        return None
    cells = list(cell_elements(rows[r]))
    if c >= len(cells):
        return None
    tc = cells[c]
    paragraphs = _Cell(tc, None).paragraphs
    return paragraphs[0] if paragraphs else Paragraph(tc.add_p(), None)


def _fallback_paragraph(document, finding: Finding, report):
    """The part heading, the table's first cell, or the title."""
    loc = finding.location
    paragraphs = document.paragraphs
    if report is not None and loc.table:
        table = report.tables.get(loc.table)
        if table is not None and table.sources:
            first = min(table.sources.values(), key=lambda ref: (ref.table, ref.row, ref.cell))
            p = _cell_paragraph(document, (first.table, first.row, first.cell))
            if p is not None:
                return p
    if report is not None and loc.part:
        part = report.part(loc.part)
        if part is not None and part.source is not None and 0 <= part.source < len(paragraphs):
            return paragraphs[part.source]
        if part is not None:  # a heading inside a layout table: found by its text
            found = _paragraph_with_text(document, part.heading)
            if found is not None:
                return found
    if report is not None and report.title:
        found = _paragraph_with_text(document, report.title)
        if found is not None:
            return found
    for p in paragraphs:
        if p.text.strip():
            return p
    found = _paragraph_with_text(document, None)  # the first text anywhere (a layout table)
    return found if found is not None else document.add_paragraph("")


def _paragraph_with_text(document, text: str | None):
    """The first paragraph anywhere in the body (tables too) whose text, without spaces,
    starts with ``text`` (any text when None)."""
    from docx.text.paragraph import Paragraph

    from ..ooxml.xml import P, paragraph_text

    want = "".join((text or "").split())
    for p in document.element.body.iter(P):
        have = "".join(paragraph_text(p).split())
        if have and have.startswith(want[:12]):
            return Paragraph(p, None)
    return None


def comment_text(f: Finding) -> str:
    text = f"{f.code}【{f.severity.label}】{f.message}"
    if f.hint:
        text += f"\n建议：{f.hint}"
    return text


def _open(source: Path):
    """The draft as a python-docx document, its parts checked first; a broken part (styles,
    relationships, a missing picture) is the draft's problem, said in Chinese."""
    import docx

    from ..model.errors import UserError
    from ..ooxml.package import check_package

    check_package(source)
    try:
        return docx.Document(io.BytesIO(source.read_bytes()))
    except Exception as exc:  # noqa: BLE001 - lxml, KeyError of a missing part, python-docx's own
        detail = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise UserError(f"无法在 {source} 上写批注：文档的某个部件（样式、关系或图片）已损坏（{detail}）。请用 Word 打开后另存为 .docx 再试") from None


def annotate(source: Path, findings: list[Finding], out: Path, report=None) -> int:
    """Write ``out``: a copy of ``source`` with one comment per finding.  Returns the count."""
    from ..model.errors import UserError
    from ..files.writing import write_atomic

    source, out = Path(source), Path(out)
    if out.resolve() == source.resolve():
        raise UserError("批注副本不能覆盖原稿，请用另一个文件名")
    document = _open(source)
    paragraphs = document.paragraphs
    count = 0
    for f in findings:
        loc = f.location
        target = None
        if loc.cell is not None:
            target = _cell_paragraph(document, tuple(loc.cell))
        if target is None and loc.docx_paragraph is not None and 0 <= loc.docx_paragraph < len(paragraphs):
            target = paragraphs[loc.docx_paragraph]
        if target is None:
            target = _fallback_paragraph(document, f, report)
        runs = _quoted_runs(target, loc.quote, loc.quote_at) if loc.quote else None
        document.add_comment(runs or _anchor_runs(target), text=comment_text(f), author=AUTHOR, initials=INITIALS)
        count += 1
    buffer = io.BytesIO()
    document.save(buffer)
    write_atomic(out, buffer.getvalue())
    return count

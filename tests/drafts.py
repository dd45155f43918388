"""Drafts written the way offices write them in Word or WPS — independent of our template.

``write_draft(data, path, style)`` writes a .docx from a yearly data dict with python-docx
and raw XML: official merged layout or flat, split tables, subtotal rows and columns, every
value style (0, blank, "—", "/", "无", full-width digits, "12件", "1,234"), labels with odd
spacing, full-width brackets, "1、", line breaks, tracked changes, a text box.  The bench
uses it too, to make realistic corpora.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from annual_report.model.layout import (
    B_COMPONENT_COLUMNS,
    B_HEADER_NOTE,
    C_RESULT_COLUMNS,
    PART_TITLES,
    table_layout,
)

FULL = str.maketrans("0123456789", "０１２３４５６７８９")
MISSING_STYLES = ("", "—", "/", "无", "-", "——", "－", " ")


@dataclass
class DraftStyle:
    merged: bool = True  # official merged header cells and group labels
    split_b_at: int | None = None  # split table B into two Word tables before this data row
    one_table: bool = False  # all three statutory tables in one Word table
    subtotal_rows: bool = False  # add （三）…（六） subtotal rows
    subtotal_column: bool = False  # add a 法人或其他组织 小计 column
    value_style: str = "plain"  # plain | full-width | unit | mixed
    label_style: str = "plain"  # plain | spaced | halfwidth | comma-numbering | paren-numbering | linebreak
    tracked_changes: bool = False
    comments: bool = False  # reviewers' Word comments on a paragraph and on a table cell
    textbox: bool = False
    layout_table: bool = False  # the whole report inside one 1×1 table (a layout some templates use)
    note_table: bool = False  # part 六's first paragraph in a small bordered table (a "box")
    heading_style: str = "numbered"  # numbered | bold | variant
    wps: bool = False
    seed: int = 0
    rng: random.Random = field(default=None, repr=False)

    def __post_init__(self):
        self.rng = random.Random(self.seed)


# --- text styles ---------------------------------------------------------------------------


def value_text(value, style: DraftStyle, kind: str = "count") -> str:
    rng = style.rng
    if value is None:
        return rng.choice(MISSING_STYLES)
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:.2f}"
    else:
        text = str(int(value))
        if kind == "signed" and value > 0:
            text = "+" + text
    mode = style.value_style if style.value_style != "mixed" else rng.choice(["plain", "full-width", "unit", "sep"])
    if mode == "full-width":
        return text.translate(FULL)
    if mode == "unit":
        return text + ("万元" if kind == "amount" else "件")
    if mode == "sep" and len(text) > 3 and "." not in text:
        return f"{text[:-3]},{text[-3:]}"
    return text


def label_text(label: str, style: DraftStyle) -> str:
    mode = style.label_style
    if mode == "spaced":
        return " ".join(label[:4]) + label[4:] if len(label) > 6 else label
    if mode == "halfwidth":
        return label.replace("（", "(").replace("）", ")")
    if mode == "comma-numbering":
        return re.sub(r"^(\d)\.", r"\1、", label)
    if mode == "paren-numbering":
        return re.sub(r"^(\d)\.", r"（\1）", label)
    if mode == "linebreak" and len(label) > 10:
        return label[:8] + "\n" + label[8:]
    return label


# --- low-level cell writing ------------------------------------------------------------------


def set_text(cell, text: str, style: DraftStyle, tracked_old: str | None = None) -> None:
    p = cell.paragraphs[0]
    lines = text.split("\n")
    if tracked_old is not None and style.tracked_changes:
        # the old value deleted, the new one inserted — as Word writes a revision
        p._p.append(
            parse_xml(
                f'<w:del {nsdecls("w")} w:id="{style.rng.randint(1, 10**6)}" w:author="乡党政办" w:date="2024-01-10T09:00:00Z">'
                f"<w:r><w:delText>{tracked_old}</w:delText></w:r></w:del>"
            )
        )
        p._p.append(
            parse_xml(
                f'<w:ins {nsdecls("w")} w:id="{style.rng.randint(1, 10**6)}" w:author="乡党政办" w:date="2024-01-10T09:00:00Z">'
                f"<w:r><w:t>{text}</w:t></w:r></w:ins>"
            )
        )
        return
    for i, line in enumerate(lines):
        run = p.add_run(line)
        if i < len(lines) - 1:
            run.add_break()


def merge(table, r1, c1, r2, c2):
    return table.cell(r1, c1).merge(table.cell(r2, c2))


def cell_at(table, r, c):
    """The cell at (r, c) of a row that has no merges yet — direct, unlike python-docx's
    table.cell(), which rebuilds the whole grid on every call."""
    from docx.table import _Cell

    return _Cell(table._tbl.tr_lst[r].tc_lst[c], table)


# --- the tables ----------------------------------------------------------------------------


def _rows(data, name):
    return data["tables"][name]["rows"]


def write_table_a(document, data, style: DraftStyle) -> None:
    edition = data["edition"]
    layout = table_layout(edition, "A")
    rows = {r["信息内容"]: r for r in _rows(data, "A")}
    n_rows = sum(2 + len(layout.items(b.id)) for b in layout.groups)
    table = document.add_table(rows=n_rows, cols=4)
    table.style = "Table Grid"
    r = 0
    for block in layout.groups:
        items = layout.items(block.id)
        if style.merged:
            merge(table, r, 0, r, 3)
        set_text(table.cell(r, 0), block.label, style)
        r += 1
        cols = items[0].columns
        set_text(table.cell(r, 0), "信息内容", style)
        spans = [1] * len(cols) if len(cols) == 3 else ([3] if len(cols) == 1 else [1, 2])
        c = 1
        for col, span in zip(cols, spans):
            if span > 1 and style.merged:
                merge(table, r, c, r, c + span - 1)
            set_text(table.cell(r, c), col.label, style)
            c += span
        r += 1
        for item in items:
            set_text(table.cell(r, 0), item.label, style)
            c = 1
            for col, span in zip(item.columns, spans):
                if span > 1 and style.merged:
                    merge(table, r, c, r, c + span - 1)
                set_text(table.cell(r, c), value_text(rows[item.label][col.id], style, col.kind), style)
                c += span
            r += 1


def write_table_b(document, data, style: DraftStyle) -> None:
    edition = data["edition"]
    layout = table_layout(edition, "B")
    by_label = {r["项目"]: r for r in _rows(data, "B")}
    org = B_COMPONENT_COLUMNS[1:]
    value_cols = list(B_COMPONENT_COLUMNS[:1]) + list(org) + (["小计"] if style.subtotal_column else []) + ["总计"]
    body_rows: list[tuple[list[str], dict]] = []  # (label cells, values)
    result = layout.group("result").label
    for row in layout.rows:
        values = by_label[row.label]
        if style.subtotal_column:
            parts = [values[c] for c in org]
            values = {**values, "小计": None if any(v is None for v in parts) else sum(parts)}
        if row.group is None:
            labels = [row.label, "", ""]
        elif row.group == "result":
            labels = [result, row.label, ""]
        else:
            group = layout.group(row.group).label
            items = layout.items(row.group)
            if style.subtotal_rows and row is items[0]:
                sub = {c: (None if any(by_label[i.label][c] is None for i in items) else sum(by_label[i.label][c] for i in items)) for c in B_COMPONENT_COLUMNS + ("总计",)}
                if style.subtotal_column:
                    sub["小计"] = None if any(sub[c] is None for c in org) else sum(sub[c] for c in org)
                body_rows.append(([result, group, "小计"], sub))
            labels = [result, group, row.label]
        body_rows.append((labels, values))
    n_cols = 3 + len(value_cols)
    split = style.split_b_at if style.split_b_at is not None else None
    chunks = [body_rows[:split], body_rows[split:]] if split else [body_rows]
    for k, chunk in enumerate(chunks):
        header = 3 if k == 0 else 0
        table = document.add_table(rows=header + len(chunk), cols=n_cols)
        table.style = "Table Grid"
        if header:
            set_text(cell_at(table, 0, 0), B_HEADER_NOTE, style)
            set_text(cell_at(table, 0, 3), "申请人情况", style)
            set_text(cell_at(table, 1, 3), "自然人", style)
            set_text(cell_at(table, 1, 4), "法人或其他组织", style)
            set_text(cell_at(table, 1, n_cols - 1), "总计", style)
            for i, name in enumerate(org + (("小计",) if style.subtotal_column else ())):
                set_text(cell_at(table, 2, 4 + i), name, style)
            if not style.merged:
                set_text(cell_at(table, 2, 3), "自然人", style)
                set_text(cell_at(table, 2, n_cols - 1), "总计", style)
        for i, (_labels, values) in enumerate(chunk):
            r = header + i
            for j, col in enumerate(value_cols):
                v = values[col]
                old = None
                if style.tracked_changes and style.rng.random() < 0.05 and v is not None:
                    old = str(v + 1)
                set_text(cell_at(table, r, 3 + j), value_text(v, style), style, tracked_old=old)
        _write_b_labels(table, header, [labels for labels, _ in chunk], style)
        if header and style.merged:
            merge(table, 0, 0, 2, 2)
            merge(table, 0, 3, 0, n_cols - 1)
            merge(table, 1, 3, 2, 3)
            merge(table, 1, 4, 1, 4 + len(org) - 1 + (1 if style.subtotal_column else 0))
            merge(table, 1, n_cols - 1, 2, n_cols - 1)


def _write_b_labels(table, header: int, label_rows: list[list[str]], style: DraftStyle) -> None:
    """Label cells: in the merged layout a group label is written once and merged down over
    its rows (as the format prints it); in the flat layout it is repeated on every row."""
    if not style.merged:
        for i, labels in enumerate(label_rows):
            for c, text in enumerate(labels):
                if text:
                    set_text(cell_at(table, header + i, c), label_text(text, style), style)
        return
    horizontal = []  # (row, first col)
    runs = {0: [], 1: []}  # [first row, last row, text] of equal labels, per column
    for i, labels in enumerate(label_rows):
        r = header + i
        if labels[1] == "" and labels[2] == "":
            horizontal.append((r, 0))
            set_text(cell_at(table, r, 0), label_text(labels[0], style), style)
            continue
        if labels[2] == "":
            horizontal.append((r, 1))
        for c in (0, 1):
            if runs[c] and runs[c][-1][2] == labels[c] and runs[c][-1][1] == r - 1 and (c == 0 or labels[2] != ""):
                runs[c][-1][1] = r
            else:
                runs[c].append([r, r, labels[c]])
        if labels[2]:
            set_text(cell_at(table, r, 2), label_text(labels[2], style), style)
    for c in (0, 1):
        for first, _last, text in runs[c]:
            set_text(cell_at(table, first, c), label_text(text, style), style)
    # merges last: before them every row's w:tc index is its grid column
    for r, c in horizontal:
        merge(table, r, c, r, 2)
    for c in (0, 1):
        for first, last, _text in runs[c]:
            if first != last:
                merge(table, first, c, last, c)


def write_table_c(document, data, style: DraftStyle) -> None:
    rows = _rows(data, "C")
    table = document.add_table(rows=4, cols=15)
    table.style = "Table Grid"
    if style.merged:
        merge(table, 0, 0, 0, 4)
        merge(table, 0, 5, 0, 14)
        merge(table, 1, 5, 1, 9)
        merge(table, 1, 10, 1, 14)
        for i in range(5):
            merge(table, 1, i, 2, i)
    set_text(table.cell(0, 0), "行政复议", style)
    set_text(table.cell(0, 5), "行政诉讼", style)
    set_text(table.cell(1, 5), "未经复议直接起诉", style)
    set_text(table.cell(1, 10), "复议后起诉", style)
    names = list(C_RESULT_COLUMNS) + ["总计"]
    for i, name in enumerate(names):
        set_text(table.cell(1, i), name, style)
        set_text(table.cell(2, 5 + i), name, style)
        set_text(table.cell(2, 10 + i), name, style)
    for block, row in enumerate(rows):
        for i, name in enumerate(names):
            set_text(table.cell(3, block * 5 + i), value_text(row[name], style), style)


# --- the document ----------------------------------------------------------------------------

HEADING_VARIANTS = {"四": "四、政府信息公开行政复议和行政诉讼情况", "五": "五、政府信息公开工作存在的主要问题及改进情况"}


def heading(document, number: str, style: DraftStyle) -> None:
    text = f"{number}、{PART_TITLES[number]}"
    if style.heading_style == "variant":
        text = HEADING_VARIANTS.get(number, text)
    p = document.add_paragraph()
    run = p.add_run(text)
    if style.heading_style == "bold":
        run.bold = True
    else:
        p.style = document.styles["Heading 1"]


def _textbox(paragraph, text: str) -> None:
    xml = (
        f'<w:r {nsdecls("w")} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml">'
        '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>'
        f"<wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )
    paragraph._p.append(parse_xml(xml))


def write_draft(data: dict, path: Path, style: DraftStyle | None = None) -> Path:
    style = style or DraftStyle()
    from annual_report.readers.jsondata import report_from_data

    report = report_from_data(data)  # narrative with its references resolved
    document = docx.Document()
    body = data["body"]["name"]
    document.add_paragraph(f"{body}{data['year']}年政府信息公开工作年度报告")
    for text in [p.text for p in report.preface]:
        document.add_paragraph(text)
    tables = {"二": write_table_a, "三": write_table_b, "四": write_table_c}
    for number in ("一", "二", "三", "四", "五", "六"):
        heading(document, number, style)
        if number in tables:
            tables[number](document, data, style)
            if style.one_table and number == "四":
                _join_tables(document)
            continue
        for k, para in enumerate(report.part(number).paragraphs):
            p = document.add_paragraph()
            if style.textbox and number == "六" and k == 0:
                _textbox(p, para.text)
            elif style.note_table and number == "六" and k == 0:
                document.element.body.remove(p._p)
                box = document.add_table(rows=1, cols=1)
                box.cell(0, 0).paragraphs[0].add_run(para.text)
            else:
                p.add_run(para.text)
    document.add_paragraph(body)
    if style.comments:
        _comment(document)
    if style.layout_table:
        _wrap_in_layout_table(document)
    if style.wps:
        _wps(document)
    document.save(path)
    return Path(path)


def _wrap_in_layout_table(document) -> None:
    """Everything in the body moved into the one cell of a borderless 1×1 table."""
    body = document.element.body
    blocks = [el for el in body if el.tag in (qn("w:p"), qn("w:tbl"))]
    frame = document.add_table(rows=1, cols=1)
    tc = frame._tbl.tr_lst[0].tc_lst[0]
    for p in tc.findall(qn("w:p")):
        tc.remove(p)
    for el in blocks:
        tc.append(el)
    if tc[-1].tag != qn("w:p"):
        tc.append(OxmlElement("w:p"))  # a cell ends with a paragraph
    body.remove(frame._tbl)
    body.insert(0, frame._tbl)


def _join_tables(document) -> None:
    """All three statutory tables as one Word table: the rows of B and C moved into A's table
    (some drafts paste them so), the grid widened to the widest row."""
    tables = list(document.element.body.iter(qn("w:tbl")))[-3:]
    first = tables[0]
    for other in tables[1:]:
        for tr in other.findall(qn("w:tr")):
            first.append(tr)
        other.getparent().remove(other)
    grid = first.find(qn("w:tblGrid"))
    widest = max(sum(tc.grid_span for tc in tr.findall(qn("w:tc"))) for tr in first.findall(qn("w:tr")))
    while len(grid.findall(qn("w:gridCol"))) < widest:
        col = OxmlElement("w:gridCol")
        col.set(qn("w:w"), "600")
        grid.append(col)


def _comment(document) -> None:
    """Reviewers' comments as Word writes them: one on the preface, one on a cell of table B."""
    paragraphs = [p for p in document.paragraphs if p.runs]
    document.add_comment(paragraphs[1].runs, text="请核对统计期限的写法", author="县政务公开办", initials="政")
    cell = document.tables[1].rows[5].cells[-1]
    runs = cell.paragraphs[0].runs or [cell.paragraphs[0].add_run("")]
    document.add_comment(runs, text="此数与上年不衔接？", author="县政务公开办", initials="政")


WPS_NS = "http://www.wps.cn/officeDocument/2013/wpsCustomData"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"


def _wps(document) -> None:
    """What WPS adds to a .docx: its custom data (wpsCustomData), w14 paragraph ids and
    text ids, rsids, and elements Word does not know."""
    document.settings.element.append(parse_xml(f'<w:rsids {nsdecls("w")}><w:rsidRoot w:val="00A1B2C3"/></w:rsids>'))
    document.settings.element.append(parse_xml(f'<wpsCustomData:wpsCustomData xmlns:wpsCustomData="{WPS_NS}"><wpsCustomData:customSHA>0</wpsCustomData:customSHA></wpsCustomData:wpsCustomData>'))
    body = document.element.body
    for i, p in enumerate(body.iter(qn("w:p"))):
        p.set(f"{{{W14_NS}}}paraId", f"{i + 0x10000000:08X}")
        p.set(f"{{{W14_NS}}}textId", "77777777")
    # WPS's own marker element between body blocks and inside a run
    body.insert(0, parse_xml(f'<wpsCustomData:docInfo xmlns:wpsCustomData="{WPS_NS}" wpsCustomData:ver="12.1"/>'))
    first_run = next(body.iter(qn("w:r")))
    first_run.append(parse_xml(f'<wpsCustomData:mark xmlns:wpsCustomData="{WPS_NS}"/>'))


# --- for the tests -------------------------------------------------------------------------


def same_tables(expected, actual):
    for name in "ABC":
        assert actual.tables[name].edition == expected.tables[name].edition
        want, got = expected.tables[name].values, actual.tables[name].values
        diffs = {k: (want[k], got.get(k)) for k in want if want[k] != got.get(k)}
        assert not diffs, (name, diffs)

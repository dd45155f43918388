"""Layout variants of the real template's tables, as offices rearrange them.

``make_variant(name, data, path, **habits)`` fills the real blank template
(:func:`official_template.fill_official_template`) and then rearranges its tables the way
drafts seen in practice do — the header rows of table C (四) over two or three rows or flat,
labels typed again instead of merged, table B split over two Word tables at a page break,
empty extra rows and columns, wording variants, a 小计 column, what Word and WPS write for
merges and grids.  ``VARIANTS`` lists the names.
"""

from __future__ import annotations

import copy
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from annual_report.model.layout import B_ORG_COLUMNS, C_RESULT_COLUMNS

from official_template import fill_official_template

C_COLS = C_RESULT_COLUMNS + ("总计",)


def _tc(text: str = "", span: int = 1, vmerge: str | None = None, width: int = 600):
    props = f'<w:tcW w:w="{width * span}" w:type="dxa"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if vmerge == "restart":
        props += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        props += '<w:vMerge w:val="continue"/>'
    tc = parse_xml(f'<w:tc {nsdecls("w")}><w:tcPr>{props}<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:jc w:val="center"/></w:pPr></w:p></w:tc>')
    if text:
        lines = text.split("\n")
        p = tc.find(qn("w:p"))
        r = parse_xml(f'<w:r {nsdecls("w")}><w:rPr><w:sz w:val="20"/></w:rPr></w:r>')
        for i, line in enumerate(lines):
            if i:
                r.append(parse_xml(f'<w:br {nsdecls("w")}/>'))
            t = parse_xml(f'<w:t {nsdecls("w")} xml:space="preserve"></w:t>')
            t.text = line
            r.append(t)
        p.append(r)
    return tc


def _tr(cells):
    tr = parse_xml(f'<w:tr {nsdecls("w")}><w:trPr><w:jc w:val="center"/></w:trPr></w:tr>')
    for c in cells:
        tr.append(c)
    return tr


def _text(el) -> str:
    return "".join(t.text or "" for t in el.iter(qn("w:t")))


def _set_label(tc, text: str) -> None:
    """Retype a label cell (its run properties kept)."""
    p = tc.find(qn("w:p"))
    runs = p.findall(qn("w:r"))
    rpr = runs[0].find(qn("w:rPr")) if runs else None
    for r in runs:
        p.remove(r)
    new = _tc(text).find(qn("w:p")).find(qn("w:r"))
    if new is None:
        return
    if rpr is not None:
        new.remove(new.find(qn("w:rPr")))
        new.insert(0, copy.deepcopy(rpr))
    p.append(new)


def _tables(document):
    return document.element.body.findall(qn("w:tbl"))


def _replace_header(tbl, n_old: int, rows) -> None:
    old = tbl.findall(qn("w:tr"))[:n_old]
    anchor = old[0]
    for tr in rows:
        anchor.addprevious(tr)
    for tr in old:
        tbl.remove(tr)


# --- table C (四) ------------------------------------------------------------------------


def c_review_two_rows(document) -> None:
    """"行政复议" merged down over two header rows, the fifteen result labels in the third."""
    tbl = _tables(document)[2]
    rows = [
        _tr([_tc("行政复议", 5, "restart"), _tc("行政诉讼", 10)]),
        _tr([_tc("", 5, "continue"), _tc("未经复议直接起诉", 5), _tc("复议后起诉", 5)]),
        _tr([_tc(c) for c in C_COLS * 3]),
    ]
    _replace_header(tbl, 3, rows)


def c_flat_fifteen(document) -> None:
    """No merges at all: each group label typed once in the leftmost of its cells, the fifteen
    result labels in one row."""
    tbl = _tables(document)[2]
    row0 = ["行政复议", "", "", "", "", "行政诉讼"] + [""] * 9
    row1 = [""] * 5 + ["未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""]
    rows = [_tr([_tc(t) for t in row0]), _tr([_tc(t) for t in row1]), _tr([_tc(c) for c in C_COLS * 3])]
    _replace_header(tbl, 3, rows)


def c_repeated_labels(document) -> None:
    """The official arrangement, but the labels of 行政复议's columns typed again in the
    second header row instead of merged down (continuation cells repeating the label)."""
    tbl = _tables(document)[2]
    rows = [
        _tr([_tc("行政复议", 5), _tc("行政诉讼", 10)]),
        _tr([_tc(c) for c in C_COLS] + [_tc("未经复议直接起诉", 5), _tc("复议后起诉", 5)]),
        _tr([_tc(c) for c in C_COLS * 3]),
    ]
    _replace_header(tbl, 3, rows)


def c_transposed(document) -> None:
    """Table C turned round: the three kinds as rows, the five results as columns."""
    tbl = _tables(document)[2]
    data = tbl.findall(qn("w:tr"))[3]
    values = [_text(tc) for tc in data.findall(qn("w:tc"))]
    new = parse_xml(f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:jc w:val="center"/></w:tblPr><w:tblGrid>' + '<w:gridCol w:w="1800"/>' + '<w:gridCol w:w="1100"/>' * 5 + "</w:tblGrid></w:tbl>")
    new.append(_tr([_tc("项目")] + [_tc(c) for c in C_COLS]))
    for k, label in enumerate(("行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）")):
        new.append(_tr([_tc(label)] + [_tc(v) for v in values[k * 5 : k * 5 + 5]]))
    tbl.addprevious(new)
    tbl.getparent().remove(tbl)


# --- table B (三) ------------------------------------------------------------------------


def b_flat(document) -> None:
    """Table B without vertical merges: the header's labels typed once, the group labels of the
    rows (三、本年度办理结果, （三）不予公开 …) typed again in every row."""
    tbl = _tables(document)[1]
    rows = tbl.findall(qn("w:tr"))
    header = [
        _tr([_tc("", 3), _tc("申请人情况")] + [_tc("") for _ in range(6)]),
        _tr([_tc("", 3), _tc("自然人"), _tc("法人或其他组织")] + [_tc("") for _ in range(4)] + [_tc("总计")]),
        _tr([_tc("", 3), _tc("")] + [_tc(c) for c in B_ORG_COLUMNS] + [_tc("")]),
    ]
    above: dict[int, str] = {}
    for tr in rows[3:]:
        col = 0
        for tc in tr.findall(qn("w:tc")):
            pr = tc.find(qn("w:tcPr"))
            vm = pr.find(qn("w:vMerge")) if pr is not None else None
            span = pr.find(qn("w:gridSpan")) if pr is not None else None
            width = int(span.get(qn("w:val"))) if span is not None else 1
            if vm is not None:
                if vm.get(qn("w:val")) == "restart":
                    above[col] = _text(tc)
                else:
                    _set_label(tc, above.get(col, ""))
                pr.remove(vm)
            col += width
    _replace_header(tbl, 3, header)


def _split_table(tbl, at: int, repeat_header: int = 0) -> None:
    rows = tbl.findall(qn("w:tr"))
    second = copy.deepcopy(tbl)
    for tr in second.findall(qn("w:tr")):
        second.remove(tr)
    for tr in rows[:repeat_header]:
        second.append(copy.deepcopy(tr))
    for tr in rows[at:]:
        second.append(tr)
    gap = parse_xml(f'<w:p {nsdecls("w")}><w:r><w:br w:type="page"/></w:r></w:p>')
    tbl.addnext(gap)
    gap.addnext(second)


def b_split(document) -> None:
    """Table B split over two Word tables at a page break (the second part without a header)."""
    tbl = _tables(document)[1]
    _split_table(tbl, 12)
    # the continuation rows of the first column's merge start afresh in the second table
    second = _tables(document)[2]
    first_tr = second.findall(qn("w:tr"))[0]
    for tc in first_tr.findall(qn("w:tc"))[:2]:
        vm = tc.find(qn("w:tcPr")).find(qn("w:vMerge"))
        if vm is not None:
            vm.set(qn("w:val"), "restart")
            _set_label(tc, "三、本年度办理结果" if tc is first_tr.findall(qn("w:tc"))[0] else "（三）不予公开")


def b_split_repeat(document) -> None:
    """Table B split over two Word tables, its three header rows repeated on the second page."""
    tbl = _tables(document)[1]
    _split_table(tbl, 15, repeat_header=3)
    second = _tables(document)[2]
    first_data = second.findall(qn("w:tr"))[3]
    for tc in first_data.findall(qn("w:tc"))[:2]:
        vm = tc.find(qn("w:tcPr")).find(qn("w:vMerge"))
        if vm is not None:
            vm.set(qn("w:val"), "restart")
            _set_label(tc, "三、本年度办理结果" if tc is first_data.findall(qn("w:tc"))[0] else "（四）无法提供")


def org_subtotal(document) -> None:
    """A "法人或其他组织小计" column after 其他 (some offices add it), with each row's sum."""
    tbl = _tables(document)[1]
    rows = tbl.findall(qn("w:tr"))
    grid = tbl.find(qn("w:tblGrid"))
    grid.append(parse_xml(f'<w:gridCol {nsdecls("w")} w:w="700"/>'))
    # header: 申请人情况 and 法人或其他组织 one column wider, 小计 under the latter
    tcs0 = rows[0].findall(qn("w:tc"))
    tcs0[1].find(qn("w:tcPr")).find(qn("w:gridSpan")).set(qn("w:val"), "8")
    tcs1 = rows[1].findall(qn("w:tc"))
    tcs1[2].find(qn("w:tcPr")).find(qn("w:gridSpan")).set(qn("w:val"), "6")
    tcs2 = rows[2].findall(qn("w:tc"))
    tcs2[-2].addnext(_tc("法人或其他组织小计"))
    for tr in rows[3:]:
        tcs = tr.findall(qn("w:tc"))
        orgs = [_text(tc).strip() for tc in tcs[-6:-1]]
        total = sum(int(v) for v in orgs) if all(v.isdigit() for v in orgs) else ""
        tcs[-2].addnext(_tc(str(total)))


# --- all tables ----------------------------------------------------------------------------


def label_variants(document) -> None:
    """Labels as officers retype them: line breaks, spaces, half-width brackets, "1、",
    "结果纠正的", "其他" for 其他结果, "其它"."""
    a, b, c = _tables(document)
    for tr in b.findall(qn("w:tr")):
        for tc in tr.findall(qn("w:tc")):
            t = _text(tc)
            if t.startswith("（二）部分公开"):
                _set_label(tc, "（二）部分公开\n（区分处理的，只计这一情形，不计其他情形）")
            elif t == "（一）予以公开":
                _set_label(tc, "(一)予以公开")
            elif t == "自然人":
                _set_label(tc, "自 然 人")
            elif t == "其他" and tr is b.findall(qn("w:tr"))[2]:
                _set_label(tc, "其它")
            elif t.startswith("2.重复申请"):
                _set_label(tc, "2、重复申请")
            elif t.startswith("一、本年新收"):
                _set_label(tc, "一、本年新收政府信息\n公开申请数量")
    for tr in c.findall(qn("w:tr"))[1:3]:
        for tc in tr.findall(qn("w:tc")):
            t = _text(tc)
            if t == "结果纠正":
                _set_label(tc, "结果纠正的")
            elif t == "其他结果":
                _set_label(tc, "其他")
    for tr in a.findall(qn("w:tr")):
        tcs = tr.findall(qn("w:tc"))
        if _text(tcs[0]) == "行政规范性文件":
            _set_label(tcs[0], "行政规范性\n文件")


def extra_empty(document) -> None:
    """An empty row under each table and an empty column right of tables B and C."""
    for k, tbl in enumerate(_tables(document)):
        rows = tbl.findall(qn("w:tr"))
        if k:
            tbl.find(qn("w:tblGrid")).append(parse_xml(f'<w:gridCol {nsdecls("w")} w:w="500"/>'))
            for tr in rows:
                tr.append(_tc(""))
        width = sum(int(g.get(qn("w:w"))) > 0 for g in tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol")))
        tbl.append(_tr([_tc("") for _ in range(width)]))


def word_vmerge(document) -> None:
    """Vertical merge continuations as Word writes them: ``<w:vMerge/>`` with no value."""
    for vm in document.element.body.iter(qn("w:vMerge")):
        if vm.get(qn("w:val")) == "continue":
            del vm.attrib[qn("w:val")]


def wps_grid(document) -> None:
    """What WPS writes on saving: every grid column split into two narrower ones (cells span
    twice as many), the continuation merges with an explicit value, rows with a trailing
    ``w:gridAfter`` and an empty ``w:tblPrEx``, WPS's namespaces on the document."""
    for tbl in _tables(document):
        grid = tbl.find(qn("w:tblGrid"))
        for g in list(grid.findall(qn("w:gridCol"))):
            half = str(max(1, int(g.get(qn("w:w"))) // 2))
            g.set(qn("w:w"), half)
            g.addnext(parse_xml(f'<w:gridCol {nsdecls("w")} w:w="{half}"/>'))
        grid.append(parse_xml(f'<w:gridCol {nsdecls("w")} w:w="10"/>'))
        for tr in tbl.findall(qn("w:tr")):
            for tc in tr.findall(qn("w:tc")):
                pr = tc.find(qn("w:tcPr"))
                span = pr.find(qn("w:gridSpan"))
                if span is None:
                    span = parse_xml(f'<w:gridSpan {nsdecls("w")} w:val="1"/>')
                    pr.find(qn("w:tcW")).addnext(span) if pr.find(qn("w:tcW")) is not None else pr.insert(0, span)
                span.set(qn("w:val"), str(int(span.get(qn("w:val"))) * 2))
            trpr = tr.find(qn("w:trPr"))
            if trpr is None:
                trpr = parse_xml(f'<w:trPr {nsdecls("w")}/>')
                tr.insert(0, trpr)
            trpr.append(parse_xml(f'<w:gridAfter {nsdecls("w")} w:val="1"/>'))
            if tr.find(qn("w:tblPrEx")) is None:
                tr.insert(0, parse_xml(f'<w:tblPrEx {nsdecls("w")}/>'))


VARIANTS = {
    "official": None,
    "c_review_two_rows": c_review_two_rows,
    "c_flat_fifteen": c_flat_fifteen,
    "c_repeated_labels": c_repeated_labels,
    "c_transposed": c_transposed,
    "b_flat": b_flat,
    "b_split": b_split,
    "b_split_repeat": b_split_repeat,
    "org_subtotal": org_subtotal,
    "label_variants": label_variants,
    "extra_empty": extra_empty,
    "word_vmerge": word_vmerge,
    "wps_grid": wps_grid,
}


def make_variant(name: str, data: dict, path: Path, **habits) -> Path:
    """The real template filled with ``data`` (officer's ``habits`` as for
    :func:`fill_official_template`) and rearranged as variant ``name``."""
    path = fill_official_template(data, Path(path), **habits)
    change = VARIANTS[name]
    if change is None:
        return path
    document = docx.Document(str(path))
    change(document)
    document.save(str(path))
    return path

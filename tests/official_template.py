"""The real blank national template (国办公开办函〔2021〕30号), filled the way an officer types.

``fill_official_template(data, path, **habits)`` opens
``../shared/corpus/official-blank-template-2021.docx`` with python-docx, replaces its title
"政府信息公开工作年度报告格式模板" by the report's title, types the numbers of a yearly data
dict (``synth.consistent_data``) into the template's own cells (its merges,
header rows and widths untouched) and the narrative under its own headings in place of its
placeholders "（文字描述）", and saves to ``path``.  Officers' habits are switches:

- ``blank``: cells left empty, as ``{(table, row_id, col_id), ...}``, or ``"zeros"`` for every 0
- ``blank_text``: what a left-out cell holds: "" (default), "—", "/", "无"
- ``digits``: "plain" or "full-width" (１２)
- ``units``: "12件" / "3.5万元" instead of bare figures; ``unit_word`` to use "件次" etc.
- ``tracked_changes``: some figures and one sentence typed over with revision marks on (w:del/w:ins)
- ``table_c_blank``: table C (四) left entirely blank
- ``keep_placeholders``: parts (of 一/五/六) whose "（文字描述）" is left as the template has it
- ``zero_everywhere``: every cell 0 (the template "filled" without data)
- ``overrides``: {(table, row_id, col_id): text} typed verbatim (a planted defect)
- ``signature``: the body's name and a date under part 六
- ``title``: a title other than "<机关><年>年政府信息公开工作年度报告"

Other helpers (LibreOffice exports, bench) use this API; keep it stable.
"""

from __future__ import annotations

import copy
import itertools
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from annual_report.model.layout import B_COMPONENT_COLUMNS, C_RESULT_COLUMNS, table_layout

_REPO = Path(__file__).resolve().parents[1]
# CI keeps shared/ beside the clone; a worktree under <root>/wt/<name> finds it two levels up
TEMPLATE = next(
    (c for c in (_REPO / ".." / "shared", _REPO / ".." / ".." / "shared") if (c / "corpus").is_dir()),
    _REPO / ".." / "shared",
) / "corpus" / "official-blank-template-2021.docx"
FULL = str.maketrans("0123456789.", "０１２３４５６７８９．")
PLACEHOLDERS = ("（文字描述）", "（文字描述，收取信息处理费情况在此处报告。）")
_IDS = itertools.count(9000)


def template_available() -> bool:
    return TEMPLATE.is_file()


def _format(value, kind: str, habits: dict) -> str:
    if value is None:
        return habits.get("blank_text", "")
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:.2f}".rstrip("0").rstrip(".")
    else:
        text = str(int(value))
    if habits.get("units"):
        text += "万元" if kind == "amount" else habits.get("unit_word", "件")
    if habits.get("digits") == "full-width":
        text = text.translate(FULL)
    return text


def _run(text: str, rpr=None):
    r = parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve"></w:t></w:r>')
    r.find(qn("w:t")).text = text
    if rpr is not None:
        r.insert(0, copy.deepcopy(rpr))
    return r


def _run_props(p):
    """The run properties an officer's typing takes: the paragraph mark's (Word's behaviour)."""
    ppr = p.find(qn("w:pPr"))
    rpr = ppr.find(qn("w:rPr")) if ppr is not None else None
    if rpr is None:
        first = p.find(qn("w:r"))
        rpr = first.find(qn("w:rPr")) if first is not None else None
    if rpr is None:
        return None
    out = copy.deepcopy(rpr)
    out.tag = qn("w:rPr")
    return out


def _type_into(tc, text: str, old: str | None = None) -> None:
    """Type ``text`` into the first paragraph of cell ``tc`` (over ``old`` with track changes)."""
    p = tc.find(qn("w:p"))
    for r in p.findall(qn("w:r")):
        p.remove(r)
    rpr = _run_props(p)
    if old is not None:
        d = parse_xml(f'<w:del {nsdecls("w")} w:id="{next(_IDS)}" w:author="办公室" w:date="2024-01-12T10:00:00Z"><w:r><w:delText xml:space="preserve"></w:delText></w:r></w:del>')
        d.find(qn("w:r")).find(qn("w:delText")).text = old
        i = parse_xml(f'<w:ins {nsdecls("w")} w:id="{next(_IDS)}" w:author="办公室" w:date="2024-01-12T10:00:00Z"/>')
        i.append(_run(text, rpr))
        p.append(d)
        p.append(i)
        return
    if text:
        p.append(_run(text, rpr))


def _set_paragraph(p, text: str, tracked: bool = False) -> None:
    for child in list(p):
        if child.tag != qn("w:pPr"):
            p.remove(child)
    rpr = _run_props(p)
    if tracked and "，" in text:
        head, tail = text.split("，", 1)
        p.append(_run(head + "，", rpr))
        d = parse_xml(f'<w:del {nsdecls("w")} w:id="{next(_IDS)}" w:author="办公室" w:date="2024-01-12T10:00:00Z"><w:r><w:delText xml:space="preserve">此处为初稿文字，</w:delText></w:r></w:del>')
        i = parse_xml(f'<w:ins {nsdecls("w")} w:id="{next(_IDS)}" w:author="办公室" w:date="2024-01-12T10:00:00Z"/>')
        i.append(_run(tail, rpr))
        p.append(d)
        p.append(i)
        return
    p.append(_run(text, rpr))


def _text(el) -> str:
    return "".join(t.text or "" for t in el.iter(qn("w:t")))


def _cells(tr):
    return tr.findall(qn("w:tc"))


def _values(data: dict, habits: dict) -> dict[tuple[str, str, str], str]:
    """Every cell's typed text by (table, row id, column id)."""
    edition = data["edition"]
    if edition != "2021":
        raise ValueError("the official template is the 2021 edition")
    blank = habits.get("blank", ())
    out: dict[tuple[str, str, str], str] = {}
    for name in "ABC":
        layout = table_layout(edition, name)
        rows = data["tables"][name]["rows"]
        for row, entry in zip(layout.rows, rows):
            for col in row.columns:
                key = (name, row.id, col.id)
                value = entry.get(col.id)
                if habits.get("zero_everywhere"):
                    value = 0
                if blank == "zeros" and value == 0:
                    value = None
                elif blank != "zeros" and key in blank:
                    value = None
                if name == "C" and habits.get("table_c_blank"):
                    value = None
                out[key] = _format(value, col.kind, habits)
    out.update(habits.get("overrides", {}))
    return out


def _fill_a(tbl, values, tracked) -> None:
    layout = table_layout("2021", "A")
    by_label = {r.label: r for r in layout.rows}
    for tr in tbl.findall(qn("w:tr")):
        tcs = _cells(tr)
        label = _text(tcs[0]).strip()
        row = by_label.get(label)
        if row is None:
            continue
        for col, tc in zip(row.columns, tcs[1:]):
            _write(tc, values[("A", row.id, col.id)], tracked)


def _fill_b(tbl, values, tracked) -> None:
    layout = table_layout("2021", "B")
    data_rows = [tr for tr in tbl.findall(qn("w:tr"))][3:]
    assert len(data_rows) == len(layout.rows), "the template's table B has one row per row of the format"
    for row, tr in zip(layout.rows, data_rows):
        tcs = _cells(tr)[-7:]
        for col, tc in zip(B_COMPONENT_COLUMNS + ("总计",), tcs):
            _write(tc, values[("B", row.id, col)], tracked)


def _fill_c(tbl, values, tracked) -> None:
    tr = tbl.findall(qn("w:tr"))[3]
    tcs = _cells(tr)
    keys = [(r, c) for r in ("review", "direct", "after_review") for c in C_RESULT_COLUMNS + ("总计",)]
    for (row_id, col), tc in zip(keys, tcs):
        _write(tc, values[("C", row_id, col)], tracked)


_TRACK_EVERY = itertools.count()


def _write(tc, text: str, tracked: bool) -> None:
    old = None
    if tracked and text and next(_TRACK_EVERY) % 7 == 0:
        old = "0" if text != "0" else "1"  # the figure typed over
    _type_into(tc, text, old)


def fill_official_template(data: dict, path: Path, **habits) -> Path:
    """Fill the real blank template with ``data`` as an officer types; see the module docstring."""
    from annual_report.readers.jsondata import report_from_data

    report = report_from_data(data)  # the narrative with its {{references}} resolved
    document = docx.Document(str(habits.get("template", TEMPLATE)))
    body = document.element.body
    paragraphs = body.findall(qn("w:p"))
    tables = body.findall(qn("w:tbl"))
    tracked = bool(habits.get("tracked_changes"))

    title_p = next(p for p in paragraphs if _text(p).strip() == "政府信息公开工作年度报告格式模板")
    title = habits.get("title") or f"{data['body']['name']}{data['year']}年政府信息公开工作年度报告"
    _set_paragraph(title_p, title)
    # the preface, as paragraphs like the template's body text, right after the title
    body_p = next(p for p in paragraphs if _text(p).strip() in PLACEHOLDERS)
    anchor = title_p
    for para in report.preface:
        new = copy.deepcopy(body_p)
        _set_paragraph(new, para.text)
        anchor.addnext(new)
        anchor = new

    keep = set(habits.get("keep_placeholders", ()))
    current = None
    for p in paragraphs[paragraphs.index(title_p) + 1 :]:
        text = _text(p).strip()
        if text[:2] in ("一、", "五、", "六、"):
            current = text[0]
            continue
        if text in PLACEHOLDERS and current is not None and current not in keep:
            texts = [x.text for x in report.part(current).paragraphs]
            if not texts:
                continue
            _set_paragraph(p, texts[0], tracked=tracked and current == "一")
            anchor = p
            for extra in texts[1:]:
                new = copy.deepcopy(p)
                _set_paragraph(new, extra)
                anchor.addnext(new)
                anchor = new
            if current == "六" and habits.get("signature"):
                for line in (data["body"]["name"], f"{data['year'] + 1}年1月20日"):
                    new = copy.deepcopy(p)
                    _set_paragraph(new, line)
                    anchor.addnext(new)
                    anchor = new

    values = _values(data, habits)
    _fill_a(tables[0], values, tracked)
    _fill_b(tables[1], values, tracked)
    _fill_c(tables[2], values, tracked)
    path = Path(path)
    document.save(str(path))
    return path

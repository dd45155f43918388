"""Drafts for the review memory: real-template drafts with planted findings, and the edits a
colleague makes between two rounds of review (used by tests/test_review.py and
bench/bench_review.py).

``base_draft(seed, folder)`` writes a consistent year of data (tests/synth.py) into the real
blank template (tests/official_template.py) or an office's own layout (tests/drafts.py) and
plants findings: a table B cell typed one too high (a row total and a grand total that no
longer add up), a doubled word in part 一; ``history_file`` is last year's data, whose repeated
wording and figures that do not carry over add cross-year findings.  The edits open the .docx with python-docx:

- ``insert_paragraph``: a new paragraph at the start of part 一 (every later paragraph moves);
- ``move_tables``: a contact box (1×1 table) before part 一 and a “单位：件” line before table A
  (every statutory table moves in the document);
- ``change_other_cell``: table A 行政强制 changed, a cell no check ties to anything else;
- ``real_change``: a doubled word typed into part 五 (one new finding).
"""

from __future__ import annotations

import copy
import random
import unicodedata
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from synth import consistent_data
from official_template import fill_official_template


def base_data(seed: int, year: int = 2023) -> dict:
    data = consistent_data(year, random.Random(seed), body=f"示例{seed}镇人民政府")
    data["parts"]["一"] = list(data["parts"]["一"])
    data["parts"]["一"][2] = data["parts"]["一"][2].replace("保密审查", "保密审查审查")
    return data


def base_draft(seed: int, folder: Path) -> Path:
    """Odd seeds: the real blank template filled in; even seeds: an office's own layout
    (tests/drafts.py: flat or merged headers, subtotal rows)."""
    data = base_data(seed)
    row = next(r for r in data["tables"]["B"]["rows"] if r["项目"] == "（一）予以公开")
    row["自然人"] += 1  # typed one too high: the row total and the grand total no longer add up
    path = Path(folder) / f"初稿-{seed}.docx"
    if seed % 2:
        return fill_official_template(data, path, keep_placeholders=["六"])
    from drafts import DraftStyle, write_draft

    return write_draft(data, path, DraftStyle(seed=seed, merged=seed % 4 == 0, subtotal_rows=seed % 3 == 0))


def history_file(seed: int, folder: Path) -> Path:
    """Last year's data of the same body: the same narrative (repeated wording, AR401) and
    figures that do not carry over (AR201, AR202)."""
    import json

    data = consistent_data(2022, random.Random(seed + 1000), body=f"示例{seed}镇人民政府")
    path = Path(folder) / f"2022-{seed}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _paragraph_texts(document):
    return [(p, "".join(t.text or "" for t in p.iter(qn("w:t")))) for p in document.element.body.iter(qn("w:p"))]


def _heading(document, prefix: str):
    return next(p for p, text in _paragraph_texts(document) if text.strip().startswith(prefix))


def _copy_paragraph(template, text: str):
    new = copy.deepcopy(template)
    for r in new.findall(qn("w:r"))[1:]:
        new.remove(r)
    ts = list(new.iter(qn("w:t")))
    if ts:
        ts[0].text = text
        for t in ts[1:]:
            t.text = ""
    return new


def insert_paragraph(src: Path, dst: Path) -> Path:
    document = docx.Document(str(src))
    head = _heading(document, "一、")
    body_p = head.getnext()
    head.addnext(_copy_paragraph(body_p, "本年度，本机关调整了政务公开工作领导小组，由分管负责同志任组长。"))
    document.save(str(dst))
    return Path(dst)


def move_tables(src: Path, dst: Path) -> Path:
    document = docx.Document(str(src))
    head = _heading(document, "一、")
    box = document.add_table(rows=1, cols=1)
    box.cell(0, 0).paragraphs[0].add_run("联系人：党政办公室，电话：0838-1234567")
    head.addprevious(box._tbl)
    head2 = _heading(document, "二、")
    head2.addnext(_copy_paragraph(head.getnext() if head.getnext().tag == qn("w:p") else head, "单位：件"))
    document.save(str(dst))
    return Path(dst)


def change_other_cell(src: Path, dst: Path) -> Path:
    document = docx.Document(str(src))
    for tr in document.element.body.iter(qn("w:tr")):
        cells = tr.findall(qn("w:tc"))
        label = "".join(t.text or "" for t in cells[0].iter(qn("w:t"))).strip() if cells else ""
        if label == "行政强制":
            ts = list(cells[-1].iter(qn("w:t")))
            digits = "".join(ch for ch in unicodedata.normalize("NFKC", "".join(t.text or "" for t in ts)) if ch.isdigit())
            if not ts:  # a blank cell (a 0 left out): type the figure in
                p = cells[-1].find(qn("w:p"))
                r = OxmlElement("w:r")
                ts = [OxmlElement("w:t")]
                r.append(ts[0])
                p.append(r)
            ts[0].text = str(int(digits or 0) + 7)
            for t in ts[1:]:
                t.text = ""
            break
    else:
        raise AssertionError("no 行政强制 row in table A")
    document.save(str(dst))
    return Path(dst)


def real_change(src: Path, dst: Path) -> Path:
    document = docx.Document(str(src))
    head = _heading(document, "五、")
    p = head.getnext()
    ts = list(p.iter(qn("w:t")))
    ts[-1].text = ts[-1].text + "下一步将加强培训培训。"
    document.save(str(dst))
    return Path(dst)


UNRELATED_EDITS = {"插入段落": insert_paragraph, "移动表格": move_tables, "修改无关单元格": change_other_cell}


# --- a county and the bodies its report covers ----------------------------------------------

COUNTY = "示例县人民政府"
SUMMARY_SENTENCE = "本报告表格数据为全县汇总数据，含县直各部门和各乡镇。"


def county_batch(n_bodies: int, rng: random.Random, year: int = 2023, plant: tuple[str, str, str] | None = None) -> tuple[dict, list[dict]]:
    """``n_bodies`` bodies' data (a third 乡镇, the rest 部门) and the county's, whose tables are
    their sum and whose preface says so; ``plant`` = (table, row id, column): that one cell of
    the county's report is one too high."""
    from annual_report.model.layout import table_layout

    bodies = []
    for i in range(n_bodies):
        town = i % 3 == 0
        name = f"示例县第{i + 1}镇人民政府" if town else f"示例县第{i + 1}局"
        bodies.append(consistent_data(year, rng, body=name, level="乡镇/街道" if town else "县级部门", scale=rng.randint(5, 40)))
    county = consistent_data(year, rng, body=COUNTY, level="县级政府")
    county["parts"]["一"] = [SUMMARY_SENTENCE] + list(county["parts"]["一"])
    for name in ("A", "B", "C"):
        rows = county["tables"][name]["rows"]
        for r, row in enumerate(rows):
            for key, value in row.items():
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    total = sum(b["tables"][name]["rows"][r][key] for b in bodies)
                    row[key] = round(total, 4) if isinstance(total, float) else total
    if plant is not None:
        table, row_id, col = plant
        index = [row.id for row in table_layout(county["edition"], table).rows].index(row_id)
        county["tables"][table]["rows"][index][col] += 1
    return county, bodies

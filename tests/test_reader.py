"""Reading drafts as Word and WPS write them: every layout and value style reads back to the
data it was made from; planted errors are found at the right cell; what cannot be mapped is
reported.  (Hostile files: test_reader_hostile.py; build round trip: test_roundtrip.py.)"""

from __future__ import annotations

import random
from dataclasses import replace

import docx
import pytest
from drafts import DraftStyle, same_tables, write_draft
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annual_report.check.engine import make_checker
from synth import consistent_data
from annual_report.readers.docx import read_docx
from annual_report.readers.jsondata import report_from_data

STYLES = {
    "official": DraftStyle(),
    "flat": DraftStyle(merged=False),
    "split": DraftStyle(split_b_at=9),
    "subtotal-rows": DraftStyle(subtotal_rows=True),
    "subtotal-column": DraftStyle(subtotal_column=True),
    "flat-subtotals": DraftStyle(merged=False, subtotal_rows=True, subtotal_column=True),
    "full-width": DraftStyle(value_style="full-width"),
    "units": DraftStyle(value_style="unit"),
    "mixed-values": DraftStyle(value_style="mixed", seed=5),
    "spaced-labels": DraftStyle(label_style="spaced"),
    "halfwidth-brackets": DraftStyle(label_style="halfwidth"),
    "comma-numbering": DraftStyle(label_style="comma-numbering"),
    "paren-numbering": DraftStyle(label_style="paren-numbering"),
    "one-table": DraftStyle(one_table=True),
    "one-table-flat": DraftStyle(one_table=True, merged=False, subtotal_rows=True),
    "comments": DraftStyle(comments=True),
    "layout-table": DraftStyle(layout_table=True, split_b_at=6),
    "note-table": DraftStyle(note_table=True),
    "line-breaks": DraftStyle(label_style="linebreak"),
    "tracked": DraftStyle(tracked_changes=True, seed=1),
    "textbox": DraftStyle(textbox=True),
    "bold-headings": DraftStyle(heading_style="bold"),
    "variant-headings": DraftStyle(heading_style="variant"),
    "wps": DraftStyle(wps=True),
    "wps-tracked-textbox": DraftStyle(wps=True, tracked_changes=True, textbox=True, comments=True, seed=3),
}
CHECKER = make_checker()


@pytest.mark.parametrize("year", [2020, 2023])
@pytest.mark.parametrize("name", list(STYLES))
def test_every_draft_style_reads_back(tmp_path, name, year):
    data = consistent_data(year, random.Random(year * 7))
    path = write_draft(data, tmp_path / f"草稿 {name}.docx", replace(STYLES[name]))
    report = read_docx(path)
    expected = report_from_data(data)
    same_tables(expected, report)
    assert report.year == year and report.body.name == data["body"]["name"]
    assert report.edition == expected.edition
    assert [p.number for p in report.parts] == list("一二三四五六")
    assert report.meta["period"] == (year, year)
    assert [p.text for p in report.part("五").paragraphs] == [p.text for p in expected.part("五").paragraphs]
    assert set(report.part("六").text.split("\n")) == set(expected.part("六").text.split("\n"))
    codes = {f.code for f in CHECKER.check(report)}
    assert codes <= {"AR012"}, codes
    assert ("AR012" in codes) == ("tracked" in name)
    assert report.source.tracked_changes == ("tracked" in name)
    if "subtotal" in name:
        assert report.tables["B"].subtotals or report.tables["B"].extra_columns


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), year=st.sampled_from([2019, 2020, 2021, 2023]), style=st.sampled_from(list(STYLES)), missing=st.booleans())
def test_property_random_data_any_style_round_trips(tmp_path, seed, year, style, missing):
    rng = random.Random(seed)
    data = consistent_data(year, rng, scale=rng.choice([0, 5, 60, 2000]))
    if missing:  # a blank cell somewhere: read as missing, never as 0
        data["parts"] = {n: [f"第{n}部分的文字，不引用表格数字。"] for n in ("一", "五", "六")}
        row = rng.choice(data["tables"]["B"]["rows"])
        row[rng.choice(["自然人", "商业企业", "总计"])] = None
    path = write_draft(data, tmp_path / "d.docx", replace(STYLES[style], seed=seed))
    same_tables(report_from_data(data), read_docx(path))


def _plant(data, row_index, col, delta=1):
    data["tables"]["B"]["rows"][row_index][col] += delta
    return data


@pytest.mark.parametrize("name", ["official", "flat", "split", "mixed-values", "one-table", "layout-table", "wps-tracked-textbox"])
def test_planted_errors_found_at_the_right_cell(tmp_path, name):
    data = _plant(consistent_data(2023, random.Random(2)), 2, "总计")  # （一）予以公开 总计
    path = write_draft(data, tmp_path / "d.docx", replace(STYLES[name]))
    report = read_docx(path)
    found = [f for f in CHECKER.check(report) if f.code == "AR101"]
    assert len(found) == 1
    loc = found[0].location
    assert (loc.table, loc.row, loc.column) == ("B", "open", "总计") and loc.cell is not None
    t, r, c = loc.cell
    document = docx.Document(path)
    from docx.oxml.ns import qn

    tbl = list(document.element.body.iter(qn("w:tbl")))[t]
    tc = tbl.findall(qn("w:tr"))[r].findall(qn("w:tc"))[c]
    from annual_report.ooxml.xml import cell_text

    assert cell_text(tc).strip().translate(str.maketrans("０１２３４５６７８９", "0123456789")).rstrip("件") == str(data["tables"]["B"]["rows"][2]["总计"])


def test_missing_values_read_as_missing_not_zero(tmp_path):
    data = consistent_data(2023, random.Random(3))
    data["tables"]["B"]["rows"][4]["科研机构"] = None
    path = write_draft(data, tmp_path / "d.docx", DraftStyle(seed=4))
    report = read_docx(path)
    assert report.tables["B"].get("deny.1", "科研机构") is None
    found = CHECKER.check(report)
    assert any(f.code == "AR108" and f.location.row == "deny.1" for f in found)


def test_bad_cell_text_is_reported_not_dropped(tmp_path):
    data = consistent_data(2023, random.Random(3))
    path = write_draft(data, tmp_path / "d.docx")
    document = docx.Document(path)
    b = document.tables[1]
    b.cell(5, 3).paragraphs[0].runs[0].text = "约3件"
    document.save(path)
    report = read_docx(path)
    found = [f for f in CHECKER.check(report) if f.code == "AR014"]
    assert found and "约3件" in found[0].message and found[0].location.cell is not None


def test_unknown_row_is_reported(tmp_path):
    data = consistent_data(2023, random.Random(3))
    path = write_draft(data, tmp_path / "d.docx", DraftStyle(merged=False))
    document = docx.Document(path)
    b = document.tables[1]
    b.cell(4, 0).paragraphs[0].runs[0].text = "二、本年自创的一行"
    document.save(path)
    report = read_docx(path)
    codes = [f.code for f in CHECKER.check(report)]
    assert "AR010" in codes and "AR015" in codes  # the row is unmapped, so 二 is missing


def test_table_that_is_not_statutory_is_read_as_text_and_reported(tmp_path):
    data = consistent_data(2023, random.Random(3))
    path = write_draft(data, tmp_path / "d.docx")
    document = docx.Document(path)
    heading_six = next(p for p in document.paragraphs if p.text.startswith("六、"))
    extra = document.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "政务新媒体", (0, 1): "账号数", (1, 0): "微信公众号", (1, 1): "3"}.items():
        extra.cell(r, c).text = text
    heading_six._p.addnext(extra._tbl)
    document.save(path)
    report = read_docx(path)
    same_tables(report_from_data(data), report)
    found = [f for f in CHECKER.check(report) if f.code == "AR018"]
    assert len(found) == 1 and found[0].location.cell == (3, 0, 0)
    assert [p.text for p in report.part("六").paragraphs[:4]] == ["政务新媒体", "账号数", "微信公众号", "3"]


def test_comments_in_the_draft_are_not_content(tmp_path):
    data = consistent_data(2023, random.Random(3))
    report = read_docx(write_draft(data, tmp_path / "d.docx", DraftStyle(comments=True)))
    everything = "".join(p.text for p in report.paragraphs())
    assert report.meta["period"] == (2023, 2023) and "统计期限" in everything
    assert "请核对" not in everything and "不衔接" not in everything
    same_tables(report_from_data(data), report)


def test_file_name_year_clash_is_a_finding(tmp_path):
    data = consistent_data(2023, random.Random(3))
    path = write_draft(data, tmp_path / "桃岭乡2022年报(初稿).docx")
    report = read_docx(path)
    assert report.year == 2023
    assert [f.code for f in CHECKER.check(report)] == ["AR122"]




@pytest.mark.parametrize(
    "title, extra",
    [
        ("示例乡人民政府２０２３年政府信息公开工作年度报告", None),
        ("示例乡人民政府 2023 年 政府信息公开工作年度报告", None),
        ("示例乡人民政府\n2023年政府信息公开工作年度报告", None),  # a manual line break
        ("示例乡人民政府", "2023年度政府信息公开工作年度报告"),  # two paragraphs
    ],
)
def test_title_forms(tmp_path, title, extra):
    data = consistent_data(2023, random.Random(3))
    data["body"]["name"] = "示例乡人民政府"
    path = write_draft(data, tmp_path / "d.docx")
    document = docx.Document(path)
    first = document.paragraphs[0]
    for run in first.runs:
        run._r.getparent().remove(run._r)
    lines = title.split("\n")
    for i, line in enumerate(lines):
        run = first.add_run(line)
        if i < len(lines) - 1:
            run.add_break()
    if extra:
        first.insert_paragraph_before(title)
        first.runs[0].text = extra
        for run in first.runs[1:]:
            run._r.getparent().remove(run._r)
    document.save(path)
    report = read_docx(path)
    assert (report.body.name, report.year, report.meta["year_claims"]["title"]) == ("示例乡人民政府", 2023, 2023)
    assert [p.number for p in report.parts] == list("一二三四五六")
    assert not [i for i in report.issues if i.kind == "title_not_found"]


def test_tracked_moves_and_deletions_read_as_accepted(tmp_path):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    data = consistent_data(2023, random.Random(3))
    path = write_draft(data, tmp_path / "d.docx")
    document = docx.Document(path)
    heading_five = next(p for p in document.paragraphs if p.text.startswith("五、"))
    rev = 'w:id="{}" w:author="甲" w:date="2024-01-10T09:00:00Z"'
    p = parse_xml(
        f'<w:p {nsdecls("w")}><w:r><w:t>经修改后</w:t></w:r>'
        f'<w:moveFrom {rev.format(1)}><w:r><w:t>挪走的字</w:t></w:r></w:moveFrom>'
        f'<w:del {rev.format(2)}><w:r><w:delText>删掉的字</w:delText></w:r></w:del>'
        f'<w:ins {rev.format(3)}><w:r><w:t>新增的字</w:t></w:r></w:ins>'
        f'<w:moveTo {rev.format(4)}><w:r><w:t>挪来的字</w:t></w:r></w:moveTo></w:p>'
    )
    heading_five._p.addnext(p)
    document.save(path)
    report = read_docx(path)
    assert report.part("五").paragraphs[0].text == "经修改后新增的字挪来的字"
    assert report.source.tracked_changes
    assert [f.code for f in CHECKER.check(report) if f.code == "AR012"] == ["AR012"]


def test_hmerge_and_vmerge_cells_in_the_grid():
    from lxml import etree

    from annual_report.ooxml.xml import W
    from annual_report.readers.docx.tables import table_grid

    tbl = etree.fromstring(
        f'<w:tbl xmlns:w="{W}">'
        '<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>组</w:t></w:r></w:p></w:tc>'
        '<w:tc><w:tcPr><w:hMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc>'
        '<w:tc><w:tcPr><w:hMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr>'
        '<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>'
        '<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>乙</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>2</w:t></w:r></w:p></w:tc></w:tr>'
        "</w:tbl>"
    )
    grid, n = table_grid(tbl, 0, 10)
    assert n == 2
    first, second = grid.rows
    assert [(c.col, c.span, c.text, c.continued) for c in first] == [(0, 1, "组", False), (1, 2, "甲", False), (3, 1, "1", False)]
    assert [(c.col, c.span, c.text, c.continued) for c in second] == [(0, 1, "组", True), (1, 2, "乙", False), (3, 1, "2", False)]


def test_a_preface_sentence_is_never_taken_for_the_title():
    """A draft whose title was deleted opens with the preface: before, the sentence became the
    title and the body's name ("本报告由……编制。"), grouping the report under a nonsense body."""
    from annual_report.readers.docx.parts import find_title

    preface = "本报告由示例乡人民政府根据《中华人民共和国政府信息公开条例》要求编制。"
    assert find_title(["", preface, "全文包括六个部分。", "一、总体情况"]).title == ""
    two_lines = find_title(["示例乡人民政府", "2023年政府信息公开工作年度报告", preface])
    assert (two_lines.title, two_lines.body, two_lines.year) == ("示例乡人民政府2023年政府信息公开工作年度报告", "示例乡人民政府", 2023)
    for above in ("（此件公开发布）", "示政办〔2024〕3号", "2024-01-19"):
        found = find_title([above, "示例乡人民政府2023年政府信息公开工作年度报告"])
        assert found.body == "示例乡人民政府", above

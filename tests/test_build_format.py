"""The look of the built report (widths, header rows, fonts, number formats), the templates
against their generator, and the example workspace's built reports read back."""

from __future__ import annotations

import io
import random
import re
import zipfile

import docx
import pytest
from docx.oxml.ns import qn

from annual_report.build.render import context, format_value, render, template_for
from annual_report.build.templates import (
    COLUMN_WIDTHS_MM,
    build_template,
    template_name,
)
from annual_report.model.layout import PART_NUMBERS, part_heading, table_layout
from annual_report.model.synth import consistent_data
from annual_report.readers.jsondata import load_report, report_from_data
from annual_report.workspace import EXAMPLE

TYPE_AREA_MM = 210 - 28 - 26


def built(report) -> docx.document.Document:
    return docx.Document(io.BytesIO(render(report, template_for(report.edition))))


@pytest.fixture(scope="module")
def example_docs():
    reports = {year: load_report(EXAMPLE / "data" / f"{year}.json") for year in (2021, 2022, 2023)}
    return {year: (report, built(report)) for year, report in reports.items()}


def east_asia(run) -> str | None:
    fonts = run._element.rPr.find(qn("w:rFonts"))
    return fonts.get(qn("w:eastAsia")) if fonts is not None else None


@pytest.mark.parametrize(
    "title, body, lines",
    [
        ("青溪镇人民政府2023年政府信息公开工作年度报告", "青溪镇人民政府", ["青溪镇人民政府", "2023年政府信息公开工作年度报告"]),
        ("某局2023年政府信息公开工作年度报告", "某局", ["某局2023年政府信息公开工作年度报告"]),  # fits on one line
        ("关于某某街道办事处二〇二三年度政府信息公开工作的报告", "某某街道办事处", ["关于某某街道办事处二〇二三年度政府信息公开工作的报告"]),
    ],
)
def test_title_lines(title, body, lines):
    from annual_report.build.render import title_lines

    assert title_lines(title, body) == lines


@pytest.mark.parametrize(
    "value, kind, text",
    [
        (None, "count", ""),
        (0, "count", "0"),
        (17, "count", "17"),
        (0, "amount", "0.00"),
        (12.5, "amount", "12.50"),
        (3, "amount", "3.00"),
        (3.125, "amount", "3.125"),  # more decimals than two are kept as given
        (0.1 + 0.2, "amount", "0.30"),  # binary noise is not
        (None, "amount", ""),
        (4, "signed", "+4"),
        (-2, "signed", "-2"),
        (0, "signed", "0"),
    ],
)
def test_format_value(value, kind, text):
    assert format_value(value, kind) == text


def test_amounts_and_signed_changes_in_the_built_tables():
    data = consistent_data(2023, random.Random(1))
    data["tables"]["A"]["rows"][5]["本年收费金额（单位：万元）"] = 12.5
    table_a = built(report_from_data(data)).tables[0]
    assert table_a.rows[-1].cells[-1].text == "12.50"

    data = consistent_data(2020, random.Random(2))
    rows = {r["信息内容"]: r for r in data["tables"]["A"]["rows"]}
    rows["行政许可"]["本年增/减"] = 3
    rows["行政处罚"]["本年增/减"] = -1
    rows["政府集中采购"]["采购总金额"] = 86
    texts = [[c.text for c in r.cells] for r in built(report_from_data(data)).tables[0].rows]
    assert ["行政许可", str(rows["行政许可"]["上一年项目数量"]), "+3", str(rows["行政许可"]["处理决定数量"])] in texts
    assert any(r[0] == "行政处罚" and r[2] == "-1" for r in texts)
    assert any(r[0] == "政府集中采购" and r[-1] == "86.00" for r in texts)


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_tables_fill_the_type_area_with_fixed_widths(edition):
    document = docx.Document(str(template_for(edition)))
    for table, name in zip(document.tables, "ABC"):
        tbl = table._tbl
        grid = [int(c.get(qn("w:w"))) for c in tbl.tblGrid.findall(qn("w:gridCol"))]
        assert len(grid) == len(COLUMN_WIDTHS_MM[name])
        assert abs(sum(grid) / 1440 * 25.4 - TYPE_AREA_MM) < 1, name
        assert tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        for tr in tbl.tr_lst:  # every cell is as wide as the grid columns it spans
            col = 0
            for tc in tr.tc_lst:
                assert abs(tc.width.twips - sum(grid[col : col + tc.grid_span])) <= tc.grid_span, name
                col += tc.grid_span
            assert col == len(grid)


def test_table_b_and_c_header_rows_repeat_on_each_page():
    document = docx.Document(str(template_for("2021")))
    for table, n_header in ((document.tables[1], 3), (document.tables[2], 3)):
        flags = [tr.trPr is not None and tr.trPr.find(qn("w:tblHeader")) is not None for tr in table._tbl.tr_lst]
        assert flags == [True] * n_header + [False] * (len(flags) - n_header)
        # schema order inside w:trPr: cantSplit before tblHeader
        first = [child.tag for child in table._tbl.tr_lst[0].trPr]
        assert first == [qn("w:cantSplit"), qn("w:tblHeader")]


def test_fonts_of_title_headings_body_and_tables(example_docs):
    report, document = example_docs[2023]
    paragraphs = document.paragraphs
    assert east_asia(paragraphs[0].runs[0]) == east_asia(paragraphs[1].runs[0]) == "方正小标宋简体"
    headings = [p for p in paragraphs if p.text in {part_heading(n) for n in PART_NUMBERS}]
    assert [p.text for p in headings] == [part_heading(n) for n in PART_NUMBERS]
    assert all(east_asia(p.runs[0]) == "黑体" for p in headings)
    body = [p for p in paragraphs if p.text in {q.text for q in report.paragraphs()}]
    assert len(body) == len(list(report.paragraphs()))
    assert all(east_asia(r) == "仿宋_GB2312" for p in body for r in p.runs)
    for table in document.tables:
        for tc in table._tbl.iter(qn("w:tc")):
            for run in tc.iter(qn("w:r")):
                assert run.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:eastAsia")) == "宋体"
    section = document.sections[0]
    assert [round(x.mm) for x in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)] == [37, 35, 28, 26]


def test_template_needs_nothing_the_context_lacks(example_docs):
    from docxtpl import DocxTemplate

    for edition, year in (("2021", 2023),):
        report = example_docs[year][0]
        needed = DocxTemplate(str(template_for(edition))).get_undeclared_template_variables()
        assert needed <= set(context(report)), needed - set(context(report))
    report_2020 = report_from_data(consistent_data(2020, random.Random(3)))
    needed = DocxTemplate(str(template_for("2019"))).get_undeclared_template_variables()
    assert needed <= set(context(report_2020))


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_committed_templates_are_what_the_generator_makes(edition, tmp_path):
    """templates/ is generated: run ``python -m annual_report.build.templates`` after a change."""
    fresh = tmp_path / template_name(edition)
    build_template(edition).save(fresh)

    def body(path):
        with zipfile.ZipFile(path) as z:
            return z.read("word/document.xml")

    assert body(template_for(edition)) == body(fresh), "templates/ is stale: run python -m annual_report.build.templates"


def test_example_reports_text_figures_equal_table_cells(example_docs):
    """Read back from the .docx: the figures the narrative states are the table's cells."""
    for year, (report, document) in example_docs.items():
        text = "\n".join(p.text for p in document.paragraphs)
        table_b, table_a = document.tables[1], document.tables[0]
        rows_b = {r.cells[0].text if r.cells[0].text != "三、本年度办理结果" else r.cells[1].text: r for r in table_b.rows}
        total = lambda label: rows_b[label].cells[-1].text  # noqa: E731
        new = re.search(r"新收政府信息公开申请(\d+)件", text) or re.search(r"受理政府信息公开申请(\d+)件", text)
        assert new and new.group(1) == total("一、本年新收政府信息公开申请数量"), year
        handled = re.search(r"办结(\d+)件|共办理(\d+)件", text)
        assert [g for g in handled.groups() if g][0] == total("（七）总计"), year
        opened = re.search(r"予以公开(\d+)件", text)
        assert opened.group(1) == total("（一）予以公开"), year
        made = re.search(r"制发行政规范性文件(\d+)件", text)
        row = next(r for r in table_a.rows if r.cells[0].text == "行政规范性文件")
        assert made.group(1) == row.cells[1].text, year
        assert report.title == "".join(p.text for p in document.paragraphs[:2])


def test_example_2019_edition_data_builds_with_its_own_layout():
    data = consistent_data(2020, random.Random(5))
    document = built(report_from_data(data))
    table_b = document.tables[1]
    labels = [tc.xpath("string(.)") for tc in table_b._tbl.iter(qn("w:tc"))]
    for row in table_layout("2019", "B").rows:
        assert row.label in labels
    assert "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请" not in labels
    assert "本报告中所列数据的统计期限自2020年1月1日起至2020年12月31日止。" in [p.text for p in document.paragraphs]


@pytest.mark.parametrize("year", [2021, 2022, 2023])
def test_example_reports_read_back_by_the_docx_reader(year, tmp_path):
    """What build writes, the project's own .docx reader reads back to the same model."""
    from annual_report.output.files import write_atomic
    from annual_report.readers import read_report

    report = load_report(EXAMPLE / "data" / f"{year}.json")
    path = tmp_path / f"{year}.docx"
    write_atomic(path, render(report, template_for(report.edition)))
    again = read_report(path)
    assert again.year == year and again.edition == report.edition and again.body.name == report.body.name
    for name in "ABC":
        assert dict(again.tables[name].values) == dict(report.tables[name].values), name
    for number in ("一", "五", "六"):
        assert [p.text for p in again.part(number).paragraphs] == [p.text for p in report.part(number).paragraphs]
    assert not again.issues, again.issues


def test_template_gen_writes_both_templates_to_a_folder(tmp_path):
    from annual_report.build.templates import main

    main([str(tmp_path / "templates")])
    for edition in ("2019", "2021"):
        written = tmp_path / "templates" / template_name(edition)
        with zipfile.ZipFile(written) as a, zipfile.ZipFile(template_for(edition)) as b:
            assert a.read("word/document.xml") == b.read("word/document.xml")


def test_text_pasted_from_word_keeps_line_breaks_and_loses_what_xml_cannot_hold():
    data = consistent_data(2023, random.Random(7))
    data["parts"]["六"] += ["第一行\v第二行", "Windows\r\n换行", "控制\x01字符\x07与\x0c分页"]
    texts = [p.text for p in built(report_from_data(data)).paragraphs]
    assert "第一行\n第二行" in texts and "Windows\n换行" in texts and "控制字符与分页" in texts

"""The look of the built report (widths, header rows, fonts, number formats), the templates
against their generator, and the example workspace's built reports read back."""

from __future__ import annotations

import dataclasses
import io
import random
import re
import zipfile

import docx
import pytest
from docx.oxml.ns import qn

from annual_report.writer.render import context, format_value, render, template_for
from annual_report.writer.templates import (
    COLUMN_WIDTHS_MM,
    build_template,
    template_name,
)
from annual_report.model.layout import PART_NUMBERS, part_heading, table_layout
from synth import consistent_data
from annual_report.readers.jsondata import load_report, report_from_data
from annual_report.app.workspace import EXAMPLE

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
    from annual_report.writer.render import title_lines

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
    # 正文 仿宋; a paragraph's opening 二级标题 "（一）主动公开。" is its own run in 楷体 (GB/T 9704)
    for p in body:
        fonts = [(r.text, east_asia(r)) for r in p.runs if r.text]
        if re.match(r"（[一二三四五六七八九十]+）", p.text):
            assert fonts[0][1] == "楷体_GB2312" and fonts[0][0].endswith("。") and len(fonts[0][0]) < 20, fonts
            fonts = fonts[1:]
        assert all(font == "仿宋_GB2312" for _, font in fonts), fonts
    assert sum(bool(re.match(r"（[一二三四五六七八九十]+）", p.text)) for p in body) == 5
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
    """templates/ is generated: run ``python -m annual_report.writer.templates`` after a change."""
    fresh = tmp_path / template_name(edition)
    build_template(edition).save(fresh)

    def body(path):  # the text, the styles, the page-number footers and the settings
        with zipfile.ZipFile(path) as z:
            names = sorted(n for n in z.namelist() if re.fullmatch(r"word/(document|styles|settings|footer\d*)\.xml", n))
            return {n: z.read(n) for n in names}

    committed = body(template_for(edition))
    assert len(committed) == 5, sorted(committed)  # document, styles, settings, two footers
    assert committed == body(fresh), "templates/ is stale: run python -m annual_report.writer.templates"


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
    from annual_report.files.writing import write_atomic
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
    from annual_report.writer.templates import main

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


def _style_font(style) -> str | None:
    fonts = style.element.rPr.find(qn("w:rFonts"))
    return fonts.get(qn("w:eastAsia")) if fonts is not None else None


def _outline_level(style) -> str | None:
    found = style.element.pPr.find(qn("w:outlineLvl"))
    return found.get(qn("w:val")) if found is not None else None


def test_headings_are_in_heading_styles_with_outline_levels(example_docs, tmp_path):
    """Word's navigation pane lists the part headings and any 二级标题 on its own line: they are in
    标题 1 / 标题 2 with outline levels, in 黑体 / 楷体, black, not bold, the body's size."""
    from annual_report.model.report import Paragraph

    report, document = example_docs[2023]
    lines = [Paragraph(text="（一）主动公开情况", part="一", index=0), *report.part("一").paragraphs]
    part_one = dataclasses.replace(report.part("一"), paragraphs=tuple(lines))
    own = dataclasses.replace(report, parts=tuple(part_one if p.number == "一" else p for p in report.parts))
    path = tmp_path / "built.docx"
    path.write_bytes(render(own, template_for(own.edition)))
    document = docx.Document(str(path))  # opened again from the file

    h1, h2 = document.styles["Heading 1"], document.styles["Heading 2"]
    assert (_outline_level(h1), _style_font(h1)) == ("0", "黑体")
    assert (_outline_level(h2), _style_font(h2)) == ("1", "楷体_GB2312")
    for style in (h1, h2):
        assert style.font.bold is False and style.font.size.pt == 16
        assert style.element.rPr.find(qn("w:color")) is None, "black, not the theme's blue"
        assert style.element.rPr.find(qn("w:rFonts")).get(qn("w:asciiTheme")) is None
    by_style = {}
    for p in document.paragraphs:
        by_style.setdefault(p.style.name, []).append(p.text)
    assert by_style["Heading 1"] == [part_heading(n) for n in PART_NUMBERS]
    assert by_style["Heading 2"] == ["（一）主动公开情况"]
    heading2 = next(p for p in document.paragraphs if p.style.name == "Heading 2")
    assert [east_asia(r) for r in heading2.runs if r.text] == ["楷体_GB2312"]


def test_page_numbers_in_the_footer_as_official_documents_have_them(example_docs, tmp_path):
    report, _ = example_docs[2023]
    path = tmp_path / "built.docx"
    path.write_bytes(render(report, template_for(report.edition)))
    document = docx.Document(str(path))
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        (p,) = [p for p in footer.paragraphs if p.text.strip()]
        element = p._p
        kinds = [c.get(qn("w:fldCharType")) for c in element.iter(qn("w:fldChar"))]
        assert kinds == ["begin", "separate", "end"]
        assert [t.text.strip() for t in element.iter(qn("w:instrText"))] == ["PAGE"]
        assert p.text == "— 1 —" and p.alignment == getattr(docx.enum.text.WD_ALIGN_PARAGRAPH, align.upper())
        assert {east_asia(r) for r in p.runs} == {"宋体"} and {r.font.size.pt for r in p.runs} == {14}
    assert 20 <= section.footer_distance.mm <= 28


def test_table_cells_have_room_around_their_text():
    document = docx.Document(str(template_for("2021")))
    for table, name in zip(document.tables, "ABC"):
        margins = table._tbl.tblPr.find(qn("w:tblCellMar"))
        width = {child.tag.split("}")[1]: int(child.get(qn("w:w"))) for child in margins}
        assert width["top"] >= 50 and width["bottom"] >= 50, name  # about 1 mm, not Word's 0
        assert width["left"] >= 40 and width["right"] >= 40, name
        children = [c.tag for c in table._tbl.tblPr]
        assert children.index(qn("w:tblCellMar")) > children.index(qn("w:tblLayout")), "schema order"


@pytest.mark.parametrize(
    "text, heading, rest, own_line",
    [
        ("（一）主动公开。全年发布信息412条。", "（一）主动公开。", "全年发布信息412条。", False),
        ("（二）依申请公开情况", "（二）依申请公开情况", "", True),
        ("（十一）其他：无", "（十一）其他：", "无", False),
        ("（一）2023年全年发布信息1.5万条，较上年增加", "", "（一）2023年全年发布信息1.5万条，较上年增加", False),
        ("本年度新收申请12件。", "", "本年度新收申请12件。", False),
    ],
)
def test_narrative_paragraph_finds_an_opening_subheading(text, heading, rest, own_line):
    from annual_report.writer.render import narrative_paragraph

    para = narrative_paragraph(text)
    assert (para.heading, para.text, para.own_line) == (heading, rest, own_line)
    assert para == text, "as a string it is the whole paragraph ({{ para }} of an older template)"


def test_an_older_workspace_template_printing_para_still_gets_whole_paragraphs(example_docs, tmp_path):
    """Templates made before headings were split out use ``{{ para }}``: it is the whole text."""
    report, _ = example_docs[2023]
    old = docx.Document()
    for line in ("{%p for para in parts['一'] %}", "{{ para }}", "{%p endfor %}"):
        old.add_paragraph(line)
    path = tmp_path / "report-2021.docx"
    old.save(path)
    texts = [p.text for p in docx.Document(io.BytesIO(render(report, path))).paragraphs]
    assert texts == [p.text for p in report.part("一").paragraphs]

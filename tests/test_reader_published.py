"""A real report as a county government published it (a WPS export; see fixtures/published/README.md):
read as a careful reader reads it — the six parts with their text, every figure of the three
tables, the two real errors of table C reported, and nothing the reading itself invented."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from typer.testing import CliRunner

from annual_report.cli import app
from annual_report.readers import read_report

PUBLISHED = Path(__file__).parent / "fixtures" / "published"
HONGZE = PUBLISHED / "hongze-2023.pdf"
runner = CliRunner()


def test_hongze_title_preface_and_six_parts():
    report = read_report(HONGZE)
    assert report.title == "洪泽区人民政府2023年政府信息公开工作年度报告"
    assert report.year == 2023 and report.edition == "2021"
    assert [p.number for p in report.parts] == ["一", "二", "三", "四", "五", "六"]
    preface = "".join(p.text for p in report.preface)
    # a justified line put spaces between the characters ("邮 编 ："): read without them
    assert "（地址：淮安市洪泽区洪泽湖大道90号，邮编：223100，电话：0517-87222589，电子邮箱：hzzwgk@126.com）" in preface
    assert report.meta["period"] is not None
    one = [p.text for p in report.part("一").paragraphs]
    assert one[0].startswith("2023年，洪泽区人民政府坚持以习近平新时代中国特色社会主义思想为指导")
    assert one[0].endswith("推进政府信息公开工作规范、有序、健康发展。")
    assert "（三）政府信息管理情况。" in one
    assert len(one) == 7
    five = report.part("五").paragraphs
    assert len(five) == 1 and five[0].text.endswith("不断提高各单位政府信息公开工作人员的思想认识和业务工作水平。")
    six = [p.text for p in report.part("六").paragraphs]
    assert six == ["2023年，区政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费0元。"]
    text = "".join(p.text for p in report.paragraphs())
    assert "- 1 -" not in text and "-1-" not in text


def test_hongze_tables_cell_for_cell():
    report = read_report(HONGZE)
    a, b, c = report.table("A"), report.table("B"), report.table("C")
    assert {a.edition, b.edition, c.edition} == {"2021"}
    assert a.get("行政规范性文件", "本年废止件数") == 5 and a.get("行政规范性文件", "现行有效件数") == 5
    assert a.get("行政许可", "本年处理决定数量") == 550
    # table A's header row "信息内容 | 本年处理决定数量" split from its section by the page break
    assert a.get("行政处罚", "本年处理决定数量") == 4119 and a.get("行政强制", "本年处理决定数量") == 195
    assert a.get("行政事业性收费", "本年收费金额（单位：万元）") == 7730.28
    assert b.get("new", "自然人") == 21 and b.get("partial", "总计") == 4
    # a label the office typed short ("2.其他法律行政止公开") is still its row
    assert b.get("deny.2", "总计") == 0 and b.get("deny.1", "总计") == 1
    # the row split by the page break (its label on page 3, the next rows on page 4)
    assert b.get("unable.2", "自然人") == 3 and b.get("unable.3", "总计") == 0
    assert b.get("noprocess.1", "总计") == 1 and b.get("total", "总计") == 21 and b.get("carried_out", "总计") == 0
    assert c.get("review", "结果维持") == 10 and c.get("review", "结果纠正") == 1 and c.get("review", "总计") == 0
    assert c.get("after_review", "结果维持") == 5 and c.get("after_review", "总计") == 0


def test_hongze_check_reports_what_a_careful_reader_finds():
    result = runner.invoke(app, ["check", str(HONGZE), "--format", "json"])
    assert result.exit_code == 1, result.output
    findings = json.loads(result.output)["reports"][0]["findings"]
    codes = [f["code"] for f in findings]
    ar106 = [f["message"] for f in findings if f["code"] == "AR106"]
    assert any("行政复议" in m and "总计 0 ≠ 各项之和 11" in m for m in ar106)
    assert any("复议后起诉" in m and "总计 0 ≠ 各项之和 5" in m for m in ar106)
    # table B's "（六）其他处理" given as one row: said once, not as three missing rows or blank cells
    ar015 = [f["message"] for f in findings if f["code"] == "AR015"]
    assert len(ar015) == 1 and "“（六）其他处理”只填了一行" in ar015[0]
    # the place is the row the report has, not the first sub-row it lacks; the items are told apart
    (where,) = [f["location"] for f in findings if f["code"] == "AR015"]
    assert where["row_label"] == "（六）其他处理", where
    assert "其政府信息公开申请；2.申请人逾期未按收费通知" in ar015[0]
    for code in ("AR601", "AR010", "AR013", "AR123", "AR108", "AR011", "AR018", "AR020", "AR609"):
        assert code not in codes, (code, findings)


def _same_as_the_docx(name: str) -> None:
    from test_reader_html import same_report

    from annual_report.readers.docx import read_docx

    expected = read_docx(PUBLISHED.parent / "exported" / "report-2023.docx")
    actual = read_report(PUBLISHED / name)
    assert actual.source.kind == "pdf" and not actual.issues, [(i.kind, dict(i.data)) for i in actual.issues]
    assert same_report(expected, actual) == (200, 200)
    assert actual.meta["publication_date"] == expected.meta["publication_date"]


@pytest.mark.parametrize("name", ["lo-a5.pdf", "lo-b5-wide-margins.pdf", "lo-b5-repeated-headers.pdf", "lo-letter-large.pdf"])
def test_libreoffice_layouts_read_as_the_docx(name):
    """Other page sizes, margins and fonts: the title over two lines, rows of table B and the
    header of table C split across pages (a label's last line alone on the next page), table
    A's section heading opening a page; tables B and C repeating their header rows on every page."""
    _same_as_the_docx(name)


def test_chromium_print_of_a_portal_page():
    """A browser's print-to-PDF of a portal's print view: the 发布时间 line is not the preface."""
    from test_reader_html import same_report

    sys.path.insert(0, str(PUBLISHED.parent / "portal"))
    from make_portal import expected_data

    from annual_report.readers.jsondata import report_from_data

    actual = read_report(PUBLISHED / "chromium.pdf")
    assert not actual.issues
    assert same_report(report_from_data(expected_data(), validate=False), actual) == (200, 200)
    assert actual.table("B").get("deny.4", "科研机构") is None  # typed "—"


def test_radicals_from_a_fonts_unicode_map_read_as_ideographs():
    from annual_report.readers.pdf import _join

    chars = [{"text": t, "x0": i * 10.0, "x1": i * 10.0 + 10, "size": 10.0} for i, t in enumerate("⼀、⽰例乡⼈⺠政府⻓期")]
    assert _join(chars) == "一、示例乡人民政府长期"


def test_wps_like_drawing_reads_as_drawn():
    """Drawn the way WPS draws (make_variants.py: per-character text through a scaled matrix,
    a CJK font, shading boxes behind lines, justified lines spreading characters apart, a
    红头 with 文号 and a 印发 line, running header, "- N -" and "第 N 页 共 M 页" footers, table
    B's header and a row split by page breaks, its last rows alone on the next page, "—" and
    "/" cells)."""
    from test_reader_html import same_report

    sys.path.insert(0, str(PUBLISHED))
    from make_variants import CONTACT, wps_data

    from annual_report.readers.jsondata import report_from_data

    expected = report_from_data(wps_data(), validate=False)
    actual = read_report(PUBLISHED / "wps-like.pdf")
    assert not actual.issues
    assert actual.title == "青山县教育局2021年政府信息公开工作年度报告" and actual.body.name == "青山县教育局"
    assert same_report(expected, actual) == (200, 200)
    assert actual.preface[-1].text.endswith(CONTACT)
    assert actual.table("B").get("deny.4", "科研机构") is None and actual.table("B").raw[("deny.4", "科研机构")] == "—"
    assert actual.table("C").get("direct", "其他结果") is None and actual.table("C").raw[("direct", "其他结果")] == "/"
    assert actual.meta["publication_date"] == "2022-01-20"
    text = "\n".join(p.text for p in actual.paragraphs())
    for furniture in ("印发", "青教〔2022〕3号", "第 1 页", "- 2 -", "青山县教育局文件"):
        assert furniture not in text


def _codes(path: Path) -> list[dict]:
    result = runner.invoke(app, ["check", str(path), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)["reports"][0]["findings"]


def test_a_table_published_as_a_picture_is_said_once():
    """Table B pasted as a picture in the PDF, tables B and C as <img> on a portal page: one
    AR022 per table naming the part (and the page), never "table not found", rows missing,
    text-vs-table or formats-mixed findings."""
    findings = _codes(PUBLISHED / "wps-table-picture.pdf")
    ar022 = [f["message"] for f in findings if f["code"] == "AR022"]
    assert ar022 == ["第三部分的表格（表三）是图片（第 3 页），无法读取其中的数字，该表未核对；请向发布单位索取 Word 原稿，或把表中数字填入统计表（annual-report workbook）后再检查"]
    assert {f["code"] for f in findings} <= {"AR022", "AR108"}, findings  # AR108: the "/" cell of table C
    page = PUBLISHED.parent / "portal" / "cms-table-images.html"
    findings = _codes(page)
    assert [f["code"] for f in findings] == ["AR022", "AR022"], findings
    assert findings[0]["message"].startswith("第三部分的表格（表三）是图片，无法读取其中的数字")
    assert findings[1]["message"].startswith("第四部分的表格（表四）是图片")
    report = read_report(page)
    assert set(report.tables) == {"A"} and [p.number for p in report.parts] == ["一", "二", "三", "四", "五", "六"]


def test_a_scanned_page_inside_a_pdf_is_said_once():
    findings = _codes(PUBLISHED / "wps-scanned-page.pdf")
    assert [f["code"] for f in findings if f["severity"] == "error"] == ["AR022"], findings
    message = next(f["message"] for f in findings if f["code"] == "AR022")
    assert message.startswith("第 2 页是图片（扫描或拍照，没有文字层），其中的文字和表格无法读取")
    for code in ("AR601", "AR602", "AR011", "AR015", "AR018", "AR010", "AR123"):
        assert code not in {f["code"] for f in findings}


@pytest.mark.parametrize("suffix", [".pdf", ".html"])
def test_the_2019_format_reads_as_the_docx(suffix):
    from test_reader_html import same_report

    from annual_report.readers.docx import read_docx

    expected = read_docx(PUBLISHED / "lo-2019.docx")
    actual = read_report(PUBLISHED / f"lo-2019{suffix}")
    assert expected.edition == actual.edition == "2019" and not actual.issues
    assert {t.edition for t in actual.tables.values()} == {"2019"}
    total = sum(len(t.values) for t in expected.tables.values())
    assert same_report(expected, actual) == (total, total)


def test_a_text_layer_without_a_unicode_map_is_refused_once(tmp_path):
    """Gibberish from a font with no usable Unicode map is not read as text (which would
    bring parts, title and tables "missing"): one message, exit 2, nothing written."""
    pdf = PUBLISHED / "wps-unmapped-font.pdf"
    out = tmp_path / "x.json"
    for args in (["check", str(pdf)], ["extract", str(pdf), "-o", str(out)]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        assert "的文字层无法识别（PDF 中的字体没有正确的文字编码" in result.output and "AR601" not in result.output
    assert not out.exists()

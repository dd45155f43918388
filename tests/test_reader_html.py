"""Published web pages: LibreOffice's HTML export of the filled real template and pages in the
shapes portals publish (CMS article with menus and footer, GBK declared or not, rowspan/colspan
tables, <p>/<div>/<span>/<br> text) read back exactly — every cell and every part's text; a page
with no report or two reports is refused with one Chinese message, exit 2, nothing written."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annual_report.cli import app
from annual_report.readers import read_report
from annual_report.readers.docx import read_docx
from annual_report.readers.html import collapse, decode_page, table_grid
from annual_report.readers.jsondata import report_from_data

FIXTURES = Path(__file__).parent / "fixtures"
EXPORTED = FIXTURES / "exported"
PORTAL = FIXTURES / "portal"
sys.path.insert(0, str(PORTAL))
from make_portal import expected_data  # noqa: E402

runner = CliRunner()


def same_report(expected, actual) -> tuple[int, int]:
    """(cells read the same, cells); asserts title, preface and every part's text are equal."""
    assert actual.title == expected.title
    assert actual.year == expected.year
    assert [p.text for p in actual.preface] == [p.text for p in expected.preface]
    assert [(p.number, p.heading) for p in actual.parts] == [(p.number, p.heading) for p in expected.parts]
    for part in expected.parts:
        assert [p.text for p in actual.part(part.number).paragraphs] == [p.text for p in part.paragraphs], part.number
    same = total = 0
    for name, table in expected.tables.items():
        for key, value in table.values.items():
            total += 1
            got = actual.tables[name].values.get(key)
            same += got == value and type(got) is type(value)
    return same, total


@pytest.mark.parametrize("stem", ["report-2023", "report-2022"])
def test_libreoffice_html_export_reads_as_the_docx(stem):
    expected = read_docx(EXPORTED / f"{stem}.docx")
    actual = read_report(EXPORTED / f"{stem}.html")
    assert actual.source.kind == "html" and not actual.issues
    assert same_report(expected, actual) == (200, 200)
    assert actual.meta["publication_date"] == expected.meta["publication_date"]


@pytest.mark.parametrize("name", ["cms-gb2312-meta.html", "cms-gbk-undeclared.htm", "cms-layout-table.html"])
def test_portal_pages_read_exactly(name):
    expected = report_from_data(expected_data(), validate=False)
    actual = read_report(PORTAL / name)
    assert actual.body.name == "青山县教育局" and not actual.issues
    assert same_report(expected, actual) == (200, 200)
    assert actual.table("B").get("deny.4", "科研机构") is None  # typed "—"
    assert actual.meta["publication_date"] == "2022-01-20"
    text = "\n".join(p.text for p in actual.paragraphs())
    for chrome in ("首页", "网站标识码", "打印本页", "发布时间", "栏目导航", "政府信息公开指南", "分享到", "相关链接", "2020年政府信息公开工作年度报告"):
        assert chrome not in text


def test_gbk_without_declaration_is_not_mojibake():
    raw = (PORTAL / "cms-gbk-undeclared.htm").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "青山县教育局" in decode_page(raw, Path("x"))


def test_extract_and_check_accept_a_web_page(tmp_path):
    out = tmp_path / "2021.json"
    result = runner.invoke(app, ["extract", str(PORTAL / "cms-gb2312-meta.html"), "-o", str(out), "--level", "县级部门"])
    assert result.exit_code == 1 and "表三“4.保护第三方合法权益”行“科研机构”列未填写" in result.output  # the "—" cell
    assert not out.exists()
    result = runner.invoke(app, ["extract", str(PORTAL / "cms-gb2312-meta.html"), "-o", str(out), "--level", "县级部门", "--force"])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    expected = expected_data()
    assert data["tables"] == expected["tables"] and data["parts"] == {
        n: [p.text for p in report_from_data(expected, validate=False).part(n).paragraphs] for n in ("一", "五", "六")
    }
    result = runner.invoke(app, ["check", str(EXPORTED / "report-2023.html"), "--history", str(PORTAL / "cms-gb2312-meta.html")])
    assert result.exit_code in (0, 1), result.output
    assert "示例乡人民政府 2023年" in result.output


def test_whitespace_as_a_browser_shows_it():
    assert collapse("全年新收\n        申请4件") == "全年新收申请4件"
    assert collapse("本年&nbsp;".replace("&nbsp;", "\xa0") + "度") == "本年 度"
    assert collapse("LibreOffice\n  7.4") == "LibreOffice 7.4"


def test_rowspan_continues_downwards():
    import lxml.html

    table = lxml.html.fragment_fromstring(
        '<table><tr><td rowspan="2">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>1</td></tr>'
        "<tr><td>（三）不予公开</td><td>1.属于国家秘密</td><td>0</td></tr></table>"
    )
    grid = table_grid(table, 0)
    assert [(c.col, c.span, c.text, c.continued) for c in grid.rows[1]] == [
        (0, 1, "三、本年度办理结果", True), (1, 1, "（三）不予公开", False), (2, 1, "1.属于国家秘密", False), (3, 1, "0", False)
    ]


@pytest.mark.parametrize("name, message", [
    ("list-page.html", "中没有找到年度报告"),
    ("two-reports.html", "中有 2 份年度报告（“青山县教育局2021年政府信息公开工作年度报告”、“青山县教育局2022年政府信息公开工作年度报告”"),
])
def test_bad_pages_are_refused(tmp_path, name, message):
    page = PORTAL / name
    before = hashlib.sha256(page.read_bytes()).hexdigest()
    out = tmp_path / "x.json"
    for args in (["extract", str(page), "-o", str(out)], ["check", str(page)]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        assert f"{page} {message}" in result.output and "Traceback" not in result.output
    assert not out.exists()
    assert hashlib.sha256(page.read_bytes()).hexdigest() == before


def test_a_pdf_named_html_is_refused(tmp_path):
    fake = tmp_path / "报告.html"
    fake.write_bytes((EXPORTED / "report-2023.pdf").read_bytes())
    result = runner.invoke(app, ["check", str(fake)])
    assert result.exit_code == 2 and "不是网页（实际是 PDF" in result.output


def test_readers_are_plugins():
    """The workbook, web page and PDF readers are registered through the plugin hook, like rules."""
    from annual_report.plugins.manager import load_plugins

    plugins = load_plugins()
    names = [r.name for r in plugins.readers]
    assert {"xlsx", "html", "pdf"} <= set(names)
    html_reader = next(r for r in plugins.readers if r.name == "html")
    assert html_reader.accepts(Path("年报.HTM")) and not html_reader.accepts(Path("年报.docx"))
    assert any(p.name == "pdf" and p.origin == "builtin" for p in plugins.plugins)


@pytest.mark.parametrize("name", ["word-save-as.htm", "word-utf8-declared-gb2312.htm"])
def test_word_save_as_web_page_reads_exactly(name):
    """Word's "另存为网页" markup (Office namespaces, mso-* styles, <![if !supportLists]> list
    numbers, <o:p>, a span per character, &nbsp; padding) pasted in a layout table; the second
    file is UTF-8 under a gb2312 declaration."""
    expected = report_from_data(expected_data(), validate=False)
    actual = read_report(PORTAL / name)
    assert actual.body.name == "青山县教育局" and not actual.issues
    assert same_report(expected, actual) == (200, 200)
    assert actual.meta["publication_date"] == "2022-01-20"


def test_a_wrong_charset_declaration_does_not_garble_utf8():
    raw = (PORTAL / "word-utf8-declared-gb2312.htm").read_bytes()
    assert b"charset=gb2312" in raw
    assert "青山县教育局" in decode_page(raw, Path("x")) and "青山县教育局" not in raw.decode("gb18030", errors="replace")


def test_an_article_split_over_pages_reads_as_one(tmp_path):
    """"共3页 上一页 第1页 下一页": the pages saved side by side are followed from the first; the
    pager is not report text. With only the first page saved, one AR022 says so, and the parts
    on the other pages are not reported missing."""
    import shutil

    expected = report_from_data(expected_data(), validate=False)
    actual = read_report(PORTAL / "paged-1.html")
    assert not actual.issues
    assert same_report(expected, actual) == (200, 200)
    assert not any("下一页" in p.text or "共3页" in p.text for p in actual.paragraphs())
    alone = tmp_path / "paged-1.html"
    shutil.copyfile(PORTAL / "paged-1.html", alone)
    result = runner.invoke(app, ["check", str(alone), "--format", "json"])
    findings = json.loads(result.output)["reports"][0]["findings"]
    assert [f["code"] for f in findings] == ["AR022"], findings
    assert findings[0]["message"].startswith("网页上的报告分为多页（有“上一页”“下一页”链接），只读取了已保存的 1 页")
    # a later page is read from the first page saved beside it; without the first, the rest
    assert same_report(expected, read_report(PORTAL / "paged-2.html")) == (200, 200)
    later = tmp_path / "later"
    later.mkdir()
    for name in ("paged-2.html", "paged-3.html"):
        shutil.copyfile(PORTAL / name, later / name)
    result = runner.invoke(app, ["check", str(later / "paged-3.html"), "--format", "json"])
    findings = json.loads(result.output)["reports"][0]["findings"]
    assert [f["code"] for f in findings if f["severity"] == "error"] == ["AR022"], findings
    assert "只读取了已保存的 2 页" in findings[0]["message"]
    assert not {"AR601", "AR609", "AR011"} & {f["code"] for f in findings}

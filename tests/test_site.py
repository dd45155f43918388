"""集中展示: the static site from a folder of mixed reports — index by year and body, report
pages with the statutory tables as accessible tables, body pages, unreadable files listed
with the reason, markup escaped, every page valid HTML — and in headless Chromium: load the
index, follow a link, find a report by search, a phone-width page, a screenshot."""

from __future__ import annotations

import hashlib
import json
import random
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annual_report.cli import app
from synth import consistent_series

from drafts import DraftStyle, write_draft
from official_template import fill_official_template

runner = CliRunner()
MARKUP_BODY = '<img src=x onerror="alert(1)">云溪街道办事处'


@pytest.fixture(scope="module")
def reports_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("reports")
    (folder / "2023").mkdir()
    for d in consistent_series([2021, 2022, 2023], random.Random(1), body="桃岭乡人民政府"):
        (folder / f"桃岭乡-{d['year']}.json").write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    markup = consistent_series([2022, 2023], random.Random(2), body=MARKUP_BODY)
    markup[1]["parts"]["一"] = ["本年度<script>alert('x')</script>工作&nbsp;有序。"]
    for d in markup:
        (folder / f"yunxi-{d['year']}.json").write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    one = consistent_series([2023], random.Random(3), body="石门县交通运输局", level="县级部门")[0]
    fill_official_template(one, folder / "2023" / "石门县交通运输局2023年报.docx")
    draft = consistent_series([2022, 2023], random.Random(4), body="梅山镇人民政府")
    write_draft(draft[0], folder / "梅山镇2022.docx", DraftStyle(value_style="full-width"))
    write_draft(draft[1], folder / "2023" / "梅山镇2023.docx", DraftStyle(subtotal_rows=True))
    import docx

    doc = docx.Document()
    doc.add_paragraph("白沙镇人民政府2023年政府信息公开工作年度报告")
    doc.add_paragraph("一、总体情况")
    doc.add_paragraph("本年度工作情况见附件。")
    doc.save(folder / "白沙镇2023.docx")
    (folder / "损坏的报告.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "旧格式.doc").write_bytes(b"\xd0\xcf\x11\xe0 old word")
    return folder


def _hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def site(reports_dir, tmp_path_factory) -> Path:
    before = _hashes(reports_dir)
    out = tmp_path_factory.mktemp("site") / "展示"
    listed = out.parent / "未发布文件清单.txt"
    result = runner.invoke(app, ["site", str(reports_dir), "-o", str(out), "--jobs", "1", "--recursive", "--withheld-list", str(listed)])
    assert result.exit_code == 0, result.output
    assert f"4 个机关、8 份报告；3 个文件未发布，清单见 {listed}" in result.output
    assert _hashes(reports_dir) == before  # inputs untouched
    return out


def _page(site: Path, name: str) -> str:
    return (site / name).read_text(encoding="utf-8")


def _body_page(site: Path, name: str) -> str:
    for p in (site / "bodies").glob("*.html"):
        text = p.read_text(encoding="utf-8")
        if f"<h1>{name}</h1>" in text:
            return text
    raise AssertionError(f"no body page for {name}")


def test_every_page_is_valid_html(site):
    import html5lib

    pages = sorted(site.rglob("*.html"))
    assert len(pages) == 2 + 4 + 8
    for page in pages:
        text = page.read_text(encoding="utf-8")
        html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(text)
        ids = re.findall(r'\sid="([^"]+)"', text)
        assert len(ids) == len(set(ids)), page
        for ref in re.findall(r'href="(?!data:)([^"#?]+)', text):  # every local link resolves
            assert (page.parent / ref).resolve().exists(), (page, ref)


def test_index_by_year_and_by_body_and_withheld_files_only_in_the_publishers_list(site, reports_dir):
    index = _page(site, "index.html")
    for year in (2021, 2022, 2023):
        assert f"<h3 id=\"y{year}\">{year}年度</h3>" in index
    assert "桃岭乡人民政府</a> <span class=\"level\">乡镇/街道</span>" in index  # level from the JSON data
    # a .docx does not say: the level check infers from the name is shown, and said to be inferred
    assert re.search(r"<td>县级部门</td>\s*<th scope=\"row\"><a href=\"bodies/b\d+\.html\">石门县交通运输局</a>", index)
    assert "（按机关名称判断）" in _body_page(site, "石门县交通运输局")
    # unreadable files and the report without tables: never copied, linked or indexed
    published = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*") if p.suffix in (".html", ".js"))
    for name in ("损坏的报告", "旧格式", "白沙镇"):
        assert name not in published, name
    assert len(list((site / "files").iterdir())) == 8
    listed = (site.parent / "未发布文件清单.txt").read_text(encoding="utf-8")
    assert not any("未发布" in p.name for p in site.rglob("*"))  # the list is never published with the site
    assert "[未能读取] 损坏的报告.docx" in listed and "[未能读取] 旧格式.doc" in listed and "另存为 .docx" in listed
    assert "[读取有错误] 白沙镇2023.docx：读取时有错误，数据不可靠：AR011 没有找到表二" in listed
    assert str(reports_dir) not in listed  # reasons name the file, not the local folder it was read from
    assert "未发布文件清单" not in published


def test_report_page_has_six_parts_accessible_tables_and_the_original(site, reports_dir):
    page = next(p for p in (site / "reports").glob("*.html") if "石门县交通运输局" in p.read_text(encoding="utf-8"))
    text = page.read_text(encoding="utf-8")
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        assert re.search(rf"<h2 id=\"h-part\d\">{heading}", text), heading
    tables = re.findall(r"<table class=\"statutory\">.*?</table>", text, re.S)
    assert len(tables) == 3
    for table in tables:
        assert "<caption>" in table and "<thead>" in table
        ids = set(re.findall(r'<th id="([^"]+)"', table))
        tds = re.findall(r'<td headers="([^"]+)"', table)
        assert tds and all(set(h.split()) <= ids for h in tds)
    b = tables[1]
    assert 'colspan="7">申请人情况</th>' in b and 'rowspan="2">自然人</th>' in b and 'colspan="5">法人或其他组织</th>' in b
    assert 'scope="rowgroup" rowspan="8">（三）不予公开</th>' in b
    # a value cell names its row and column headers: 自然人 of "（三）1.属于国家秘密"
    row = re.search(r"<tr>[^\n]*?>1\.属于国家秘密</th>([^\n]*)</tr>", b).group(1)
    first = re.search(r'<td headers="([^"]+)"', row).group(1).split()
    labels = {i: re.search(rf'<th id="{i}"[^>]*>([^<]+)</th>', b).group(1) for i in first}
    assert set(labels.values()) >= {"三、本年度办理结果", "（三）不予公开", "1.属于国家秘密", "申请人情况", "自然人"}
    link = re.search(r'<a href="\.\./(files/[^"]+)" download="([^"]+)"', text)
    assert link.group(2) == "石门县交通运输局2023年报.docx"
    assert (site / link.group(1)).read_bytes() == (reports_dir / "2023" / link.group(2)).read_bytes()


def test_body_page_lines_up_the_years_and_one_year_says_why(site):
    body = _body_page(site, "桃岭乡人民政府")
    assert body.count("<svg") == 2 and "历年依申请公开申请数量" in body
    assert all(f"<th scope=\"col\">{y}年</th>" in body for y in (2021, 2022, 2023))
    one = _body_page(site, "石门县交通运输局")
    assert "<svg" not in one and "只有2023年度一份报告，没有往年数据，不绘制历年趋势图" in one


def test_markup_in_titles_and_text_is_escaped(site):
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<img src=x" not in text and "<script>alert" not in text, page
    body = _body_page(site, "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;云溪街道办事处")
    assert "&lt;img src=x onerror" in body
    index_js = _page(site, "assets/search-index.js")
    entries = json.loads(index_js.removeprefix("window.ANNUAL_REPORT_SEARCH = ").rstrip().rstrip(";"))
    assert {e["b"] for e in entries} >= {MARKUP_BODY, "桃岭乡人民政府", "梅山镇人民政府"}
    assert len(entries) == 8
    assert "innerHTML" not in _page(site, "assets/search.js")


def test_an_existing_folder_that_is_not_a_site_is_never_replaced(reports_dir, tmp_path, site):
    other = tmp_path / "别的文件夹"
    other.mkdir()
    (other / "重要.txt").write_text("keep", encoding="utf-8")
    result = runner.invoke(app, ["site", str(reports_dir), "-o", str(other), "-j", "1", "-r"])
    assert result.exit_code == 2 and "不是本工具生成的展示网站" in result.output
    assert (other / "重要.txt").read_text(encoding="utf-8") == "keep"
    again = tmp_path / "again"
    shutil.copytree(site, again)
    (again / "stale.html").write_text("old", encoding="utf-8")  # a page the earlier site wrote (listed in its marker)
    marker = again / ".annual-report-site"
    marker.write_text(marker.read_text(encoding="utf-8") + "stale.html\n", encoding="utf-8")
    assert runner.invoke(app, ["site", str(reports_dir), "-o", str(again), "-j", "1", "-r"]).exit_code == 0
    assert not (again / "stale.html").exists() and (again / "index.html").exists()


def test_a_site_folder_holding_files_it_did_not_write_is_never_replaced(reports_dir, tmp_path, site):
    """Reports copied into an earlier site's folder: replacing the folder would delete them,
    so it is refused and nothing changes; moved away, the site is made again."""
    earlier = tmp_path / "站点"
    shutil.copytree(site, earlier)
    shutil.copytree(reports_dir, earlier / "报送")
    before = _hashes(earlier)
    result = runner.invoke(app, ["site", str(reports_dir), "-o", str(earlier), "-j", "1", "-r"])
    assert result.exit_code == 2 and "不是本工具生成的文件" in result.output and "报送/" in result.output, result.output
    assert _hashes(earlier) == before
    shutil.rmtree(earlier / "报送")
    assert runner.invoke(app, ["site", str(reports_dir), "-o", str(earlier), "-j", "1", "-r"]).exit_code == 0


def test_mapping_merges_aliases_into_one_body(tmp_path):
    folder = tmp_path / "r"
    folder.mkdir()
    datas = consistent_series([2022, 2023], random.Random(6), body="桃岭乡人民政府")
    datas[0]["body"]["name"] = "桃岭乡政府"
    for d in datas:
        (folder / f"{d['year']}.json").write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    mapping = tmp_path / "m.toml"
    mapping.write_text('[aliases]\n"桃岭乡政府" = "桃岭乡人民政府"\n', encoding="utf-8")
    out = tmp_path / "o"
    result = runner.invoke(app, ["site", str(folder), "-o", str(out), "--mapping", str(mapping), "-j", "1"])
    assert result.exit_code == 0 and "1 个机关、2 份报告" in result.output
    assert _body_page(out, "桃岭乡人民政府").count("<svg") == 2


# --- in a real browser ------------------------------------------------------------------------



@pytest.fixture
def browser(tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1100,1400"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def served(site):
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.browser
def test_in_chromium_index_link_search_print_no_script_phone_and_screenshot(browser, served, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(served + "index.html")
    assert browser.find_element(By.TAG_NAME, "h1").text == "政府信息公开工作年度报告集中展示"
    browser.find_element(By.LINK_TEXT, "石门县交通运输局").click()  # follow a link (by year → the report)
    assert browser.find_element(By.TAG_NAME, "h1").text == "石门县交通运输局2023年政府信息公开工作年度报告"
    assert len(browser.find_elements(By.CSS_SELECTOR, "table.statutory")) == 3
    browser.find_element(By.CSS_SELECTOR, "nav.crumbs a[href^='../bodies/']").click()  # → the body's page
    assert browser.find_element(By.TAG_NAME, "h1").text == "石门县交通运输局"
    box = browser.find_element(By.ID, "q")  # search from the header of any page
    box.send_keys("梅山 2023")
    box.submit()
    # the results are filled in by the page's script: wait for them (a loaded machine is slow)
    results = WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results a"))
    assert [a.text for a in results] == ["梅山镇人民政府2023年政府信息公开工作年度报告"]
    assert "找到 1 份报告" in browser.find_element(By.ID, "search-status").text
    results[0].click()
    assert "梅山镇人民政府" in browser.find_element(By.TAG_NAME, "h1").text
    browser.get(served + "search.html?q=" + "alert")  # markup in the index is shown as text
    assert WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results a")) and not browser.find_elements(By.CSS_SELECTOR, "#search-results img")
    browser.get(served + "index.html")
    shot = tmp_path / "index.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})  # prints without the search box
    assert browser.find_element(By.CSS_SELECTOR, "form.search").value_of_css_property("display") == "none"
    assert browser.find_element(By.TAG_NAME, "h1").is_displayed()
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})  # without JavaScript
    browser.get(served + "index.html")
    browser.find_element(By.LINK_TEXT, "桃岭乡人民政府").click()
    assert "桃岭乡人民政府" in browser.find_element(By.TAG_NAME, "h1").text
    assert len(browser.find_elements(By.CSS_SELECTOR, "table.statutory")) == 3
    browser.get(served + "search.html?q=桃岭")
    assert "搜索需要启用 JavaScript" in browser.find_element(By.TAG_NAME, "main").text
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    browser.set_window_size(390, 844)  # a phone: the page itself does not scroll sideways (wide tables scroll in their box)
    browser.get(served + "index.html")
    browser.get(browser.find_elements(By.CSS_SELECTOR, "ul.reports a")[0].get_attribute("href"))
    width = browser.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], width
    browser.save_screenshot(str(tmp_path / "phone.png"))


def test_in_chromium_number_columns_fit_and_their_headers_do_not_wrap(browser, served, tmp_path):
    """The statutory tables at a desktop width: 自然人, 总计 and the other column headers and
    every number stay on one line (counted as the line boxes of their text)."""
    from selenium.webdriver.common.by import By

    browser.set_window_size(1100, 1400)
    browser.get(served + "index.html")
    browser.find_element(By.LINK_TEXT, "石门县交通运输局").click()
    lines = browser.execute_script(
        """
        const out = {};
        for (const cell of document.querySelectorAll('table.statutory th[scope=col], table.statutory td.n')) {
          const r = document.createRange(); r.selectNodeContents(cell);
          const tops = new Set(Array.from(r.getClientRects()).map(b => Math.round(b.top)));
          const key = cell.tagName + ':' + cell.textContent.trim();
          out[key] = Math.max(out[key] || 0, tops.size);
        }
        return out;
        """
    )
    assert lines["TH:自然人"] == 1 and lines["TH:总计"] == 1 and lines["TH:社会公益组织"] == 1
    assert max(lines.values()) == 1, {k: v for k, v in lines.items() if v > 1}
    table = browser.find_elements(By.CSS_SELECTOR, "table.statutory")[1]
    browser.execute_script("arguments[0].scrollIntoView()", table)
    shot = tmp_path / "table-b.png"
    assert table.screenshot(str(shot)) and shot.stat().st_size > 5_000
    import os

    if os.environ.get("SITE_SCREENSHOT_DIR"):  # keep it to look at
        import shutil

        shutil.copy(shot, os.environ["SITE_SCREENSHOT_DIR"])

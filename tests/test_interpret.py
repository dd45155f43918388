"""年报解读: every derived figure against the statutory identities (synthetic series of both
editions, and the real blank template filled as an officer types), missing values kept
missing, sentences from the data, charts with no missing glyph, the .docx and HTML outputs,
and an office's own format through the register_outputs hook."""

from __future__ import annotations

import copy
import io
import json
import random
import re
import warnings
import zipfile

import pytest
from typer.testing import CliRunner

from annual_report.app.workspace import init_example
from annual_report.cli import app
from annual_report.model.layout import B_COMPONENT_COLUMNS
from synth import consistent_series
from annual_report.output.interpret import interpret
from annual_report.output.interpret.charts import Chart
from annual_report.output.interpret.charts import charts, draw, png_chart, svg_chart, text_boxes
from annual_report.output.interpret.docx import docx_bytes
from annual_report.output.interpret.figures import RESULT_KEYS, series
from annual_report.output.interpret.html import render_html
from annual_report.readers import read_report
from annual_report.readers.jsondata import report_from_data

from official_template import fill_official_template

runner = CliRunner()


def _reports(datas):
    return [report_from_data(copy.deepcopy(d)) for d in datas]


def _b(report, row, col="总计"):
    return report.tables["B"].get(row, col)


def _c(report, row, col):
    return report.tables["C"].get(row, col)


def assert_identities(reports):
    """The figures of a series obey the format's identities, computed independently here."""
    s = series(reports[-1], reports[:-1])
    for i, report in enumerate(s.reports):
        got = {row.figure.key: row.readings[i].value for row in s.rows}
        b = report.tables["B"]
        group = lambda g: sum(b.get(r.id, "总计") for r in b.layout.rows if r.group == g or r.id == g)  # noqa: E731, B023
        # identity 3: （七）总计 = （一）+ … +（六）
        assert got["handled"] == sum(got[k] for k in RESULT_KEYS)
        assert got["deny"] == group("deny") and got["unable"] == group("unable") and got["other"] == group("other")
        # identity 4: 一 + 二 = 三（七）+ 四
        assert got["new"] + got["carried_in"] == got["handled"] + got["carried_out"]
        # identity 1 on the total column: the 总计 figures are the sums of the applicant columns
        assert got["new"] == sum(_b(report, "new", c) for c in B_COMPONENT_COLUMNS)
        if got["handled"]:
            assert got["disclosure_rate"] == pytest.approx(100 * (_b(report, "open") + _b(report, "partial")) / _b(report, "total"))
        else:
            assert got["disclosure_rate"] is None and row_reading(s, "disclosure_rate", i).undefined
        # identity 5: 已审结 = 总计 − 尚未审结
        assert got["review_decided"] == _c(report, "review", "总计") - _c(report, "review", "尚未审结")
        lit_total = _c(report, "direct", "总计") + _c(report, "after_review", "总计")
        assert got["litigation"] == lit_total
        assert got["litigation_decided"] == lit_total - _c(report, "direct", "尚未审结") - _c(report, "after_review", "尚未审结")
        if got["review_decided"]:
            assert got["review_rate"] == pytest.approx(100 * _c(report, "review", "结果纠正") / got["review_decided"])
        if i:  # identity 6: this year's 上年结转 = last year's 结转下年度
            assert got["carried_in"] == s.row("carried_out").readings[i - 1].value
    for row in s.rows:  # change on last year
        cur, prev = row.readings[-1].value, row.readings[-2].value
        if cur is None or prev is None:
            assert row.change.diff is None
            continue
        assert row.change.diff == pytest.approx(cur - prev)
        if not row.figure.is_rate and prev:
            assert row.change.pct == pytest.approx(100 * (cur - prev) / prev)
    return s


def row_reading(s, key, i):
    return s.row(key).readings[i]


def test_derived_figures_obey_the_identities_on_consistent_series_of_both_editions():
    for seed in range(12):
        datas = consistent_series([2019, 2020, 2021, 2022, 2023], random.Random(seed), scale=5 + seed * 8)
        s = assert_identities(_reports(datas))
        assert s.years == (2019, 2020, 2021, 2022, 2023)
        # a figure the 2019 format lacks is missing in 2019–2020, never 0
        fees = s.row("fees").readings
        assert fees[0].value is None and "2019年版格式表二无此项" in fees[0].missing
        assert fees[-1].value is not None


def test_derived_figures_of_the_filled_official_template_read_back_from_docx(tmp_path):
    datas = consistent_series([2021, 2022, 2023], random.Random(5), scale=60)
    paths = [fill_official_template(d, tmp_path / f"{d['year']}.docx", digits="full-width" if d["year"] == 2022 else "plain") for d in datas]
    reports = [read_report(p) for p in paths]
    s = assert_identities(reports)
    from_json = _reports(datas)
    expected = series(from_json[-1], from_json[:-1])
    for row, want in zip(s.rows, expected.rows):
        assert [r.value for r in row.readings] == [r.value for r in want.readings], row.figure.key


def _pair(new_last, new_this):
    """Two years whose table B has only 自然人 applications, all handled and opened."""
    datas = consistent_series([2022, 2023], random.Random(1))
    for d, n in zip(datas, (new_last, new_this)):
        for row in d["tables"]["B"]["rows"]:
            for col in (*B_COMPONENT_COLUMNS, "总计"):
                row[col] = 0
        rows = {r["项目"][:5]: r for r in d["tables"]["B"]["rows"]}
        for key in ("一、本年新", "（一）予以", "（七）总计"):
            rows[key]["自然人"] = rows[key]["总计"] = n
    return _reports(datas)


def test_sentence_states_the_change_in_numbers_and_per_cent():
    last, this = _pair(17, 95)
    i = interpret(this, [last])
    assert "本年新收申请95件，比上年增加78件（增长458.8%）" in i.sentences
    last, this = _pair(20, 20)
    assert "本年新收申请20件，与上年持平" in interpret(this, [last]).sentences
    last, this = _pair(0, 3)
    assert "本年新收申请3件，比上年增加3件" in interpret(this, [last]).sentences  # no per cent on 0


def test_rates_change_in_percentage_points():
    checked = 0
    for seed in range(20):
        last, this = _reports(consistent_series([2022, 2023], random.Random(seed), scale=40))
        i = interpret(this, [last])
        before, now = (r.value for r in i.series.row("disclosure_rate").readings)
        if before is None or now is None or round(before, 1) == round(now, 1):
            continue
        verb = "提高" if now > before else "降低"
        assert f"本年公开率为{now:.1f}%，比上年{verb}{abs(now - before):.1f}个百分点" in i.sentences
        checked += 1
    assert checked >= 10


def test_a_missing_figure_is_missing_not_zero(tmp_path):
    datas = consistent_series([2022, 2023], random.Random(3), scale=30)
    for d in datas:  # narrative without {{…}} figures (they would need the blanked cells)
        d["parts"] = {"一": ["本年度依申请公开工作平稳有序。"], "五": ["无。"], "六": ["无。"]}
    datas[1]["tables"]["B"]["rows"][0]["总计"] = None  # 新收 总计 left blank
    datas[1]["tables"]["B"]["rows"][5]["总计"] = None  # （三）1. 属于国家秘密 left blank
    datas[0]["tables"]["C"]["rows"][0]["结果纠正"] = None
    reports = [report_from_data(d, validate=False) for d in datas]
    i = interpret(reports[1], [reports[0]])
    s = i.series
    assert s.row("new").current.value is None and "未填写" in s.row("new").current.missing
    assert s.row("deny").current.value is None  # a sum with a missing item is missing
    assert s.row("review_rate").readings[0].value is None and not s.row("review_rate").readings[0].undefined
    assert s.row("new").change.diff is None
    assert any(t.startswith("本年新收申请数据缺失（表三") for t in i.sentences)
    assert not any(t.startswith("本年新收申请0件") for t in i.sentences)
    html = render_html(i)
    assert "缺失" in html
    bars = charts(s)[0][0]
    assert bars.series[0][1][RESULT_KEYS.index("deny")] is None
    assert ">缺失</text>" in svg_chart(bars)
    fig = draw(bars)
    assert len(fig.axes[0].patches) == len(RESULT_KEYS) - 1  # no bar drawn at 0 for the missing one
    assert "缺失" in [t for t, _ in text_boxes(fig)]
    doc = docx_bytes(i)
    import docx

    cells = [c.text for t in docx.Document(io.BytesIO(doc)).tables for r in t.rows for c in r.cells]
    assert "缺失" in cells


def test_a_body_with_one_year_gets_no_trend_chart_and_says_why():
    report = _reports(consistent_series([2023], random.Random(2)))[0]
    i = interpret(report, [])
    assert [c.kind for c in i.charts] == ["bar", "bar"]
    assert "只有2023年度一份报告，没有往年数据，不绘制历年趋势图" in i.notes
    assert "只有2023年度一份报告" in render_html(i)
    assert all("无法与上年比较" in t or "无法计算" in t for t in i.sentences)


def test_charts_render_every_glyph(monkeypatch):
    """matplotlib warns "Glyph … missing from font(s)" for text its font cannot show: here
    that warning fails the test, for every chart with Chinese titles, labels and legends."""
    datas = consistent_series([2020, 2021, 2022, 2023], random.Random(9), body="鄞州区䢺岙街道办事处")
    reports = _reports(datas)
    i = interpret(reports[-1], reports[:-1])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for chart in i.charts:
            data = png_chart(chart)
            assert data[:8] == b"\x89PNG\r\n\x1a\n"
        from annual_report.output.interpret.charts import Chart

        png_chart(Chart("bar", "（三）不予公开：“三安全一稳定”、行政处罚决定", "万元", ("鄞州区", "䢺岙"), (("本年", (1.5, None)),)))


def test_glyph_warning_would_be_caught():
    """The check above can fail: a character outside the CJK font (a private-use one) raises."""
    from annual_report.output.interpret.charts import Chart

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(Warning, match="Glyph"):
            png_chart(Chart("bar", "\ue000", "件", ("a",), (("本年", (1,)),)))


def test_interpret_in_a_workspace_writes_docx_and_html(tmp_path):
    ws = tmp_path / "ws"
    init_example(ws)
    out = tmp_path / "out"
    result = runner.invoke(app, ["interpret", "2023", "--workspace", str(ws), "-o", str(out)])
    assert result.exit_code == 0, result.output
    docx_path = out / "2023年政府信息公开工作年度报告解读.docx"
    html_path = out / "2023年政府信息公开工作年度报告解读.html"
    assert docx_path.is_file() and html_path.is_file()
    with zipfile.ZipFile(docx_path) as z:
        images = [n for n in z.namelist() if n.startswith("word/media/")]
    assert len(images) == 4  # two bar charts, two line charts (2021–2023)
    html = html_path.read_text(encoding="utf-8")
    assert html.count("<svg") == 4 and "<script" not in html and "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "青溪镇人民政府2023年政府信息公开工作年度报告解读" in html
    assert "公开率 =（予以公开 + 部分公开）÷ 办结" in html
    import html5lib

    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(html)
    again = runner.invoke(app, ["interpret", "2023", "--workspace", str(ws), "-o", str(out)])
    assert again.exit_code == 0, again.output  # its own earlier output, unchanged: written again
    html_path.write_text(html.replace("解读", "解读（已修改）", 1), encoding="utf-8")  # an officer edits the page
    refused = runner.invoke(app, ["interpret", "2023", "--workspace", str(ws), "-o", str(out)])
    assert refused.exit_code == 2 and "已存在" in refused.output and "--force" in refused.output
    assert "（已修改）" in html_path.read_text(encoding="utf-8")
    assert runner.invoke(app, ["interpret", "2023", "--workspace", str(ws), "-o", str(out), "--force", "-f", "html"]).exit_code == 0
    assert "（已修改）" not in html_path.read_text(encoding="utf-8")


def test_interpret_never_writes_over_its_input(tmp_path):
    """A published report (the LibreOffice HTML export of the filled template) kept under the
    name its 解读 page gets: interpreting it into the same folder is refused even with
    --force, and the report is unchanged."""
    import shutil
    from pathlib import Path

    exported = Path(__file__).parent / "fixtures" / "exported" / "report-2023.html"
    first = runner.invoke(app, ["interpret", str(exported), "-o", str(tmp_path / "first"), "-f", "html"])
    assert first.exit_code == 0, first.output
    (page,) = (tmp_path / "first").glob("*.html")
    (tmp_path / "o").mkdir()
    report = tmp_path / "o" / page.name
    shutil.copy(exported, report)
    before = report.read_bytes()
    result = runner.invoke(app, ["interpret", str(report), "-o", str(tmp_path / "o"), "-f", "html", "--force"])
    assert result.exit_code == 2 and "输入文件本身" in result.output, result.output
    assert report.read_bytes() == before


def test_interpret_a_docx_with_history_files_and_markup_in_the_name(tmp_path):
    from drafts import DraftStyle, write_draft

    datas = consistent_series([2022, 2023], random.Random(4), body="<script>alert(1)</script>镇人民政府")
    draft = write_draft(datas[1], tmp_path / "2023.docx", DraftStyle())
    hist = tmp_path / "2022.json"
    hist.write_text(json.dumps(datas[0], ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["interpret", str(draft), "--history", str(hist), "-o", str(tmp_path / "o"), "-f", "html"])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "o" / "2023年政府信息公开工作年度报告解读.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;镇人民政府" in html
    assert "2022年" in html


def test_unreadable_input_is_exit_2(tmp_path):
    bad = tmp_path / "x.docx"
    bad.write_bytes(b"not a zip")
    result = runner.invoke(app, ["interpret", str(bad), "-o", str(tmp_path)])
    assert result.exit_code == 2 and "错误" in result.output
    result = runner.invoke(app, ["interpret", str(tmp_path / "x.docx"), "-o", str(tmp_path), "-f", "pdf"])
    assert result.exit_code == 2 and "没有解读格式 pdf" in result.output


PLUGIN = '''
from annual_report import hookimpl
from annual_report.output.formats import OutputFormat

def write_text(interpretation, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\\n".join(interpretation.sentences), encoding="utf-8")

@hookimpl
def register_outputs(register):
    register(OutputFormat("txt", "interpret", "纯文本解读", ".txt", write_text))
    register(OutputFormat("html", "interpret", "冒名的格式", ".htm", write_text))
'''


def test_an_office_adds_its_own_interpret_format(tmp_path):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "wenben.py").write_text(PLUGIN, encoding="utf-8")
    ws = tmp_path / "ws"
    init_example(ws)
    result = runner.invoke(app, ["interpret", "2023", "-w", str(ws), "-o", str(tmp_path / "o"), "--plugins-dir", str(plugins), "-f", "txt"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "o" / "2023年政府信息公开工作年度报告解读.txt").read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("本年制发行政规范性文件")
    assert "输出格式 interpret:html 已被其他插件注册" in result.output  # the clash is said, the built-in kept
    from annual_report.plugins.manager import load_plugins

    names = [(o.kind, o.name) for o in load_plugins([plugins]).outputs]
    assert names == [("interpret", "docx"), ("interpret", "html"), ("site", "html"), ("interpret", "txt")]
    listed = runner.invoke(app, ["plugins", "--plugins-dir", str(plugins)])
    assert "formats  [内置]  annual_report.output.formats" in listed.output
    assert "输出格式：解读 docx、解读 html、展示 html" in listed.output and "输出格式：解读 txt" in listed.output


def _overlaps(boxes):
    pairs = []
    for n, (a, (ax0, ay0, ax1, ay1)) in enumerate(boxes):
        for b, (bx0, by0, bx1, by1) in boxes[n + 1 :]:
            if min(ax1, bx1) - max(ax0, bx0) > 0.5 and min(ay1, by1) - max(ay0, by0) > 0.5:
                pairs.append((a, b))
    return pairs


LABEL_CASES = [
    Chart("line", "历年行政复议、行政诉讼数量", "件", ("2021年", "2022年", "2023年"), (("行政复议", (0, 0, 0)), ("行政诉讼", (0, 0, 0)))),
    Chart("line", "历年行政复议、行政诉讼数量", "件", ("2021年", "2022年", "2023年"), (("行政复议", (0, 1, 0)), ("行政诉讼", (None, 0, 1)))),
    Chart("line", "历年依申请公开申请数量", "件", ("2021年", "2022年", "2023年"), (("新收申请", (8, 10, 14)), ("办结申请", (7, 11, None)))),
    Chart("line", "历年依申请公开申请数量", "件", tuple(f"{y}年" for y in range(2016, 2024)), (("新收申请", (120, 118, 130, 1200, 1190, 1201, 1199, 1200)), ("办结申请", (119, 118, 131, 1199, 1190, 1200, 1200, 1201)))),
    Chart("bar", "2023年度政府信息公开申请办理结果", "件", ("予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理"), (("本年", (0, 0, None, 1234, 0, 5)),)),
    Chart("bar", "2023年度主动公开：处理决定数量", "件", ("行政许可", "行政处罚", "行政强制"), (("本年", (0, 0, 0)),)),
]


@pytest.mark.parametrize("chart", LABEL_CASES, ids=range(len(LABEL_CASES)))
def test_no_two_texts_of_a_chart_overlap_by_their_boxes(chart):
    """Value labels, 缺失 marks, year labels, ticks, title and legend: no two text boxes
    (as matplotlib lays them out) intersect — two series at 0 included."""
    boxes = text_boxes(draw(chart))
    labels = [t for t, _ in boxes]
    assert labels.count("0") >= 1 or "1234" in labels
    assert _overlaps(boxes) == []


def test_the_overlap_test_would_catch_overlapping_labels():
    fig = draw(LABEL_CASES[0])
    ax = fig.axes[0]
    ax.annotate("0", (0, 0), textcoords="offset points", xytext=(0, -16), ha="center")  # on the year label
    assert _overlaps(text_boxes(fig))


def test_svg_keeps_text_as_text_and_ids_unique_per_chart():
    a, b = svg_chart(LABEL_CASES[1], "c1"), svg_chart(LABEL_CASES[2], "c2")
    assert "<text" in a and ">行政诉讼缺失</text>" in a and "<?xml" not in a and "<path d=\"M" in a
    ids = re.findall(r'\sid="([^"]+)"', a + b)
    assert len(ids) == len(set(ids)) and all(i.startswith(("c1-", "c2-")) for i in ids)
    assert all(ref.split("-")[0] in ("c1", "c2") for ref in re.findall(r'url\(#([^)]+)\)', a + b))

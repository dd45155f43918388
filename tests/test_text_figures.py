"""Text against tables as real reports write it (AR501–AR504), repeated passages (AR404),
figures and dates in Chinese numerals — each pattern firing on a planted mismatch and silent
on a matching report, and a corpus of realistic reports with no false alarm."""

from __future__ import annotations

import copy
import random

import pytest
from drafts import write_draft
from official_template import fill_official_template
from report_texts import STYLES, chinese, corpus, figures_of

from annual_report.check.engine import make_checker
from synth import consistent_data
from annual_report.readers.docx import read_docx
from annual_report.text.outline import find_date
from annual_report.readers.jsondata import report_from_data
from annual_report.text.numerals import figures, parse_date

CHECKER = make_checker()


def text_findings(data, history=None, codes=("AR5",)):
    return [f for f in CHECKER.check(report_from_data(data), history) if f.code.startswith(codes)]


# --- numerals and dates (issue 18) -------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("收取行政事业性收费一点五万元", 1.5, "万元"),
        ("收到申请一百一件", 110, "件"),
        ("编号一二三件", 123, "件"),
        ("共二百五件", 250, "件"),
        ("一点五万件", 15000, "件"),
        ("三万五千元", 35000, "元"),
        ("十二件", 12, "件"),
        ("１．５万元", 1.5, "万元"),
    ],
)
def test_figures_read_as_written(text, value, unit):
    (f,) = figures(text)
    assert (f.value, f.unit) == (value, unit)


@pytest.mark.parametrize(
    "text, iso",
    [("二〇二四年一月十九日", "2024-01-19"), ("2024年1月19日", "2024-01-19"), ("２０２４年１２月３１日", "2024-12-31"), ("二〇二四年十二月三十一日", "2024-12-31"), ("2024年2月31日", None), ("二〇二三年二月二十九日", None), ("2024年2月29日", "2024-02-29")],
)
def test_dates_in_every_form_and_impossible_ones(text, iso):
    assert find_date(text) == iso
    assert (parse_date(text) or None) == (None if iso is None else parse_date(text))


# --- the patterns, each planted and matching -----------------------------------------------------


def _data():
    data = copy.deepcopy(consistent_data(2023, random.Random(5)))
    rows = {r["项目"]: r for r in data["tables"]["C"]["rows"]}
    rows["行政复议"].update({"结果维持": 2, "结果纠正": 1, "其他结果": 0, "尚未审结": 0, "总计": 3})
    rows["未经复议直接起诉"].update({"结果维持": 0, "结果纠正": 0, "其他结果": 0, "尚未审结": 1, "总计": 1})
    for row in data["tables"]["A"]["rows"]:
        if row["信息内容"] == "行政事业性收费":
            row["本年收费金额（单位：万元）"] = 1.5
    return data


# (sentence from the figures, the figure planted wrong, a word the message must name)
PATTERNS = [
    ("2023年，我镇共收到政府信息公开申请{new}件，其中自然人申请{nat}件，法人或其他组织申请{org}件。", "nat", "“自然人”列"),
    ("2023年，我镇共收到政府信息公开申请{new}件，其中自然人申请{nat}件，法人或其他组织申请{org}件。", "org", "法人或其他组织各列之和"),
    ("本年度共受理政府信息公开申请{new}件。其中，予以公开{open}件，部分公开{partial}件。", "open", "“（一）予以公开”行"),
    ("全年予以公开及部分公开{open_partial}件。", "open_partial", "“（二）部分公开”行"),
    ("办理结果包括：无法提供{unable}件、不予公开{deny}件、不予处理{noproc}件。", "unable", "“（四）无法提供”各项"),
    ("办理结果包括：无法提供{unable}件、不予公开{deny}件、不予处理{noproc}件。", "deny", "“（三）不予公开”各项"),
    ("办理结果包括：无法提供{unable}件、不予公开{deny}件、不予处理{noproc}件。", "noproc", "“（五）不予处理”各项"),
    ("全年发生政府信息公开行政复议{review}件、行政诉讼{lit}件。", "review", "“行政复议”行"),
    ("全年发生政府信息公开行政复议{review}件、行政诉讼{lit}件。", "lit", "复议后起诉"),
    ("本年度复议{review}件，诉讼{lit}件。", "lit", "未经复议直接起诉"),
    ("行政复议{review}件，结果维持{kept}件、纠错{corrected}件。", "kept", "“结果维持”列"),
    ("行政复议{review}件，结果维持{kept}件、纠错{corrected}件。", "corrected", "“结果纠正”列"),
    ("行政诉讼{lit}件，尚未审结{pending}件。", "pending", "“尚未审结”列"),
    ("办结{total}件（予以公开{open}件、部分公开{partial}件）。", "partial", "“（二）部分公开”行"),
    ("本年度办结申请{total}件。", "total", "“（七）总计”行"),
    ("其中予以公开、部分公开分别为{open}件、{partial}件。", "open", "“（一）予以公开”行"),
    ("另有{cout}件因需征求第三方意见，结转下年度继续办理。", "cout", "“四、结转下年度”行"),
    ("上年结转{cin}件。", "cin", "“二、上年结转申请”行"),
    ("本年度新收政府信息公开申请{cn_new}件。", "cn_new", "“一、本年新收申请”行"),
    ("本年度收取行政事业性收费{cn_fee}万元。", "cn_fee", "行政事业性收费"),
    ("本年度制发行政规范性文件{made}件，截至年底现行有效行政规范性文件{inforce}件。", "inforce", "现行有效件数"),
]


def _values(data):
    f = figures_of(data)
    f["open_partial"] = f["open"] + f["partial"]
    f["pending"] = 1
    f["cn_new"] = chinese(f["new"])
    f["cn_fee"] = "一点五"
    return f


def _planted(values, key):
    wrong = dict(values)
    if key == "cn_new":
        wrong[key] = chinese(values["new"] + 1)
    elif key == "cn_fee":
        wrong[key] = "一点六"
    else:
        wrong[key] = values[key] + 1
    return wrong


@pytest.mark.parametrize("template, key, cell", PATTERNS, ids=[f"{i}-{p[1]}" for i, p in enumerate(PATTERNS)])
def test_each_pattern_fires_on_a_planted_mismatch_and_is_silent_when_it_matches(template, key, cell):
    data = _data()
    values = _values(data)
    data["parts"]["一"].append(template.format(**values))
    assert text_findings(data) == []
    data["parts"]["一"][-1] = template.format(**_planted(values, key))
    found = text_findings(data)
    assert [f.code for f in found if f.code not in ("AR503", "AR506")] == ["AR501"], [(f.code, f.message) for f in found]
    (f,) = [f for f in found if f.code == "AR501"]  # AR503 too when a part now exceeds its total
    assert cell in f.message and f.location.part == "一" and f.location.paragraph == len(data["parts"]["一"]) - 1
    assert f.values["sentence"] in data["parts"]["一"][-1]  # the sentence quoted as written


def test_a_figure_that_names_no_cell_is_left_alone():
    data = _data()
    data["parts"]["一"] += [
        "通过网络平台收到申请99件，信函申请98件。",  # a channel: part of the applications
        "属于国家秘密不予公开97件，保护第三方合法权益不予公开96件。",  # one reason of a group
        "受理12345热线工单300件，答复300件。",  # not about applications
        "全年收到申请较上年增加95件。",
        "全年主动公开政府信息412条，其中通过政府网站公开300条、政务新媒体112条。",
    ]
    assert text_findings(data) == []


def test_blank_total_compared_with_the_sum_of_its_row():
    data = _data()
    row = next(r for r in data["tables"]["B"]["rows"] if r["项目"] == "（一）予以公开")
    parts = sum(v for k, v in row.items() if k not in ("项目", "总计"))
    row["总计"] = None
    data["parts"]["一"] = [f"全年予以公开{parts}件。"]  # the synthetic narrative names that cell
    assert text_findings(data) == []
    data["parts"]["一"] = [f"全年予以公开{parts + 2}件。"]
    (f,) = text_findings(data)
    assert "总计未填，按各列之和" in f.message and f.values["from_parts"] and f.values["table"] == parts


def test_all_upheld_contradicts_table_c():
    data = _data()  # 行政复议: 结果维持 2, 结果纠正 1
    data["parts"]["一"].append("全年发生行政复议3件，均获维持。")
    (f,) = text_findings(data)
    assert f.code == "AR502" and "结果纠正 1" in f.message
    rows = {r["项目"]: r for r in data["tables"]["C"]["rows"]}
    rows["行政复议"].update({"结果维持": 3, "结果纠正": 0, "总计": 3})
    assert text_findings(data) == []


@pytest.mark.parametrize(
    "sentence, fires",
    [
        ("共办结20件，其中予以公开、部分公开分别为5件、3件。", True),  # 分别为 claims completeness
        ("共办结20件，包括予以公开5件、部分公开3件、不予公开1件、无法提供2件、不予处理1件、其他处理1件。", True),  # all six kinds
        ("共办结20件，其中予以公开5件、部分公开3件。", False),  # only some parts listed
        ("共收到申请20件（其中自然人10件、法人2件），办结20件。", True),  # both kinds of applicant
        ("共收到申请20件，其中自然人10件、法人10件，办结20件，予以公开20件。", False),  # the list ends at 办结
    ],
)
def test_breakdown_shortfall_only_when_the_list_claims_to_be_complete(sentence, fires):
    data = _data()
    data["parts"]["五"].append(sentence)
    found = text_findings(data, codes=("AR503",))
    assert bool(found) == fires, [f.message for f in found]
    if fires:
        assert "少于总数 20" in found[0].message


def test_breakdown_exceeding_total_ends_at_the_parenthesis():
    data = _data()
    # both kinds of applicant are listed: a complete list over its total is an error (AR506)
    data["parts"]["五"].append("共收到申请12件（其中自然人10件、法人4件），办结12件。")
    (f,) = text_findings(data, codes=("AR503", "AR506"))
    assert f.code == "AR506" and "14 大于总数 12" in f.message and f.severity.value == "error"
    data["parts"]["五"][-1] = "共收到申请12件（其中自然人10件、法人2件），办结12件。"
    assert text_findings(data, codes=("AR503", "AR506")) == []


def test_fee_with_implausible_precision():
    data = _data()
    data["parts"]["六"].append("本年度收取信息处理费0.00355万元。")
    (f,) = text_findings(data, codes=("AR504",))
    assert "精确到元以下" in f.message and f.severity.value == "warning"
    data["parts"]["六"][-1] = "本年度收取信息处理费35元。"
    assert text_findings(data, codes=("AR504",)) == []


def test_fee_typed_in_yuan_into_the_wan_column_is_named():
    data = _data()  # 表二 收费金额 1.5 万元
    data["parts"]["一"].append("本年度行政事业性收费1.5元。")
    (f,) = text_findings(data, codes=("AR501",))
    assert "似按元填写" in f.message


# --- repetition inside paragraphs ----------------------------------------------------------------

OLD_PROBLEM = "一是政策解读形式较为单一，图表、视频等解读形式运用较少，解读的针对性和可读性不强，群众获得感不够明显"


def _history_with_problem(year, text):
    old = copy.deepcopy(consistent_data(year, random.Random(year)))
    old["parts"]["五"] = [f"存在的主要问题：{text}；二是部分栏目更新不及时。", "改进措施：加强培训，规范发布。"]
    old["parts"]["一"] = [f"{year}年度工作平稳推进，第{year - 2000}个年度报告。"]
    return report_from_data(old)


def test_passage_repeated_inside_a_changed_paragraph_names_its_year():
    data = _data()
    data["parts"]["五"] = [
        f"经过一年整改，上年度指出的栏目更新问题已解决，新增专栏3个。但仍存在以下不足：{OLD_PROBLEM}。下一步将推进适老化改造，优化政务新媒体。",
        "改进措施：制定解读工作规范，邀请专家参与政策解读，提高解读质量。",
    ]
    history = [_history_with_problem(2022, "工作人员业务能力有待提升"), _history_with_problem(2021, OLD_PROBLEM)]
    found = text_findings(data, history, codes=("AR404",))
    assert len(found) == 1, [f.message for f in found]
    (f,) = found
    assert f.values["year"] == 2021 and "政策解读形式较为单一" in f.message and f.location.part == "五"
    assert f.values["passage"] in data["parts"]["五"][0]
    assert text_findings(data, history, codes=("AR402",)) == []  # the paragraph as a whole differs
    # a short shared phrase is not a repeated passage
    data["parts"]["五"][0] = "经过一年整改，问题已解决。但仍存在政策解读形式较为单一的问题，下一步将推进适老化改造。"
    assert text_findings(data, history, codes=("AR404",)) == []


def test_reuse_share_looks_at_every_earlier_year():
    data = _data()
    older = copy.deepcopy(data)
    older["year"] = 2021
    unrelated = _history_with_problem(2022, "工作人员业务能力有待提升")
    found = text_findings(data, [unrelated, report_from_data(older)], codes=("AR403",))
    assert [f.values["year"] for f in found] == [2021]


# --- a corpus of real-shaped reports: no false alarm ---------------------------------------------


def test_realistic_reports_raise_no_text_vs_table_alarm():
    reports = corpus(12)
    assert len(reports) >= 10 and len({id(s) for s in STYLES}) >= 10
    alarms = [(d["body"]["name"], f.code, f.message) for d in reports for f in text_findings(d)]
    assert alarms == []


def test_realistic_reports_through_a_docx(tmp_path):
    for i, data in enumerate(corpus(10)[:4]):
        draft = read_docx(write_draft(data, tmp_path / f"{i}.docx"))
        alarms = [(f.code, f.message) for f in CHECKER.check(draft) if f.code.startswith("AR5")]
        assert alarms == []
        planted = copy.deepcopy(data)
        values = figures_of(data)
        planted["parts"]["一"].append(f"本年度共受理政府信息公开申请{values['new'] + values['cin'] + 3}件。")  # neither reading
        draft = read_docx(write_draft(planted, tmp_path / f"{i}-planted.docx"))
        (f,) = [f for f in CHECKER.check(draft) if f.code == "AR501"]
        assert f"{values['new'] + values['cin'] + 3} 件" in f.message and f.location.docx_paragraph is not None


def test_realistic_reports_in_the_real_official_template(tmp_path):
    for i, data in enumerate(corpus(12)[4:8]):
        values = figures_of(data)
        draft = read_docx(fill_official_template(data, tmp_path / f"{i}.docx"))
        alarms = [(f.code, f.message) for f in CHECKER.check(draft) if f.code.startswith("AR5")]
        assert alarms == []
        # the officer left 总计 of 一、本年新收 blank and typed a figure that is neither the new
        # applications nor new plus carried-in ones (which "收到" may mean)
        planted = copy.deepcopy(data)
        planted["parts"]["一"].append(f"全年共收到政府信息公开申请{values['new'] + values['cin'] + 2}件。")
        path = fill_official_template(planted, tmp_path / f"{i}-planted.docx", blank={("B", "new", "总计")})
        found = [f for f in CHECKER.check(read_docx(path)) if f.code == "AR501" and f.values["what"] == "本年新收申请"]
        assert len(found) == 1, [f.message for f in found]
        assert "总计未填，按各列之和" in found[0].message and found[0].values["table"] == values["new"]

"""Text rules (AR3xx citations, AR4xx repeated wording, AR5xx text vs table, AR6xx work plan
and completeness) on JSON data and on .docx drafts."""

from __future__ import annotations

import copy
import json
import random
import shutil
from pathlib import Path

import pytest
from drafts import write_draft
from hypothesis import given, settings
from hypothesis import strategies as st
from pairs import evaluate

from annual_report.check.engine import make_checker
from synth import consistent_data
from annual_report.readers.docx import read_docx
from annual_report.readers.jsondata import load_report, report_from_data
from annual_report.reference.workplans import parse_plan, read_plan
from annual_report.text.citations import find_citations
from annual_report.text.numerals import chinese_to_int, figures
from annual_report.app.workspace import EXAMPLE
from annual_report.files.config import load_config

ROOT = Path(__file__).resolve().parents[1]
DEFECTS = ROOT / "examples" / "typical-defects"
DATA = Path(__file__).parent / "data"
TEXT_FAMILIES = ("AR3", "AR4", "AR5", "AR6")


# --- numerals ------------------------------------------------------------------------------

DIGITS = "零一二三四五六七八九"


def to_chinese(n: int) -> str:
    """An independent writer of Chinese numerals (below 10000) for the round trip."""
    if n < 10:
        return DIGITS[n]
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d:
            if zero and out:
                out += "零"
            out += ("" if (unit == "十" and d == 1 and n < 20) else DIGITS[d]) + unit
            zero = False
        elif out:
            zero = True
    return out


@settings(max_examples=200, deadline=None)  # the first example imports cn2an
@given(st.integers(0, 9999))
def test_chinese_numerals_round_trip(n):
    assert chinese_to_int(to_chinese(n)) == n


@given(st.integers(0, 99999), st.sampled_from(["件", "起", "条", "万元"]), st.booleans())
def test_figures_in_text_digits_and_full_width(n, unit, full):
    text = str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９")) if full else str(n)
    (f,) = figures(f"全年共计{text}{unit}。")
    assert f.value == n and f.unit == unit


@pytest.mark.parametrize(
    "text, values",
    [("新收申请十二件，办结一百零五件", [12, 105]), ("两件", [2]), ("收费1.5万元", [1.5]), ("一是统一规范，二是逐一核对", []), ("共1,234件", [1234])],
)
def test_figures_examples(text, values):
    assert [f.value for f in figures(text)] == values


# --- citations -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, number, problem",
    [
        ("国办发[2016]80号", "国办发〔2016〕80号", "六角括号"),
        ("(国办公开办函202130 号)", "国办公开办函〔2021〕30号", "缺少六角括号"),
        ("中办发﹝20168号", "中办发〔2016〕8号", "括号不完整"),
        ("国办发国办发〔2021〕12号", "国办发〔2021〕12号", "重复"),
        ("国办公开办函〔2021〕第30号", "国办公开办函〔2021〕30号", "第"),
        ("皖政办秘〔2020〕055号", "皖政办秘〔2020〕55号", "前导 0"),
        ("国办公开办函〔2021〕 30号", "国办公开办函〔2021〕30号", "空格"),
        ("国务院令711号", "国务院令第711号", "国务院令第N号"),
        ("国办发（２０１６）８０号", "国办发〔2016〕80号", "六角括号"),
        ("《关于全面推进政务公开工作的意见》（中办发〔2016〕8号）", "中办发〔2016〕8号", None),
    ],
)
def test_document_numbers_in_every_form(text, number, problem):
    (c,) = [c for c in find_citations(text) if c.serial is not None]
    assert c.number == number
    if problem:
        assert any(problem in p for p in c.problems)
    else:
        assert not c.problems


# --- the two examples: clean and with typical defects -------------------------------------------


def test_init_example_passes_clean_of_all_rules():
    checker = make_checker(load_config(EXAMPLE))
    reports = [load_report(EXAMPLE / "data" / f"{y}.json") for y in (2021, 2022, 2023)]
    for i, r in enumerate(reports):
        found = [f for f in checker.check(r, reports[:i]) if f.code != "AR204"]
        assert found == [], (r.year, [(f.code, f.message) for f in found])


EXPECTED_DEFECTS = {
    "AR301", "AR302", "AR303", "AR304", "AR305",
    "AR401", "AR402", "AR403",
    "AR501", "AR502", "AR503",
    "AR602", "AR603", "AR605", "AR606", "AR607", "AR608",
    "AR101", "AR103", "AR104", "AR201",
}


def _defects_checker():
    return make_checker(load_config(DEFECTS))


def _defects_history():
    return [load_report(DEFECTS / "data" / f"{y}.json") for y in (2021, 2022)]


def test_typical_defects_example_fires_every_family_on_json():
    report = load_report(DEFECTS / "data" / "2023.json")
    codes = {f.code for f in _defects_checker().check(report, _defects_history())}
    assert EXPECTED_DEFECTS <= codes, EXPECTED_DEFECTS - codes


def test_typical_defects_fire_on_a_docx_draft_too(tmp_path):
    data = json.loads((DEFECTS / "data" / "2023.json").read_text(encoding="utf-8"))
    draft = read_docx(write_draft(data, tmp_path / "云溪乡2023年报（初稿）.docx"))
    codes = {f.code for f in _defects_checker().check(draft, _defects_history())}
    assert EXPECTED_DEFECTS - {"AR609"} <= codes, EXPECTED_DEFECTS - codes


def test_clean_draft_docx_is_silent(tmp_path):
    reports = [load_report(EXAMPLE / "data" / f"{y}.json") for y in (2021, 2022)]
    data = json.loads((EXAMPLE / "data" / "2023.json").read_text(encoding="utf-8"))
    draft = read_docx(write_draft(data, tmp_path / "青溪镇2023.docx"))
    found = [f for f in make_checker().check(draft, reports) if f.code.startswith(TEXT_FAMILIES)]
    assert found == [], [(f.code, f.message) for f in found]


# --- single rules, fired and silent -----------------------------------------------------------


def checked(data, history=None, codes=TEXT_FAMILIES, checker=None):
    checker = checker or make_checker()
    return [f for f in checker.check(report_from_data(data), history) if f.code.startswith(codes)]


@pytest.fixture
def data():
    return copy.deepcopy(consistent_data(2023, random.Random(17)))


def test_text_figure_in_chinese_numerals(data):
    new = data["tables"]["B"]["rows"][0]["总计"]
    data["parts"]["一"].append(f"本年度新收政府信息公开申请{to_chinese(new + 1)}件。")
    (f,) = checked(data, codes=("AR501",))
    assert f.location.part == "一" and f.location.paragraph == len(data["parts"]["一"]) - 1
    assert f"{new + 1}" in f.message and f.values["table"] == new
    data["parts"]["一"][-1] = f"本年度新收政府信息公开申请{to_chinese(new)}件。"
    assert checked(data, codes=("AR501",)) == []


def test_received_including_carried_in_is_accepted(data):
    rows = data["tables"]["B"]["rows"]
    both = rows[0]["总计"] + rows[1]["总计"]
    data["parts"]["一"].append(f"全年共收到政府信息公开申请{both}件（含上年结转）。")
    assert checked(data, codes=("AR501",)) == [] or rows[1]["总计"] == 0


def test_fee_in_part6_is_not_compared_with_table_a(data):
    data["parts"]["六"].append("本年度收取信息处理费0.5万元。")
    assert checked(data, codes=("AR5",)) == []


def test_repeated_wording_only_with_history(data):
    old = copy.deepcopy(data)
    old["year"] = 2022
    assert checked(data, None, codes=("AR4",)) == []
    found = checked(data, [report_from_data(old)], codes=("AR4",))
    assert {f.code for f in found} == {"AR401", "AR402", "AR403"}
    f = next(f for f in found if f.code == "AR402")
    assert f.location.part == "五" and "【" in f.message and f.values["year"] == 2022


def test_repeated_wording_years_back_option(data, tmp_path):
    old = copy.deepcopy(data)
    old["year"] = 2021
    assert checked(data, [report_from_data(old)], codes=("AR401",))  # two years back: compared by default
    (tmp_path / "annual-report.toml").write_text("[rules.options.AR401]\nyears_back = 1\n", encoding="utf-8")
    checker = make_checker(load_config(tmp_path))
    found = checked(data, [report_from_data(old)], codes=("AR401",), checker=checker)
    assert found == []  # only last year is compared now


def test_repetition_precision_and_recall_on_labelled_pairs():
    result = evaluate()
    assert result["pairs"] >= 30
    assert result["precision"] >= 0.9 and result["recall"] >= 0.8, result


def test_template_leftovers_and_doubled_words(data):
    data["parts"]["一"].append("全年统筹资金资金120万元。（此处填写本年度公开信息条数）")
    codes = [f.code for f in checked(data, codes=("AR607", "AR608"))]
    assert codes == ["AR607", "AR608"] or sorted(codes) == ["AR607", "AR608"]


def test_parts_missing_and_preface_count(tmp_path):
    data = consistent_data(2023, random.Random(2))
    path = write_draft(data, tmp_path / "d.docx")
    import docx

    document = docx.Document(path)
    for p in document.paragraphs:
        if p.text.startswith("五、"):
            p.text = "五、有关说明"  # the heading of part 五 no longer reads as one
    document.save(path)
    codes = {f.code for f in make_checker().check(read_docx(path))}
    assert "AR601" in codes and "AR602" in codes


# --- work plans ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(p.name for p in (DATA / "workplans").iterdir()))
def test_real_work_plans_parse_into_tasks(name):
    plan = read_plan(DATA / "workplans" / name)
    assert plan.year == int(name[:4])
    assert len(plan.tasks) >= 8
    assert all(len(t) >= 4 for t in plan.tasks)
    assert not any(t.startswith(("总体要求", "工作目标", "实施步骤")) for t in plan.tasks)


def test_work_plan_tasks_not_mentioned(tmp_path):
    ws = tmp_path / "ws"
    (ws / "workplans").mkdir(parents=True)
    (ws / "annual-report.toml").write_text("", encoding="utf-8")
    shutil.copy(DATA / "workplans" / "2023-taoling-township-improvement-plan.txt", ws / "workplans")
    checker = make_checker(load_config(ws))
    data = consistent_data(2023, random.Random(5))
    missing = [f for f in checker.check(report_from_data(data)) if f.code == "AR605"]
    assert len(missing) >= 5
    tasks = {f.values["task"] for f in missing}
    assert "就业领域信息公开" in tasks
    data["parts"]["六"].append("按照乡提升行动方案，动态公开就业技能培训政策和就业创业办事指南，做好教育招生信息公开。")
    after = {f.values["task"] for f in checker.check(report_from_data(data)) if f.code == "AR605"}
    assert "就业领域信息公开" not in after and "教育领域信息公开" not in after
    assert checked(consistent_data(2022, random.Random(5)), checker=checker, codes=("AR605",)) == []  # another year's plan


def test_broken_reference_file_is_reported_not_fatal(tmp_path):
    ws = tmp_path / "ws"
    (ws / "reference").mkdir(parents=True)
    (ws / "annual-report.toml").write_text("", encoding="utf-8")
    (ws / "reference" / "本市文件.toml").write_text('[[document]]\ntitel = "错字段"\n', encoding="utf-8")
    (ws / "reference" / "本县文件.toml").write_text('[[document]]\ntitle = "某县政务公开工作要点"\nnumber = "某政办〔2021〕3号"\nstatus = "已废止"\ninvalid_from_year = 2022\n', encoding="utf-8")
    checker = make_checker(load_config(ws))
    data = consistent_data(2023, random.Random(1))
    data["parts"]["六"].append("按照某政办〔2021〕3号文件要求开展工作。")
    found = checker.check(report_from_data(data))
    codes = {f.code for f in found}
    assert "AR006" in codes and "AR301" in codes  # the good local file still works
    assert any("titel" in f.message for f in found if f.code == "AR006")


def test_plan_parser_on_text():
    plan = parse_plan("某镇2024年政务公开工作要点\n一、总体要求\n（一）加强财政信息公开。及时公开预算。\n1.做好就业信息公开\n")
    assert plan.year == 2024 and plan.tasks == ("加强财政信息公开", "做好就业信息公开")

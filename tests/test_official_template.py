"""The real blank national template, filled as an officer types, in every layout offices use:
complete consistent data reads back exactly and checks clean; officers' habits raise no false
alarm; each planted defect is caught."""

from __future__ import annotations

import copy
import random

import pytest
from drafts import same_tables
from official_template import fill_official_template
from template_variants import VARIANTS, make_variant
from typer.testing import CliRunner

from annual_report.check.engine import make_checker
from annual_report.cli import app
from synth import consistent_data
from annual_report.readers.docx import read_docx
from annual_report.readers.jsondata import report_from_data

CHECKER = make_checker()


def township(seed: int = 7) -> dict:
    return copy.deepcopy(consistent_data(2023, random.Random(seed)))


def findings(path):
    return CHECKER.check(read_docx(path))


@pytest.mark.parametrize("name", list(VARIANTS))
def test_every_layout_reads_back_and_checks_clean(tmp_path, name):
    data = township()
    path = make_variant(name, data, tmp_path / f"{name}.docx")
    report = read_docx(path)
    same_tables(report_from_data(data), report)
    assert report.issues == ()
    assert [(f.code, f.message) for f in CHECKER.check(report)] == []


def test_filled_template_exit_0(tmp_path):
    path = fill_official_template(township(), tmp_path / "示例乡2023年报告.docx", signature=True)
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 0, result.output
    assert "共 0 个错误，0 个警告" in result.output
    assert "机关层级按名称“示例乡人民政府”推断为“乡镇/街道”" in result.output


@pytest.mark.parametrize(
    "habits",
    [
        {"digits": "full-width"},
        {"units": True},
        {"units": True, "unit_word": "件次"},
        {"tracked_changes": True},
        {"blank": "zeros", "blank_text": "—"},
        {"blank": "zeros", "blank_text": "/"},
        {"blank": "zeros", "blank_text": "无"},
        {"blank": "zeros"},
    ],
    ids=lambda h: "-".join(f"{k}={v}" for k, v in h.items()),
)
def test_officer_habits_raise_no_false_error(tmp_path, habits):
    data = township()
    path = fill_official_template(data, tmp_path / "habits.docx", **habits)
    report = read_docx(path)
    found = CHECKER.check(report)
    assert [f for f in found if f.severity.value == "error"] == []
    assert not [f for f in found if f.code in ("AR014", "AR015", "AR010", "AR011", "AR020")]
    if "blank" not in habits:
        same_tables(report_from_data(data), report)


def test_blank_table_c_is_present_not_missing(tmp_path):
    path = fill_official_template(township(), tmp_path / "c-blank.docx", table_c_blank=True)
    report = read_docx(path)
    assert "C" in report.tables
    assert all(v is None for v in report.tables["C"].values.values())
    codes = [f.code for f in CHECKER.check(report)]
    assert "AR015" not in codes and "AR011" not in codes


def test_header_not_understood_is_one_finding(tmp_path):
    data = township()
    path = make_variant("c_review_two_rows", data, tmp_path / "odd.docx")
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(path))
    tbl = document.element.body.findall(qn("w:tbl"))[2]
    for t in tbl.iter(qn("w:t")):
        if t.text == "复议后起诉":
            t.text = "经复议后再起诉情况"
    document.save(str(path))
    found = [f for f in findings(path) if f.code.startswith("AR0") and f.code != "AR021"]
    assert [f.code for f in found] == ["AR020"], [f.message for f in found]
    assert "表四" in found[0].message and "复议后起诉" in found[0].message and "经复议后再起诉情况" in found[0].message


PLANTED = {
    # (what is typed over the consistent data, the rule that must catch it)
    "row total": ({("B", "new", "总计"): "99"}, "AR101"),
    "grand total": ({("B", "total", "自然人"): "77"}, "AR103"),
    "c total": ({("C", "review", "总计"): "9"}, "AR106"),
    "not a number": ({("B", "open", "自然人"): "约3件"}, "AR014"),
    "blank total": ({("B", "new", "总计"): ""}, "AR109"),
    "rules by a township": ({("A", "规章", "本年制发件数"): "2"}, "AR111"),
}


@pytest.mark.parametrize("name", list(PLANTED))
def test_each_planted_defect_is_caught(tmp_path, name):
    overrides, code = PLANTED[name]
    data = township()
    if name == "blank total":
        data["tables"]["B"]["rows"][0]["自然人"] = max(1, data["tables"]["B"]["rows"][0]["自然人"])
    path = fill_official_template(data, tmp_path / "defect.docx", overrides=overrides)
    found = findings(path)
    assert code in [f.code for f in found], [(f.code, f.message) for f in found]


def test_level_inferred_from_the_title_and_overridden_by_level(tmp_path):
    data = township()
    path = fill_official_template(data, tmp_path / "乡.docx", overrides={("A", "规章", "本年制发件数"): "2"})
    runner = CliRunner()
    result = runner.invoke(app, ["check", str(path)])
    assert "AR111 乡镇/街道 的报告表二“规章”行“本年制发件数”为 2" in result.output
    assert "机关层级按名称“示例乡人民政府”推断为“乡镇/街道”" in result.output
    result = runner.invoke(app, ["check", str(path), "--level", "市级政府"])
    assert "AR111" not in result.output and "AR021" not in result.output
    result = runner.invoke(app, ["check", str(path), "--level", "村"])
    assert result.exit_code == 2 and "--level “村”不在可选范围内" in result.output


@pytest.mark.parametrize(
    "name, level",
    [("祁门县教育局", "县级部门"), ("祁门县人民政府", "县级政府"), ("城关街道办事处", "乡镇/街道"), ("黄山市人民政府办公室", "市级部门")],
)
def test_level_of_other_bodies(tmp_path, name, level):
    data = township()
    data["body"]["name"] = name
    data["parts"]["六"] = ["本年度未收取信息处理费。"]
    path = fill_official_template(data, tmp_path / "r.docx")
    data_rules = fill_official_template(data, tmp_path / "r2.docx", overrides={("A", "规章", "本年制发件数"): "1"})
    found = [f for f in findings(data_rules) if f.code == "AR021"]
    assert [f.values["level"] for f in found] == [level]
    assert not [f for f in findings(path) if f.code == "AR021"]  # nothing depends on the level


def test_template_left_with_zeros_and_placeholders_is_reported(tmp_path):
    # issue 18: every cell 0 and "（文字描述）" left in parts 一/五/六 gave 0 errors
    path = fill_official_template(township(), tmp_path / "模板.docx", zero_everywhere=True, keep_placeholders=("一", "五", "六"))
    found = [f for f in findings(path) if f.code == "AR607"]
    assert sorted(f.location.part for f in found) == ["一", "五", "六"]
    assert all(f.severity.value == "error" for f in found)
    assert "（文字描述，收取信息处理费情况在此处报告。）" in next(f.message for f in found if f.location.part == "六")
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 1


def test_the_blank_template_itself_is_reported(tmp_path):
    from official_template import TEMPLATE

    found = [f for f in CHECKER.check(read_docx(TEMPLATE)) if f.code == "AR607"]
    assert any("政府信息公开工作年度报告格式模板" in f.message for f in found)
    assert {f.location.part for f in found} >= {"一", "五", "六"}


def test_guidance_left_in_a_table_cell_is_reported_like_text(tmp_path):
    path = fill_official_template(township(), tmp_path / "cell.docx", overrides={("B", "open", "自然人"): "（文字描述）"})
    found = [f for f in findings(path) if f.code == "AR607"]
    assert [(f.location.table, f.location.row, f.location.column) for f in found] == [("B", "open", "自然人")]


def test_sub_headings_are_not_parts_and_older_wording_is(tmp_path):
    data = township()
    data["parts"]["一"] = ["（一）主动公开政府信息情况", "全年主动公开信息120条。", "（一）概述", "本机关高度重视。"]
    path = fill_official_template(data, tmp_path / "sub.docx")
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(path))
    for t in document.element.body.iter(qn("w:t")):
        if t.text == "二、主动公开政府信息情况":
            t.text = "二、行政机关主动公开政府信息情况"
    document.save(str(path))
    report = read_docx(path)
    assert [p.number for p in report.parts] == ["一", "二", "三", "四", "五", "六"]
    assert len(report.part("一").paragraphs) == 4
    assert report.part("二").heading == "二、行政机关主动公开政府信息情况"


def test_figures_with_jianci_read_as_numbers(tmp_path):
    data = township()
    path = fill_official_template(data, tmp_path / "jc.docx", units=True, unit_word="件次")
    report = read_docx(path)
    same_tables(report_from_data(data), report)

"""AR2xx cross-year rules."""

from __future__ import annotations

import copy
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annual_report.check.engine import make_checker
from synth import consistent_series
from annual_report.readers.jsondata import report_from_data

CHECKER = make_checker()


def run(report, history):
    return [f for f in CHECKER.check(report, history) if f.code.startswith("AR2")]


@pytest.fixture
def years():
    return consistent_series([2019, 2020, 2021, 2022, 2023], random.Random(21))


def reports(series):
    return [report_from_data(d) for d in series]


def test_consistent_years_are_clean_across_the_edition_change(years):
    rs = reports(years)
    for i in range(1, len(rs)):
        assert run(rs[i], rs[:i]) == [], rs[i].year


def test_ar201_carry_over_breaks(years):
    years[4]["tables"]["B"]["rows"][1]["自然人"] += 1  # 2023 上年结转
    years[4]["tables"]["B"]["rows"][1]["总计"] += 1
    years[4]["tables"]["B"]["rows"][-1]["自然人"] += 1  # keep this year's balance
    years[4]["tables"]["B"]["rows"][-1]["总计"] += 1
    rs = reports(years)
    found = run(rs[4], rs[:4])
    assert sorted((f.code, f.location.column) for f in found) == [("AR201", "总计"), ("AR201", "自然人")]
    f = next(f for f in found if f.location.column == "自然人")
    assert f.location.row == "carried_in" and "2022年度报告" in f.message
    assert f.values["this_year"] == f.values["last_year"] + 1


def test_ar201_across_2020_to_2021(years):
    years[2]["tables"]["B"]["rows"][1]["其他"] += 2
    years[2]["tables"]["B"]["rows"][1]["总计"] += 2
    years[2]["tables"]["B"]["rows"][-1]["其他"] += 2
    years[2]["tables"]["B"]["rows"][-1]["总计"] += 2
    rs = reports(years)
    found = run(rs[2], rs[:2])
    assert {f.code for f in found} == {"AR201"} and rs[2].edition != rs[1].edition


def test_ar202_roll_forward_warning_with_three_numbers(years):
    years[4]["tables"]["A"]["rows"][1]["现行有效件数"] += 3
    rs = reports(years)
    (f,) = run(rs[4], rs[:4])
    assert f.code == "AR202" and f.severity.value == "warning"
    assert f.location.row == "行政规范性文件" and f.location.column == "现行有效件数"
    v = f.values
    assert v["in_force"] == v["last_in_force"] + v["made"] - v["repealed"] + 3
    assert str(v["last_in_force"]) in f.message and str(v["made"]) in f.message


def test_ar202_tolerance_option(years, tmp_path):
    from annual_report.files.config import load_config

    years[4]["tables"]["A"]["rows"][1]["现行有效件数"] += 1
    (tmp_path / "annual-report.toml").write_text("[rules.options.AR202]\ntolerance = 1\n", encoding="utf-8")
    checker = make_checker(load_config(tmp_path))
    rs = reports(years)
    assert [f for f in checker.check(rs[4], rs[:4]) if f.code == "AR202"] == []


def test_ar202_skips_2019_edition_predecessor(years):
    rs = reports(years)
    assert run(rs[2], rs[:2]) == []  # 2021 after 2020: the 2019 table A has no 现行有效件数


def test_ar203_repealed_exceeds_available(years):
    rows = years[4]["tables"]["A"]["rows"]
    last = years[3]["tables"]["A"]["rows"][1]["现行有效件数"]
    rows[1]["本年废止件数"] = last + rows[1]["本年制发件数"] + 1
    rows[1]["现行有效件数"] = 0
    rs = reports(years)
    assert "AR203" in {f.code for f in run(rs[4], rs[:4])}


def test_ar204_missing_year_is_said_not_guessed(years):
    rs = reports(years)
    found = run(rs[4], [rs[2]])  # only 2021 given for 2023
    assert [f.code for f in found] == ["AR204"] and "2022" in found[0].message
    assert found[0].severity.value == "info"


def test_history_rules_do_not_run_without_history(years):
    rs = reports(years)
    assert run(rs[4], None) == []


def test_ar205_history_of_another_body(years):
    other = copy.deepcopy(years[3])
    other["body"]["name"] = "别的乡人民政府"
    rs = reports(years)
    found = run(rs[4], [report_from_data(other)])
    assert [f.code for f in found] == ["AR205"]


def test_ar204_not_said_for_the_first_year_of_the_format(years):
    rs = reports(years)
    assert run(rs[0], []) == []  # 2018 reports used the pre-2019 format: nothing to compare


def test_ar201_location_is_this_report_values_from_last_year(years):
    years[3]["tables"]["B"]["rows"][-1]["商业企业"] += 4  # 2022 结转下年度 (2022 itself unbalanced)
    years[3]["tables"]["B"]["rows"][-1]["总计"] += 4
    rs = reports(years)
    found = [f for f in run(rs[4], rs[:4]) if f.location.column == "商业企业"]
    (f,) = found
    assert f.location.file == rs[4].source.path and f.location.year == 2023 and f.location.row == "carried_in"
    assert f.values["last_year"] == f.values["this_year"] + 4
    assert f"为 {f.values['this_year']}" in f.message and f"为 {f.values['last_year']}" in f.message


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 100_000), start=st.sampled_from([2019, 2020, 2021]), data=st.data())
def test_property_consistent_series_clean_and_a_broken_carry_over_is_found(seed, start, data):
    series = consistent_series([start, start + 1, start + 2], random.Random(seed))
    rs = reports(series)
    for i in range(1, 3):
        assert run(rs[i], rs[:i]) == []
    i = data.draw(st.sampled_from([1, 2]))
    col = data.draw(st.sampled_from(["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]))
    delta = data.draw(st.sampled_from([1, 3]))
    rows = series[i]["tables"]["B"]["rows"]
    for r in (rows[1], rows[-1]):  # 上年结转 and 结转下年度 together: this year still balances
        r[col] += delta
        r["总计"] += delta
    rs = reports(series)
    found = run(rs[i], rs[:i])
    assert {(f.code, f.location.row, f.location.column) for f in found} == {("AR201", "carried_in", col), ("AR201", "carried_in", "总计")}

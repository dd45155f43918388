"""AR1xx table arithmetic and format rules: each fires on a planted error at the right place,
and stays silent on consistent data, in both editions."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annual_report.check.engine import make_checker
from annual_report.model.layout import table_layout
from annual_report.model.report import FrozenDict
from synth import consistent_data
from annual_report.readers.jsondata import report_from_data

CHECKER = make_checker()
FAMILY = ("AR1",)


def run(report, history=None):
    return [f for f in CHECKER.check(report, history) if f.code.startswith(FAMILY)]


def codes(findings):
    return sorted({f.code for f in findings})


def with_values(report, table: str, changes: dict, **extra):
    """A copy of ``report`` with some cells of ``table`` changed (as a reader might produce)."""
    t = report.tables[table]
    values = dict(t.values)
    values.update(changes)
    new_table = replace(t, values=FrozenDict(values), **extra)
    tables = dict(report.tables)
    tables[table] = new_table
    return replace(report, tables=FrozenDict(tables))


@pytest.fixture(params=[2020, 2023], ids=["2019版", "2021版"])
def report(request):
    return report_from_data(consistent_data(request.param, random.Random(request.param)))


def test_clean_data_has_no_findings(report):
    assert run(report) == []


def bump(report, table, row, col, by=1):
    return with_values(report, table, {(row, col): report.tables[table].get(row, col) + by})


def test_ar101_row_total(report):
    bad = bump(report, "B", "open", "总计")
    (f,) = [f for f in run(bad) if f.code == "AR101"]
    assert (f.location.table, f.location.row, f.location.column) == ("B", "open", "总计")
    assert f.location.part == "三" and f.message.startswith("表三“（一）予以公开”行：总计 ")
    assert f.values["actual"] == f.values["expected"] + 1
    b = report.tables["B"]
    # the message quotes both values and the summed cells
    assert f"总计 {f.values['actual']} ≠ 自然人至其他各列之和 {f.values['expected']}" in f.message
    nonzero = [c for c in ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他") if b.get("open", c)]
    for c in nonzero:
        assert f"{c} {b.get('open', c)}" in f.message
    assert f.values["cells"]["自然人"] == b.get("open", "自然人")


def test_ar103_grand_total_and_ar104_balance(report):
    bad = bump(report, "B", "total", "自然人")
    found = run(bad)
    assert {"AR101", "AR103", "AR104"} <= set(codes(found))
    ar103 = next(f for f in found if f.code == "AR103")
    assert (ar103.location.row, ar103.location.column) == ("total", "自然人")


def test_ar104_balance_alone(report):
    # carried out one more in a column, total column kept consistent: only the balance breaks
    bad = with_values(
        report,
        "B",
        {
            ("carried_out", "自然人"): report.tables["B"].get("carried_out", "自然人") + 1,
            ("carried_out", "总计"): report.tables["B"].get("carried_out", "总计") + 1,
        },
    )
    found = run(bad)
    assert codes(found) == ["AR104"]
    assert sorted(f.location.column for f in found) == sorted(["自然人", "总计"])
    assert "相差 1" in found[0].message


def test_ar105_handled_exceeds_received(report):
    b = report.tables["B"]
    col = "科研机构"
    received = b.get("new", col) + b.get("carried_in", col)
    changes = {("total", col): received + 2, ("open", col): b.get("open", col) + received + 2 - b.get("total", col)}
    found = run(with_values(report, "B", changes))
    (f,) = [f for f in found if f.code == "AR105"]
    assert (f.location.row, f.location.column) == ("total", col)
    assert f"办结 {received + 2} > 新收" in f.message


def test_ar106_table_c(report):
    found = run(bump(report, "C", "direct", "总计", 2))
    (f,) = found
    assert f.code == "AR106" and f.location.row == "direct" and f.location.part == "四"


def test_ar107_negative_and_fraction(report):
    found = run(with_values(report, "B", {("partial", "自然人"): -1}))
    assert "AR107" in codes(found)
    found = run(with_values(report, "C", {("review", "结果维持"): 1.5}))
    assert any(f.code == "AR107" and "1.5" in f.message for f in found)


def test_ar108_missing_component_not_taken_as_zero(report):
    bad = with_values(report, "B", {("open", "科研机构"): None}, raw=FrozenDict({("open", "科研机构"): "—"}))
    found = run(bad)
    missing = [f for f in found if f.code == "AR108"]
    assert len(missing) == 1 and "—" in missing[0].message and missing[0].severity.value == "warning"
    # the arithmetic that needs the cell is not done (no false AR101/AR103 from a silent 0)
    assert not any(f.code in ("AR101", "AR103") for f in found)


def test_ar109_blank_total_with_nonzero_components(report):
    b = report.tables["B"]
    row = next(r.id for r in b.layout.rows if b.get(r.id, "总计"))
    found = run(with_values(report, "B", {(row, "总计"): None}))
    assert [(f.code, f.location.column) for f in found if f.location.row == row] == [("AR109", "总计")]
    assert found[0].severity.value == "error"
    assert f"已填分项之和为 {b.get(row, '总计')}" in found[0].message


def test_blank_total_of_zero_components_is_only_missing(report):
    b = report.tables["B"]
    row = next(r.id for r in b.layout.rows if b.get(r.id, "总计") == 0)
    found = run(with_values(report, "B", {(row, "总计"): None}))
    assert [(f.code, f.severity.value, f.location.column) for f in found] == [("AR108", "warning", "总计")]


def test_wholly_blank_row_gives_one_missing_finding_for_the_table(report):
    # issue 11 item 3: one AR108 per table listing its blank cells (was one per cell)
    row = "carried_in"
    blank = {(row, c.id): None for c in report.tables["B"].layout.row(row).columns}
    found = run(with_values(report, "B", blank))
    assert [f.code for f in found if f.code == "AR108"] == ["AR108"]
    f = next(f for f in found if f.code == "AR108")
    assert f.location.row == row and f.values["count"] == 7 and len(f.values["cells"]) == 7
    assert f.message.startswith("表三有 7 格未填写：“二、上年结转申请”行“自然人”列、") and "等，" in f.message
    # the missing cells are said once, in AR108, which says the sums took them as 0; the balance
    # then holds only if the blank carried-in cells are not 0, an error stated as such
    assert "合计已按空白格为 0 核对" in f.message
    sums = [f for f in found if f.code != "AR108"]
    assert sums and {f.code for f in sums} <= {"AR104", "AR105"}
    assert all(f.message.startswith("空白格按 0 计，") and f.severity.value == "error" for f in sums)


def test_blank_cells_of_two_tables_are_two_findings(report):
    bad = with_values(report, "B", {("open", "自然人"): None, ("deny.2", "其他"): None})
    bad = with_values(bad, "C", {("review", "结果维持"): None})
    found = [f for f in run(bad) if f.code == "AR108"]
    assert [(f.location.table, f.values["count"]) for f in found] == [("B", 2), ("C", 1)]


def test_blank_component_with_total_kept_is_summed_as_0(report):
    # a blank part is read as 0, as a reviewer reads it: the total that needs it to be non-zero
    # is an error stated as such, and AR108 says the sums were checked with blanks as 0
    b = report.tables["B"]
    assert b.get("open", "自然人")
    found = run(with_values(report, "B", {("open", "自然人"): None}))
    assert sorted(f.code for f in found) == ["AR101", "AR103", "AR108"]
    ar101 = next(f for f in found if f.code == "AR101")
    assert ar101.message.startswith("空白格按 0 计，表三“（一）予以公开”行：总计") and "空白格：自然人" in ar101.message
    assert (ar101.location.row, ar101.location.column) == ("open", "总计")
    ar108 = next(f for f in found if f.code == "AR108")
    assert (ar108.location.row, ar108.location.column) == ("open", "自然人")
    assert "合计已按空白格为 0 核对" in ar108.message


def test_blank_zero_parts_that_add_up_are_quiet(report):
    b = report.tables["B"]
    zeros = {(r.id, c.id): None for r in b.layout.rows for c in r.columns if b.get(r.id, c.id) == 0}
    assert zeros
    assert codes(run(with_values(report, "B", zeros))) == ["AR108"]


def test_filled_parts_over_the_total_are_an_error_whatever_the_blanks(report):
    b = report.tables["B"]
    total = b.get("open", "总计")
    cells = {("open", "自然人"): total + 1}
    cells.update({("open", c): None for c in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")})
    found = [f for f in run(with_values(report, "B", cells)) if f.code == "AR101"]
    assert len(found) == 1 and found[0].message.startswith("已填分项之和已超过总计，")
    assert found[0].severity.value == "error"


def test_issue_draft_open_row_total_14_filled_13(report):
    # 表三 "（一）予以公开": 总计 14, the filled columns add to 13, the rest blank
    cells = {("open", c.id): None for c in report.tables["B"].layout.row("open").columns}
    cells.update({("open", "自然人"): 10, ("open", "商业企业"): 3, ("open", "总计"): 14})
    found = [f for f in run(with_values(report, "B", cells)) if f.code == "AR101"]
    assert len(found) == 1 and found[0].message.startswith("空白格按 0 计，表三“（一）予以公开”行：总计 14 ≠ 自然人至其他各列之和 13（")


def test_table_c_upheld_1_rest_blank_total_2_is_an_error(report):
    cells = {("review", c): None for c in ("结果纠正", "其他结果", "尚未审结")}
    cells.update({("review", "结果维持"): 1, ("review", "总计"): 2})
    found = [f for f in run(with_values(report, "C", cells)) if f.code == "AR106"]
    assert len(found) == 1 and found[0].severity.value == "error"
    assert found[0].message.startswith("空白格按 0 计，表四“行政复议”：总计 2 ≠ 各项之和 1")


def test_ar107_2019_signed_column():
    report = report_from_data(consistent_data(2020, random.Random(3)))
    fine = with_values(report, "A", {("行政许可", "上一年项目数量"): 5, ("行政许可", "本年增/减"): -2})
    assert run(fine) == []
    found = run(with_values(report, "A", {("行政许可", "本年增/减"): 1.5}))
    assert [(f.code, f.location.column) for f in found] == [("AR107", "本年增/减")]
    found = run(with_values(report, "A", {("行政处罚", "处理决定数量"): -3}))
    assert [(f.code, f.location.row) for f in found] == [("AR107", "行政处罚")] and "-3" in found[0].message


def test_ar107_non_number_from_a_reader(report):
    found = run(with_values(report, "C", {("review", "结果纠正"): "两件"}))
    assert [(f.code, f.location.row, f.location.column) for f in found] == [("AR107", "review", "结果纠正")]


def test_ar110_fee_looks_like_yuan():
    report = report_from_data(consistent_data(2023, random.Random(1)))
    col = "本年收费金额（单位：万元）"
    found = run(with_values(report, "A", {("行政事业性收费", col): 125000.0}))
    assert codes(found) == ["AR110"]
    assert run(with_values(report, "A", {("行政事业性收费", col): 9999.0})) == []


def test_ar111_rules_by_non_rule_maker(report):
    row = "规章"
    col = table_layout(report.edition, "A").row(row).columns[0].id
    bad = with_values(report, "A", {(row, col): 2})
    assert [f.code for f in run(bad)] == ["AR111"]
    city = replace(bad, body=replace(bad.body, level="市级政府"))
    assert run(city) == []
    assert run(replace(bad, body=replace(bad.body, level="其他"))) == []


def test_ar111_level_from_config_and_rule_makers_option(tmp_path):
    from annual_report.files.config import load_config

    report = report_from_data(consistent_data(2023, random.Random(5)))
    bad = with_values(report, "A", {("规章", "本年制发件数"): 1})
    # a draft that does not say, with a name that shows no level (issue 11: a 乡人民政府's is inferred)
    unknown_level = replace(bad, body=replace(bad.body, level="", name="政务服务机构"), title="")
    assert run(unknown_level) == []
    named = replace(bad, body=replace(bad.body, level=""))
    assert [f.code for f in run(named) if f.code == "AR111"] == ["AR111"]
    (tmp_path / "annual-report.toml").write_text('[body]\nname = "某县人民政府"\nlevel = "县级政府"\n', encoding="utf-8")
    checker = make_checker(load_config(tmp_path))
    found = [f for f in checker.check(unknown_level) if f.code == "AR111"]
    assert len(found) == 1 and "县级政府" in found[0].message
    (tmp_path / "annual-report.toml").write_text('[body]\nlevel = "县级政府"\n[rules.options.AR111]\nrule_makers = ["县级政府"]\n', encoding="utf-8")
    checker = make_checker(load_config(tmp_path))
    assert [f for f in checker.check(unknown_level) if f.code == "AR111"] == []


def test_ar102_subtotal_rows(report):
    bad = with_values(report, "B", {}, subtotals=FrozenDict({("deny", "自然人"): 99, ("unable", "自然人"): sum(report.tables["B"].get(f"unable.{i}", "自然人") for i in (1, 2, 3))}))
    found = run(bad)
    assert [(f.code, f.location.row) for f in found] == [("AR102", "deny")]


def test_ar112_org_subtotal_column(report):
    b = report.tables["B"]
    right = sum(b.get("new", c) for c in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"))
    good = with_values(report, "B", {}, extra_columns=FrozenDict({("new", "小计"): right}))
    assert run(good) == []
    bad = with_values(report, "B", {}, extra_columns=FrozenDict({("new", "小计"): right + 1}))
    assert codes(run(bad)) == ["AR112"]


def test_ar113_2019_items_negative():
    report = report_from_data(consistent_data(2020, random.Random(9)))
    bad = with_values(report, "A", {("行政许可", "上一年项目数量"): 3, ("行政许可", "本年增/减"): -5})
    assert codes(run(bad)) == ["AR113"]


def test_ar120_edition_year_mismatch():
    report = report_from_data(consistent_data(2020, random.Random(2)))
    as_2023 = replace(report, year=2023, meta=FrozenDict({"period": (2023, 2023)}))
    found = run(as_2023)
    assert codes(found) == ["AR120"] and "应使用2021年版" in found[0].message


def test_ar120_2021_format_for_a_2020_report():
    report = report_from_data(consistent_data(2023, random.Random(2)))
    as_2020 = replace(report, year=2020, meta=FrozenDict({**report.meta, "period": (2020, 2020)}))
    found = run(as_2020)
    assert codes(found) == ["AR120"] and "应使用2019年版（国办公开办函〔2019〕60号）" in found[0].message


def test_every_table_and_crossyear_rule_has_its_own_test():
    """Like datasette's hook meta-test: each AR1xx/AR2xx code is named in a test module."""
    from pathlib import Path

    here = Path(__file__).parent
    text = (here / "test_rules_tables.py").read_text(encoding="utf-8") + (here / "test_rules_crossyear.py").read_text(encoding="utf-8")
    mine = [c for c, r in CHECKER.rules.items() if r.plugin in ("tables", "format", "crossyear")]
    assert len(mine) >= 20
    assert [c for c in mine if f"test_{c.lower()}" not in text] == []


def test_ar121_statistics_period(report):
    bad = replace(report, meta=FrozenDict({**report.meta, "period": (report.year - 1, report.year - 1)}))
    found = run(bad)
    assert codes(found) == ["AR121"] and f"{report.year - 1}年" in found[0].message


def test_ar122_year_claims(report):
    bad = replace(report, meta=FrozenDict({**report.meta, "year_claims": FrozenDict({"title": report.year, "filename": report.year - 1})}))
    assert codes(run(bad)) == ["AR122"]


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 100_000), year=st.sampled_from([2019, 2020, 2021, 2022, 2023]), data=st.data())
def test_property_consistent_data_is_clean_and_any_bump_is_found(seed, year, data):
    report = report_from_data(consistent_data(year, random.Random(seed)))
    assert run(report) == []
    name = data.draw(st.sampled_from(["B", "C"]))
    layout = table_layout(report.edition, name)
    row = data.draw(st.sampled_from([r.id for r in layout.rows]))
    col = data.draw(st.sampled_from([c.id for c in layout.row(row).columns]))
    delta = data.draw(st.sampled_from([1, 2, 7, -1, -3]))
    value = report.tables[name].get(row, col)
    if delta < 0 and value + delta < 0:
        delta = -delta
    found = run(bump(report, name, row, col, delta))
    assert found, (name, row, col)
    assert any(f.location.table == name and f.location.row == row for f in found), (name, row, col, found)
    # a blanked cell is reported as missing, at that cell, never read as 0
    blanked = run(with_values(report, name, {(row, col): None}))
    assert any(f.code in ("AR108", "AR109") and (f.location.row, f.location.column) == (row, col) for f in blanked)


def test_ar123_tables_of_two_editions():
    new = report_from_data(consistent_data(2023, random.Random(2)))
    old = report_from_data(consistent_data(2020, random.Random(2)))
    mixed = replace(new, tables=FrozenDict({**new.tables, "A": old.tables["A"]}))
    found = run(mixed)
    assert [(f.code, f.location.table) for f in found] == [("AR123", "A")]
    assert "表二按2019年版格式填写，其他表格按2021年版" in found[0].message
    assert run(new) == []


def _set_cell(cell, text: str) -> None:
    cell.paragraphs[0].runs[0].text = text
    for run in cell.paragraphs[0].runs[1:]:
        run.text = ""


@pytest.mark.parametrize("year", [2020, 2023])
def test_subtotal_rows_and_column_of_a_real_draft(tmp_path, year):
    """A .docx draft with the subtotal rows and 小计 column offices add: clean as written;
    a wrong subtotal is found at its own row (AR102) or column (AR112)."""
    import sys
    from pathlib import Path

    import docx

    sys.path.insert(0, str(Path(__file__).parent))
    from drafts import DraftStyle, write_draft

    from annual_report.readers.docx import read_docx

    path = write_draft(consistent_data(year, random.Random(3)), tmp_path / "草稿.docx", DraftStyle(subtotal_rows=True, subtotal_column=True))
    report = read_docx(path)
    assert report.tables["B"].subtotals and report.tables["B"].extra_columns
    assert run(report) == []
    document = docx.Document(str(path))
    for table in document.tables:
        for row in table.rows:
            texts = [c.text for c in row.cells]
            if texts[1:3] == ["（四）无法提供", "小计"]:
                _set_cell(row.cells[3], str(int(texts[3]) + 4))  # 自然人 subtotal
            if texts[0].startswith("一、本年新收"):
                _set_cell(row.cells[-2], str(int(texts[-2]) + 1))  # 法人或其他组织 小计
    document.save(str(path))
    found = run(read_docx(path))
    assert sorted((f.code, f.location.row, f.location.column) for f in found) == [("AR102", "unable", "自然人"), ("AR112", "new", "小计")]
    ar102 = next(f for f in found if f.code == "AR102")
    assert "（四）无法提供”小计行“自然人”列：小计" in ar102.message and ar102.values["actual"] == ar102.values["expected"] + 4


@pytest.mark.parametrize("mark", ["/", "／", "不涉及", "不适用"])
def test_not_applicable_rule_row_of_a_body_that_makes_no_rules_is_not_a_blank(tmp_path, mark):
    """A township writes “/” or “不涉及” in 表二“规章” (it makes no 规章): not a blank to fill
    (no AR108); a city government, which does make 规章, is asked to fill the same row."""
    from official_template import fill_official_template

    from annual_report.readers import read_report
    from annual_report.files.config import Config

    overrides = {("A", "规章", c): mark for c in ("本年制发件数", "本年废止件数", "现行有效件数")}
    found = {}
    for body in ("桃岭乡人民政府", "某市人民政府"):
        data = consistent_data(2023, random.Random(5), body=body)
        path = fill_official_template(data, tmp_path / f"{body}.docx", overrides=overrides)
        report = read_report(path)
        assert report.tables["A"].get("规章", "本年制发件数") is None  # read as no figure either way
        found[body] = [f for f in make_checker(Config()).check(report, []) if f.code in ("AR108", "AR012", "AR013")]
    assert found["桃岭乡人民政府"] == []
    assert [(f.code, f.location.row) for f in found["某市人民政府"]] == [("AR108", "规章")]


def test_ar114_amount_cell_precision():
    report = report_from_data(consistent_data(2023, random.Random(1)))
    col = "本年收费金额（单位：万元）"
    found = run(with_values(report, "A", {("行政事业性收费", col): 86.314725}))
    assert codes(found) == ["AR114"] and "小数 6 位" in found[0].message and found[0].severity.value == "warning"
    assert run(with_values(report, "A", {("行政事业性收费", col): 86.3147})) == []
    report_2019 = report_from_data(consistent_data(2020, random.Random(1)))
    found = run(with_values(report_2019, "A", {("政府集中采购", "采购总金额"): 12.1234567}))
    assert codes(found) == ["AR114"]

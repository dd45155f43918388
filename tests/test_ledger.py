"""Registers of applications: reading what offices keep (files LibreOffice wrote, CSV in
UTF-8/BOM/GBK), the tally of tables B and C, working-day deadlines, the ledger and tally
commands, and check --ledger (AR640–AR644).

The expected counts are written here by hand from the rows of the fixtures (see
tests/fixtures/ledger/make_office_registers.py), not computed by the code under test."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from annual_report.cli import app
from annual_report.ledger.deadlines import due_date, lateness
from annual_report.ledger.tally import tally
from annual_report.ledger.workdays import CalendarUnknown, WorkCalendar
from annual_report.model.errors import UserError
from annual_report.model.register import Application, RowRef
from annual_report.readers.register import DateError, Mapping, decode_csv, parse_date, read_register
from annual_report.app.workspace import init_example

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ledger"
runner = CliRunner()
HAND = ("手工台账-utf8.csv", "手工台账-bom.csv", "手工台账-gbk.csv", "手工台账-libreoffice.xlsx")

# the hand-kept register of 2024, counted by hand (rows 2024-006/007/012/013 and the repeated
# 2024-001 are left out; 2024-010 was received in 2023; 2024-011 is still open at year end)
HAND_2024_B = {
    ("new", "自然人"): 5, ("new", "商业企业"): 1, ("new", "社会公益组织"): 1, ("new", "法律服务机构"): 1, ("new", "总计"): 8,
    ("carried_in", "自然人"): 1, ("carried_in", "总计"): 1,
    ("open", "自然人"): 5, ("open", "总计"): 5,
    ("partial", "自然人"): 1, ("partial", "商业企业"): 1, ("partial", "总计"): 2,
    ("unable.1", "法律服务机构"): 1, ("unable.1", "总计"): 1,
    ("total", "自然人"): 6, ("total", "商业企业"): 1, ("total", "法律服务机构"): 1, ("total", "总计"): 8,
    ("carried_out", "社会公益组织"): 1, ("carried_out", "总计"): 1,
}


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


def nonzero(t, table):
    return {(r, c): len(refs) for (name, r, c), refs in t.cells.items() if name == table and refs}


# --- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["2024-1-5", "2024/01/05", "2024.1.5", "2024年1月5日", "20240105", "２０２４－０１－０５", "2024-01-05 09:30", 45296, "45296", date(2024, 1, 5)])
def test_dates_as_offices_type_them(text):
    assert parse_date(text) == date(2024, 1, 5)


@pytest.mark.parametrize("text,kind", [("1月5日", "no_year"), ("2024-13-45", "bad_date"), ("下周一", "bad_date"), (-3, "bad_date")])
def test_dates_that_cannot_be_read(text, kind):
    with pytest.raises(DateError) as err:
        parse_date(text)
    assert err.value.kind == kind


def test_a_gbk_csv_is_not_read_as_utf8():
    raw = (FIXTURES / "手工台账-gbk.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text, encoding = decode_csv(raw)
    assert encoding == "GBK" and "登记日期" in text
    assert decode_csv((FIXTURES / "手工台账-bom.csv").read_bytes())[1] == "UTF-8（带BOM）"


# --- reading and tallying ---------------------------------------------------------------------


@pytest.mark.parametrize("name", HAND)
def test_hand_kept_register_in_every_form_gives_the_hand_counts(name):
    register = read_register(FIXTURES / name)
    t = tally(register, 2024)
    assert nonzero(t, "B") == HAND_2024_B
    assert not nonzero(t, "C")
    kinds = sorted((i.kind, i.ref.number) for i in register.issues)
    assert kinds == [("answer_before_receipt", "2024-007"), ("bad_date", "2024-012"), ("bad_value", "2024-013"), ("duplicate_number", "2024-001"), ("no_year", "2024-006")]
    assert all(i.excluded for i in register.issues)
    # the rows behind a cell, by the row number a spreadsheet shows
    assert [r.row for r in t.rows("B", "partial", "自然人")] == [11]
    assert sorted(x.ref.number for x in t.late) == ["2024-004", "2024-009"]


def test_a_value_the_workspace_maps_is_counted(tmp_path):
    mapping = Mapping({"values": {"outcome": {"open": ["同意提供"]}}})
    t = tally(read_register(FIXTURES / "手工台账-gbk.csv", mapping), 2024)
    assert t.count("B", "open", "自然人") == 6
    assert not [i for i in t.issues if i.kind == "bad_value"]


def test_merged_header_formulas_and_hyperlinks_table_c():
    register = read_register(FIXTURES / "合并表头-libreoffice.xlsx")
    assert [a.ref.number for a in register.applications] == ["M-01", "M-02", "M-03", "M-04"]  # formulas' saved values
    assert register.applications[0].content == "道路工程合同"  # the hyperlink's text
    assert [i.kind for i in register.issues] == ["formula"]
    t = tally(register, 2024)
    assert nonzero(t, "C") == {
        ("review", "结果维持"): 2, ("review", "结果纠正"): 1, ("review", "总计"): 3,
        ("direct", "尚未审结"): 1, ("direct", "总计"): 1,
        ("after_review", "尚未审结"): 1, ("after_review", "总计"): 1,
    }
    # the year before, the 2023 review was still undecided
    assert nonzero(tally(register, 2023), "C") == {("review", "尚未审结"): 1, ("review", "总计"): 1}
    assert nonzero(t, "B")[("deny.4", "自然人")] == 1


def test_a_sheet_without_a_header_is_a_clear_error(tmp_path):
    path = tmp_path / "随便.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(UserError, match="没有找到台账的表头行"):
        read_register(path)


def test_rows_beyond_the_cap_are_named_not_read(tmp_path, monkeypatch):
    import annual_report.readers.register as reader

    monkeypatch.setattr(reader, "MAX_REGISTER_ROWS", 3)
    path = tmp_path / "大表.csv"
    path.write_text("收到日期,申请人类型\n" + "2024-01-05,公民\n" * 10, encoding="utf-8")
    register = read_register(path)
    assert len(register.applications) == 3
    assert [i.kind for i in register.issues] == ["too_many_rows"]


# --- deadlines (hand-computed across the official holidays) ---------------------------------


def _app(received, answered=None, **kw):
    return Application(RowRef("台账", 2, "X"), received, "自然人", answered=answered, outcome="open" if answered else None, **kw)


CAL = WorkCalendar()


@pytest.mark.parametrize(
    "received,due",
    [
        # Spring Festival 2024: 10–17 Feb off; Sun 4 Feb and Sun 18 Feb make-up working days
        (date(2024, 2, 2), date(2024, 3, 6)),
        # National Day 2024: 1–7 Oct off; Sun 29 Sep and Sat 12 Oct make-up working days
        (date(2024, 9, 27), date(2024, 10, 30)),
        # National Day 2023 (with Mid-Autumn): 29 Sep–6 Oct off; Sat 7 and Sun 8 Oct working
        (date(2023, 9, 25), date(2023, 10, 27)),
        # an ordinary stretch: Mon 4 Mar 2024 + 20 working days = Mon 1 Apr
        (date(2024, 3, 4), date(2024, 4, 1)),
    ],
)
def test_due_dates_by_hand(received, due):
    assert due_date(_app(received), CAL) == due


def test_correction_extension_and_consultation():
    # 补正: the period runs from the receipt of the 补正 (Mon 11 Mar 2024 → Tue 9 Apr: 4–6 Apr 清明 off, Sun 7 Apr working)
    app = _app(date(2024, 3, 1), correction_asked=True, correction_received=date(2024, 3, 11))
    assert due_date(app, CAL) == date(2024, 4, 9)
    # 补正 asked for and never received: no period (the application lapses)
    assert due_date(_app(date(2024, 3, 1), correction_asked=True), CAL) is None
    # extension of 20 working days: Mon 4 Mar + 40 = Mon 29 Apr (Sun 7 Apr and Sun 28 Apr are
    # make-up working days, 4–6 Apr off)
    assert due_date(_app(date(2024, 3, 4), extended=True), CAL) == date(2024, 4, 29)
    # consultation days are added: Mon 4 Mar + 20 + 3 = Thu 4 Apr is 清明, so Sun 7 Apr (make-up)
    assert due_date(_app(date(2024, 3, 4), consult_days=3), CAL) == date(2024, 4, 7)
    # one day late, and still open at year end past the period
    late = lateness(_app(date(2024, 2, 2), date(2024, 3, 7)), CAL, date(2024, 12, 31))
    assert (late.due, late.working_days, late.allowed) == (date(2024, 3, 6), 21, 20)
    assert lateness(_app(date(2024, 2, 2), date(2024, 3, 6)), CAL, date(2024, 12, 31)) is None
    open_late = lateness(_app(date(2024, 11, 1)), CAL, date(2024, 12, 31))
    assert open_late is not None and open_late.answered is None


def test_a_year_the_calendar_does_not_know(tmp_path):
    with pytest.raises(CalendarUnknown, match="节假日安排中没有 2099 年.*ledger/holidays.toml"):
        WorkCalendar().is_workday(date(2099, 1, 5))
    (tmp_path / "ledger").mkdir()
    (tmp_path / "ledger" / "holidays.toml").write_text('[2099]\nholidays = ["2099-01-05"]\nworkdays = ["2099-01-10"]\n', encoding="utf-8")
    cal = WorkCalendar.for_workspace(tmp_path)
    assert not cal.is_workday(date(2099, 1, 5)) and cal.is_workday(date(2099, 1, 10)) and cal.is_workday(date(2099, 1, 6))
    # a tally of such a year still counts, and says why deadlines were not checked
    t = tally(read_register(FIXTURES / "手工台账-gbk.csv"), 2024, calendar=WorkCalendar({}))
    assert not t.calendar_note
    app = _app(date(2099, 3, 2), date(2099, 3, 3))
    from annual_report.model.register import Register

    t = tally(Register("x", (app,)), 2099)
    assert t.count("B", "open", "自然人") == 1 and "2099" in t.calendar_note and not t.late


# --- the commands -------------------------------------------------------------------------------


REGISTER_2023 = "2023年依申请公开登记台账.xlsx"


@pytest.fixture
def ws(tmp_path):
    """The example workspace with its consistent 2023 register put into ledger/, as an office
    keeps it (then check and tally use it without --ledger)."""
    root = init_example(tmp_path / "ws")
    (root / "ledger").mkdir(exist_ok=True)
    shutil.copy(root / "台账示例" / REGISTER_2023, root / "ledger" / REGISTER_2023)
    return root


def test_ledger_writes_the_template_and_carries_open_rows(ws):
    result = invoke("ledger", 2024, "-w", ws)
    assert result.exit_code == 0, result.output
    target = ws / "ledger" / "2024年依申请公开登记台账.xlsx"
    assert "已带入 1 件" in result.output  # 2023-014 was still open on 31 December 2023
    wb = openpyxl.load_workbook(target)
    ws_ = wb.worksheets[0]
    headers = [c.value for c in ws_[1]]
    assert headers[:3] == ["编号", "收到日期", "申请人类型"] and "办理结果" in headers and "行政诉讼结果" in headers
    assert all(c.comment is not None and c.comment.text for c in ws_[1])
    kinds = sorted({dv.type for dv in ws_.data_validations.dataValidation})
    assert kinds == ["date", "list", "whole"]
    assert wb["取值"].sheet_state == "hidden"
    assert ws_.cell(2, 1).value == "2023-014"
    # the template reads back as a register, with its carried row
    register = read_register(target)
    assert [a.ref.number for a in register.applications] == ["2023-014"]
    # a register someone filled in is never overwritten without --force
    ws_.cell(3, 1, "2024-001")
    wb.save(target)
    again = invoke("ledger", 2024, "-w", ws)
    assert again.exit_code == 2 and "--force" in again.output
    assert openpyxl.load_workbook(target).worksheets[0].cell(3, 1).value == "2024-001"


def test_tally_prints_writes_and_explains(ws):
    demo = ws / "台账示例" / "平台导出-有差异.csv"
    result = invoke("tally", 2023, "-w", ws)
    assert result.exit_code == 0, result.output
    assert "全部在法定期限内" in result.output
    # --write over typed figures that differ: nothing written without --force
    data_file = ws / "data" / "2023.json"
    before = data_file.read_bytes()
    result = invoke("tally", 2023, "-w", ws, "--ledger", demo, "--write")
    assert result.exit_code == 1
    assert "已填 5，台账统计 6" in result.output and data_file.read_bytes() == before
    # blank cells are filled without --force
    data = json.loads(before)
    for row in data["tables"]["B"]["rows"]:
        if row["项目"] == "（一）予以公开":
            row["自然人"] = None
    data_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = invoke("tally", 2023, "-w", ws, "--write")
    assert result.exit_code == 0, result.output
    row = next(r for r in json.loads(data_file.read_text(encoding="utf-8"))["tables"]["B"]["rows"] if r["项目"] == "（一）予以公开")
    assert row["自然人"] == 5
    # --force replaces them, and the explanation lists the rows behind every cell
    explain = ws / "明细.xlsx"
    result = invoke("tally", 2023, "-w", ws, "--ledger", demo, "--write", "--force", "-x", explain)
    assert result.exit_code == 1  # a late answer
    row = next(r for r in json.loads(data_file.read_text(encoding="utf-8"))["tables"]["B"]["rows"] if r["项目"] == "（一）予以公开")
    assert row["自然人"] == 6
    wb = openpyxl.load_workbook(explain)
    detail = {(r[0], r[1], r[2]): r for r in wb["每格的台账行"].iter_rows(min_row=2, values_only=True)}
    behind = detail[("表三", "（一）予以公开", "自然人")]
    assert behind[3] == 6 and "第16行（2023-015）" in behind[5]
    assert wb["逾期答复"].max_row == 2 and wb["未计入或需核对的行"].max_row == 3


def test_tally_without_a_register_says_what_to_do(ws):
    shutil.rmtree(ws / "ledger")
    result = invoke("tally", 2023, "-w", ws)
    assert result.exit_code == 2 and "annual-report ledger 2023" in result.output


def test_check_uses_the_workspace_register_and_names_rows(ws):
    clean = invoke("check", 2023, "-w", ws, "-f", "json")
    assert clean.exit_code == 0, clean.output
    assert not [f for f in json.loads(clean.output)["reports"][0]["findings"] if f["code"].startswith("AR64")]
    result = invoke("check", 2023, "-w", ws, "--ledger", ws / "台账示例" / "平台导出-有差异.csv", "-f", "json")
    assert result.exit_code == 1
    found = json.loads(result.output)["reports"][0]["findings"]
    codes = sorted({f["code"] for f in found})
    assert codes == ["AR640", "AR642", "AR644"], codes
    cell = next(f for f in found if f["code"] == "AR640" and f["location"]["row"] == "open" and f["location"]["column"] == "自然人")
    assert "报告 5，台账统计 6" in cell["message"] and "第16行（2023-015）" in cell["message"]
    late = next(f for f in found if f["code"] == "AR642")
    assert "第13行（2023-012）" in late["message"] and "期限 2023-10-27" in late["message"]
    assert len([f for f in found if f["code"] == "AR644"]) == 2


def test_next_years_empty_template_in_the_workspace_does_not_fail_this_years_check(tmp_path):
    """`ledger 2024` puts an empty template into ledger/: `check 2023` stays as it was (said in a
    note), while a register given with --ledger is always compared."""
    root = init_example(tmp_path / "ws")
    assert invoke("ledger", 2024, "-w", root).exit_code == 0
    result = invoke("check", 2023, "-w", root)
    assert result.exit_code == 0, result.output
    assert "AR640" not in result.output and "台账没有 2023 年的申请" in result.output
    template = next((root / "ledger").glob("2024*.xlsx"))
    forced = invoke("check", 2023, "-w", root, "--ledger", template, "-f", "json")
    assert "AR640" in {f["code"] for f in json.loads(forced.output)["reports"][0]["findings"]}


def test_two_registers_read_together_name_each_rows_file_and_count_one_application_once(ws):
    """A folder holding the office's own register and the platform's export of the same year:
    every row named with its file, an application entered in both counted once (and said), one
    number with different contents in the two files counted in both and named."""
    result = invoke("check", 2023, "-w", ws, "--ledger", ws / "台账示例", "-f", "json")
    found = json.loads(result.output)["reports"][0]["findings"]
    twice = [f["message"] for f in found if f["code"] == "AR644" and "完全相同" in f["message"]]
    assert twice and all("平台导出-有差异.csv 第" in m and f"{REGISTER_2023}/" in m for m in twice), twice
    differing = [f["message"] for f in found if f["code"] == "AR644" and "编号相同但内容不同" in f["message"]]
    assert len(differing) == 1 and "2023-012" in differing[0]
    cell = next(f for f in found if f["code"] == "AR640" and f["location"]["row"] == "open" and f["location"]["column"] == "自然人")
    assert "报告 5，台账统计 6" in cell["message"]  # the planted extra, not every row twice
    assert "平台导出-有差异.csv 第16行（2023-015）" in cell["message"]
    for f in found:
        assert "第10行（2023-009）、第10行（2023-009）" not in f["message"]


def test_a_claim_of_no_late_answers_against_a_late_register(ws):
    data_file = ws / "data" / "2023.json"
    data = json.loads(data_file.read_text(encoding="utf-8"))
    data["parts"]["一"].append("全年收到的政府信息公开申请均在法定期限内答复。")
    data_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = invoke("check", 2023, "-w", ws, "--ledger", ws / "台账示例" / "平台导出-有差异.csv", "-f", "json")
    claim = [f for f in json.loads(result.output)["reports"][0]["findings"] if f["code"] == "AR643"]
    assert len(claim) == 1 and "均在法定期限内答复" in claim[0]["message"] and "第13行（2023-012）" in claim[0]["message"]


def test_table_c_differences(ws, tmp_path):
    result = invoke("check", 2023, "-w", ws, "--ledger", FIXTURES / "合并表头-libreoffice.xlsx", "-f", "json")
    found = json.loads(result.output)["reports"][0]["findings"]
    c = [f for f in found if f["code"] == "AR641"]
    assert [(f["location"]["row"], f["location"]["column"]) for f in c] == [("review", "尚未审结"), ("review", "总计")]


def test_a_synthetic_register_matches_an_independent_count(tmp_path):
    from register_synth import csv_bytes, independent_count, make_rows

    rows = make_rows(2000, seed=5)
    path = tmp_path / "平台导出.csv"
    path.write_bytes(csv_bytes(rows))
    register = read_register(path)
    assert not register.issues and len(register.applications) == 2000
    for year in (2022, 2023, 2024):
        t = tally(register, year)
        got = {k: len(v) for k, v in t.cells.items() if v}
        assert got == dict(independent_count(rows, year)), year


# --- the register of documents (table A, citations) ---------------------------------------------

DOCS = "规范性文件登记表.xlsx"


def test_document_register_counts_by_hand(ws):
    from annual_report.ledger.documents import tally_documents
    from annual_report.readers.register import read_documents, register_kind

    path = ws / "台账示例" / DOCS
    assert register_kind(path) == "documents" and register_kind(FIXTURES / "手工台账-gbk.csv") == "applications"
    docs, issues = read_documents(path)
    assert len(docs) == 9 and not issues
    # by hand: 2021 issued 2 (5 in force); 2022 issued 1, repealed 1 (〔2019〕2号); 2023 issued 3, repealed 1 (〔2020〕1号)
    expected = {2021: (2, 0, 5, 3), 2022: (1, 1, 5, 5), 2023: (3, 1, 7, 5)}
    for year, (issued, repealed, current, before) in expected.items():
        t = tally_documents(docs, issues, year)
        got = tuple(t.count("行政规范性文件", c) for c in ("本年制发件数", "本年废止件数", "现行有效件数"))
        assert got + (len(t.previous_current["行政规范性文件"]),) == (issued, repealed, current, before), year
        assert not any(t.count("规章", c) for c in ("本年制发件数", "本年废止件数", "现行有效件数"))


def _edit(ws, year, change):
    path = ws / "data" / f"{year}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _set_a(data, row, col, value):
    for r in data["tables"]["A"]["rows"]:
        if r["信息内容"] == row:
            r[col] = value


def test_check_table_a_and_citations_against_the_document_register(ws):
    shutil.copy(ws / "台账示例" / DOCS, ws / "ledger" / DOCS)
    clean = invoke("check", 2023, "-w", ws, "-f", "json")
    assert clean.exit_code == 0, clean.output
    _edit(ws, 2023, lambda d: _set_a(d, "行政规范性文件", "现行有效件数", 8))
    _edit(ws, 2022, lambda d: _set_a(d, "行政规范性文件", "现行有效件数", 4))
    _edit(ws, 2023, lambda d: d["parts"]["一"].append("按照《青溪镇农村宅基地审批管理办法》（青政规〔2020〕1号）审批宅基地12宗。"))
    result = invoke("check", 2023, "-w", ws, "-f", "json")
    found = {f["code"]: f["message"] for f in json.loads(result.output)["reports"][0]["findings"] if f["code"].startswith("AR64")}
    assert "报告 8，文件登记表统计 7" in found["AR645"]
    assert "上年（2022年）报告表二“行政规范性文件”现行有效件数 4，文件登记表中 2022-12-31 现行有效 5 件" == found["AR646"]
    assert "青政规〔2020〕1号）已于 2023-06-30 废止或失效" in found["AR647"]


def test_published_items_against_the_text(ws):
    from annual_report.readers.register import read_published, register_kind

    listing = ws / "台账示例" / "网站发布清单.csv"
    assert register_kind(listing) == "published"
    t = read_published(listing, 2023)
    # written by hand in make_registers.py: 90 + 78 + 60 + 184 in 2023 (the 2022 rows are not counted)
    assert len(t.total) == 412 and {k: len(v) for k, v in t.by_column.items()} == {"财政资金": 90, "惠民惠农补贴": 78, "政策文件": 60, "工作动态": 184}
    shutil.copy(listing, ws / "ledger" / listing.name)
    clean = invoke("check", 2023, "-w", ws, "-f", "json")
    assert clean.exit_code == 0, clean.output
    _edit(ws, 2023, lambda d: d["parts"]["一"].__setitem__(1, d["parts"]["一"][1].replace("412条", "400条")))
    _edit(ws, 2023, lambda d: d["parts"]["一"].append("其中政策文件信息65条。"))
    result = invoke("check", 2023, "-w", ws, "-f", "json")
    found = [f["message"] for f in json.loads(result.output)["reports"][0]["findings"] if f["code"] == "AR648"]
    assert found == ["报告称“全年发布各类政府信息400条”，网站发布清单中 2023 年发布 412 条（网站发布清单.csv）",
                     "报告称“政策文件信息65条”，网站发布清单“政策文件”栏目 2023 年发布 60 条"], found
    tallied = invoke("tally", 2023, "-w", ws)
    assert "共 412 条" in tallied.output and "工作动态：184 条" in tallied.output


def test_files_that_are_not_registers(tmp_path):
    fake = tmp_path / "台账.xlsx"
    fake.write_text("这不是表格", encoding="utf-8")
    old = tmp_path / "台账.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    for path, words in ((fake, "另存为 .xlsx"), (old, "旧版 .xls"), (tmp_path / "没有.csv", "找不到台账文件")):
        result = invoke("tally", 2024, "--ledger", path)
        assert result.exit_code == 2 and words in result.output, result.output
        assert "Traceback" not in result.output


def test_explanation_of_documents_and_published_items(ws):
    explain = ws / "明细-文件.xlsx"
    result = invoke("tally", 2023, "-w", ws, "--ledger", ws / "台账示例" / DOCS, "--ledger", ws / "台账示例" / "网站发布清单.csv", "-x", explain)
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(explain)
    assert wb.sheetnames == ["表二（文件登记表）", "主动公开（发布清单）"]
    rows = {(r[0], r[1]): r for r in wb["表二（文件登记表）"].iter_rows(min_row=2, values_only=True)}
    assert rows[("行政规范性文件", "本年制发件数")][2] == 3 and "青政规〔2023〕1号" in rows[("行政规范性文件", "本年制发件数")][3]
    assert next(wb["主动公开（发布清单）"].iter_rows(min_row=2, values_only=True))[:2] == ("合计", 412)

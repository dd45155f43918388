"""`annual-report workbook` and reading it back with `extract`: the statutory layout (the real
template's merges), locked labels, validation, totals by formula, header comments, carried
figures; exact round trip — also for the committed workbooks LibreOffice recalculated and saved,
and stored with cached values as Excel/WPS do; every kind of damage refused by sheet and cell."""

from __future__ import annotations

import hashlib
import json
import random
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from annual_report.writer.workbook import SHEET_NAMES, sheet_plan
from annual_report.cli import app
from synth import consistent_data, consistent_series
from annual_report.readers.jsondata import report_from_data

runner = CliRunner()
EXPORTED = Path(__file__).parent / "fixtures" / "exported"


def workspace(tmp_path: Path, *datas: dict) -> Path:
    root = tmp_path / "ws"
    from annual_report.app.workspace import init_workspace

    init_workspace(root, name=datas[0]["body"]["name"] if datas else "桃岭乡人民政府", level=datas[0]["body"]["level"] if datas else "乡镇/街道")
    for data in datas:
        (root / "data" / f"{data['year']}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return root


def extract(path: Path, out: Path, *extra: str):
    return runner.invoke(app, ["extract", str(path), "-o", str(out), *extra])


@pytest.mark.parametrize("seed", [7, 8, 30])
def test_round_trip_is_exact(tmp_path, seed):
    data = consistent_data(2023, random.Random(seed))
    root = workspace(tmp_path, data)
    book = tmp_path / "统计表.xlsx"
    result = runner.invoke(app, ["workbook", "2023", "-w", str(root), "-o", str(book)])
    assert result.exit_code == 0, result.output
    result = extract(book, tmp_path / "2023.json")
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "2023.json").read_text(encoding="utf-8")) == data


def test_round_trip_of_a_2019_edition_year(tmp_path):
    data = consistent_data(2020, random.Random(3))
    root = workspace(tmp_path, data)
    book = tmp_path / "2020.xlsx"
    assert runner.invoke(app, ["workbook", "2020", "-w", str(root), "-o", str(book)]).exit_code == 0
    result = extract(book, tmp_path / "2020.json")
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "2020.json").read_text(encoding="utf-8")) == data


@pytest.mark.parametrize("name", ["workbook-2023.xlsx", "workbook-2023-libreoffice.xlsx", "workbook-2023-cached.xlsx"])
def test_committed_workbooks_read_back_exactly(tmp_path, name):
    """openpyxl's file (formulas, no values), LibreOffice Calc's recalculated save, and the
    formulas with cached values as Excel/WPS store them: all give the data written."""
    result = extract(EXPORTED / name, tmp_path / "2023.json")
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "2023.json").read_text(encoding="utf-8")) == consistent_data(2023, random.Random(7))


def test_libreoffice_kept_the_computed_totals():
    values = openpyxl.load_workbook(EXPORTED / "workbook-2023-libreoffice.xlsx", data_only=True)["表三 依申请"]
    data = consistent_data(2023, random.Random(7))
    assert values["J4"].value == data["tables"]["B"]["rows"][0]["总计"]
    assert values["D27"].value == data["tables"]["B"]["rows"][-2]["自然人"]  # （七）总计, by formula


def _regions(grid):
    """Merged regions (r1, c1, r2, c2), 1-based, of a table grid (gridSpan and vMerge)."""
    out = set()
    for r, row in enumerate(grid.rows):
        for cell in row:
            if cell.continued:
                continue
            r2 = r
            while r2 + 1 < len(grid.rows) and any(c.continued and c.col == cell.col for c in grid.rows[r2 + 1]):
                r2 += 1
            if cell.span > 1 or r2 > r:
                out.add((r + 1, cell.col + 1, r2 + 1, cell.col + cell.span))
    return out


def test_sheets_have_the_merged_cells_of_the_real_template(tmp_path):
    from official_template import TEMPLATE

    from annual_report.ooxml.package import parse_xml, read_part
    from annual_report.ooxml.xml import TBL
    from annual_report.readers.docx.tables import table_grid

    tables = list(parse_xml(read_part(TEMPLATE), TEMPLATE).iter(TBL))
    ws = openpyxl.load_workbook(EXPORTED / "workbook-2023.xlsx")
    for index, name in enumerate("ABC"):
        grid, _ = table_grid(tables[index], index, 100)
        have = {(m.min_row, m.min_col, m.max_row, m.max_col) for m in ws[SHEET_NAMES[name]].merged_cells.ranges}
        assert have == _regions(grid), name


def test_labels_locked_inputs_open_validation_formulas_comments():
    wb = openpyxl.load_workbook(EXPORTED / "workbook-2023.xlsx")
    assert wb.sheetnames == ["基本信息", "表二 主动公开", "表三 依申请", "表四 复议诉讼", "文字部分"]
    b = wb["表三 依申请"]
    assert b.protection.sheet and not b.protection.password
    assert b["A4"].value == "一、本年新收政府信息公开申请数量" and b["A4"].protection.locked
    assert not b["D4"].protection.locked and b["J4"].protection.locked
    assert b["J4"].value == '=IF(COUNT(D4:I4)=0,"",SUM(D4:I4))'
    assert b["D27"].value == '=IF(COUNT(D6:D26)=0,"",SUM(D6:D26))'
    assert "本年新收 + 上年结转" in b["A1"].comment.text and "公民个人" in b["D2"].comment.text
    rules = {(dv.type, dv.operator, dv.formula1): set(map(str, dv.sqref.ranges)) for dv in b.data_validations.dataValidation}
    whole = next(cells for (kind, op, f1), cells in rules.items() if kind == "whole" and op == "greaterThanOrEqual" and f1 == "0")
    assert "D4" in whole and "I28" in whole and "J4" not in whole
    a = wb["表二 主动公开"]
    fee = next(r for r in range(1, 20) if a.cell(r, 1).value == "行政事业性收费")
    amount = [dv for dv in a.data_validations.dataValidation if dv.type == "decimal"]
    assert len(amount) == 1 and f"B{fee}" in str(amount[0].sqref) and "万元" in a[f"B{fee - 1}"].comment.text


def test_next_year_carries_forward_and_totals_by_formula(tmp_path):
    y2022, y2023 = consistent_series([2022, 2023], random.Random(4))
    root = workspace(tmp_path, y2022, y2023)
    result = runner.invoke(app, ["workbook", "2024", "-w", str(root)])
    assert result.exit_code == 0, result.output
    book = root / "2024年年报统计表.xlsx"
    wb = openpyxl.load_workbook(book)
    b = wb["表三 依申请"]
    carried_out = y2023["tables"]["B"]["rows"][-1]
    assert [b.cell(5, c).value for c in range(4, 10)] == [carried_out[col] for col in ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")]
    a = wb["表二 主动公开"]
    in_force = y2023["tables"]["A"]["rows"][1]["现行有效件数"]
    assert a["D4"].value == f"={in_force}+B4-C4"
    # the officer types this year's figures for 行政规范性文件: the roll-forward follows
    a["B4"], a["C4"] = 5, 2
    for r, c in sheet_plan("2021", "B").inputs.values():
        if r != 5 and b.cell(r, c).value is None:
            b.cell(r, c).value = 0
    wb.save(book)
    result = extract(book, tmp_path / "2024.json", "--force")
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "2024.json").read_text(encoding="utf-8"))
    assert data["tables"]["A"]["rows"][1] == {"信息内容": "行政规范性文件", "本年制发件数": 5, "本年废止件数": 2, "现行有效件数": in_force + 3}
    assert data["tables"]["B"]["rows"][1]["总计"] == carried_out["总计"]
    assert data["tables"]["B"]["rows"][0]["总计"] == 0 and data["tables"]["C"]["rows"][0]["总计"] is None
    assert "未填写" in result.output  # table C left blank: listed, written only with --force


def test_an_unfilled_workbook_lists_its_blanks_by_row_and_table_not_by_cell(tmp_path):
    y2022, y2023 = consistent_series([2022, 2023], random.Random(4))
    root = workspace(tmp_path, y2022, y2023)
    assert runner.invoke(app, ["workbook", "2024", "-w", str(root)]).exit_code == 0
    result = extract(root / "2024年年报统计表.xlsx", tmp_path / "2024.json")
    assert result.exit_code == 1 and not (tmp_path / "2024.json").exists()
    blank_lines = [line for line in result.output.splitlines() if "未填写" in line]
    # about two hundred cells are blank: a dozen lines, not one per cell
    assert 3 <= len(blank_lines) <= 12, result.output
    assert any(line.strip() == "- 表四全部未填写（15 格，记为空）" for line in blank_lines), result.output
    assert any("表三“（一）予以公开”行整行未填写" in line for line in blank_lines), result.output
    assert any(line.strip().startswith("- 另有 ") for line in blank_lines), result.output
    # the data file's field names are not the officer's words: the report's parts are
    assert "第一部分：至少应有一段文字" in result.output and "parts." not in result.output, result.output


def test_typed_zero_dash_and_full_width_digits_read_as_in_docx(tmp_path):
    book = tmp_path / "a.xlsx"
    wb = openpyxl.load_workbook(EXPORTED / "workbook-2023.xlsx")
    b = wb["表三 依申请"]
    b["D4"], b["E4"], b["F4"] = "０２", "—", "0"
    wb.save(book)
    result = extract(book, tmp_path / "x.json", "--force")
    data = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    assert data["tables"]["B"]["rows"][0]["自然人"] == 2
    assert data["tables"]["B"]["rows"][0]["商业企业"] is None and data["tables"]["B"]["rows"][0]["科研机构"] == 0
    assert "表三“一、本年新收政府信息公开申请数量”行“商业企业”列未填写" in result.output


def test_narrative_from_a_txt_with_part_headings(tmp_path):
    data = consistent_data(2023, random.Random(7))
    root = workspace(tmp_path, data)
    text = tmp_path / "文字.txt"
    text.write_bytes("桃岭乡2023年年报\n一、总体情况\n（一）主动公开。全年主动公开信息120条。\n\n五、存在的主要问题及改进情况\n一是更新不及时。\n六、其他需要报告的事项\n本年度未收取信息处理费。\n".encode("gbk"))
    book = tmp_path / "b.xlsx"
    assert runner.invoke(app, ["workbook", "2023", "-w", str(root), "-o", str(book), "--text", str(text)]).exit_code == 0
    result = extract(book, tmp_path / "x.json")
    assert result.exit_code == 0, result.output
    parts = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))["parts"]
    assert parts == {"一": ["（一）主动公开。全年主动公开信息120条。"], "五": ["一是更新不及时。"], "六": ["本年度未收取信息处理费。"]}


def test_narrative_from_a_docx_report(tmp_path):
    data = consistent_data(2023, random.Random(7))
    root = workspace(tmp_path, data)
    book = tmp_path / "b.xlsx"
    result = runner.invoke(app, ["workbook", "2024", "-w", str(root), "-o", str(book), "--text", str(EXPORTED / "report-2023.docx")])
    assert result.exit_code == 0, result.output
    texts = [c.value for c in openpyxl.load_workbook(book)["文字部分"]["B"]]
    for number in ("一", "五", "六"):
        for p in report_from_data(data).part(number).paragraphs:
            assert p.text in texts


def test_workbook_never_overwrites_a_filled_workbook_or_its_inputs(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    root = workspace(tmp_path, consistent_data(2023, random.Random(7)))
    assert runner.invoke(app, ["workbook", "2023", "-w", str(root)]).exit_code == 0
    again = runner.invoke(app, ["workbook", "2023", "-w", str(root)])  # nobody touched it yet: made again
    assert again.exit_code == 0, again.output
    book = root / "2023年年报统计表.xlsx"
    wb = openpyxl.load_workbook(book)  # an officer fills a cell and saves, as in Excel
    wb.worksheets[0]["A1"] = "已填写"
    wb.save(book)
    filled = book.read_bytes()
    result = runner.invoke(app, ["workbook", "2023", "-w", str(root)])
    assert result.exit_code == 2 and "已存在" in result.output and "--force" in result.output
    assert book.read_bytes() == filled
    data = root / "data" / "2023.json"
    before = data.read_bytes()
    over_data = runner.invoke(app, ["workbook", "2023", "-w", str(root), "-o", str(data), "--force"])
    assert over_data.exit_code == 2 and "输入文件本身" in over_data.output
    assert data.read_bytes() == before


# --- bad workbooks: one clear message naming file and cell, exit 2, nothing written or changed --------


def _damaged(tmp_path: Path, change) -> Path:
    book = tmp_path / "坏.xlsx"
    wb = openpyxl.load_workbook(EXPORTED / "workbook-2023.xlsx")
    change(wb)
    wb.save(book)
    return book


def _refused(tmp_path: Path, book: Path, *expected: str) -> str:
    before = hashlib.sha256(book.read_bytes()).hexdigest()
    out = tmp_path / "out.json"
    result = extract(book, out, "--force")
    assert result.exit_code == 2, result.output
    assert str(book) in result.output
    for text in expected:
        assert text in result.output, result.output
    assert "Traceback" not in result.output
    assert not out.exists()
    assert hashlib.sha256(book.read_bytes()).hexdigest() == before
    return result.output


def test_words_in_a_number_cell(tmp_path):
    def change(wb):
        wb["表三 依申请"]["D12"] = "十二"
        wb["表二 主动公开"]["B3"] = -1
        wb["表四 复议诉讼"]["A4"] = 1.5

    book = _damaged(tmp_path, change)
    _refused(tmp_path, book, "表三 D12：应为非负整数，实为“十二”", "表二 B3：应为非负整数，实为“-1”", "表四 A4：应为非负整数，实为“1.5”", "有 3 处问题")


def test_sheet_renamed_or_deleted(tmp_path):
    def rename(wb):
        wb["表三 依申请"].title = "依申请公开"

    _refused(tmp_path, _damaged(tmp_path, rename), "没有工作表“表三 依申请”", "“依申请公开”")

    def delete(wb):
        del wb["表四 复议诉讼"]

    _refused(tmp_path, _damaged(tmp_path, delete), "没有工作表“表四 复议诉讼”", "请不要重命名或删除工作表")


def test_merged_cells_broken(tmp_path):
    def change(wb):
        wb["表三 依申请"].unmerge_cells("A6:A27")

    _refused(tmp_path, _damaged(tmp_path, change), "表三 A6:A27：合并单元格已被拆分")


def test_label_changed(tmp_path):
    def change(wb):
        wb["表三 依申请"].protection.sheet = False
        wb["表三 依申请"]["C9"] = "2.其他法规禁止公开"

    _refused(tmp_path, _damaged(tmp_path, change), "表三 C9：应为“2.其他法律行政法规禁止公开”，实为“2.其他法规禁止公开”")


def test_formula_that_errors(tmp_path):
    """The cached value Excel/WPS store for a failing formula (#REF! after a deleted cell)."""
    source = EXPORTED / "workbook-2023-cached.xlsx"
    book = tmp_path / "公式出错.xlsx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(book, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet3.xml":
                start = data.index(b'<c r="J4"')
                end = data.index(b"</c>", start) + 4
                data = data[:start] + b'<c r="J4" t="e"><f>SUM(#REF!)</f><v>#REF!</v></c>' + data[end:]
            zout.writestr(item, data)
    _refused(tmp_path, book, "表三 J4：公式 =SUM(#REF!) 出错（#REF!）")


def test_formula_it_cannot_compute(tmp_path):
    def change(wb):
        wb["表四 复议诉讼"]["E4"] = "=VLOOKUP(A4,A1:B2,2)"

    _refused(tmp_path, _damaged(tmp_path, change), "表四 E4：公式 =VLOOKUP(A4,A1:B2,2) 无法计算")


def test_not_a_workbook(tmp_path):
    book = tmp_path / "截断.xlsx"
    book.write_bytes((EXPORTED / "workbook-2023.xlsx").read_bytes()[:5000])
    _refused(tmp_path, book, "已损坏")


def test_check_reads_the_workbook(tmp_path):
    result = runner.invoke(app, ["check", str(EXPORTED / "workbook-2023-libreoffice.xlsx")])
    assert result.exit_code in (0, 1), result.output
    assert "示例乡人民政府 2023年" in result.output

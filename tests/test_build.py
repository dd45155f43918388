"""Building the statutory .docx: every cell, the merges, the headings, fonts, page, and the
CLI's behaviour on bad input."""

from __future__ import annotations

import json
import os
import random
import re

import docx
import pytest
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from annual_report.writer.render import format_value, render, template_for
from annual_report.writer.templates import TABLE_CELLS, cell_key
from annual_report.cli import app
from annual_report.model.layout import (
    B_HEADER_NOTE,
    PART_NUMBERS,
    part_heading,
    table_layout,
)
from synth import consistent_data
from annual_report.readers.jsondata import report_from_data
from annual_report.app.workspace import init_workspace

runner = CliRunner()


def built(data: dict) -> docx.document.Document:
    report = report_from_data(data)
    import io

    return docx.Document(io.BytesIO(render(report, template_for(report.edition))))


def tc_at(table, row: int, col: int):
    """The underlying w:tc covering grid position (row, col) (python-docx resolves spans)."""
    return table.cell(row, col)._tc


def same(tcs) -> bool:
    return all(t is tcs[0] for t in tcs)


def distinct(tcs) -> int:
    return len({id(t) for t in tcs})  # the list keeps the proxies alive, so ids are stable


def check_every_cell(document, data: dict) -> None:
    report = report_from_data(data)
    for index, name in enumerate("ABC"):
        table = document.tables[index]
        cells, n_rows, n_cols = TABLE_CELLS[name](report.edition)
        assert len(table.rows) == n_rows and len(table.columns) == n_cols
        layout = table_layout(report.edition, name)
        expected = {}
        for row in layout.rows:
            for col in row.columns:
                expected[cell_key(name, row.id, col.id)] = format_value(report.tables[name].get(row.id, col.id), col.kind)
        for c in cells:
            text = table.cell(c.row, c.col).text
            if c.text.startswith("{{"):
                key = re.search(r"c\['(.+?)'\]", c.text).group(1)
                assert text == expected[key], (name, key)
            else:
                assert text == c.text


@pytest.mark.parametrize("year", [2020, 2023])
def test_every_table_cell_matches_the_data(year):
    data = consistent_data(year, random.Random(year))
    check_every_cell(built(data), data)


def test_merged_cells_are_real_merges():
    document = built(consistent_data(2023, random.Random(1)))
    a, b, c = document.tables[:3]
    # table B: the note spans the three label columns and the three header rows
    note = tc_at(b, 0, 0)
    assert all(tc_at(b, r, k) is note for r in range(3) for k in range(3))
    assert b.cell(0, 0).text == B_HEADER_NOTE
    # 申请人情况 spans the seven value columns; 法人或其他组织 five
    assert same([tc_at(b, 0, k) for k in range(3, 10)])
    assert same([tc_at(b, 1, k) for k in range(4, 9)]) and b.cell(1, 4).text == "法人或其他组织"
    # 自然人 and 总计 span two header rows
    assert tc_at(b, 1, 3) is tc_at(b, 2, 3) and tc_at(b, 1, 9) is tc_at(b, 2, 9)
    # 三、本年度办理结果 spans all result rows; （三）不予公开 its eight items
    layout = table_layout("2021", "B")
    result_rows = [i for i, r in enumerate(layout.rows) if r.group is not None]
    first = 3 + result_rows[0]
    assert same([tc_at(b, 3 + i, 0) for i in result_rows])
    deny = [3 + i for i, r in enumerate(layout.rows) if r.group == "deny"]
    assert len(deny) == 8 and same([tc_at(b, r, 1) for r in deny])
    assert b.cell(deny[0], 1).text == "（三）不予公开"
    assert b.cell(first, 0).text == "三、本年度办理结果"
    # the item cells are distinct cells
    assert distinct([tc_at(b, r, 2) for r in deny]) == 8
    # the XML says so too: gridSpan and vMerge
    xml = b._tbl.xml
    assert 'w:gridSpan w:val="7"' in xml and "w:vMerge" in xml
    # table A: block headers span the whole width
    assert same([tc_at(a, 0, k) for k in range(4)]) and a.cell(0, 0).text == "第二十条第（一）项"
    # table C: 行政诉讼 spans ten columns, the five result labels of 行政复议 two rows
    assert same([tc_at(c, 0, k) for k in range(5, 15)])
    assert tc_at(c, 1, 0) is tc_at(c, 2, 0)


def test_2019_edition_layout():
    document = built(consistent_data(2020, random.Random(2)))
    a, b = document.tables[:2]
    labels = [a.cell(r, 0).text for r in range(len(a.rows))]
    assert "第二十条第（九）项" in labels and "政府集中采购" in labels and "其他对外管理服务事项" in labels
    texts = [b.cell(r, 1).text for r in range(len(b.rows))]
    assert "（六）其他处理" in texts
    assert not any("逾期不补正" in b.cell(r, 2).text for r in range(len(b.rows)))
    assert len(b.rows) == 3 + 23


def test_headings_in_order_title_and_preface():
    data = consistent_data(2023, random.Random(3))
    document = built(data)
    texts = [p.text for p in document.paragraphs]
    positions = [texts.index(part_heading(n)) for n in PART_NUMBERS]
    assert positions == sorted(positions)
    # a long title is printed on two lines, broken after the body's name
    assert texts[:3] == [data["body"]["name"], "2023年政府信息公开工作年度报告", ""]
    assert any("统计期限自2023年1月1日起至2023年12月31日止" in t for t in texts[:6])
    assert not any("{{" in t or "{%" in t for t in texts)


def test_narrative_figures_equal_table_figures():
    data = consistent_data(2022, random.Random(4))
    document = built(data)
    b = report_from_data(data).tables["B"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"新收政府信息公开申请{b.get('new', '总计')}件" in text
    assert f"结转下年度继续办理{b.get('carried_out', '总计')}件" in text
    assert f"予以公开{b.get('open', '总计')}件" in text


def test_fonts_and_page():
    document = built(consistent_data(2023, random.Random(5)))
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    east_asia = {el.get(qn("w:eastAsia")) for el in document.element.body.iter(qn("w:rFonts"))}
    assert {"方正小标宋简体", "黑体", "仿宋_GB2312", "宋体"} <= east_asia
    heading = next(p for p in document.paragraphs if p.text == "一、总体情况")
    assert heading.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"


def test_special_characters_are_escaped(tmp_path):
    data = consistent_data(2023, random.Random(6))
    data["parts"]["六"].append("公开<“三公”经费>与A&B两项事务的情况")
    document = built(data)
    assert any(p.text == "公开<“三公”经费>与A&B两项事务的情况" for p in document.paragraphs)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), year=st.sampled_from([2019, 2020, 2021, 2024]))
def test_property_build_reopen_same_numbers(seed, year):
    data = consistent_data(year, random.Random(seed), scale=random.Random(seed).choice([0, 3, 40, 400]))
    check_every_cell(built(data), data)


# --- the CLI -------------------------------------------------------------------------------


@pytest.fixture
def workspace(tmp_path):
    return init_workspace(tmp_path / "青溪镇 工作区")


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_init_then_build_example_without_force(workspace):
    result = invoke("build", "2023", "--workspace", workspace)
    assert result.exit_code == 0, result.output
    out = workspace / "out" / "2023年政府信息公开工作年度报告.docx"
    document = docx.Document(out)
    assert [p.text for p in document.paragraphs[:2]] == ["青溪镇人民政府", "2023年政府信息公开工作年度报告"]
    for year in (2021, 2022):
        assert invoke("build", year, "--workspace", workspace).exit_code == 0


def test_init_never_overwrites(workspace, tmp_path):
    result = invoke("init", workspace)
    assert result.exit_code == 2 and "不会覆盖" in result.output
    other = tmp_path / "有文件"
    other.mkdir()
    (other / "note.txt").write_text("x")
    assert invoke("init", other).exit_code == 2
    assert (other / "note.txt").read_text() == "x"


def test_init_with_body_name(tmp_path):
    root = init_workspace(tmp_path / "w", name="桃岭乡人民政府", level="乡镇/街道")
    text = (root / "annual-report.toml").read_text(encoding="utf-8")
    assert 'name = "桃岭乡人民政府"' in text and 'level = "乡镇/街道"' in text


def test_rebuild_refuses_when_edited_since(workspace):
    assert invoke("build", "2023", "-w", workspace).exit_code == 0
    out = workspace / "out" / "2023年政府信息公开工作年度报告.docx"
    assert invoke("build", "2023", "-w", workspace).exit_code == 0  # unchanged: replaced
    document = docx.Document(out)
    document.add_paragraph("办公室手工加的一段")
    document.save(out)
    edited = out.read_bytes()
    result = invoke("build", "2023", "-w", workspace)
    assert result.exit_code == 2 and "被修改过" in result.output
    assert out.read_bytes() == edited
    assert invoke("build", "2023", "-w", workspace, "--force").exit_code == 0
    assert out.read_bytes() != edited


def _data(workspace, year=2023):
    path = workspace / "data" / f"{year}.json"
    return path, json.loads(path.read_text(encoding="utf-8"))


def _no_output(workspace):
    return not any(p.suffix in (".docx", ".tmp") for p in (workspace / "out").iterdir())


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda d: d["tables"]["B"]["rows"][2].__setitem__("自然人", -1), "tables.B.rows[2].自然人: 应为非负整数，实际为 -1"),
        (lambda d: d["tables"]["A"]["rows"][2].__setitem__("本年处理决定数量", 4.5), "应为非负整数，实际为 4.5"),
        (lambda d: d.__setitem__("edition", "2019"), "应使用2021年版格式"),
        (lambda d: d["body"].__setitem__("level", "村"), "body.level: 应为以下之一"),
    ],
)
def test_bad_data_exit_2_with_message_and_no_output(workspace, change, expected):
    path, data = _data(workspace)
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = invoke("build", "2023", "-w", workspace)
    assert result.exit_code == 2, result.output
    assert expected in result.output
    assert "Traceback" not in result.output
    assert _no_output(workspace)


def test_missing_year_and_invalid_json(workspace):
    result = invoke("build", "2019", "-w", workspace)
    assert result.exit_code == 2 and "没有 2019 年的数据文件" in result.output and "2021、2022、2023" in result.output
    path, _ = _data(workspace)
    path.write_text('{"year": 2023,', encoding="utf-8")
    result = invoke("build", "2023", "-w", workspace)
    assert result.exit_code == 2 and "不是有效的 JSON" in result.output
    assert _no_output(workspace)


def test_arithmetic_error_stops_build_unless_forced(workspace):
    path, data = _data(workspace)
    data["tables"]["B"]["rows"][2]["总计"] += 1  # （一）予以公开 total no longer the row sum
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = invoke("build", "2023", "-w", workspace)
    assert result.exit_code == 1 and "AR101" in result.output and "未生成报告" in result.output
    assert _no_output(workspace)
    result = invoke("build", "2023", "-w", workspace, "--force")
    assert result.exit_code == 0 and "--force" in result.output


def test_unwritable_output_folder(workspace, monkeypatch):
    import annual_report.files.writing as writer

    def locked(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(writer.os, "replace", locked)
    result = invoke("build", "2023", "-w", workspace)
    assert result.exit_code == 2 and "无法写入" in result.output and "Word" in result.output
    assert _no_output(workspace)


def test_output_folder_is_a_file(workspace):
    target = workspace / "blocked"
    target.write_text("I am a file")
    result = invoke("build", "2023", "-w", workspace, "--output", target / "r.docx")
    assert result.exit_code == 2 and "不是文件夹" in result.output


def test_pdf_without_libreoffice_says_how_to_install(workspace, monkeypatch):
    import annual_report.app.workspace as ws

    monkeypatch.setattr(ws.shutil, "which", lambda name: None)
    result = invoke("build", "2023", "-w", workspace, "--pdf")
    assert result.exit_code == 2 and "LibreOffice" in result.output and "apt-get install" in result.output
    assert (workspace / "out" / "2023年政府信息公开工作年度报告.docx").exists()


@pytest.mark.skipif(not (os.environ.get("PATH") and __import__("shutil").which("soffice")), reason="LibreOffice 未安装")
def test_pdf_with_libreoffice(workspace):
    result = invoke("build", "2023", "-w", workspace, "--pdf")
    assert result.exit_code == 0 and (workspace / "out" / "2023年政府信息公开工作年度报告.pdf").exists()


def test_workspace_template_override(workspace):
    from annual_report.writer.templates import build_template

    document = build_template("2021")
    document.add_paragraph("本机关自定义模板")
    document.save(workspace / "templates" / "report-2021.docx")
    assert invoke("build", "2023", "-w", workspace).exit_code == 0
    out = docx.Document(workspace / "out" / "2023年政府信息公开工作年度报告.docx")
    assert out.paragraphs[-1].text == "本机关自定义模板"


def test_committed_templates_match_the_layout():
    from docxtpl import DocxTemplate

    for edition in ("2019", "2021"):
        tpl = DocxTemplate(str(template_for(edition)))
        assert tpl.get_undeclared_template_variables() == {"title_lines", "preface", "parts", "c", "signature", "date_text"}
        xml = docx.Document(str(template_for(edition))).element.xml
        for name in "ABC":
            for row in table_layout(edition, name).rows:
                for col in row.columns:
                    assert cell_key(name, row.id, col.id) in xml

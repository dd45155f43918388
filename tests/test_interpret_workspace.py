"""The 解读 in a workspace works like check: a .docx gets the workspace's earlier years,
--history takes years and files, output goes to out/; a report without tables is exit 2 with
a Chinese message; a report whose tables do not add up is named and needs --force."""

from __future__ import annotations

import json
import random

import pytest
from typer.testing import CliRunner

from annual_report.app.workspace import init_example
from annual_report.cli import app
from synth import consistent_series

from drafts import DraftStyle, write_draft

runner = CliRunner()
STEM = "2023年政府信息公开工作年度报告解读"


@pytest.fixture
def ws(tmp_path):
    ws = tmp_path / "ws"
    init_example(ws)
    return ws


def _draft_of_2023(ws, tmp_path):
    data = json.loads((ws / "data" / "2023.json").read_text(encoding="utf-8"))
    return write_draft(data, tmp_path / "2023年报草稿.docx", DraftStyle())


def test_a_docx_in_a_workspace_uses_its_earlier_years_and_writes_to_out(ws, tmp_path, monkeypatch):
    draft = _draft_of_2023(ws, tmp_path)
    monkeypatch.chdir(ws)
    result = runner.invoke(app, ["interpret", str(draft), "-f", "html"])
    assert result.exit_code == 0, result.output
    page = ws / "out" / f"{STEM}.html"
    assert page.is_file() and not (ws / f"{STEM}.html").exists()
    html = page.read_text(encoding="utf-8")
    assert "没有往年数据" not in html and "2021年" in html and "2022年" in html


def test_history_takes_workspace_years_and_files(ws, tmp_path, monkeypatch):
    draft = _draft_of_2023(ws, tmp_path)
    monkeypatch.chdir(ws)
    result = runner.invoke(app, ["interpret", str(draft), "--history", "2022", "-f", "html", "-o", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "o" / f"{STEM}.html").read_text(encoding="utf-8")
    assert "2022年" in html and "2021年" not in html
    missing = runner.invoke(app, ["interpret", str(draft), "--history", "2019", "-f", "html", "-o", str(tmp_path / "o2")])
    assert missing.exit_code == 2 and "工作区没有 2019 年的数据文件" in missing.output
    outside = runner.invoke(app, ["interpret", str(draft), "--history", "2022", "-w", str(ws), "-o", str(tmp_path / "o3"), "-f", "html"])
    assert outside.exit_code == 0, outside.output
    mixed = runner.invoke(app, ["interpret", "2023", "--history", "2022", str(ws / "data" / "2021.json"), "-f", "html", "-o", str(tmp_path / "o4")])
    assert mixed.exit_code == 0, mixed.output


def test_a_report_without_tables_is_exit_2_and_writes_nothing(tmp_path):
    import docx

    doc = docx.Document()
    doc.add_paragraph("桃岭乡人民政府2023年政府信息公开工作年度报告")
    doc.add_paragraph("一、总体情况")
    doc.add_paragraph("本年度工作情况见附件。")
    doc.save(tmp_path / "无表格.docx")
    result = runner.invoke(app, ["interpret", str(tmp_path / "无表格.docx"), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2 and "没有找到法定表格" in result.output and "无法生成解读" in result.output
    assert not list((tmp_path / "o").glob("*")) if (tmp_path / "o").exists() else True


def test_a_report_whose_tables_do_not_add_up_is_named_and_needs_force(tmp_path):
    d = consistent_series([2023], random.Random(7), body="白沙镇人民政府")[0]
    total = next(row for row in d["tables"]["B"]["rows"] if row["项目"] == "（七）总计")
    total["总计"] += 4
    draft = write_draft(d, tmp_path / "白沙镇2023.docx", DraftStyle())
    result = runner.invoke(app, ["interpret", str(draft), "-o", str(tmp_path / "o"), "-f", "html"])
    assert result.exit_code == 2, result.output
    assert "报告表格有" in result.output and "AR1" in result.output and "（七）总计" in result.output and "--force" in result.output
    assert not (tmp_path / "o" / f"{STEM}.html").exists()
    forced = runner.invoke(app, ["interpret", str(draft), "-o", str(tmp_path / "o"), "-f", "html", "--force"])
    assert forced.exit_code == 0 and "按 --force 仍然生成" in forced.output
    assert (tmp_path / "o" / f"{STEM}.html").is_file()

"""Guards the hostile corpus cannot see from outside: the mode of a written summary, what a
formula-like body name becomes in the XLSX cell, the cap on findings of one rule."""

from __future__ import annotations

import json
import os
import stat

import openpyxl
from typer.testing import CliRunner

from annual_report.cli import app


def _data(tmp_path, data, name):
    folder = tmp_path / "报送"
    folder.mkdir(exist_ok=True)
    data["body"]["name"] = name
    (folder / "2023.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return folder


def test_summary_is_written_with_the_umask_mode_and_no_live_formula(tmp_path, data_2023):
    folder = _data(tmp_path, data_2023, "=HYPERLINK(\"http://evil.example\",\"点击\")")
    old = os.umask(0o022)
    try:
        result = CliRunner().invoke(app, ["check", str(folder), "--summary", str(tmp_path / "汇总.xlsx"), "--html", str(tmp_path / "汇总.html")])
    finally:
        os.umask(old)
    assert result.exit_code in (0, 1), result.output
    for name in ("汇总.xlsx", "汇总.html"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o644
    sheet = openpyxl.load_workbook(tmp_path / "汇总.xlsx")["报告"]
    cell = sheet.cell(row=2, column=1)
    assert cell.data_type == "s" and cell.value == "'=HYPERLINK(\"http://evil.example\",\"点击\")"


def test_one_rule_lists_at_most_200_findings_and_counts_the_rest(tmp_path, data_2023):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "many.py").write_text(
        "from annual_report import hookimpl, rule\n"
        '@rule("ZZ101", "many-findings", title="很多问题", severity="warning")\n'
        "def many(report, ctx):\n    for i in range(100_000):\n        yield ctx.finding(f'第{i}处')\n"
        "@hookimpl\ndef register_rules(register):\n    register(many)\n",
        encoding="utf-8",
    )
    path = tmp_path / "2023.json"
    path.write_text(json.dumps(data_2023, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path), "--plugins-dir", str(plugins), "-f", "json"])
    findings = [f for f in json.loads(result.stdout)["reports"][0]["findings"] if f["code"] == "ZZ101"]
    assert len(findings) == 201
    assert sum("另有 99800 处同类问题未逐条列出" in f["message"] for f in findings) == 1


def test_reports_dir_replaces_its_own_files_and_a_foreign_one_only_with_force(tmp_path, data_2023, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    folder = _data(tmp_path, data_2023, "桃岭乡人民政府")
    out = tmp_path / "结果"
    args = ["check", str(folder), "--reports-dir", str(out)]
    first = CliRunner().invoke(app, args)
    assert first.exit_code in (0, 1), first.output
    written = out / "2023.json"
    assert json.loads(written.read_text(encoding="utf-8"))["reports"][0]["body"] == "桃岭乡人民政府"
    again = CliRunner().invoke(app, args)  # our own earlier output: replaced without asking
    assert again.exit_code in (0, 1), again.output
    written.write_text("同事改过的结果", encoding="utf-8")
    refused = CliRunner().invoke(app, args)
    assert refused.exit_code == 2 and "--force" in refused.output
    assert written.read_text(encoding="utf-8") == "同事改过的结果"
    forced = CliRunner().invoke(app, args + ["--force"])
    assert forced.exit_code in (0, 1) and written.read_text(encoding="utf-8").startswith("{")

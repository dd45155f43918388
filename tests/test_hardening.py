"""Small hardening: a body name that looks like a formula stays text in the workbook; what a
killed ``site`` left beside its folder is cleaned up by the next run."""

from __future__ import annotations

import os
import subprocess
import sys

from openpyxl import load_workbook
from typer.testing import CliRunner

from annual_report.cli import app
from annual_report.app.workspace import init_example


def test_a_body_name_like_a_formula_is_written_as_text(tmp_path):
    root = init_example(tmp_path / "ws")
    config = root / "annual-report.toml"
    text = config.read_text(encoding="utf-8")
    name = '=HYPERLINK("http://evil.example","点我")'
    config.write_text(text.replace('name = "青溪镇人民政府"', f"name = '{name}'", 1), encoding="utf-8")
    result = CliRunner().invoke(app, ["workbook", "2024", "-w", str(root), "-o", str(tmp_path / "wb.xlsx")])
    assert result.exit_code == 0, result.output
    ws = load_workbook(tmp_path / "wb.xlsx")["基本信息"]
    cells = [c for row in ws.iter_rows() for c in row if c.value == name]
    assert cells and all(c.data_type == "s" for c in cells)


def test_a_killed_site_build_is_cleaned_up_by_the_next(tmp_path):
    from synth import consistent_data
    import json
    import random

    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "2023.json").write_text(json.dumps(consistent_data(2023, random.Random(2)), ensure_ascii=False), encoding="utf-8")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".site-building-{dead.pid}-abc"
    (stale / "bodies").mkdir(parents=True)
    (stale / "index.html").write_text("half", encoding="utf-8")
    result = CliRunner().invoke(app, ["site", str(reports), "-o", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    assert not stale.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports", "site"]
    assert os.path.isfile(tmp_path / "site" / "index.html")

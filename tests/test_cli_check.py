"""`annual-report check`, `rules`, `plugins`: formats, exit codes, SARIF validity."""

from __future__ import annotations

import json
import random
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from annual_report.cli import app
from synth import consistent_series
from annual_report.resources import schemas_dir
from annual_report.app.workspace import init_example

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def ws(tmp_path):
    return init_example(tmp_path / "ws")


def break_2023(ws):
    path = ws / "data" / "2023.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["tables"]["B"]["rows"][2]["自然人"] += 1  # （一）予以公开: row total and （七） break
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_clean_example_exit_0(ws):
    result = invoke("check", "2023", "-w", ws)
    assert result.exit_code == 0, result.output
    assert "对照往年报告：2021、2022年度" in result.output
    assert "共 0 个错误，0 个警告，0 个提示" in result.output


def test_errors_exit_1_text_grouped_with_count_line(ws):
    break_2023(ws)
    result = invoke("check", "2023", "-w", ws, "--no-color")
    assert result.exit_code == 1
    out = result.output
    assert "三、收到和处理政府信息公开申请情况（表三）" in out
    assert "[错误] AR101" in out and "“（一）予以公开”行" in out
    assert out.strip().splitlines()[-1].startswith("共 ")
    assert "\033[" not in out


def test_file_inputs_and_history(ws, tmp_path):
    result = invoke("check", ws / "data" / "2023.json")
    assert result.exit_code == 0 and "未提供往年报告" in result.output
    result = invoke("check", ws / "data" / "2023.json", "--history", ws / "data" / "2022.json", "--history", ws / "data" / "2021.json")
    assert result.exit_code == 0 and "对照往年报告：2021、2022年度" in result.output


def test_json_format_is_stable(ws):
    break_2023(ws)
    result = invoke("check", "2023", "-w", ws, "--format", "json")
    assert result.exit_code == 1
    doc = json.loads(result.output)
    assert doc["format"] == "annual-report-findings" and doc["version"] == 1
    (report,) = doc["reports"]
    assert report["year"] == 2023 and report["history"] == [2021, 2022]
    f = next(f for f in report["findings"] if f["code"] == "AR101")
    assert f["severity"] == "error" and f["location"]["table"] == "B" and f["location"]["row"] == "open"
    assert f["location"]["column"] == "总计" and f["values"]["expected"] == f["values"]["actual"] + 1
    assert doc["summary"]["error"] == report["counts"]["error"] >= 2


def test_sarif_validates_against_the_official_schema(ws, tmp_path):
    break_2023(ws)
    out = tmp_path / "结果.sarif"
    result = invoke("check", "2023", "-w", ws, "--format", "sarif", "--output", out)
    assert result.exit_code == 1
    log = json.loads(out.read_text(encoding="utf-8"))
    schema = json.loads((schemas_dir() / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    results = log["runs"][0]["results"]
    assert any(r["ruleId"] == "AR101" and r["level"] == "error" for r in results)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)


def test_unusable_input_exit_2(ws, tmp_path):
    assert invoke("check", tmp_path / "nope.json").exit_code == 2
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    result = invoke("check", bad)
    assert result.exit_code == 2 and "不是有效的 JSON" in result.output
    doc = tmp_path / "报告.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0")
    result = invoke("check", doc)
    assert result.exit_code == 2 and "libreoffice" in result.output.lower()
    assert invoke("check", "2023", "-w", ws, "--format", "xml").exit_code == 2
    assert invoke("check", "2019", "-w", ws).exit_code == 2


def test_broken_workspace_plugin_exit_1_others_still_run(ws):
    (ws / "plugins" / "坏插件.py").write_text("import 不存在的模块\n", encoding="utf-8")
    result = invoke("check", "2023", "-w", ws)
    assert result.exit_code == 1
    assert "AR001" in result.output and "坏插件" in result.output


def test_rules_command(ws):
    result = invoke("rules")
    assert result.exit_code == 0 and "AR101" in result.output and "AR201" in result.output
    result = invoke("rules", "ar201")
    assert result.exit_code == 0 and "## 检查内容" in result.output
    result = invoke("rules", "AR1O1")
    assert result.exit_code == 2 and "AR101" in result.output
    doc = json.loads(invoke("rules", "--format", "json").output)
    assert {"code", "severity", "title", "explanation"} <= set(doc[0])
    (ws / "annual-report.toml").write_text('[rules]\ndisable = ["AR111"]\n', encoding="utf-8")
    assert "已关闭" in invoke("rules", "-w", ws).output
    assert invoke("rules", "--format", "xml").exit_code == 2
    assert invoke("plugins", "--format", "sarif").exit_code == 2


def test_plugins_command(ws):
    result = invoke("plugins", "-w", ws)
    assert result.exit_code == 0 and "tables" in result.output and "内置" in result.output
    (ws / "plugins" / "bad.py").write_text("raise RuntimeError('x')\n", encoding="utf-8")
    result = invoke("plugins", "-w", ws)
    assert result.exit_code == 1 and "bad  [工作区]" in result.output and "（加载失败，见下）" in result.output
    assert "RuntimeError: x" in result.output
    result = invoke("plugins", "-w", ws, "--format", "json")
    assert result.exit_code == 1
    doc = json.loads(result.output)
    assert doc["failures"][0]["plugin"] == "bad"


def test_batch_folder_with_summary(tmp_path):
    folder = tmp_path / "报送材料"
    for b in range(2):
        for d in consistent_series([2022, 2023], random.Random(b), body=f"第{b}乡人民政府"):
            sub = folder / f"乡{b}"
            sub.mkdir(parents=True, exist_ok=True)
            (sub / f"{d['year']}.json").write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    result = invoke("check", folder, "--recursive", "--jobs", "2", "--summary", tmp_path / "汇总.xlsx", "--html", tmp_path / "汇总.html", "--no-progress")
    assert result.exit_code == 0, result.output
    assert "共检查 4 份报告（2 个机关" in result.output
    assert (tmp_path / "汇总.xlsx").exists() and (tmp_path / "汇总.html").exists()
    result = invoke("check", folder, "--recursive", "--format", "json", "--no-progress")
    doc = json.loads(result.output)
    assert [r["history"] for r in doc["reports"]] == [[], [2022], [], [2022]]


def test_batch_writes_one_sarif_per_report(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for d in consistent_series([2022, 2023], random.Random(9), body="某乡人民政府"):
        (folder / f"{d['year']}.json").write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "逐份结果"
    result = invoke("check", folder, "--format", "sarif", "--reports-dir", out, "--output", tmp_path / "all.sarif", "--no-progress")
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in out.iterdir())
    assert files == ["2022.sarif", "2023.sarif"]
    schema = json.loads((schemas_dir() / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    for name in files + ["../all.sarif"]:
        jsonschema.Draft4Validator(schema).validate(json.loads((out / name).read_text(encoding="utf-8")))


def test_history_takes_several_files_after_one_option(ws):
    data = ws / "data"
    for args in (
        ["--history", data / "2022.json", data / "2021.json"],
        ["--history=" + str(data / "2022.json"), data / "2021.json"],
        ["-H", data / "2021.json", "-H", data / "2022.json"],
    ):
        result = invoke("check", data / "2023.json", *args, "--no-color")
        assert result.exit_code == 0, result.output
        assert "对照往年报告：2021、2022年度" in result.output
    # options after the files end the list; the report itself comes before --history
    result = invoke("check", data / "2023.json", "--history", data / "2022.json", "--format", "json")
    assert json.loads(result.output)["reports"][0]["history"] == [2022]


def test_spread_history():
    from annual_report.cli.check import spread_history

    assert spread_history(["a", "--history", "b", "c", "-f", "json", "d"]) == ["a", "--history", "b", "--history", "c", "-f", "json", "d"]
    assert spread_history(["--history=b", "c"]) == ["--history=b", "--history", "c"]
    assert spread_history(["a", "-H", "b"]) == ["a", "-H", "b"]
    assert spread_history(["a", "--history", "b", "--", "c"]) == ["a", "--history", "b", "--", "c"]


def test_missing_history_year_is_said(ws):
    (ws / "data" / "2022.json").unlink()
    result = invoke("check", "2023", "-w", ws, "--no-color")
    assert result.exit_code == 0
    assert "[提示] AR204 未提供2022年度报告" in result.output and "对照往年报告：2021年度" in result.output


def test_config_changes_severity_and_exit_code(ws):
    break_2023(ws)
    (ws / "annual-report.toml").write_text(
        (ws / "annual-report.toml").read_text(encoding="utf-8") + '\n[rules.severity]\nAR101 = "warning"\nAR103 = "warning"\n', encoding="utf-8"
    )
    result = invoke("check", "2023", "-w", ws, "--no-color")
    assert result.exit_code == 0, result.output
    assert "[警告] AR101" in result.output
    (ws / "annual-report.toml").write_text('[rules]\ndisable = ["AR101", "AR103"]\n', encoding="utf-8")
    result = invoke("check", "2023", "-w", ws, "--no-color")
    assert result.exit_code == 0 and "AR101" not in result.output


def test_rules_grouped_by_family_and_plugins_origins(ws, tmp_path):
    import shutil

    for p in (Path(__file__).resolve().parents[1] / "plugins").glob("*.py"):
        shutil.copy(p, ws / "plugins")
    out = invoke("rules", "-w", ws).output
    families = [l for l in out.splitlines() if l and not l.startswith(" ") and not l.startswith("共")]
    assert families[:3] == ["引擎、插件与读取", "表格数据与格式", "跨年度衔接"] and families[-1] == "本地规则"
    assert out.index("XQ101") > out.index("AR201")
    result = invoke("rules", "XQ101", "-w", ws)
    assert result.exit_code == 0 and "来自插件：" in result.output and "xq_town_no_rules.py" in result.output
    out = invoke("plugins", "-w", ws).output
    assert "xq_town_no_rules  [工作区]" in out and "规则：XQ101" in out and "crossyear  [内置]" in out


def test_history_years_zero_means_no_cross_year_checks(ws):
    import re

    text = (ws / "annual-report.toml").read_text(encoding="utf-8")
    text, n = re.subn(r"(?m)^history_years\s*=\s*\d+", "history_years = 0", text)
    assert n == 1
    (ws / "annual-report.toml").write_text(text, encoding="utf-8")
    (ws / "data" / "2022.json").unlink()
    result = invoke("check", "2023", "-w", ws)
    assert result.exit_code == 0 and "AR204" not in result.output and "history_years = 0" in result.output


def test_output_file_is_confirmed_on_stderr(ws, tmp_path):
    break_2023(ws)
    out = tmp_path / "结果.sarif"
    result = CliRunner().invoke(app, ["check", "2023", "-w", str(ws), "-f", "sarif", "-o", str(out)])
    assert result.exit_code == 1 and json.loads(out.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert f"检查结果已写入 {out}" in result.stderr and "个错误" in result.stderr
    assert result.stdout == ""


def test_check_a_docx_draft_with_history(tmp_path):
    """A real .docx draft: a blank cell is a warning with the draft's cell, an arithmetic
    error exits 1, the history is a JSON file, and --annotate writes a commented copy."""
    import sys

    import docx

    sys.path.insert(0, str(Path(__file__).parent))
    from drafts import DraftStyle, write_draft

    series = consistent_series([2022, 2023], random.Random(5))
    last = tmp_path / "2022.json"
    last.write_text(json.dumps(series[0], ensure_ascii=False), encoding="utf-8")
    series[1]["tables"]["B"]["rows"][2]["商业企业"] = None  # （一）予以公开 商业企业 left blank
    series[1]["tables"]["C"]["rows"][0]["总计"] += 1  # 行政复议 总计 off by one
    draft = write_draft(series[1], tmp_path / "2023年报告（征求意见稿）.docx", DraftStyle(seed=1))
    result = invoke("check", draft, "--history", last, "--no-color", "--annotate", tmp_path / "批注.docx")
    assert result.exit_code == 1, result.output
    out = result.output
    assert "[警告] AR108 表三“（一）予以公开”行“商业企业”列未填写" in out
    assert "[错误] AR106 表四“行政复议”：总计" in out
    assert "原文第" in out and "对照往年报告：2022年度" in out
    assert len(docx.Document(str(tmp_path / "批注.docx")).comments) >= 2
    doc = json.loads(invoke("check", draft, "--history", last, "-f", "json").output)
    ar108 = next(f for f in doc["reports"][0]["findings"] if f["code"] == "AR108")
    assert len(ar108["location"]["cell"]) == 3 and ar108["location"]["row"] == "open"


# --- a draft checked inside a workspace: the workspace's earlier years are its history ---------


def _workspace_with_draft(tmp_path, monkeypatch):
    """The example workspace (2021–2023) with 2022's 结转下年度 changed so that it no longer
    matches the 上年结转 of 2023, and the 2023 figures typed into the real blank template."""
    from official_template import fill_official_template

    ws = init_example(tmp_path / "ws")
    path = ws / "data" / "2022.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    row = next(r for r in data["tables"]["B"]["rows"] if r["项目"].startswith("四、结转下年度"))
    row["自然人"] += 3
    row["总计"] += 3
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    draft = fill_official_template(json.loads((ws / "data" / "2023.json").read_text(encoding="utf-8")), ws / "草稿.docx")
    monkeypatch.chdir(ws)
    return ws, draft


def test_draft_in_a_workspace_is_compared_with_its_earlier_years(tmp_path, monkeypatch):
    ws, draft = _workspace_with_draft(tmp_path, monkeypatch)
    result = invoke("check", draft.name)
    assert result.exit_code == 1, result.output
    assert "AR201" in result.output
    assert "对照往年报告：2021、2022年度" in result.output
    assert "未提供往年报告" not in result.output
    # the workspace's data file of the draft's year is checked the same way
    data = invoke("check", "data/2023.json")
    assert "AR201" in data.output and "对照往年报告：2021、2022年度" in data.output


def test_history_accepts_a_workspace_year(tmp_path, monkeypatch):
    ws, draft = _workspace_with_draft(tmp_path, monkeypatch)
    result = invoke("check", draft.name, "--history", "2022")
    assert result.exit_code == 1, result.output
    assert "AR201" in result.output
    assert "对照往年报告：2022年度" in result.output
    # 2021 alone: 2022 is missing from the history (AR204), the broken carry-over is not seen
    only_2021 = invoke("check", draft.name, "--history", "2021")
    assert "AR201" not in only_2021.output and "AR204" in only_2021.output


def test_history_year_without_data_names_the_years_there_are(tmp_path, monkeypatch):
    ws, draft = _workspace_with_draft(tmp_path, monkeypatch)
    result = invoke("check", draft.name, "--history", "2019")
    assert result.exit_code == 2
    assert "工作区没有 2019 年的数据文件" in result.output
    assert "已有年度：2021、2022、2023" in result.output


def test_history_years_zero_says_why_nothing_was_compared(tmp_path, monkeypatch):
    ws, draft = _workspace_with_draft(tmp_path, monkeypatch)
    toml = ws / "annual-report.toml"
    text = toml.read_text(encoding="utf-8")
    assert "history_years = 3" in text
    toml.write_text(text.replace("history_years = 3", "history_years = 0"), encoding="utf-8")
    result = invoke("check", draft.name)
    assert "AR201" not in result.output
    assert "check.history_years = 0" in result.output


def test_history_year_outside_a_workspace_is_refused(tmp_path, monkeypatch):
    data = consistent_series([2023], random.Random(1))[0]
    (tmp_path / "2023.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = invoke("check", "2023.json", "--history", "2022")
    assert result.exit_code == 2
    assert "不在工作区中" in result.output
    plain = invoke("check", "2023.json")
    assert "未提供往年报告（--history）" in plain.output

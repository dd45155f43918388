"""The three output formats: text for a person, stable JSON, SARIF 2.1.0 (validated against
the official schema shipped in schemas/)."""

from __future__ import annotations

import io
import json

import jsonschema
import pytest

from annual_report import __version__
from annual_report.check.engine import make_checker
from annual_report.app.check import CheckOptions, check
from annual_report.model.findings import Finding, Location, Severity
from annual_report.output.jsonout import FORMAT_VERSION, render_json, report_entry
from annual_report.output.sarif import render_sarif
from annual_report.output.text import count_line, render_text, use_colour
from annual_report.resources import schemas_dir

ESC = "\033["
CHECKER = make_checker()


@pytest.fixture(scope="module")
def sarif_validator():
    schema = json.loads((schemas_dir() / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


def test_shipped_schema_is_the_official_one():
    import hashlib

    data = (schemas_dir() / "sarif-2.1.0.json").read_bytes()
    # sha256 of the OASIS file (sarif-spec, errata01), as vendored byte for byte
    assert hashlib.sha256(data).hexdigest() == "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"
    assert json.loads(data)["id"].endswith("/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")


def sample_findings(path: str = "data/2023.json") -> list[Finding]:
    """One finding of each kind of place: a table cell of a .docx, a paragraph, the whole report."""
    return [
        Finding(
            "AR101",
            Severity.ERROR,
            "表三“（一）予以公开”行：总计 12 ≠ 自然人至其他各列之和 11（自然人 8 + 商业企业 3，其余为 0）",
            Location(file=path, year=2023, part="三", table="B", row="open", row_label="（一）予以公开", column="总计", column_label="总计", cell=(1, 4, 7)),
            "table-b-row-total",
            {"expected": 11, "actual": 12, "cells": {"自然人": 8, "商业企业": 3}},
            plugin="tables",
        ),
        Finding(
            "AR202",
            Severity.WARNING,
            "表二“行政规范性文件”现行有效 12，而上年现行有效 10 + 本年制发 3 − 本年废止 0 = 13",
            Location(file=path, year=2023, part="二", table="A", row="行政规范性文件", row_label="行政规范性文件", column="现行有效件数", column_label="现行有效件数"),
            "in-force-roll-forward",
            {"in_force": 12, "expected": 13},
            hint="如因有效期届满失效，请在报告文字中说明",
            plugin="crossyear",
        ),
        Finding("XQ102", Severity.WARNING, "第五部分没有写改进措施", Location(file=path, year=2023, part="五", paragraph=1), "part5-problems-and-measures"),
        Finding("AR204", Severity.INFO, "未提供2022年度报告，上年结转、现行有效件数等跨年度衔接未检查", Location(file=path, year=2023), "history-year-missing", {"missing_year": 2022}),
    ]


# --- text -----------------------------------------------------------------------------------


def test_text_groups_by_report_then_part_and_table_with_count_line():
    findings = sample_findings()
    setup = [Finding("AR001", Severity.ERROR, "插件“坏插件”（plugins/坏插件.py）导入失败：SyntaxError", Location(file="plugins/坏插件.py"), "plugin-failed")]
    text = render_text([("青溪镇人民政府 2023年  data/2023.json", findings, ["对照往年报告：2021年度"]), ("青溪镇人民政府 2022年  data/2022.json", [], [])], setup)
    lines = text.splitlines()
    # setup block, then each report under its title
    assert lines[0] == "插件与配置" and "[错误] AR001" in lines[1]
    first = lines.index("青溪镇人民政府 2023年  data/2023.json")
    second = lines.index("青溪镇人民政府 2022年  data/2022.json")
    assert first < second and lines[second + 1] == "  未发现问题"
    assert lines[first + 1] == "  （对照往年报告：2021年度）"
    # groups: whole report first, then parts in the format's order, with the table named
    headers = [l.strip() for l in lines[first:second] if l.startswith(" ") and not l.startswith("  ")]
    assert headers == ["全文", "二、主动公开政府信息情况（表二）", "三、收到和处理政府信息公开申请情况（表三）", "五、存在的主要问题及改进情况"]
    # each finding: severity label, rule ID, message; then its place in words; then the hint
    i = lines.index("  [错误] AR101 " + findings[0].message)
    assert lines[i + 1] == "      位置：表三 “（一）予以公开”行 “总计”列（原文第2个表格第5行第8格）"
    j = lines.index("  [警告] AR202 " + findings[1].message)
    assert lines[j + 2] == "      建议：如因有效期届满失效，请在报告文字中说明"
    assert "      位置：第五部分 第2段" in lines
    k = lines.index("  [提示] AR204 " + findings[3].message)
    assert not lines[k + 1].strip().startswith("位置")  # the whole report: no place to name
    assert lines[-1] == "共 2 个错误，2 个警告，1 个提示"
    assert ESC not in text


def test_count_line():
    assert count_line([]) == "共 0 个错误，0 个警告，0 个提示"
    assert count_line(sample_findings()) == "共 1 个错误，2 个警告，1 个提示"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_colour(Terminal()) is True
    assert use_colour(io.StringIO()) is False
    assert use_colour(Terminal(), requested=False) is False  # --no-color
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_colour(Terminal()) is False
    text = render_text([("报告", sample_findings(), [])], colour=True)
    assert "\033[31m[错误]\033[0m AR101" in text and "\033[33m[警告]\033[0m AR202" in text


def workspace_with_error(tmp_path):
    from annual_report.app.workspace import init_example

    ws = init_example(tmp_path / "ws")
    path = ws / "data" / "2023.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["tables"]["B"]["rows"][2]["自然人"] += 1
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return ws


def test_check_colours_a_terminal_but_not_a_file(tmp_path, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    ws = workspace_with_error(tmp_path)
    screen = Terminal()
    assert check(CheckOptions(inputs=["2023"], workspace=ws), screen) == 1
    assert ESC in screen.getvalue()
    out = tmp_path / "结果.txt"
    screen = Terminal()
    assert check(CheckOptions(inputs=["2023"], workspace=ws, output=out), screen) == 1
    written = out.read_text(encoding="utf-8")
    assert ESC not in written and "[错误] AR101" in written and screen.getvalue() == ""
    monkeypatch.setenv("NO_COLOR", "")  # empty: no effect (no-color.org)
    screen = Terminal()
    check(CheckOptions(inputs=["2023"], workspace=ws), screen)
    assert ESC in screen.getvalue()


# --- JSON -----------------------------------------------------------------------------------

FINDING_KEYS = {"code", "severity", "message", "location", "rule_name", "values", "hint", "plugin", "fingerprint"}


def test_json_structure_is_stable():
    findings = sample_findings()
    setup = [Finding("AR005", Severity.WARNING, "配置中的规则 AR9O9 不存在（没有插件注册这个编号）", Location(file="annual-report.toml"), "config-unknown-rule", {"code": "AR9O9"})]
    doc = json.loads(render_json([report_entry("data/2023.json", "青溪镇人民政府", 2023, "2021", [2021, 2022], findings)], setup))
    assert list(doc) == ["format", "version", "tool", "setup", "reports", "summary"]
    assert doc["format"] == "annual-report-findings" and doc["version"] == FORMAT_VERSION == 1
    assert doc["tool"] == {"name": "annual-report", "version": __version__}
    (report,) = doc["reports"]
    assert list(report) == ["file", "body", "year", "edition", "history", "findings", "counts"]
    assert report["counts"] == {"error": 1, "warning": 2, "info": 1}
    assert doc["summary"] == {"reports": 1, "error": 1, "warning": 3, "info": 1}
    for f in report["findings"] + doc["setup"]:
        assert set(f) == FINDING_KEYS and f["severity"] in ("error", "warning", "info")
    cell = report["findings"][0]
    assert cell["location"] == {
        "file": "data/2023.json", "year": 2023, "part": "三", "table": "B", "table_name": "表三", "row": "open",
        "row_label": "（一）予以公开", "column": "总计", "column_label": "总计", "cell": [1, 4, 7],
    }
    assert cell["values"] == {"expected": 11, "actual": 12, "cells": {"自然人": 8, "商业企业": 3}}
    assert report["findings"][3]["location"] == {"file": "data/2023.json", "year": 2023}


def test_json_of_a_real_check_round_trips(tmp_path):
    ws = workspace_with_error(tmp_path)
    out = tmp_path / "结果.json"
    assert check(CheckOptions(inputs=["2023"], workspace=ws, format="json", output=out), io.StringIO()) == 1
    doc = json.loads(out.read_text(encoding="utf-8"))
    (report,) = doc["reports"]
    assert report["body"] == "青溪镇人民政府" and report["year"] == 2023 and report["edition"] == "2021"
    codes = [f["code"] for f in report["findings"]]
    assert "AR101" in codes and "AR103" in codes
    assert doc["summary"]["error"] == sum(1 for f in report["findings"] if f["severity"] == "error")


# --- SARIF ----------------------------------------------------------------------------------


def test_sarif_validates_and_carries_rules_and_places(sarif_validator, tmp_path):
    draft = tmp_path / "2023年报告.docx"
    draft.write_bytes(b"PK")  # only its path matters here
    findings = sample_findings(str(draft))
    findings.append(Finding("AR005", Severity.WARNING, "配置中的规则 AR9O9 不存在", Location(), "config-unknown-rule"))
    log = json.loads(render_sarif(findings, CHECKER.rules))
    sarif_validator.validate(log)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-schema-2.1.0.json")
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "annual-report" and driver["version"] == __version__
    ids = [r["id"] for r in driver["rules"]]
    assert len(ids) == len(set(ids)) and set(CHECKER.rules) <= set(ids) and "XQ102" in ids
    ar101 = driver["rules"][ids.index("AR101")]
    assert ar101["name"] == "table-b-row-total" and ar101["defaultConfiguration"] == {"level": "error"}
    assert ar101["shortDescription"]["text"] == CHECKER.rules["AR101"].title
    assert "## 检查内容" in ar101["fullDescription"]["text"]
    assert driver["rules"][ids.index("AR204")]["defaultConfiguration"] == {"level": "note"}
    results = run["results"]
    assert [r["ruleId"] for r in results] == ["AR101", "AR202", "XQ102", "AR204", "AR005"]
    assert [r["level"] for r in results] == ["error", "warning", "warning", "note", "warning"]
    assert all(driver["rules"][r["ruleIndex"]]["id"] == r["ruleId"] for r in results)
    cell = results[0]
    assert cell["message"]["text"] == findings[0].message
    (loc,) = cell["locations"]
    assert loc["physicalLocation"]["artifactLocation"]["uri"] == draft.resolve().as_uri()
    assert [l["name"] for l in loc["logicalLocations"]] == ["第三部分", "表三/（一）予以公开/总计"]
    assert [l["name"] for l in results[2]["locations"][0]["logicalLocations"]] == ["第五部分", "第2段"]
    assert "logicalLocations" not in results[3]["locations"][0]
    assert results[4]["locations"] == []  # nothing known: no made-up file
    assert cell["properties"]["values"]["cells"] == {"自然人": 8, "商业企业": 3} and cell["properties"]["year"] == 2023


def test_sarif_of_a_real_check_validates(sarif_validator, tmp_path):
    ws = workspace_with_error(tmp_path)
    (ws / "plugins" / "坏插件.py").write_text("def broken(:\n", encoding="utf-8")
    stream = io.StringIO()
    assert check(CheckOptions(inputs=["2023"], workspace=ws, format="sarif"), stream) == 1
    log = json.loads(stream.getvalue())
    sarif_validator.validate(log)
    results = log["runs"][0]["results"]
    assert {"AR001", "AR101"} <= {r["ruleId"] for r in results}
    failed = next(r for r in results if r["ruleId"] == "AR001")
    assert failed["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(".py")


def test_sarif_rejects_what_the_schema_forbids(sarif_validator):
    """The validator is real: a result with an unknown level fails."""
    log = json.loads(render_sarif(sample_findings(), CHECKER.rules))
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        sarif_validator.validate(log)

"""Review memory (fingerprints, baselines, dismiss), the work plan section of part 六, 回头看,
the publication deadline and the roll-up of a 本级政府 report."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annual_report.check.baseline import ACCEPTED, DISMISSED, Baseline, record
from annual_report.check.engine import make_checker
from annual_report.cli import app
from annual_report.model.errors import UserError
from annual_report.model.findings import Finding, Location, Severity, with_fingerprints
from annual_report.readers import read_report
from annual_report.readers.jsondata import report_from_data
from annual_report.app.workspace import init_example
from review_corpus import UNRELATED_EDITS, base_draft, history_file, real_change

runner = CliRunner()


def fingerprints(checker, path, history=None) -> dict[str, Finding]:
    return {f.fingerprint: f for f in checker.check(read_report(path), history)}


# --- fingerprints ---------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [3, 4])  # the real template filled in; an office's own layout
def test_fingerprints_survive_unrelated_edits_and_a_real_change_adds_exactly_one(tmp_path, seed):
    checker = make_checker()
    history = [read_report(history_file(seed, tmp_path))]
    base_path = base_draft(seed, tmp_path)
    base = fingerprints(checker, base_path, history)
    codes = [f.code for f in base.values()]
    assert {"AR101", "AR103", "AR608", "AR201", "AR401"} <= set(codes) and codes.count("AR401") >= 3
    doubled = next(f for f in base.values() if f.code == "AR608")
    for name, edit in UNRELATED_EDITS.items():
        edited = fingerprints(checker, edit(base_path, tmp_path / f"{name}.docx"), history)
        assert set(edited) == set(base), name
        moved = next(f for f in edited.values() if f.code == "AR608")
        if name == "插入段落":  # the finding really moved: one paragraph further down part 一
            assert moved.location.paragraph == doubled.location.paragraph + 1
        if name == "移动表格":  # and the table cells really moved in the document
            cell = next(f for f in edited.values() if f.code == "AR101").location.cell
            assert cell[0] == next(f for f in base.values() if f.code == "AR101").location.cell[0] + 1
    changed = fingerprints(checker, real_change(base_path, tmp_path / "real.docx"), history)
    assert set(base) <= set(changed)
    (new,) = [changed[k] for k in set(changed) - set(base)]
    assert new.code == "AR608" and "培训培训" in new.message


def test_repeated_findings_are_numbered_and_position_words_do_not_count():
    f = Finding("AR607", Severity.WARNING, "残留模板提示或占位符“××”", Location(part="一", paragraph=2))
    g = f.with_(location=Location(part="一", paragraph=5))
    first, second = with_fingerprints([f, g], "桃岭乡人民政府")
    assert second.fingerprint == first.fingerprint + "-2" and len(first.fingerprint) == 16
    a = Finding("AR401", Severity.WARNING, "第一部分第2段与2022年度报告第一部分第2段的表述 95% 相同", Location(part="一", paragraph=1))
    b = a.with_(message="第一部分第3段与2022年度报告第一部分第3段的表述 93% 相同", location=Location(part="一", paragraph=2))
    assert with_fingerprints([a])[0].fingerprint == with_fingerprints([b])[0].fingerprint
    assert with_fingerprints([a], "甲")[0].fingerprint != with_fingerprints([a], "乙")[0].fingerprint


def test_json_and_sarif_carry_the_fingerprint(tmp_path):
    from annual_report.app.workspace import init_example

    ws = init_example(tmp_path / "ws")
    data = json.loads((ws / "data" / "2023.json").read_text(encoding="utf-8"))
    data["tables"]["B"]["rows"][2]["总计"] += 1
    (ws / "data" / "2023.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = runner.invoke(app, ["check", "2023", "--workspace", str(ws), "--format", "json"])
    doc = json.loads(out.stdout)
    fps = [f["fingerprint"] for f in doc["reports"][0]["findings"]]
    assert fps and all(len(fp) >= 16 for fp in fps) and len(set(fps)) == len(fps)
    sarif = json.loads(runner.invoke(app, ["check", "2023", "--workspace", str(ws), "--format", "sarif"]).stdout)
    results = sarif["runs"][0]["results"]
    assert [r["partialFingerprints"]["annualReportFinding/v1"] for r in results] == fps


# --- the baseline file -----------------------------------------------------------------------


def _finding(code="AR101", msg="表三“（一）予以公开”行：总计 7 ≠ 自然人至其他各列之和 8"):
    return with_fingerprints([Finding(code, Severity.ERROR, msg, Location(file="a.json", year=2023, part="三", table="B", row="open", column="总计"))], "桃岭乡人民政府")[0]


def test_baseline_round_trip_keeps_decisions(tmp_path):
    f = _finding()
    path = tmp_path / "基线.json"
    b = record([("桃岭乡人民政府", 2023, "a.json", [f])])
    b.save(path)
    loaded = Baseline.load(path)
    assert loaded.state_of(f) == (ACCEPTED, "")
    result = runner.invoke(app, ["dismiss", f.fingerprint[:8], "--reason", "已与县政务公开办核实，该件为上年误报", "--baseline", str(path)])
    assert result.exit_code == 0, result.output
    assert "已忽略" in result.output
    again = Baseline.load(path)
    assert again.state_of(f) == (DISMISSED, "已与县政务公开办核实，该件为上年误报")
    rewritten = record([("桃岭乡人民政府", 2023, "a.json", [f, _finding("AR103", "另一条")])], again)
    assert rewritten.state_of(f) == (DISMISSED, "已与县政务公开办核实，该件为上年误报")
    other = with_fingerprints([Finding("AR608", Severity.INFO, "“资金资金”词语重复", Location(part="一"))], "青溪镇人民政府")[0]
    merged = record([("青溪镇人民政府", 2023, "b.json", [other])], again)  # another body checked alone
    assert merged.state_of(f) == (DISMISSED, "已与县政务公开办核实，该件为上年误报") and merged.state_of(other) == (ACCEPTED, "")
    assert len(merged.reports) == 2
    result = runner.invoke(app, ["accept", f.fingerprint, "--baseline", str(path)])
    assert result.exit_code == 0 and Baseline.load(path).state_of(f)[0] == ACCEPTED


def test_dismiss_needs_a_reason_and_a_known_fingerprint(tmp_path):
    f = _finding()
    path = tmp_path / "基线.json"
    record([("桃岭乡人民政府", 2023, "a.json", [f])]).save(path)
    before = path.read_bytes()
    result = runner.invoke(app, ["dismiss", f.fingerprint, "--reason", " ", "--baseline", str(path)])
    assert result.exit_code == 2 and "理由" in result.output
    result = runner.invoke(app, ["dismiss", "0123456789", "--reason", "x", "--baseline", str(path)])
    assert result.exit_code == 2 and "没有指纹" in result.output
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "content, words",
    [
        ('{"format": "annual-report-baseline", "version": 1, "findings": [', "已损坏"),
        ('{"format": "annual-report-baseline", "version": 7, "reports": [], "findings": []}', "第 7 版"),
        ('{"format": "annual-report-findings", "version": 1, "reports": []}', "不是 annual-report 的基线文件"),
        ('{"format": "annual-report-baseline", "version": 1, "reports": [], "findings": [{"fingerprint": "abc", "state": "随便"}]}', "状态"),
    ],
)
def test_an_unusable_baseline_is_refused_in_chinese_and_left_alone(tmp_path, content, words):
    path = tmp_path / "基线.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UserError) as exc:
        Baseline.load(path)
    assert words in str(exc.value) and "文件未改动" in str(exc.value)
    result = runner.invoke(app, ["dismiss", "abcdef", "--reason", "x", "--baseline", str(path)])
    assert result.exit_code == 2 and words in result.output
    assert path.read_text(encoding="utf-8") == content


def test_a_baseline_for_other_reports_is_refused():
    b = record([("桃岭乡人民政府", 2023, "a.json", [_finding()])])
    b.path = Path("基线.json")
    b.require_covers([("桃岭乡 人民政府", 2023)])  # spacing does not matter
    with pytest.raises(UserError, match="是为 桃岭乡人民政府 2023年 的报告建立的"):
        b.require_covers([("青溪镇人民政府", 2023)])
    with pytest.raises(UserError):
        b.require_covers([("桃岭乡人民政府", 2024)])


# --- part 六: the work plan ----------------------------------------------------------------

PLANS = Path(__file__).resolve().parent / "data" / "workplans"
TAOLING = PLANS / "2023-taoling-township-improvement-plan.txt"


def test_build_lists_every_task_with_a_place_and_check_reports_the_unfilled(tmp_path):
    from annual_report.reference.workplans import PLACE, SECTION_HEADING, read_plan

    ws = tmp_path / "ws"
    init_example(ws)
    shutil.copy(TAOLING, ws / "workplans" / TAOLING.name)
    tasks = read_plan(TAOLING).tasks
    data_path = ws / "data" / "2023.json"
    data = json.loads(data_path.read_text(encoding="utf-8"))
    data["workplan"] = {tasks[0]: "编制并公开乡国土空间规划，公开村庄规划3个。", tasks[2]: "公布乡政府权责清单，动态调整2次。"}
    data_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["build", "2023", "--workspace", str(ws)])
    assert result.exit_code == 0, result.output
    out = next((ws / "out").glob("*.docx"))
    report = read_report(out)
    texts = [p.text for p in report.part("六").paragraphs]
    start = texts.index(SECTION_HEADING)
    listed = texts[start + 2 :]
    assert len(listed) == len(tasks)
    assert listed[0] == f"1. {tasks[0]}：编制并公开乡国土空间规划，公开村庄规划3个。"
    assert listed[1] == f"2. {tasks[1]}：{PLACE}"
    result = runner.invoke(app, ["check", str(out), "--format", "json"])
    found = [f for f in json.loads(result.stdout)["reports"][0]["findings"]]
    unfilled = [f for f in found if f["code"] == "AR620"]
    assert sorted(f["values"]["task"] for f in unfilled) == sorted(tasks[i] for i in range(len(tasks)) if i not in (0, 2))
    assert not [f for f in found if f["code"] == "AR607" and PLACE in f["message"]]
    assert all(f["location"]["part"] == "六" for f in unfilled)
    # the officer fills one place in Word: that task is no longer reported
    import docx

    document = docx.Document(str(out))
    p = next(p for p in document.paragraphs if p.text == f"2. {tasks[1]}：{PLACE}")
    for run in p.runs:
        run.text = run.text.replace(PLACE, "财政预决算在批准后20日内公开。")
    document.save(str(tmp_path / "改后.docx"))
    again = json.loads(runner.invoke(app, ["check", str(tmp_path / "改后.docx"), "--format", "json"]).stdout)
    assert len([f for f in again["reports"][0]["findings"] if f["code"] == "AR620"]) == len(unfilled) - 1


def test_a_workplan_answer_for_no_task_is_a_clear_error(tmp_path):
    ws = tmp_path / "ws"
    init_example(ws)
    shutil.copy(TAOLING, ws / "workplans" / TAOLING.name)
    data_path = ws / "data" / "2023.json"
    data = json.loads(data_path.read_text(encoding="utf-8"))
    data["workplan"] = {"没有这个任务": "……"}
    data_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["build", "2023", "--workspace", str(ws)])
    assert result.exit_code == 2 and "不是 2023 年工作要点中的任务" in result.output and "没有这个任务" in result.output
    assert not list((ws / "out").glob("*.docx"))


# --- 回头看 and the deadline -------------------------------------------------------------------


def _example(year: int) -> dict:
    from annual_report.app.workspace import EXAMPLE

    return json.loads((EXAMPLE / "data" / f"{year}.json").read_text(encoding="utf-8"))


def _codes(report, history=None, code=None):
    found = make_checker().check(report_from_data(report) if isinstance(report, dict) else report, history)
    return [f for f in found if code is None or f.code == code]


def test_last_years_problems_followed_up():
    history = [report_from_data(_example(2022)), report_from_data(_example(2021))]
    assert _codes(_example(2023), history, "AR621") == []  # the example says how each was fixed
    data = _example(2023)
    data["parts"]["五"][0] = "关于上年度问题的整改情况：上年度报告所列问题均已整改到位。"
    found = _codes(data, history, "AR621")
    assert [f.values["problem"] for f in found] == [
        "依申请公开答复文书格式不够统一，个别答复对救济途径告知不完整",
        "部分重点领域信息只公开结果，过程信息公开不足",
    ]
    assert found[0].message.startswith("2022年度报告第五部分所列问题“依申请公开答复文书格式不够统一")
    data["parts"]["五"][0] = "关于上年度问题的整改情况：依申请公开答复文书已统一使用范本。"
    assert [f.values["problem"][:6] for f in _codes(data, history, "AR621")] == ["部分重点领域"]


@pytest.mark.parametrize(
    "level, name, date, late",
    [
        ("乡镇/街道", "青溪镇人民政府", "2024-03-20", False),  # no statutory date for 乡镇 (configurable)
        ("县级部门", "某县统计局", "2024-01-31", False),
        ("县级部门", "某县统计局", "2024-02-01", True),
        ("县级政府", "某县人民政府", "2024-03-31", False),
        ("县级政府", "某县人民政府", "2024-04-02", True),
    ],
)
def test_publication_deadline_depends_on_the_body(level, name, date, late):
    data = _example(2023)
    data["body"] = {"name": name, "level": level}
    data["publication_date"] = date
    found = _codes(data, None, "AR622")
    assert bool(found) == late
    if late:
        assert "《条例》第四十九条" in found[0].message and found[0].values["deadline"] in ("2024-01-31", "2024-03-31")


def test_township_deadline_is_configuration(tmp_path):
    from annual_report.app.workspace import init_example
    from annual_report.files.config import load_config

    ws = init_example(tmp_path / "ws")
    with open(ws / "annual-report.toml", "a", encoding="utf-8") as fh:
        fh.write('\n[rules.options.AR622]\ntownship_deadline = "01-31"\n')
    data = _example(2023)
    data["publication_date"] = "2024-02-03"
    found = [f for f in make_checker(load_config(ws)).check(report_from_data(data), None) if f.code == "AR622"]
    assert [f.message for f in found] == ["报告落款日期为2024年2月3日，晚于本地规定的乡镇/街道年报公布期限2024年1月31日"]


# --- the roll-up ----------------------------------------------------------------------------


def test_rollup_differences_name_exactly_the_planted_cell():
    from annual_report.rules.rollup import rollup_differences
    from review_corpus import county_batch

    county, bodies = county_batch(20, random.Random(5), plant=("B", "open", "自然人"))
    diffs = rollup_differences(report_from_data(county), [report_from_data(b) for b in bodies])
    assert [(d.table, d.row, d.column) for d in diffs] == [("B", "open", "自然人")]
    assert diffs[0].difference == 1 and len(diffs[0].parts) == 20
    clean, bodies = county_batch(20, random.Random(5))
    assert rollup_differences(report_from_data(clean), [report_from_data(b) for b in bodies]) == []


def _mapping(tmp_path, text):
    from annual_report.check.inputs import BodyMapping

    path = tmp_path / "对照.toml"
    path.write_text(text, encoding="utf-8")
    return BodyMapping.load(path)


def test_mapping_covers(tmp_path):
    m = _mapping(
        tmp_path,
        '[aliases]\n"某县政府" = "某县人民政府"\n\n[covers."某县政府"]\nbodies = ["某县统计局", "青溪镇人民政府"]\nsummary = true\ntables = ["B"]\n\n[published]\n"青溪镇人民政府" = 2024-01-26\n',
    )
    spec = m.coverage.covers["某县人民政府"]
    assert spec.bodies == ("某县统计局", "青溪镇人民政府") and spec.summary and spec.tables == ("B",)
    assert m.coverage.published == {"青溪镇人民政府": "2024-01-26"}


def test_mapping_naming_a_body_twice_or_covering_itself_names_the_lines(tmp_path):
    text = '[covers."某县人民政府"]\nbodies = [\n  "某县统计局",\n  "青溪镇人民政府",\n  "某县统计局",\n]\n'
    with pytest.raises(UserError) as exc:
        _mapping(tmp_path, text)
    assert "第 3、5 行" in str(exc.value) and "某县统计局" in str(exc.value) and "两次" in str(exc.value)
    text = '[covers."某县人民政府"]\nbodies = ["某县统计局"]\n\n[covers."某市人民政府"]\nbodies = ["某县统计局"]\n'
    with pytest.raises(UserError, match="第 2、5 行"):
        _mapping(tmp_path, text)
    text = '[covers."某县人民政府"]\nbodies = ["某县统计局", "某县人民政府"]\n'
    with pytest.raises(UserError) as exc:
        _mapping(tmp_path, text)
    assert "涵盖了它自己" in str(exc.value) and "第 1、2 行" in str(exc.value)


# --- through the command line ------------------------------------------------------------------


def test_check_with_a_baseline_lists_only_new_findings_and_says_how_many_were_left_out(tmp_path):
    base_path = base_draft(5, tmp_path)
    baseline = tmp_path / "基线.json"
    first = runner.invoke(app, ["check", str(base_path), "--write-baseline", str(baseline), "--format", "json"])
    assert first.exit_code == 1  # the planted table error
    recorded = json.loads(baseline.read_text(encoding="utf-8"))
    n = len(json.loads(first.stdout)["reports"][0]["findings"])
    assert recorded["format"] == "annual-report-baseline" and len(recorded["findings"]) == n
    # the second draft: a paragraph inserted (nothing new) — every finding left out, exit 0
    second = insert_paragraph_then_text(base_path, tmp_path)
    result = runner.invoke(app, ["check", str(second), "--baseline", str(baseline)])
    assert result.exit_code == 0, result.output
    assert f"已记录的问题仍有 {n} 条（" in result.stdout and "未发现问题" in result.stdout
    assert runner.invoke(app, ["check", str(second), "--baseline", str(baseline), "--strict"]).exit_code == 1  # the known error counts
    # a real change: exactly the new finding is listed
    third = real_change(base_path, tmp_path / "三稿.docx")
    doc = json.loads(runner.invoke(app, ["check", str(third), "--baseline", str(baseline), "--format", "json"]).stdout)
    (entry,) = doc["reports"]
    assert [f["code"] for f in entry["findings"]] == ["AR608"]
    assert entry["baseline"] == {"file": str(baseline), "left_out": n, "states": {"已核实": n}, "fixed": []}
    assert baseline.read_text(encoding="utf-8") == json.dumps(recorded, ensure_ascii=False, indent=2) + "\n"  # only read


def insert_paragraph_then_text(base_path, tmp_path):
    return UNRELATED_EDITS["插入段落"](base_path, tmp_path / "二稿.docx")


def test_check_refuses_an_unusable_baseline_and_leaves_it(tmp_path):
    base_path = base_draft(5, tmp_path)
    broken = tmp_path / "基线.json"
    broken.write_text('{"format": "annual-report-baseline", "version": 1, "reports": [', encoding="utf-8")
    for option in ("--baseline", "--write-baseline"):
        result = runner.invoke(app, ["check", str(base_path), option, str(broken)])
        assert result.exit_code == 2 and "已损坏" in result.output and "Traceback" not in result.output
        assert broken.read_text(encoding="utf-8").endswith('"reports": [')
    other = tmp_path / "别的基线.json"
    record([("青溪镇人民政府", 2023, "x.json", [_finding()])]).save(other)
    before = other.read_bytes()
    result = runner.invoke(app, ["check", str(base_path), "--baseline", str(other)])
    assert result.exit_code == 2 and "与本次检查的 示例5镇人民政府 2023年 不符" in result.output
    assert other.read_bytes() == before


def _county_folder(tmp_path, plant, missing=0):
    from review_corpus import COUNTY, county_batch

    county, bodies = county_batch(6, random.Random(2), plant=plant)
    folder = tmp_path / "报送"
    folder.mkdir()
    for data in [county] + bodies[missing:]:
        (folder / f"{data['body']['name']}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    names = ", ".join(json.dumps(b["body"]["name"], ensure_ascii=False) for b in bodies)
    mapping = tmp_path / "对照.toml"
    mapping.write_text(f'[covers."{COUNTY}"]\nbodies = [{names}]\n\n[published]\n"{COUNTY}" = 2024-04-08\n', encoding="utf-8")
    return folder, mapping, bodies


def test_batch_rollup_reports_the_planted_cell_in_json_and_the_summary(tmp_path):
    from openpyxl import load_workbook

    folder, mapping, bodies = _county_folder(tmp_path, ("C", "review", "结果纠正"))
    xlsx, page = tmp_path / "汇总.xlsx", tmp_path / "汇总.html"
    result = runner.invoke(app, ["check", str(folder), "--mapping", str(mapping), "--format", "json", "--summary", str(xlsx), "--html", str(page), "--jobs", "1", "--no-progress"])
    doc = json.loads(result.stdout)
    rollup = [f for r in doc["reports"] for f in r["findings"] if f["code"] in ("AR623", "AR624")]
    assert len(rollup) == 1 and rollup[0]["code"] == "AR623"
    loc = rollup[0]["location"]
    assert (loc["table"], loc["row"], loc["column"]) == ("C", "review", "结果纠正")
    assert rollup[0]["values"]["difference"] == 1 and len(rollup[0]["values"]["by_body"]) == 6
    late = [f for r in doc["reports"] for f in r["findings"] if f["code"] == "AR622"]
    assert [f["message"] for f in late] == ["机关对照文件所列发布日期为2024年4月8日，晚于《条例》第四十九条规定的本级政府年报公布期限2024年3月31日"]
    sheet = load_workbook(xlsx)["汇总核对"]
    rows = list(sheet.values)
    assert rows[0][:9] == ("机关", "年度", "文件", "表", "行", "列", "本报告", "所涵盖报告之和", "相差") and len(rows) == 2
    assert rows[1][3:9] == ("表四", "行政复议", "结果纠正", rows[1][7] + 1, rows[1][7], 1)
    states = {row[7] for row in load_workbook(xlsx)["问题"].values}
    assert states == {"状态", "新"}
    assert "汇总核对（逐格）" in page.read_text(encoding="utf-8")


def test_batch_rollup_names_missing_bodies_instead_of_summing(tmp_path):
    folder, mapping, bodies = _county_folder(tmp_path, ("B", "open", "自然人"), missing=2)
    doc = json.loads(runner.invoke(app, ["check", str(folder), "--mapping", str(mapping), "--format", "json", "--jobs", "1"]).stdout)
    found = [f for r in doc["reports"] for f in r["findings"] if f["code"] in ("AR623", "AR624")]
    assert [f["code"] for f in found] == ["AR624"]
    assert found[0]["values"]["missing"] == [b["body"]["name"] for b in bodies[:2]]


def test_batch_baseline_states_and_reasons_reach_the_summary(tmp_path):
    from openpyxl import load_workbook

    folder, mapping, _ = _county_folder(tmp_path, ("B", "open", "自然人"))
    baseline = tmp_path / "基线.json"
    args = ["check", str(folder), "--mapping", str(mapping), "--jobs", "1", "--no-progress"]
    assert runner.invoke(app, args + ["--write-baseline", str(baseline)]).exit_code == 1
    fp = next(f["fingerprint"] for f in json.loads(baseline.read_text(encoding="utf-8"))["findings"] if f["code"] == "AR623")
    assert runner.invoke(app, ["dismiss", fp, "--reason", "县本级另有直属单位数据", "--baseline", str(baseline)]).exit_code == 0
    xlsx = tmp_path / "汇总.xlsx"
    result = runner.invoke(app, args + ["--baseline", str(baseline), "--summary", str(xlsx)])
    assert result.exit_code == 0, result.output  # nothing new
    rows = [r for r in load_workbook(xlsx)["问题"].values][1:]
    dismissed = [r for r in rows if fp.startswith(r[9]) and len(r[9]) >= 8]  # the short fingerprint
    assert dismissed and dismissed[0][7:9] == ("已忽略", "县本级另有直属单位数据")
    assert {r[7] for r in rows} == {"已核实", "已忽略"}


# --- short fingerprints: what a reviewer reads is what dismiss takes ------------------------------


def test_short_fingerprints_are_unique_within_the_run_and_keep_the_repeat_number():
    from annual_report.model.findings import matches_fingerprint, short_fingerprints

    def make(fp):
        return Finding("AR101", Severity.ERROR, "x", fingerprint=fp)

    found = [make("abcdef0123456789"), make("abcdef0123456789-2"), make("abcdef01ffffffff"), make("1234567890abcdef")]
    shorts = short_fingerprints(found)
    assert shorts == {
        "abcdef0123456789": "abcdef012",
        "abcdef0123456789-2": "abcdef012-2",
        "abcdef01ffffffff": "abcdef01f",
        "1234567890abcdef": "12345678",
    }
    assert matches_fingerprint("abcdef0123456789-2", "abcdef012-2") and not matches_fingerprint("abcdef0123456789", "abcdef012-2")


def _broken_example(tmp_path):
    ws = init_example(tmp_path / "ws")
    data_path = ws / "data" / "2023.json"
    data = json.loads(data_path.read_text(encoding="utf-8"))
    data["tables"]["B"]["rows"][2]["总计"] += 1  # AR101 (and what follows from it)
    data["parts"]["一"][0] = data["parts"]["一"][0] + "依据《中华人民共和国政府信息公开条例》（国务院令第492号）。"  # AR301
    data_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return ws, data_path, data


def test_text_output_shows_the_short_fingerprint_that_dismiss_takes(tmp_path):
    import re

    ws, data_path, data = _broken_example(tmp_path)
    baseline = tmp_path / "基线.json"
    first = runner.invoke(app, ["check", "2023", "-w", str(ws), "--write-baseline", str(baseline)])
    assert first.exit_code == 1, first.output
    shown = re.findall(r"\[(错误|警告|提示)\] (AR\d+) .*（指纹 ([0-9a-f]{8,16}(?:-\d+)?)）", first.stdout)
    recorded = json.loads(baseline.read_text(encoding="utf-8"))["findings"]
    assert len(shown) == len(recorded) >= 2
    assert len({s for _, _, s in shown}) == len(shown)  # unique within the run
    for (_, _code, short), entry in zip(sorted(shown, key=lambda s: s[2]), sorted(recorded, key=lambda e: e["fingerprint"])):
        assert entry["fingerprint"].startswith(short.partition("-")[0]) and 8 <= len(short.partition("-")[0]) < 16
    ar301 = next(s for _, code, s in shown if code == "AR301")
    result = runner.invoke(app, ["dismiss", ar301, "--reason", "已与县政务公开办核实", "--baseline", str(baseline)])
    assert result.exit_code == 0, result.output
    # unchanged draft: nothing new, the head says what is still there, exit 0; --strict counts the known error
    again = runner.invoke(app, ["check", "2023", "-w", str(ws), "--baseline", str(baseline)])
    assert again.exit_code == 0, again.output
    assert f"已记录的问题仍有 {len(recorded)} 条（" in again.stdout and "已忽略 1 条" in again.stdout
    ar101_errors = sum(1 for sev, code, _ in shown if sev == "错误" and code != "AR301")
    assert ar101_errors >= 1
    assert "也不计入退出码" in again.stdout
    strict = runner.invoke(app, ["check", "2023", "-w", str(ws), "--baseline", str(baseline), "--strict"])
    assert strict.exit_code == 1
    # the head says why the exit code is 1 although no new error is listed
    assert f"但按 --strict，其中未忽略的 {ar101_errors} 个错误计入退出码" in strict.stdout and "也不计入退出码" not in strict.stdout
    # fix the table: the head says which recorded problems were fixed, and --strict passes
    data["tables"]["B"]["rows"][2]["总计"] -= 1
    data_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    fixed = runner.invoke(app, ["check", "2023", "-w", str(ws), "--baseline", str(baseline), "--strict"])
    assert fixed.exit_code == 0, fixed.output
    assert "建立基线以来已改正" in fixed.stdout and "AR101" in fixed.stdout.split("建立基线以来已改正")[1].splitlines()[0]
    assert "已记录的问题仍有 1 条（1 个错误，0 个警告，0 个提示；已忽略 1 条）" in fixed.stdout
    assert "其中没有未忽略的错误，--strict 下也不影响退出码" in fixed.stdout
    doc = json.loads(runner.invoke(app, ["check", "2023", "-w", str(ws), "--baseline", str(baseline), "-f", "json"]).stdout)
    gone = {e["fingerprint"] for e in recorded if e["code"] == "AR101"}
    assert gone and gone <= set(doc["reports"][0]["baseline"]["fixed"])
    result = runner.invoke(app, ["check", "2023", "-w", str(ws), "--strict"])
    assert result.exit_code == 2 and "--baseline" in result.output


@pytest.mark.parametrize("which", ["unknown", "ambiguous", "too short"])
def test_dismiss_refuses_an_unknown_or_ambiguous_short_fingerprint(tmp_path, which):
    path = tmp_path / "基线.json"
    a = _finding()
    twins = [a.with_(fingerprint="abcdef0123456789"), a.with_(fingerprint="abcdef0199999999", code="AR103")]
    record([("桃岭乡人民政府", 2023, "a.json", twins)]).save(path)
    before = path.read_bytes()
    arg = {"unknown": "99999999", "ambiguous": "abcdef01", "too short": "abc"}[which]
    result = runner.invoke(app, ["dismiss", arg, "--reason", "x", "--baseline", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert {"unknown": "没有指纹", "ambiguous": "多条问题", "too short": "太短"}[which] in result.output
    assert "未改动" in result.output and path.read_bytes() == before


def test_word_comments_end_with_the_short_fingerprint(tmp_path):
    import re
    import zipfile

    draft = base_draft(5, tmp_path)
    annotated = tmp_path / "审核意见.docx"
    result = runner.invoke(app, ["check", str(draft), "--annotate", str(annotated)])
    shown = re.findall(r"（指纹 ([0-9a-f]{8,16}(?:-\d+)?)）", result.stdout)
    assert shown
    with zipfile.ZipFile(annotated) as z:
        comments = z.read("word/comments.xml").decode("utf-8")
    in_comments = re.findall(r"指纹：([0-9a-f]{8,16}(?:-\d+)?)", comments)
    assert sorted(in_comments) == sorted(shown)

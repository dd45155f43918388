"""Batch checking of a folder: grouping by body, history, order, summaries, hostile plugins."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

import pytest

from annual_report.check.inputs import BodyMapping, discover
from annual_report.app.check import run_batch
from annual_report.model.results import ReportResult
from annual_report.output.sinks import Sink
from synth import consistent_series
from annual_report.output.summary import HtmlSummary, XlsxSummary
from annual_report.files.config import Config, load_config


class Collect(Sink):
    def __init__(self):
        self.results: list[ReportResult] = []
        self.closed = None

    def add(self, result):
        self.results.append(result)

    def close(self, summary, complete):
        self.closed = (summary, complete)


def write_corpus(folder: Path, bodies: int = 3, years=(2021, 2022, 2023)) -> list[Path]:
    paths = []
    for b in range(bodies):
        sub = folder / f"乡镇 {b}"
        sub.mkdir(parents=True, exist_ok=True)
        for data in consistent_series(list(years), random.Random(b), body=f"第{b}号镇人民政府"):
            # file names say nothing useful: grouping must come from the content
            path = sub / f"报送 {data['year'] * 7 % 13}.json"
            path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            paths.append(path)
    return paths


def digest(paths):
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def test_discover_skips_lock_files_and_hidden(tmp_path):
    (tmp_path / "a.docx").write_bytes(b"x")
    (tmp_path / "b.xlsx").write_bytes(b"x")
    (tmp_path / "~$a.docx").write_bytes(b"x")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "b.json").write_text("{}")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.json").write_text("{}")
    (tmp_path / "notes.txt").write_text("x")
    assert discover([tmp_path], recursive=False) == [tmp_path / "a.docx"]
    assert discover([tmp_path], recursive=True) == [tmp_path / "a.docx", tmp_path / "sub" / "c.json"]


def test_groups_by_body_checks_against_own_history_in_stable_order(tmp_path):
    paths = write_corpus(tmp_path)
    before = digest(paths)
    one, two = Collect(), Collect()
    s1 = run_batch([tmp_path], config=Config(), sinks=[one], recursive=True, jobs=1)
    s2 = run_batch([tmp_path], config=Config(), sinks=[two], recursive=True, jobs=2)
    assert s1.reports == s2.reports == 9 and s1.bodies == 3
    order = [(r.body, r.year, r.path) for r in one.results]
    assert order == [(r.body, r.year, r.path) for r in two.results]
    assert order == sorted(order)
    by_year = {(r.body, r.year): r for r in one.results}
    assert by_year[("第1号镇人民政府", 2023)].history_years == (2021, 2022)
    assert by_year[("第1号镇人民政府", 2021)].history_years == ()
    assert one.closed[1] is True
    assert digest(paths) == before, "inputs must never be modified"


def test_unreadable_file_is_a_row_not_the_end(tmp_path):
    write_corpus(tmp_path, bodies=1)
    (tmp_path / "坏文件.json").write_text("{", encoding="utf-8")
    (tmp_path / "空.docx").write_bytes(b"")
    sink = Collect()
    summary = run_batch([tmp_path], config=Config(), sinks=[sink], recursive=True, jobs=2)
    failed = [r for r in sink.results if r.error]
    assert {Path(r.path).name for r in failed} == {"坏文件.json", "空.docx"}
    assert summary.unreadable == 2 and summary.reports == 5 and summary.has_errors
    assert all("JSON" in r.error or "docx" in r.error or "空" in r.error for r in failed)


def test_mapping_file_merges_aliases(tmp_path):
    folder = tmp_path / "in"
    series = consistent_series([2022, 2023], random.Random(3), body="青溪镇人民政府")
    series[0]["body"]["name"] = "青溪镇政府"  # the office wrote its name differently one year
    folder.mkdir()
    for d in series:
        (folder / f"{d['year']}.json").write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    mapping_file = tmp_path / "机关对照.toml"
    mapping_file.write_text('[aliases]\n"青溪镇政府" = "青溪镇人民政府"\n', encoding="utf-8")
    sink = Collect()
    run_batch([folder], config=Config(), sinks=[sink], mapping=BodyMapping.load(mapping_file), jobs=1)
    assert {r.body for r in sink.results} == {"青溪镇人民政府"}
    assert sink.results[-1].history_years == (2022,)


def test_summaries_are_written_and_readable(tmp_path):
    write_corpus(tmp_path / "in", bodies=2)
    (tmp_path / "in" / "坏.json").write_text("[", encoding="utf-8")
    xlsx, page = tmp_path / "汇总 结果.xlsx", tmp_path / "汇总.html"
    run_batch([tmp_path / "in"], config=Config(), sinks=[XlsxSummary(xlsx), HtmlSummary(page)], recursive=True, jobs=2)
    import openpyxl

    wb = openpyxl.load_workbook(xlsx)
    reports, findings = wb["报告"], wb["问题"]
    assert reports.freeze_panes == "A2" and reports.auto_filter.ref == "A1:I8"
    assert [c.value for c in reports[1]][:3] == ["机关", "年度", "文件"]
    assert reports.max_row == 1 + 7
    assert findings.freeze_panes == "A2"
    text = page.read_text(encoding="utf-8")
    # one row per report; rows carry classes now (has-error, failed) for the 只看错误 filter
    assert text.count('<tr class="report') == 7 and text.count('<td class="name" title=') == 7
    assert 'id="r7"' in text and "http" not in text.replace("http-equiv", "")  # self-contained
    assert not list(tmp_path.glob(".*.tmp"))


class Interrupt(Sink):
    def __init__(self, after):
        self.after, self.n = after, 0

    def add(self, result):
        self.n += 1
        if self.n == self.after:
            raise KeyboardInterrupt


def test_interrupted_run_leaves_no_half_written_summary(tmp_path):
    write_corpus(tmp_path / "in", bodies=2)
    xlsx, page = tmp_path / "s.xlsx", tmp_path / "s.html"
    page.write_text("earlier complete summary", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        run_batch([tmp_path / "in"], config=Config(), sinks=[XlsxSummary(xlsx), HtmlSummary(page), Interrupt(3)], recursive=True, jobs=2)
    assert not xlsx.exists()
    assert page.read_text(encoding="utf-8") == "earlier complete summary"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "s.html"]
    # re-running continues cleanly
    run_batch([tmp_path / "in"], config=Config(), sinks=[XlsxSummary(xlsx), HtmlSummary(page)], recursive=True, jobs=2)
    assert xlsx.exists() and "审核汇总" in page.read_text(encoding="utf-8")


HANGING = '''
import time
from annual_report import hookimpl, rule

@rule("ZZ901", "hangs", title="一个卡住的规则", severity="warning")
def hangs(report, ctx):
    """## 检查内容\\n测试用。"""
    if report.year == 2023:
        while True:
            time.sleep(0.01)
    return ()

@hookimpl
def register_rules(register):
    register(hangs)
'''

GREEDY = '''
from annual_report import hookimpl, rule

@rule("ZZ902", "eats-memory", title="一个耗尽内存的规则", severity="warning")
def eats(report, ctx):
    """## 检查内容\\n测试用。"""
    hoard = []
    while True:
        hoard.append(bytearray(50 * 1024 * 1024))

@hookimpl
def register_rules(register):
    register(eats)
'''

# killed while reading (no rule running, so no rule to blame): the report is lost, named
KILLED_FROM_OUTSIDE = '''
import os, signal
from annual_report import hookimpl
from annual_report.readers import Reader
from annual_report.readers.jsondata import load_report

def read(path):
    report = load_report(path)
    if report.year == 2022 and "第0号" in report.body.name:
        os.kill(os.getpid(), signal.SIGKILL)
    return report

@hookimpl
def register_readers(register):
    register(Reader("killer", (".json",), read))
'''

CRASHING = '''
import os
from annual_report import hookimpl, rule

@rule("ZZ903", "kills-worker", title="一个让进程退出的规则", severity="warning")
def kills(report, ctx):
    """## 检查内容\\n测试用。"""
    if report.year == 2022 and "第0号" in report.body.name:
        os._exit(3)
    return ()

@hookimpl
def register_rules(register):
    register(kills)
'''


def _workspace_with(tmp_path, name, source, timeout=0.5):
    ws = tmp_path / "ws"
    (ws / "plugins").mkdir(parents=True)
    (ws / "annual-report.toml").write_text(f"[check]\nrule_timeout = {timeout}\nworker_memory_mb = 1000\n", encoding="utf-8")
    (ws / "plugins" / f"{name}.py").write_text(source, encoding="utf-8")
    return load_config(ws)


def test_hanging_rule_is_stopped_and_reported(tmp_path):
    write_corpus(tmp_path / "in", bodies=1)
    config = _workspace_with(tmp_path, "hang", HANGING)
    sink = Collect()
    run_batch([tmp_path / "in"], config=config, sinks=[sink], recursive=True, jobs=2)
    timeouts = {r.year: [f for f in r.findings if f.code == "AR004"] for r in sink.results}
    assert len(timeouts[2023]) == 1 and "ZZ901" in timeouts[2023][0].message
    assert timeouts[2021] == [] and timeouts[2022] == []


def test_memory_eating_rule_is_contained(tmp_path):
    write_corpus(tmp_path / "in", bodies=1, years=(2023,))
    config = _workspace_with(tmp_path, "greedy", GREEDY, timeout=60)
    sink = Collect()
    run_batch([tmp_path / "in"], config=config, sinks=[sink], recursive=True, jobs=1)
    (result,) = sink.results
    crashed = [f for f in result.findings if f.code == "AR003"]
    assert crashed and "MemoryError" in crashed[0].message


def test_worker_that_dies_costs_only_the_rule_that_killed_it(tmp_path):
    """A rule that ends its worker (os._exit) is named on the report it was checking, and the
    report is checked again without it; every other report and rule is unaffected."""
    write_corpus(tmp_path / "in", bodies=3)
    config = _workspace_with(tmp_path, "crash", CRASHING)
    sink = Collect()
    summary = run_batch([tmp_path / "in"], config=config, sinks=[sink], recursive=True, jobs=2)
    assert summary.reports == 9
    assert not [r.error for r in sink.results if r.error]
    crashed = {(r.body, r.year): [f for f in r.findings if f.code == "AR003"] for r in sink.results}
    (finding,) = crashed.pop(("第0号镇人民政府", 2022))
    assert "ZZ903" in finding.message and "退出码 3" in finding.message and "其余规则照常检查" in finding.message
    assert not any(crashed.values())
    clean = next(r for r in sink.results if (r.body, r.year) == ("第1号镇人民政府", 2022))
    again = next(r for r in sink.results if (r.body, r.year) == ("第0号镇人民政府", 2022))
    assert {f.code for f in again.findings} - {"AR003"} == {f.code for f in clean.findings}  # the other rules ran


def test_worker_killed_from_outside_is_reported(tmp_path):
    """A worker killed mid-run (SIGKILL, as the kernel's OOM killer does) every time it checks
    one report: that report is a row saying so, named, the others are checked."""
    write_corpus(tmp_path / "in", bodies=2)
    config = _workspace_with(tmp_path, "killed", KILLED_FROM_OUTSIDE)
    sink = Collect()
    summary = run_batch([tmp_path / "in"], config=config, sinks=[sink], recursive=True, jobs=2)
    assert summary.reports == 6 and summary.unreadable == 1
    (lost,) = [r for r in sink.results if r.error]
    assert Path(lost.path).name == f"报送 {2022 * 7 % 13}.json" and Path(lost.path).parent.name == "乡镇 0"
    assert "处理这份报告的进程被 SIGKILL 终止" in lost.error
    checked = {(r.body, r.year) for r in sink.results if not r.error}
    assert checked == {("第0号镇人民政府", 2021), ("第0号镇人民政府", 2023)} | {("第1号镇人民政府", y) for y in (2021, 2022, 2023)}


def test_docx_corpus_inputs_unchanged_and_broken_files_are_rows(tmp_path):
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from drafts import DraftStyle, write_draft

    folder = tmp_path / "报送 材料"
    folder.mkdir()
    for d in consistent_series([2022, 2023], random.Random(5), body="桃岭乡人民政府"):
        write_draft(d, folder / f"桃岭乡 {d['year']} 年报.docx", DraftStyle(seed=d["year"]))
    (folder / "旧版.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    (folder / "截断.docx").write_bytes((folder / "桃岭乡 2023 年报.docx").read_bytes()[:3000])
    (folder / "~$桃岭乡 2023 年报.docx").write_bytes(b"lock")
    paths = sorted(p for p in folder.iterdir())
    before = digest(paths)
    sink = Collect()
    summary = run_batch([folder], config=Config(), sinks=[sink], jobs=2)
    assert digest(paths) == before
    by_name = {Path(r.path).name: r for r in sink.results}
    assert set(by_name) == {"桃岭乡 2022 年报.docx", "桃岭乡 2023 年报.docx", "截断.docx", "旧版.doc"}  # not Word's lock file
    assert "损坏" in by_name["截断.docx"].error
    assert "libreoffice" in by_name["旧版.doc"].error.lower()
    assert by_name["桃岭乡 2023 年报.docx"].history_years == (2022,)
    assert summary.unreadable == 2


def test_temporary_file_of_a_killed_run_is_cleaned_up_later(tmp_path):
    import os
    import time

    write_corpus(tmp_path / "in", bodies=1, years=(2023,))
    target = tmp_path / "汇总.xlsx"
    stale = tmp_path / ".汇总-abc123.xlsx.tmp"  # what a SIGKILLed run leaves behind
    fresh = tmp_path / ".汇总-def456.xlsx.tmp"  # another run, still writing
    stale.write_bytes(b"half")
    fresh.write_bytes(b"half")
    old = time.time() - 7200
    os.utime(stale, (old, old))
    run_batch([tmp_path / "in"], config=Config(), sinks=[XlsxSummary(target)], recursive=True, jobs=1)
    assert target.exists() and not stale.exists() and fresh.exists()


def test_copies_of_one_years_report_are_checked_as_a_report_alone_not_as_missing_last_year(tmp_path):
    """Two files of one body and year and no other year: nothing to compare with, said as for a
    file alone (a note), not as a missing year (AR204) on one copy and a note on the other."""
    import shutil

    from typer.testing import CliRunner

    from annual_report.cli import app

    report = Path(__file__).resolve().parent / "fixtures" / "notreport" / "云溪乡2023年报.docx"
    shutil.copy(report, tmp_path / "初稿.docx")
    shutil.copy(report, tmp_path / "终稿.docx")
    result = CliRunner().invoke(app, ["check", str(tmp_path), "--format", "json", "--jobs", "1"])
    entries = json.loads(result.stdout)["reports"]
    assert len(entries) == 2
    for entry in entries:
        assert "AR204" not in [f["code"] for f in entry["findings"]], entry["file"]
    text = CliRunner().invoke(app, ["check", str(tmp_path), "--jobs", "1"]).stdout
    assert text.count("文件夹中没有该机关其他年度的报告，跨年度检查未进行") == 2, text


def test_a_title_with_the_short_name_is_the_same_body_as_the_full_name_in_a_batch(tmp_path):
    """"青溪镇2023年…" in a draft's title and 青溪镇人民政府 in last year's data: one body, compared
    (as a file checked alone in its workspace), named by the fuller form."""
    from docx import Document
    from typer.testing import CliRunner

    from annual_report.app.workspace import init_example
    from annual_report.cli import app

    ws = init_example(tmp_path / "ws")
    runner = CliRunner()
    assert runner.invoke(app, ["build", "2023", "-w", str(ws)]).exit_code == 0
    doc = Document(ws / "out" / "2023年政府信息公开工作年度报告.docx")
    title = doc.paragraphs[0]
    title.runs[0].text = "青溪镇2023年政府信息公开工作年度报告"
    for run in title.runs[1:]:
        run.text = ""
    folder = tmp_path / "报送"
    folder.mkdir()
    doc.save(folder / "青溪镇2023.docx")
    (folder / "2022.json").write_bytes((ws / "data" / "2022.json").read_bytes())
    result = runner.invoke(app, ["check", str(folder), "--format", "json", "--jobs", "1"])
    entries = {Path(e["file"]).name: e for e in json.loads(result.stdout)["reports"]}
    assert entries["青溪镇2023.docx"]["history"] == [2022], entries["青溪镇2023.docx"]["history"]
    assert {e["body"] for e in entries.values()} == {"青溪镇人民政府"}

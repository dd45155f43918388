"""Files that are not annual reports in what ``check``, ``site``, ``extract`` and ``--history``
are given: our own 解读 (.docx and .html from ``interpret``), a portal's 图解 page, a memo
written in Word.  Each is recognised once (text.document_kind), checked by AR024 alone, never
chosen as a duplicate or as history; ``extract`` refuses a report written under another year,
even with ``--force``.

Fixtures: tests/fixtures/notreport/make_notreport.py (committed with what it wrote).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annual_report.check.engine import make_checker
from annual_report.check.inputs import Identity, choose
from annual_report.cli import app
from annual_report.readers import read_report
from annual_report.text.document_kind import INTERPRETATION, OTHER, REPORT, document_kind

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "notreport"
REPORT_FILE = FIXTURES / "云溪乡2023年报.docx"
READING_DOCX = FIXTURES / "2023年政府信息公开工作年度报告解读.docx"
READING_HTML = FIXTURES / "2023年政府信息公开工作年度报告解读.html"
PICTURE = FIXTURES / "一图读懂.html"
MEMO = FIXTURES / "关于报送年度报告的便函.docx"
NOT_REPORTS = (READING_DOCX, READING_HTML, PICTURE, MEMO)

runner = CliRunner()


@pytest.mark.parametrize(
    "path, kind",
    [(REPORT_FILE, REPORT), (READING_DOCX, INTERPRETATION), (READING_HTML, INTERPRETATION), (PICTURE, INTERPRETATION), (MEMO, OTHER)],
    ids=lambda v: v.name if isinstance(v, Path) else v,
)
def test_each_file_is_recognised(path, kind):
    assert document_kind(read_report(path)) == kind


def test_our_html_says_which_program_wrote_it():
    assert read_report(READING_HTML).meta["generator"] == "annual-report interpret"
    assert "generator" not in read_report(PICTURE).meta


@pytest.mark.parametrize("path", NOT_REPORTS, ids=lambda p: p.name)
def test_ar024_is_the_only_finding_on_a_non_report(path):
    checker = make_checker()
    report = read_report(path)
    assert [f.code for f in checker.check(report)] == ["AR024"]
    history = [read_report(REPORT_FILE)]
    assert [f.code for f in checker.check(report, history)] == ["AR024"]


def test_a_real_report_has_no_ar024():
    codes = [f.code for f in make_checker().check(read_report(REPORT_FILE))]
    assert "AR024" not in codes and codes


def test_check_memo_is_one_ar024_and_exit_1():
    result = runner.invoke(app, ["check", str(MEMO), "--format", "json"])
    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)["reports"][0]["findings"]
    assert [f["code"] for f in findings] == ["AR024"]
    assert findings[0]["message"].startswith("这不是政府信息公开工作年度报告")
    entry = json.loads(result.stdout)["reports"][0]
    assert entry["body"] is None and entry["kind"] == OTHER  # not "报送", a word the reader took for a body


def test_a_file_alone_is_named_as_in_a_folder_and_gets_no_notes_of_a_report(tmp_path):
    result = runner.invoke(app, ["check", str(MEMO)])
    head = result.stdout.splitlines()[0]
    assert head == f"（不是年度报告）  {MEMO}", result.stdout  # not "报送 2023年", words the reader took for a body
    assert "往年" not in result.stdout and "机关层级" not in result.stdout
    # a file alone is a batch of one: the same block as in a folder
    folder = tmp_path / "one"
    folder.mkdir()
    shutil.copy(MEMO, folder / MEMO.name)
    batch = runner.invoke(app, ["check", str(folder), "--jobs", "1"]).stdout
    assert "共检查 1 个文件（0 个机关，无法读取 0 份，不是年度报告 1 份）" in batch


def test_check_interpretation_says_so():
    result = runner.invoke(app, ["check", str(READING_DOCX)])
    assert result.exit_code == 1
    assert "这是年度报告的解读，不是报告本身" in result.stdout and "AR6" not in result.stdout


def _folder(tmp_path: Path) -> Path:
    """A report, its 解读 (written later, as ``interpret`` writes it after the report), a 图解
    and a memo in one folder."""
    folder = tmp_path / "out"
    folder.mkdir()
    for path in (REPORT_FILE, *NOT_REPORTS):
        shutil.copy(path, folder / path.name)
    base = os.stat(folder / REPORT_FILE.name).st_mtime
    for n, path in enumerate(NOT_REPORTS, start=1):
        os.utime(folder / path.name, (base + 60 * n, base + 60 * n))  # every non-report newer than the report
    return folder


def test_folder_checks_the_report_and_names_the_others(tmp_path):
    folder = _folder(tmp_path)
    result = runner.invoke(app, ["check", str(folder), "--format", "json", "--jobs", "1"])
    reports = {Path(r["file"]).name: r for r in json.loads(result.stdout)["reports"]}
    assert set(reports) == {p.name for p in (REPORT_FILE, *NOT_REPORTS)}
    report = reports[REPORT_FILE.name]
    assert report["body"] == "云溪乡人民政府"
    assert "AR024" not in [f["code"] for f in report["findings"]]
    for path in NOT_REPORTS:
        entry = reports[path.name]
        assert entry["body"] is None and entry["kind"] == (OTHER if path == MEMO else INTERPRETATION)
        assert [f["code"] for f in entry["findings"]] == ["AR024"]
        assert entry["history"] == []


def test_folder_text_names_non_reports_and_counts_them(tmp_path):
    folder = _folder(tmp_path)
    result = runner.invoke(app, ["check", str(folder), "--jobs", "1"])
    out = result.stdout
    assert out.count("（不是年度报告）  ") == 4
    assert "共检查 5 个文件（1 个机关，无法读取 0 份，不是年度报告 4 份）" in out
    assert "重复：" not in out  # the newer 解读 is not the report's duplicate
    assert "（未识别机关）" not in out


def test_choose_never_sees_a_non_report_and_prefers_a_clean_file(tmp_path):
    from annual_report.check.inputs import BodyMapping, find_duplicates

    old, new = tmp_path / "a.docx", tmp_path / "b.docx"
    old.write_bytes(b"1")
    new.write_bytes(b"2")
    os.utime(old, (1_000_000, 1_000_000))
    clean = Identity(0, str(old), "云溪乡人民政府", 2023, errors=0)
    broken = Identity(1, str(new), "云溪乡人民政府", 2023, errors=2)
    assert choose([clean, broken]) == (clean, "读取时没有错误")
    assert choose([clean, Identity(1, str(new), "云溪乡人民政府", 2023)])[0].path == str(new)  # not known: newest
    reading = Identity(1, str(new), "云溪乡人民政府", 2023, kind=INTERPRETATION)
    assert find_duplicates([clean, reading], BodyMapping(), [tmp_path]) == []


def test_site_leaves_out_the_interpretation_and_memo(tmp_path):
    folder = _folder(tmp_path)
    listed = tmp_path / "withheld.txt"
    result = runner.invoke(app, ["site", str(folder), "-o", str(tmp_path / "site"), "--withheld-list", str(listed), "--force"])
    assert result.exit_code == 0, result.output
    lines = listed.read_text(encoding="utf-8").splitlines()
    assert "已发布 1 份报告；未发布 4 个文件。" in lines
    for path in NOT_REPORTS:
        (line,) = [x for x in lines if path.name in x]
        assert line.startswith("[不是年度报告]"), line
    assert sum("是年度报告的解读，不是报告本身" in x for x in lines) == 3
    # the memo has a title, just not a report's: the site says what check says, in the same words
    (memo_line,) = [x for x in lines if MEMO.name in x]
    check = json.loads(runner.invoke(app, ["check", str(MEMO), "-f", "json"]).stdout)
    said = check["reports"][0]["findings"][0]["message"]
    why = "不是政府信息公开工作年度报告（没有年度报告的标题、法定表格，也不足四个部分）"
    assert why in memo_line and why in said, (memo_line, said)


def test_extract_refuses_another_years_file_name(tmp_path):
    target = tmp_path / "data" / "2020.json"
    result = runner.invoke(app, ["extract", str(REPORT_FILE), "-o", str(target)])
    assert result.exit_code == 2, result.output
    assert f"-o {(tmp_path / 'data' / '2023.json').as_posix()}" in result.output
    assert not target.exists()
    # not with --force either: every command of the workspace would refuse such a file
    result = runner.invoke(app, ["extract", str(REPORT_FILE), "-o", str(target), "--force"])
    assert result.exit_code == 2, result.output
    assert "是 2023 年度的报告" in result.output and "各命令都不会使用" in result.output and not target.exists()


@pytest.mark.parametrize("path", (READING_DOCX, MEMO), ids=lambda p: p.name)
def test_extract_refuses_a_non_report(path, tmp_path):
    result = runner.invoke(app, ["extract", str(path), "-o", str(tmp_path / "2023.json"), "--force"])
    assert result.exit_code == 2, result.output
    assert "请改用报告原文" in result.output and not (tmp_path / "2023.json").exists()


@pytest.mark.parametrize("command", ("check", "interpret"))
def test_history_refuses_a_non_report(command, tmp_path):
    args = [command, str(REPORT_FILE), "--history", str(READING_DOCX)]
    if command == "interpret":
        args += ["-o", str(tmp_path), "--force"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "--history 2023年政府信息公开工作年度报告解读.docx 是年度报告的解读" in result.output


def test_batch_prefers_the_older_draft_without_reading_errors(tmp_path):
    """Two drafts of one body and year: the newer has a cell that is not a number (AR014, an
    error the reading rules know before the choice); the older, clean one is used."""
    import random

    import docx
    from drafts import DraftStyle, write_draft
    from synth import consistent_data

    folder = tmp_path / "报送"
    folder.mkdir()
    data = consistent_data(2023, random.Random(3))
    clean = write_draft(data, folder / "二稿.docx", DraftStyle())
    broken = write_draft(data, folder / "三稿.docx", DraftStyle())
    doc = docx.Document(broken)
    cell = next(c for t in doc.tables for row in t.rows for c in row.cells if c.text.strip().isdigit())
    cell.paragraphs[0].runs[0].text = "约3件"
    for run in cell.paragraphs[0].runs[1:]:
        run.text = ""
    doc.save(broken)
    os.utime(clean, (1_000_000, 1_000_000))
    result = runner.invoke(app, ["check", str(folder), "--jobs", "1"])
    assert "AR014" in result.stdout
    assert "采用 二稿.docx（读取时没有错误）" in result.stdout, result.stdout

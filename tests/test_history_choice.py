"""History is the same body's earlier years, never another body's, never a later year.

In the example workspace (青溪镇人民政府): the real published report of 洪泽区人民政府
(tests/fixtures/published/hongze-2023.pdf) gets none of the workspace's years, with a note, in
``check`` and ``interpret``; ``--history`` of the same or a later year, or the report itself,
is refused (exit 2); a data file whose year is not its name is refused wherever the workspace
reads it (a year given, history chosen from the workspace, ``build``)."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annual_report.app.session import open_session
from annual_report.app.workspace import init_example
from annual_report.cli import app

HONGZE = Path(__file__).resolve().parent / "fixtures" / "published" / "hongze-2023.pdf"
NOTE = "报告的机关“洪泽区人民政府”不是本工作区的机关“青溪镇人民政府”，未对照工作区的往年数据；如需对照请用 --history 指定往年报告"
runner = CliRunner()


@pytest.fixture
def ws(tmp_path, monkeypatch):
    root = init_example(tmp_path / "青溪镇示例")
    monkeypatch.chdir(root)
    return root


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


def json_report(*args) -> dict:
    result = invoke("check", *args, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)["reports"][0]


# --- another body's report ----------------------------------------------------------------


def test_another_bodys_report_is_not_compared_with_the_workspaces_years(ws):
    report = json_report(HONGZE)
    codes = {f["code"] for f in report["findings"]}
    assert report["history"] == []
    assert not codes & {"AR202", "AR205", "AR621"}, codes  # nothing of 青溪镇's 2021/2022
    text = invoke("check", HONGZE)
    assert NOTE in text.output and "对照往年报告" not in text.output


def test_explicit_history_stays_the_users_choice(ws):
    report = json_report(HONGZE, "--history", "2022")
    assert report["history"] == [2022]
    assert "AR205" in {f["code"] for f in report["findings"]}  # the bodies differ: said, not refused


def test_the_workspaces_own_data_and_body_keep_their_history(ws):
    data = ws / "data" / "2023.json"
    doc = json.loads(data.read_text(encoding="utf-8"))
    doc["body"]["name"] = "青溪乡人民政府"  # renamed in its own data file: still the workspace's
    data.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert json_report("2023")["history"] == [2021, 2022]
    session = open_session(ws)
    report = session.read("2023")
    assert session.other_body(report) == ""
    spaced = replace(report, body=replace(report.body, name="青溪镇 人民政府"), source=replace(report.source, path="elsewhere.docx"))
    unknown = replace(spaced, body=replace(report.body, name=""))
    other = replace(spaced, body=replace(report.body, name="洪泽区人民政府"))
    assert session.other_body(spaced) == "" and session.other_body(unknown) == ""
    assert session.other_body(other) == NOTE
    # a draft's title names the body as people write it: "青溪镇2023年…", "青溪镇政府…" are the
    # config's 青溪镇人民政府; a department of the government, or another town, is not
    for name in ("青溪镇", "青溪镇政府", "青溪镇人民政府", "青山县青溪镇人民政府"):
        assert session.other_body(replace(spaced, body=replace(report.body, name=name))) == "", name
    for name in ("青溪镇人民政府办公室", "青溪乡", "东溪镇人民政府"):
        assert session.other_body(replace(spaced, body=replace(report.body, name=name))) != "", name


def test_a_draft_titled_with_the_short_name_gets_the_workspace_years_and_no_ar205(ws):
    from docx import Document

    assert invoke("build", "2023").exit_code == 0
    doc = Document(ws / "out" / "2023年政府信息公开工作年度报告.docx")
    title = doc.paragraphs[0]
    title.runs[0].text = "青溪镇2023年政府信息公开工作年度报告"
    for run in title.runs[1:]:
        run.text = ""
    doc.save(ws / "草稿.docx")
    report = json_report(ws / "草稿.docx")
    assert report["body"] == "青溪镇" and report["history"] == [2021, 2022], report["history"]
    assert "AR205" not in {f["code"] for f in report["findings"]}
    # the workspace's body: the level is the config's, not one guessed from the name
    assert "机关层级按名称" not in invoke("check", ws / "草稿.docx").output
    assert "机关层级按名称“洪泽区人民政府”推断" in invoke("check", HONGZE).output  # another body's: guessed, and said


def test_interpret_of_another_bodys_report_has_no_change_on_last_year(ws, tmp_path):
    result = invoke("interpret", HONGZE, "--force", "-f", "html", "-o", tmp_path / "o")
    assert result.exit_code == 0, result.output
    assert NOTE in result.stderr
    (page,) = (tmp_path / "o").glob("*.html")
    html = page.read_text(encoding="utf-8")
    assert "比上年增加" not in html and "比上年减少" not in html and "4110" not in html


def test_another_bodys_interpretation_never_replaces_the_workspaces_own(ws):
    assert invoke("interpret", "2023", "-f", "html").exit_code == 0
    own = ws / "out" / "2023年政府信息公开工作年度报告解读.html"
    before = own.read_bytes()
    result = invoke("interpret", HONGZE, "--force", "-f", "html")
    assert result.exit_code == 0, result.output
    assert own.read_bytes() == before  # 青溪镇's 解读 untouched
    assert (ws / "out" / "洪泽区人民政府2023年政府信息公开工作年度报告解读.html").is_file()


# --- history of the same or a later year ------------------------------------------------------


@pytest.mark.parametrize("command", ["check", "interpret"])
def test_history_of_a_later_or_the_same_year_is_refused(ws, tmp_path, command):
    later = invoke(command, "2022", "--history", "data/2023.json", "-o", tmp_path / "o") if command == "interpret" else invoke(command, "2022", "--history", "data/2023.json")
    assert later.exit_code == 2, later.output
    assert "--history data/2023.json 是 2023 年度的报告，本报告是 2022 年度的" in later.output
    itself = invoke(command, HONGZE, "--history", HONGZE)
    assert itself.exit_code == 2, itself.output
    assert f"--history {HONGZE} 就是本报告（2023年）自身" in itself.output
    same_year = invoke(command, HONGZE, "--history", "2023")
    assert same_year.exit_code == 2 and "是 2023 年度的报告，本报告是 2023 年度的" in same_year.output
    assert not (tmp_path / "o").exists()


# --- a data file whose content is another year ------------------------------------------------


@pytest.fixture
def misnamed(ws):
    shutil.copy(ws / "data" / "2023.json", ws / "data" / "2020.json")
    return "data/2020.json 中记录的是 2023 年度的数据，与文件名不符；请把文件改名为 2023.json"


@pytest.mark.parametrize("args", [("check", "2020"), ("check", "data/2020.json"), ("check", "2023"), ("build", "2020"), ("interpret", "2023")])
def test_a_data_file_holding_another_year_is_refused(ws, misnamed, args):
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert misnamed in result.output
    assert not list((ws / "out").glob("*.docx")) and not list((ws / "out").glob("*.html"))


def test_a_data_file_renamed_as_the_message_says_is_used(ws, misnamed):
    (ws / "data" / "2023.json").unlink()
    (ws / "data" / "2020.json").rename(ws / "data" / "2023.json")
    assert json_report("2023")["history"] == [2021, 2022]


def test_a_batch_in_the_workspace_compares_its_bodys_drafts_with_the_workspaces_years(ws, tmp_path):
    """Two files checked together are a batch of two, and a batch gets the workspace's years for
    the workspace body's drafts as a file checked alone does; another body's report in the same
    batch does not; the data files are read, never checked or reported."""
    assert invoke("build", "2023").exit_code == 0
    folder = tmp_path / "报送"
    folder.mkdir()
    shutil.copy(ws / "out" / "2023年政府信息公开工作年度报告.docx", folder / "青溪镇2023.docx")
    shutil.copy(HONGZE, folder / HONGZE.name)
    for args in ([folder], [folder / "青溪镇2023.docx", folder / HONGZE.name]):
        result = invoke("check", *args, "--format", "json", "--jobs", "1")
        entries = {Path(e["file"]).name: e for e in json.loads(result.stdout)["reports"]}
        assert set(entries) == {"青溪镇2023.docx", HONGZE.name}  # data/*.json not reported
        assert entries["青溪镇2023.docx"]["history"] == [2021, 2022]
        assert entries[HONGZE.name]["history"] == []

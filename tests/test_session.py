"""One way to start: ``open_session`` (the workspace found or not, its config, the plugins loaded
once, one model-building path), and the equalities it gives — a year and its data file are the
same report, a file checked alone and in a folder of one give the same JSON."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annual_report.app.session import NOT_IN_WORKSPACE, available_years, open_session
from annual_report.cli import app
from annual_report.model.errors import UserError
from annual_report.model.report import parse_year

ROOT = Path(__file__).resolve().parents[1]
DEFECTS = ROOT / "examples" / "typical-defects"  # a workspace whose data answer its work plans
runner = CliRunner()


@pytest.fixture
def defects(tmp_path):
    return Path(shutil.copytree(DEFECTS, tmp_path / "defects"))


def check_json(*args) -> dict:
    result = runner.invoke(app, ["check", *map(str, args), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def _relative(reports: list[dict], root: Path) -> list[dict]:
    """Reports with the paths relative to ``root`` ("2023" names data/2023.json by its full path)."""
    return json.loads(json.dumps(reports, ensure_ascii=False).replace(f"{root}/", ""))


def test_a_year_and_its_data_file_give_the_same_findings(defects, monkeypatch):
    monkeypatch.chdir(defects)
    by_year = check_json("2023")["reports"]
    by_file = check_json("data/2023.json")["reports"]
    assert _relative(by_year, defects) == _relative(by_file, defects)
    codes = [f["code"] for f in by_file[0]["findings"]]
    # the work plan section is made from the file's answers either way, so the plan is checked
    # task by task (AR620), not reported missing (AR605)
    assert "AR620" in codes and "AR605" not in codes


def test_a_data_file_in_a_checked_folder_is_the_same_model(defects, monkeypatch):
    monkeypatch.chdir(defects)
    by_year = check_json("2023")["reports"][0]
    in_folder = [r for r in check_json("data")["reports"] if r["year"] == 2023][0]
    assert _relative([by_year], defects) == _relative([in_folder], defects)


@pytest.mark.parametrize("name", ["2023.json", "2022.json"])
def test_a_file_alone_and_a_folder_of_one_give_the_same_json(defects, tmp_path, monkeypatch, name):
    folder = tmp_path / "one"
    folder.mkdir()
    shutil.copy(defects / "data" / name, folder / name)
    monkeypatch.chdir(tmp_path)  # outside any workspace
    alone = check_json(Path("one") / name)
    as_folder = check_json("one")
    assert alone["reports"] == as_folder["reports"]
    assert alone["reports"][0]["edition"] == "2021"
    assert "AR204" not in {f["code"] for f in as_folder["reports"][0]["findings"]}


def test_a_folder_still_names_the_missing_year_among_a_bodys_reports(defects, tmp_path, monkeypatch):
    folder = tmp_path / "two"
    folder.mkdir()
    for name in ("2021.json", "2023.json"):
        shutil.copy(defects / "data" / name, folder / name)
    monkeypatch.chdir(tmp_path)
    reports = {r["year"]: r for r in check_json("two")["reports"]}
    assert "AR204" in {f["code"] for f in reports[2023]["findings"]}  # 2022 is missing


def test_open_session_finds_the_workspace_and_loads_plugins_once(defects, monkeypatch):
    monkeypatch.chdir(defects / "data")
    session = open_session()
    assert session.root == defects
    assert session.checker is session.checker and session.plugins is session.checker.plugins
    assert session.readers and all(hasattr(r, "read") for r in session.readers)
    assert available_years(session.config) == [2021, 2022, 2023]
    assert session.read("2023").body.name == session.read(defects / "data" / "2023.json").body.name
    assert [h.year for h in session.history(session.read("2023"))] == [2022, 2021]


def test_open_session_says_what_is_wrong(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UserError, match="不是工作区（没有 annual-report.toml）"):
        open_session(tmp_path)
    with pytest.raises(UserError) as err:
        open_session(require_workspace=True)
    assert str(err.value) == NOT_IN_WORKSPACE
    session = open_session()
    assert session.root is None
    with pytest.raises(UserError, match="看起来是年度，但当前不在工作区中"):
        session.read("2023")
    with pytest.raises(UserError, match="--level"):
        open_session(level="村委会")


def test_a_year_not_in_the_workspace_lists_the_years_there_are(defects, monkeypatch):
    monkeypatch.chdir(defects)
    with pytest.raises(UserError, match="已有年度：2021、2022、2023"):
        open_session().read("2019")


@pytest.mark.parametrize(
    "text, year",
    [("2023", 2023), (" 2023年", 2023), ("２０２３", None), ("23", None), ("2023.json", None), ("abcd", None), ("20234", None)],
)
def test_one_year_parser(text, year):
    assert parse_year(text) == year


def test_every_command_starts_with_the_same_not_a_workspace_message(tmp_path):
    for args in (["check", "2023"], ["rules"], ["plugins"], ["interpret", "2023"], ["build", "2023"], ["workbook", "2023"]):
        result = runner.invoke(app, [*args, "-w", str(tmp_path)])
        assert result.exit_code == 2 and f"{tmp_path} 不是工作区（没有 annual-report.toml）" in result.output, (args, result.output)

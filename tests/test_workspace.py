"""The workspace: what ``init`` creates, the example's three years, discovery, history,
config, the output registry, atomic writes and PDF export."""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from annual_report.check.engine import make_checker
from annual_report.cli import app
from annual_report.model.findings import Severity
from annual_report.model.layout import B_COMPONENT_COLUMNS
from annual_report.files.writing import write_atomic
from annual_report.readers.jsondata import load_report, read_json
from annual_report.text.figure_refs import references_in
from annual_report.app.workspace import EXAMPLE, OutputRegistry, init_workspace, sha256_file
from annual_report.files.config import load_config

runner = CliRunner()
YEARS = (2021, 2022, 2023)
OUT_NAME = "{year}年政府信息公开工作年度报告.docx"


def invoke(*args, **kwargs):
    return runner.invoke(app, [str(a) for a in args], **kwargs)


@pytest.fixture
def ws(tmp_path):
    return init_workspace(tmp_path / "ws")


def out_file(ws: Path, year: int = 2023) -> Path:
    return ws / "out" / OUT_NAME.format(year=year)


def leftovers(folder: Path) -> list[str]:
    """Report or temporary files in ``folder`` (READMEs do not count)."""
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.suffix in (".docx", ".tmp", ".pdf") or p.name.startswith("."))


def edit_data(ws: Path, year: int, change) -> None:
    path = ws / "data" / f"{year}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


# --- init --------------------------------------------------------------------------------------


def test_init_creates_the_whole_layout(ws):
    assert (ws / "annual-report.toml").is_file()
    assert sorted(p.name for p in (ws / "data").iterdir()) == ["2021.json", "2022.json", "2023.json"]
    for folder in ("plugins", "templates", "reference", "workplans", "out"):
        assert (ws / folder).is_dir(), folder
        readme = ws / folder / "README.txt"
        assert readme.is_file() and len(readme.read_text(encoding="utf-8")) > 40, folder
    assert not list((ws / "templates").glob("*.docx")), "templates/ holds no override until the user adds one"
    config = load_config(ws)
    assert config.body_name == "青溪镇人民政府" and config.body_level == "乡镇/街道"
    assert config.output_name == OUT_NAME and config.history_years == 3


def test_config_explains_every_setting_in_comments(ws):
    text = (ws / "annual-report.toml").read_text(encoding="utf-8")
    for section in ("[body]", "[build]", "[check]", "[rules]"):
        assert section in text
    for example in ("# disable = [", "# [rules.severity]", "# [rules.options."):
        assert example in text, example
    assert "{name}" in text and "{year}" in text  # the output naming is explained


def test_plugin_readme_example_is_a_working_plugin(ws):
    """The code block in plugins/README.txt, saved as a .py file, is a local rule that runs."""
    readme = (ws / "plugins" / "README.txt").read_text(encoding="utf-8")
    block = [line[4:] for line in readme.splitlines() if line.startswith("    ") or not line.strip()]
    code = "\n".join(block).strip()
    start = code.index("from annual_report")
    (ws / "plugins" / "qx_fee.py").write_text(code[start:] + "\n", encoding="utf-8")
    edit_data(ws, 2023, lambda d: d["parts"].__setitem__("六", ["本年度无其他需要报告的事项。"]))
    checker = make_checker(load_config(ws))
    findings = checker.setup_findings() + checker.check(load_report(ws / "data" / "2023.json"), [])
    assert [f.code for f in findings if f.code.startswith("QX")] == ["QX101"]
    assert not [f for f in findings if f.code.startswith("AR0")], "the plugin loaded without problems"


def test_init_never_overwrites_and_says_why(tmp_path):
    root = init_workspace(tmp_path / "a")
    before = (root / "data" / "2023.json").read_bytes()
    result = invoke("init", root)
    assert result.exit_code == 2 and "已经是工作区" in result.output and "不会覆盖" in result.output
    assert (root / "data" / "2023.json").read_bytes() == before

    a_file = tmp_path / "note.txt"
    a_file.write_text("x", encoding="utf-8")
    result = invoke("init", a_file)
    assert result.exit_code == 2 and "不会覆盖" in result.output and a_file.read_text(encoding="utf-8") == "x"

    empty = tmp_path / "empty"
    empty.mkdir()
    assert invoke("init", empty).exit_code == 0 and (empty / "annual-report.toml").is_file()


def test_init_default_folder_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("init")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "annual-report-workspace" / "annual-report.toml").is_file()
    assert "annual-report build 2023" in result.output


def test_init_with_the_users_body(tmp_path):
    root = tmp_path / "桃岭乡"
    result = invoke("init", root, "--name", "桃岭乡人民政府", "--level", "乡镇/街道", "--region", "安徽省某县")
    assert result.exit_code == 0, result.output
    config = load_config(root)
    assert (config.body_name, config.body_level, config.body_region) == ("桃岭乡人民政府", "乡镇/街道", "安徽省某县")
    for year in YEARS:
        report = load_report(root / "data" / f"{year}.json")
        assert report.body.name == "桃岭乡人民政府" and report.body.region == "安徽省某县"
        assert "青溪镇人民政府" not in "".join(p.text for p in report.paragraphs())
    assert invoke("build", "2023", "-w", root).exit_code == 0
    title = [p.text for p in docx.Document(out_file(root)).paragraphs[:2]]
    assert title == ["桃岭乡人民政府", "2023年政府信息公开工作年度报告"]


def test_init_level_is_one_of_the_schema_levels(tmp_path):
    result = invoke("init", tmp_path / "x", "--level", "村委会")
    assert result.exit_code == 2 and "乡镇/街道" in result.output
    assert not (tmp_path / "x").exists()


# --- the example's three years ------------------------------------------------------------------


@pytest.fixture(scope="module")
def example():
    return {year: load_report(EXAMPLE / "data" / f"{year}.json") for year in YEARS}


@pytest.fixture(scope="module")
def example_raw():
    return {year: read_json(EXAMPLE / "data" / f"{year}.json") for year in YEARS}


def test_example_is_three_consecutive_valid_years(example):
    assert sorted(example) == [2021, 2022, 2023]
    assert {r.edition for r in example.values()} == {"2021"}
    assert {r.body.name for r in example.values()} == {"青溪镇人民政府"}
    assert all(r.body.level == "乡镇/街道" for r in example.values())


def test_example_years_agree_with_each_other(example):
    for year in (2022, 2023):
        last, this = example[year - 1].tables, example[year].tables
        for col in B_COMPONENT_COLUMNS + ("总计",):
            assert this["B"].get("carried_in", col) == last["B"].get("carried_out", col), (year, col)
        for row in ("规章", "行政规范性文件"):
            a, prev = this["A"], last["A"]
            rolled = prev.get(row, "现行有效件数") + a.get(row, "本年制发件数") - a.get(row, "本年废止件数")
            assert a.get(row, "现行有效件数") == rolled, (year, row)


def test_example_is_a_plausible_township(example):
    for report in example.values():
        a, b = report.tables["A"], report.tables["B"]
        assert all(a.get("规章", c.id) == 0 for c in a.layout.row("规章").columns), "a township makes no 规章"
        assert 0 < b.get("new", "总计") < 50, "small numbers for a township"
        assert report.meta["publication_date"].startswith(str(report.year + 1))


def test_example_passes_every_check_with_its_history(example):
    """No error and no warning from all built-in rules, the history included (the text rules
    of repeated wording and citations must stay silent on the example too)."""
    checker = make_checker(load_config(None))
    for year in (2022, 2023):
        history = [example[y] for y in range(year - 1, 2020, -1)]
        findings = checker.check(example[year], history)
        loud = [f"{f.code} {f.message}" for f in findings if f.severity in (Severity.ERROR, Severity.WARNING)]
        assert loud == [], (year, loud)
    findings = checker.check(example[2021], [])
    assert not [f for f in findings if f.severity is Severity.ERROR]


def test_example_narrative_has_the_expected_shape(example, example_raw):
    for year, report in example.items():
        one = [p.text for p in report.part("一").paragraphs]
        for marker in ("（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）平台建设", "（五）监督保障"):
            assert any(p.startswith(marker) for p in one), (year, marker)
        five = report.part("五").text
        assert "问题" in five and ("整改" in five or "改进" in five)
        assert str(year - 1) in five or "上年度" in five, "part 五 says how last year's problems were dealt with"
        six = report.part("六").text
        assert "信息处理费" in six
        assert f"{year}年政务公开工作要点" in six, "the work plan of the report's own year"
        everything = "".join(p.text for p in report.paragraphs())
        assert "492号" not in everything and "〔2019〕60号" not in everything
        # figures in the text come from the tables through references
        raw_one = "".join(example_raw[year]["parts"]["一"])
        assert {"新收申请", "办结", "予以公开"} <= set(references_in(raw_one))
    assert "国务院令第711号" in "".join(p.text for p in example[2021].paragraphs())
    assert "国办公开办函〔2021〕30号" in "".join(p.text for p in example[2021].preface)


def test_example_wording_differs_from_year_to_year(example):
    for year in (2022, 2023):
        for number in ("一", "五", "六"):
            last = [p.text for p in example[year - 1].part(number).paragraphs]
            for p in example[year].part(number).paragraphs:
                for q in last:
                    ratio = difflib.SequenceMatcher(None, p.text, q).ratio()
                    assert ratio < 0.6, (year, number, p.text, q, round(ratio, 2))


# --- build: workspace discovery, history, config ------------------------------------------------


def test_build_finds_the_workspace_from_a_subfolder(ws, monkeypatch):
    monkeypatch.chdir(ws / "data")
    result = invoke("build", "2022")
    assert result.exit_code == 0, result.output
    assert out_file(ws, 2022).is_file()


def test_build_outside_a_workspace(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("build", "2023")
    assert result.exit_code == 2 and "annual-report init" in result.output
    result = invoke("build", "2023", "-w", tmp_path)
    assert result.exit_code == 2 and "不是工作区" in result.output


def test_build_year_must_be_a_year(ws):
    result = invoke("build", "二〇二三", "-w", ws)
    assert result.exit_code == 2 and "四位数字" in result.output
    assert invoke("build", "2023年", "-w", ws).exit_code == 0


def test_build_checks_against_last_years_data(ws):
    """A carry-over that disagrees with last year's file stops the build (AR201)."""
    def more_carried_out(data):
        row = data["tables"]["B"]["rows"][-1]
        row["自然人"] += 2
        row["总计"] += 2

    edit_data(ws, 2022, more_carried_out)
    result = invoke("build", "2023", "-w", ws)
    assert result.exit_code == 1 and "AR201" in result.output and "未生成报告" in result.output
    assert leftovers(ws / "out") == []
    # with no history configured, the cross-year rule has nothing to compare
    config = ws / "annual-report.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("history_years = 3", "history_years = 0"), encoding="utf-8")
    result = invoke("build", "2023", "-w", ws)
    assert result.exit_code == 0, result.output


def test_build_output_name_from_config(ws):
    config = ws / "annual-report.toml"
    text = config.read_text(encoding="utf-8").replace(
        'output = "{year}年政府信息公开工作年度报告.docx"', 'output = "{name}{year}年度报告.docx"'
    )
    config.write_text(text, encoding="utf-8")
    result = invoke("build", "2021", "-w", ws)
    assert result.exit_code == 0, result.output
    assert (ws / "out" / "青溪镇人民政府2021年度报告.docx").is_file()


def test_blank_cell_stops_the_build_unless_forced(ws):
    edit_data(ws, 2023, lambda d: d["tables"]["B"]["rows"][0].__setitem__("科研机构", None))
    result = invoke("build", "2023", "-w", ws)
    assert result.exit_code == 1
    assert "未填写" in result.output and "科研机构" in result.output and "--force" in result.output
    assert leftovers(ws / "out") == []
    result = invoke("build", "2023", "-w", ws, "--force")
    assert result.exit_code == 0 and "--force" in result.output
    table_b = docx.Document(out_file(ws)).tables[1]
    header = [c.text for c in table_b.rows[2].cells]
    assert table_b.rows[3].cells[header.index("科研机构")].text == ""  # blank, never 0


def test_warnings_are_shown_but_do_not_stop_the_build(ws):
    # 规章 > 0 for a township is suspicious (a warning), not an error
    def one_rule(data):
        row = data["tables"]["A"]["rows"][0]
        row["本年制发件数"], row["现行有效件数"] = 1, 1

    edit_data(ws, 2021, one_rule)
    result = invoke("build", "2021", "-w", ws)
    assert result.exit_code == 0, result.output
    assert "AR111" in result.output and "警告" in result.output


# --- the output registry ------------------------------------------------------------------------


def test_registry_records_the_hash_of_what_was_built(ws):
    assert invoke("build", "2023", "-w", ws).exit_code == 0
    registry = json.loads((ws / ".annual-report" / "outputs.json").read_text(encoding="utf-8"))
    assert registry == {f"out/{OUT_NAME.format(year=2023)}": sha256_file(out_file(ws))}
    assert not OutputRegistry.load(ws).changed_since_built(out_file(ws))


def test_build_never_replaces_a_file_it_did_not_write(ws):
    target = out_file(ws)
    target.write_bytes(b"somebody else's report")
    result = invoke("build", "2023", "-w", ws)
    assert result.exit_code == 2 and "不是本工作区用 annual-report build 生成的" in result.output
    assert "--force" in result.output and "--output" in result.output
    assert target.read_bytes() == b"somebody else's report"
    other = ws / "out" / "另存.docx"
    assert invoke("build", "2023", "-w", ws, "--output", other).exit_code == 0 and other.is_file()


def test_output_must_be_a_docx_file(ws):
    result = invoke("build", "2023", "-w", ws, "--output", ws / "out" / "报告.pdf")
    assert result.exit_code == 2 and ".docx" in result.output
    folder = ws / "out" / "a.docx"
    folder.mkdir()
    result = invoke("build", "2023", "-w", ws, "--output", folder)
    assert result.exit_code == 2 and "文件夹" in result.output


# --- writing: atomic, and unwritable places ------------------------------------------------------


def _can_be_refused_by_chmod(folder: Path) -> bool:
    probe = folder / ".probe"
    try:
        probe.write_bytes(b"")
    except PermissionError:
        return True
    probe.unlink()
    return False


def test_unwritable_out_folder(ws):
    """A read-only out/ (or, where chmod does not stop us — root — out/ being a file)."""
    out = ws / "out"
    for child in out.iterdir():
        child.unlink()
    out.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        if not _can_be_refused_by_chmod(out):
            out.chmod(0o755)
            out.rmdir()
            out.write_text("not a folder", encoding="utf-8")
        result = invoke("build", "2023", "-w", ws)
        assert result.exit_code == 2, result.output
        assert "无法写入" in result.output and "Traceback" not in result.output
        assert leftovers(out) == []
    finally:
        if out.is_dir():
            out.chmod(0o755)


def test_write_atomic_leaves_old_file_and_no_temp_on_failure(tmp_path, monkeypatch):
    import annual_report.files.writing as writer

    target = tmp_path / "r.docx"
    write_atomic(target, b"old")
    assert target.read_bytes() == b"old" and leftovers(tmp_path) == ["r.docx"]

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer.os, "fsync", disk_full)
    with pytest.raises(writer.OutputError) as info:
        write_atomic(target, b"new")
    assert "无法写入" in str(info.value)
    assert target.read_bytes() == b"old" and leftovers(tmp_path) == ["r.docx"]

    monkeypatch.undo()

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(writer.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old" and leftovers(tmp_path) == ["r.docx"]


def test_locked_output_says_close_word(ws, monkeypatch):
    import annual_report.files.writing as writer

    assert invoke("build", "2023", "-w", ws).exit_code == 0
    before = out_file(ws).read_bytes()

    def locked(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(writer.os, "replace", locked)
    result = invoke("build", "2023", "-w", ws)
    assert result.exit_code == 2 and "Word" in result.output
    assert out_file(ws).read_bytes() == before
    assert leftovers(ws / "out") == [OUT_NAME.format(year=2023)]


# --- PDF --------------------------------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in for soffice")
def test_pdf_with_a_converter_on_path(ws, tmp_path, monkeypatch):
    """soffice is called as ``--headless --convert-to pdf --outdir DIR FILE``; a stand-in
    script that does what LibreOffice does proves the call and the result handling."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "soffice"
    fake.write_text(
        "#!/bin/sh\n"
        'echo "$@" > "$(dirname "$0")/args"\n'
        'while [ "$1" != "--outdir" ]; do shift; done\n'
        'out="$2"; src="$3"; name=$(basename "$src" .docx)\n'
        'printf "%%PDF-1.4" > "$out/$name.pdf"\n',
        encoding="utf-8",
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    result = invoke("build", "2023", "-w", ws, "--pdf")
    assert result.exit_code == 0, result.output
    pdf = out_file(ws).with_suffix(".pdf")
    assert pdf.read_bytes().startswith(b"%PDF") and "已导出" in result.output
    args = (bin_dir / "args").read_text(encoding="utf-8")
    assert re.match(r"-env:UserInstallation=file:///\S+ --headless --convert-to pdf --outdir \S+ \S+\.docx", args)


def _fake_converter(bin_dir: Path, fonts: dict[str, str]) -> None:
    """A stand-in soffice that writes a PDF, and an fc-match that knows only ``fonts``
    (asked for → family it answers); any other font is answered with "DejaVu Sans"."""
    bin_dir.mkdir()
    soffice = bin_dir / "soffice"
    soffice.write_text(
        "#!/bin/sh\nwhile [ \"$1\" != \"--outdir\" ]; do shift; done\n"
        'printf "%%PDF-1.4" > "$2/$(basename "$3" .docx).pdf"\n',
        encoding="utf-8",
    )
    cases = "".join(f'  "{asked}:lang=zh-cn") printf "{family}" ;;\n' for asked, family in fonts.items())
    fc_match = bin_dir / "fc-match"
    fc_match.write_text(f'#!/bin/sh\ncase "$3" in\n{cases}  *) printf "DejaVu Sans" ;;\nesac\n', encoding="utf-8")
    for script in (soffice, fc_match):
        script.chmod(0o755)


@pytest.mark.skipif(sys.platform == "win32", reason="shell scripts stand in for soffice and fc-match")
def test_pdf_export_warns_in_chinese_about_substituted_fonts(ws, tmp_path, monkeypatch):
    _fake_converter(tmp_path / "bin", {"黑体": "黑体,SimHei", "宋体": "SimSun,宋体", "楷体_GB2312": "KaiTi"})
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    result = invoke("build", "2023", "-w", ws, "--pdf")
    assert result.exit_code == 0, result.output
    assert "已导出" in result.output and "本机没有安装以下字体" in result.output
    assert "仿宋_GB2312（正文）→ 用 DejaVu Sans 代替" in result.output
    assert "方正小标宋简体（标题）→ 用 DejaVu Sans 代替" in result.output
    assert "黑体（" not in result.output and "宋体（表格）" not in result.output, "installed fonts are not listed"
    assert "楷体_GB2312（" not in result.output, "KaiTi is 楷体 under another name"


@pytest.mark.skipif(sys.platform == "win32", reason="shell scripts stand in for soffice and fc-match")
def test_pdf_export_says_nothing_when_every_font_is_installed(ws, tmp_path, monkeypatch):
    from annual_report.writer.fonts import FONT_ROLES

    _fake_converter(tmp_path / "bin", {font: font for font in FONT_ROLES})
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    result = invoke("build", "2023", "-w", ws, "--pdf")
    assert result.exit_code == 0 and "已导出" in result.output and "字体" not in result.output


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="fontconfig (fc-match) not installed")
def test_real_fontconfig_names_a_substitute_for_a_font_it_lacks():
    from annual_report.writer.fonts import font_substitutions

    installed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    if "方正小标宋" in installed:
        pytest.skip("方正小标宋简体 is installed here")
    ((font, instead),) = font_substitutions(("方正小标宋简体",))
    assert font == "方正小标宋简体" and instead and instead != "方正小标宋简体"


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) and poppler-utils (pdftotext) not installed",
)
def test_real_libreoffice_pdf_has_page_numbers(ws):
    result = invoke("build", "2023", "-w", ws, "--pdf")
    assert result.exit_code == 0, result.output
    pdf = out_file(ws).with_suffix(".pdf")
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert re.fullmatch(rf"—\s*{number}\s*—", page.strip().splitlines()[-1].strip()), page[-200:]


def test_a_successful_build_says_its_checks_passed(ws):
    result = invoke("build", "2023", "-w", ws)
    assert result.exit_code == 0
    assert re.search(r"检查通过：没有错误，\d+ 个警告，\d+ 个提示", result.output), result.output


def test_pdf_converter_failure_is_a_clear_message(ws, tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "libreoffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    result = invoke("build", "2023", "-w", ws, "--pdf")
    assert result.exit_code == 2 and "LibreOffice 转换 PDF 失败" in result.output
    assert "could not be loaded" in result.output and out_file(ws).is_file()


# --- schema ----------------------------------------------------------------------------------


def test_schema_command():
    result = invoke("schema")
    assert result.exit_code == 0 and result.output.strip().endswith("report-data.schema.json")
    result = invoke("schema", "--print")
    schema = json.loads(result.output)
    assert schema["$schema"].endswith("2020-12/schema")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_write_atomic_gives_an_ordinary_file_mode(tmp_path):
    old = os.umask(0o022)
    try:
        target = tmp_path / "r.docx"
        write_atomic(target, b"x")
        assert stat.S_IMODE(target.stat().st_mode) == 0o644  # not mkstemp's 0600
        target.chmod(0o640)
        write_atomic(target, b"y")
        assert stat.S_IMODE(target.stat().st_mode) == 0o640 and target.read_bytes() == b"y"
    finally:
        os.umask(old)


def test_fresh_workspace_checks_clean_with_its_own_folders(ws):
    """The READMEs in reference/ and workplans/ are not taken for data, and the example is
    clean with the workspace's config and history too."""
    checker = make_checker(load_config(ws))
    reports = {year: load_report(ws / "data" / f"{year}.json") for year in YEARS}
    findings = checker.setup_findings() + checker.check(reports[2023], [reports[2022], reports[2021]])
    assert [f"{f.code} {f.message}" for f in findings if f.severity is not Severity.INFO] == []


def test_reference_readme_example_is_a_valid_registry_file(ws, tmp_path):
    from annual_report.reference import load_documents

    readme = (ws / "reference" / "README.txt").read_text(encoding="utf-8")
    block = "\n".join(line[6:] for line in readme.splitlines() if line.startswith("      "))
    path = tmp_path / "本省文件.toml"
    path.write_text(block, encoding="utf-8")
    (document,) = load_documents(path)
    assert document.year == 2023 and document.kind == "要点" and document.number.endswith("〔2023〕12号")

"""The command line speaks Chinese: every help page and every usage error, whatever typer prints
by itself ("Usage", "Options", "[default: …]", "No such option", placeholders like <int range>)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import typer
from typer.testing import CliRunner

from annual_report.cli import app

runner = CliRunner()

COMMANDS = ("init", "build", "schema", "check", "rules", "plugins", "extract", "workbook", "interpret", "site", "serve", "dismiss", "accept", "ledger", "tally")

# What may stay in Latin letters: option names, file names and suffixes, rule codes, format
# names, the program's name, and the proper names of other programs and formats.
_ALLOWED_SPANS = re.compile(
    r"annual-report[\w.-]*"  # the program, its config file, its default workspace folder
    r"|(?<![\w-])--?[a-z][a-z-]*"  # option names
    r"|[\w./-]*\.(?:docx|json|xlsx|html|toml|py|sarif|csv)\b"  # file names and suffixes
    r"|\b[A-Z]{2}\d{3}\b"  # rule codes
    r"|https?://[\w.:/\[\]-]*"  # a web address (serve)
    r"|\b(?:init|build|schema|check|rules|plugins|extract|workbook|interpret|site|serve|dismiss|accept|ledger|tally)\b"  # the commands
    r"|\b(?:out|data|plugins|templates|reference|workplans|ledger)/"  # workspace folders
)
PROPER_NAMES = {"text", "json", "sarif", "html", "docx", "JSON", "HTML", "SVG", "Schema", "LibreOffice", "PDF", "Word", "WPS", "CPU", "null", "IP", "localhost"}


def english_words(text: str) -> list[str]:
    rest = _ALLOWED_SPANS.sub(" ", text)
    return [w for w in re.findall(r"[A-Za-z]{2,}", rest) if w not in PROPER_NAMES]


def test_the_word_finder_finds_what_click_prints():
    """The check below can fail: typer's own English is found, option and file names are not."""
    assert english_words("Usage: annual-report check [OPTIONS] Show this message and exit.") == [
        "Usage", "OPTIONS", "Show", "this", "message", "and", "exit",
    ]
    assert english_words("  -j, --jobs <int range>  [default: text; required]") == ["int", "range", "default", "required"]
    assert english_words("用法：annual-report check [选项] 初稿.docx -f sarif AR201 out/ 2022年报.docx") == []


def _help(*args: str) -> str:
    result = runner.invoke(app, [*args, "--help"])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_help_page_is_chinese_with_examples(command):
    text = _help(*([command] if command else []))
    assert english_words(text) == [], text
    assert text.startswith("用法：annual-report")
    assert "显示本帮助后退出" in text and "选项：" in text
    assert "示例：\n  annual-report " in text, "every help page ends with examples"
    assert not re.search(r"<[A-Za-z][^>]*>", text), "no placeholders of Python types such as <int range>"


USAGE_ERRORS = [
    (["nosuch"], "没有“nosuch”这个命令"),
    (["chek"], "是否想用 check"),
    (["--bogus"], "没有 --bogus 这个选项"),
    (["check", "--bogus", "2023"], "没有 --bogus 这个选项"),
    (["check", "--jobs", "x", "2023"], "--jobs/-j 的值不对：应为数字，不小于 1"),
    (["check", "-j", "0", "2023"], "--jobs/-j 的值不对"),
    (["check", "2023", "--jobs"], "选项 --jobs 后面要给出一个值"),
    (["build"], "缺少参数“年度”"),
    (["extract"], "缺少参数“报告”"),
    (["build", "--pdf=1", "2023"], "选项 --pdf 不带值"),
    (["schema", "extra"], "多余的参数：extra"),
    (["rules", "AR101", "AR102"], "多余的参数：AR102"),
    (["rules", "AR101", "a\x07b", "c"], "多余的参数：a\\x07b c"),  # a control character is shown escaped
    (["serve", "--port"], "选项 --port 后面要给出一个值"),
    (["serve", "--port", "70000"], "--port/-p 的值不对：应为端口，0～65535"),
    (["--"], "缺少命令"),
]


@pytest.mark.parametrize(("args", "expected"), USAGE_ERRORS)
def test_usage_errors_are_chinese(args, expected):
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert expected in result.output
    assert "错误：" in result.output and "用法：annual-report" in result.output and "查看帮助：" in result.output
    quoted = result.output
    for arg in args:  # what the user typed may be echoed
        quoted = quoted.replace(f"“{arg}”", " ").replace(f"：{arg}\n", "\n")
    assert english_words(quoted) == [], result.output


def test_the_installed_command_prints_chinese_help_and_errors():
    """Through the console entry point (not click's test runner): ``main()`` and a real process."""
    code = "from annual_report.cli import main; main()"
    ok = subprocess.run([sys.executable, "-c", code, "check", "-h"], capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0 and english_words(ok.stdout) == [] and ok.stdout.startswith("用法：")
    bad = subprocess.run([sys.executable, "-c", code, "check", "--jobs", "many"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2
    assert "错误：--jobs/-j 的值不对" in bad.stderr and english_words(bad.stderr) == [], bad.stderr


def _options():
    group = typer.main.get_command(app)
    ctx = group.make_context("annual-report", ["check"], resilient_parsing=True)
    for name in COMMANDS:
        command = group.get_command(ctx, name)
        for param in command.params:
            if param.param_type_name == "option":
                yield name, param


def test_short_options_mean_the_same_in_every_command():
    meaning: dict[str, set[str]] = {}
    for _command, param in _options():
        for opt in param.opts:
            if not opt.startswith("--"):
                meaning.setdefault(opt, set()).add(max(param.opts, key=len))
    assert {k: v for k, v in meaning.items() if len(v) > 1} == {}
    assert meaning["-f"] == {"--format"}
    force = [param for _command, param in _options() if "--force" in param.opts]
    assert force and all(param.opts == ["--force"] for param in force), "--force has no short form"


def test_the_chinese_cli_uses_public_extension_points_only():
    """No private module of typer or click is imported, and no English message of click's is
    matched: the code's strings hold none of them (the docstrings may name them)."""
    import ast
    from pathlib import Path

    import annual_report.cli.chinese as chinese

    tree = ast.parse(Path(chinese.__file__).read_text(encoding="utf-8"))
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not [m for m in imported if "_click" in m or m.split(".")[0] == "click"], imported
    docstrings = {id(node.body[0].value) for node in ast.walk(tree) if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and ast.get_docstring(node)}
    strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings]
    for english in ("requires", "does not take", "Got unexpected", "Missing command", "No such command", "Invalid value"):
        assert not [t for t in strings if english in t], english


@pytest.mark.parametrize("command", COMMANDS)
def test_help_names_every_value_and_says_a_default_once(command):
    text = _help(command)
    assert not re.search(r"--?[a-z][a-z-]* 值", text), "an option's value is named (文件, 文件夹, 年度 …), not “值”"
    for paragraph in re.split(r"\n  (?=-)", text):
        assert re.sub(r"\s+", "", paragraph).count("默认") <= 1, paragraph  # help text wraps anywhere


@pytest.mark.parametrize(
    "typed, suggestion",
    [("--bogus", None), ("--histroy", "--history"), ("--job", "--jobs"), ("--formt", "--format"), ("--xyz", None)],
)
def test_a_wrong_option_is_answered_with_a_likely_one_only(typed, suggestion):
    result = runner.invoke(app, ["check", typed])
    assert result.exit_code == 2
    if suggestion is None:
        assert "是否想用" not in result.output, result.output
    else:
        assert f"是否想用 {suggestion}" in result.output, result.output


def test_every_skip_reason_in_the_tests_is_chinese():
    from pathlib import Path

    cjk = re.compile(r"[\u4e00-\u9fff]")
    for path in sorted(Path(__file__).parent.glob("*.py")):
        for reason in re.findall(r"""(?:reason=|pytest\.skip\()\s*f?(["'])(.*?)\1""", path.read_text(encoding="utf-8")):
            assert cjk.search(reason[1]), f"{path.name}: skip reason “{reason[1]}” is not Chinese"


def test_the_progress_bar_has_no_colour_under_no_color_and_never_takes_a_line_of_text(tmp_path):
    """Drawn on a terminal (a pseudo-terminal here): no colour codes with --no-color, and every
    line of the reports' text starts a line of its own, never glued to the bar's line."""
    import json as _json
    import os
    import pty
    import random as _random

    from synth import consistent_series

    folder = tmp_path / "报送材料"
    folder.mkdir()
    for data in consistent_series([2022, 2023], _random.Random(3), body="桃岭乡人民政府"):
        (folder / f"{data['year']}.json").write_text(_json.dumps(data, ensure_ascii=False), encoding="utf-8")
    env = dict(os.environ, ANNUAL_REPORT_LOAD_PLUGINS="", TERM="xterm-256color", COLUMNS="100")
    env.pop("NO_COLOR", None)
    out = bytearray()
    pid, fd = pty.fork()
    if pid == 0:  # the child: the command on the terminal
        os.chdir(tmp_path)
        os.execve(sys.executable, [sys.executable, "-m", "annual_report", "check", "报送材料", "--no-color", "--progress",
                                   "--summary", "汇总.xlsx", "--jobs", "1"], env)
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.waitpid(pid, 0)
    text = out.decode("utf-8", "replace")
    assert not re.search(r"\x1b\[[0-9;]*3[0-9]m", text), "no colour codes under --no-color"
    assert "━" in text, "the bar was drawn"
    def visible(line: str) -> str:  # what the terminal shows: a carriage return starts the line again
        parts = [re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", part) for part in line.split("\r")]
        return next((part for part in reversed(parts) if part.strip()), "")

    lines = [visible(line) for line in text.split("\n")]
    for needle in ("已写出汇总表", "共检查", "桃岭乡人民政府 2023年"):
        hits = [line for line in lines if needle in line]
        assert hits and all(line.lstrip().startswith(needle) for line in hits), (needle, hits)

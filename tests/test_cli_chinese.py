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

COMMANDS = ("init", "build", "schema", "check", "rules", "plugins", "extract", "workbook", "interpret", "site", "serve", "dismiss", "accept")

# What may stay in Latin letters: option names, file names and suffixes, rule codes, format
# names, the program's name, and the proper names of other programs and formats.
_ALLOWED_SPANS = re.compile(
    r"annual-report[\w.-]*"  # the program, its config file, its default workspace folder
    r"|(?<![\w-])--?[a-z][a-z-]*"  # option names
    r"|[\w./-]*\.(?:docx|json|xlsx|html|toml|py|sarif)\b"  # file names and suffixes
    r"|\b[A-Z]{2}\d{3}\b"  # rule codes
    r"|https?://[\w.:/\[\]-]*"  # a web address (serve)
    r"|\b(?:init|build|schema|check|rules|plugins|extract|workbook|interpret|site|serve|dismiss|accept)\b"  # the commands
    r"|\b(?:out|data|plugins|templates|reference|workplans)/"  # workspace folders
)
PROPER_NAMES = {"text", "json", "sarif", "html", "docx", "JSON", "HTML", "SVG", "Schema", "LibreOffice", "PDF", "Word", "WPS", "CPU", "null"}


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

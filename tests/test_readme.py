"""The README runs as written: its first command and its tour, parsed from README.md itself, in a
fresh folder and a new shell's environment (nothing on PATH until the README's own
``source .venv/bin/activate``); and its "What a check finds" excerpt is what the tool prints."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from readme_tour import README, TEXT_RULES, block_after, defects_output, excerpt, first_command, full_block, tour_commands

VENV_BIN = Path(sys.executable).parent
SCRIPT = VENV_BIN / "annual-report"
ACTIVATE = ["source", ".venv/bin/activate"]

needs_script = pytest.mark.skipif(not SCRIPT.exists(), reason="运行测试的 Python 环境中没有 annual-report 命令（请按 README 用 .venv 安装后运行测试）")


def _run(args: list[str], cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=600)


def _fails(done: subprocess.CompletedProcess, allowed: tuple[int, ...]) -> str:
    if "Traceback" in done.stdout or "Traceback" in done.stderr:
        return "a traceback"
    if done.returncode not in allowed:
        return f"exit code {done.returncode}"
    return ""


@needs_script
def test_init_says_how_to_get_the_command_in_paths_that_hold_after_the_cd_it_asks_for(tmp_path):
    # as the README's first command runs it: .venv/bin/annual-report, relative, from the clone
    clone = tmp_path / "clone"
    clone.mkdir()
    (clone / ".venv").symlink_to(VENV_BIN.parent, target_is_directory=True)
    done = _run([".venv/bin/annual-report", "init", "--example", "青溪镇示例"], clone, {"HOME": str(tmp_path), "PATH": ""})
    assert done.returncode == 0, done.stderr
    hint = next(line for line in done.stdout.splitlines() if line.startswith("下一步：cd 青溪镇示例"))
    activate = hint.split("先运行 source ", 1)[1].split("，", 1)[0]
    script = hint.split("或写全路径 ", 1)[1].rstrip("）")
    # after "cd 青溪镇示例" both paths must still name the files
    assert (clone / "青溪镇示例" / activate).is_file() and (clone / "青溪镇示例" / script).is_file(), hint
    assert activate == "../.venv/bin/activate", hint


@needs_script
def test_the_first_command_and_the_tour_run_as_written(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "PATH": ""}  # a new shell: nothing of ours on PATH yet
    cwd = tmp_path / "clone"
    cwd.mkdir()
    log = []
    # 1. the first command: the venv already exists (it runs this test), the rest as written
    steps = first_command()
    assert steps[0][:3] == ["python3", "-m", "venv"] and steps[1][0] == ".venv/bin/pip", steps
    for args in steps[2:]:
        assert args[0] == ".venv/bin/annual-report", args
        done = _run([str(SCRIPT), *args[1:]], cwd, env)
        log.append((args, done))
        assert not _fails(done, (0,)), (args, done.stdout, done.stderr)
    assert "已生成 青溪镇示例/out/2023年政府信息公开工作年度报告.docx" in log[-1][1].stdout
    assert f"还不在 PATH 中：先运行 source {VENV_BIN / 'activate'}" in log[0][1].stdout, "init says how a shell gets the command"
    # 2. the tour, in order, where the first command left off
    commands = tour_commands()
    assert commands[0] == ACTIVATE, "the tour starts by putting annual-report on PATH"
    for args in commands:
        if args == ACTIVATE:
            env = dict(env, PATH=str(VENV_BIN), VIRTUAL_ENV=str(VENV_BIN.parent))
            continue
        if args[0] == "cd":
            cwd = (cwd / args[1]).resolve()
            assert cwd.is_dir(), args
            continue
        found = shutil.which(args[0], path=env["PATH"])
        assert found, f"“{args[0]}” is not on the PATH the README sets up"
        done = _run([found, *args[1:]], cwd, env)
        log.append((args, done))
        problem = _fails(done, (0, 1) if args[1] == "check" else (0,))
        assert not problem, f"{' '.join(args)}: {problem}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    # what the tour says it makes is there
    ws = tmp_path / "clone" / "青溪镇示例"
    for made in ("out/2023年政府信息公开工作年度报告.docx", "审核意见.docx", "读回-2023.json", "2024年年报统计表.xlsx",
                 "审核汇总.xlsx", "审核汇总.html", "展示/index.html", "out/2023年政府信息公开工作年度报告解读.docx"):
        assert (ws / made).is_file(), made
    baseline = json.loads((ws / "基线.json").read_text(encoding="utf-8"))
    assert [e["state"] for e in baseline["findings"]] == ["已忽略"]
    dismissed = next(done for args, done in log if args[1] == "dismiss")
    assert "已标记为“已忽略”" in dismissed.stdout
    rechecked = next(done for args, done in log if "--baseline" in args)
    assert "已记录的问题仍有 1 条" in rechecked.stdout and "已忽略 1 条" in rechecked.stdout
    assert (tmp_path / "clone" / "桃岭乡" / "annual-report.toml").is_file()
    assert list((tmp_path / "clone" / "桃岭乡" / "data").iterdir()) == []


def test_every_tour_command_is_annual_report_or_a_shell_step():
    for args in tour_commands():
        assert args[0] in ("annual-report", "cd", "source"), args


def test_what_a_check_finds_is_what_the_tool_prints():
    output = defects_output()
    text = README.read_text(encoding="utf-8")
    start, end = block_after(text, "excerpt")
    stale = "stale: run python tests/readme_tour.py"
    assert text[start:end] == excerpt(output), f"README.md's excerpt is {stale}"
    full = TEXT_RULES.read_text(encoding="utf-8")
    assert full_block(output) in full, f"docs/text-rules.md's example output is {stale}"

"""Untrusted plugin code under the same limits wherever it runs: a single ``check``, ``build``
and the web page run the rules in a child process, as a batch does, so that a rule that calls
``os._exit``, kills its process, eats memory or hangs in C code is named on the report (AR003,
AR004) and the other rules still run; plugin imports are capped in time and memory; a plugin
reader that hangs or exits is stopped with a Chinese message.  Each attack is a real plugin
file in a real workspace, run through the command line in a subprocess with a timeout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annual_report.app.workspace import init_workspace

LIMIT = 60  # seconds: every case here must end well within it


def _workspace(tmp_path: Path, plugin: str, check: str = "") -> Path:
    root = init_workspace(tmp_path / "ws")
    data_file = root / "data" / "2023.json"
    data = json.loads(data_file.read_text(encoding="utf-8"))
    data["tables"]["B"]["rows"][0]["总计"] += 1  # a planted error, so that the built-in rules have something to say
    data_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (root / "plugins" / "attack.py").write_text(plugin, encoding="utf-8")
    if check:
        config = root / "annual-report.toml"
        text = config.read_text(encoding="utf-8").replace("[check]", "[check]\n" + check, 1)
        config.write_text(text, encoding="utf-8")
    return root


def _rule(body: str, code: str = "ZZ101") -> str:
    lines = "".join(f"    {line}\n" for line in body.splitlines())
    return (
        "import os, signal, sys\nfrom annual_report import hookimpl, rule\n"
        f'@rule("{code}", "attack", title="攻击规则", severity="warning")\n'
        f"def attack(report, ctx):\n{lines}    return ()\n"
        "@hookimpl\ndef register_rules(register):\n    register(attack)\n"
    )


def _run(args: list[str], cwd: Path) -> tuple[int, str, str, float]:
    env = dict(os.environ, ANNUAL_REPORT_LOAD_PLUGINS="", XDG_STATE_HOME=str(cwd / "state"), PYTHONIOENCODING="utf-8")
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "annual_report", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=LIMIT)
    seconds = time.perf_counter() - start
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr[-2000:]
    return proc.returncode, proc.stdout, proc.stderr, seconds


def _check_json(tmp_path: Path, plugin: str, check: str = "") -> tuple[int, dict, str]:
    root = _workspace(tmp_path, plugin, check)
    code, out, err, _ = _run(["check", "2023", "--workspace", str(root), "-f", "json"], tmp_path)
    return code, json.loads(out), err


def _codes(doc: dict) -> list[tuple[str, str]]:
    (report,) = doc["reports"]
    return [(f["code"], f["message"]) for f in report["findings"]]



@pytest.fixture(scope="module")
def clean_codes(tmp_path_factory):
    """The codes the workspace's 2023 report (one planted error) gets with a harmless plugin."""
    tmp = tmp_path_factory.mktemp("clean")
    code, doc, _ = _check_json(tmp, _rule("pass"))
    codes = {c for c, _ in _codes(doc)}
    assert code == 1 and "AR101" in codes, codes
    return codes


def test_os_exit_in_a_rule_is_not_a_clean_pass(tmp_path, clean_codes):
    """The attack of the issue: ``os._exit(0)`` in a rule made a single check exit 0 silently."""
    code, doc, _ = _check_json(tmp_path, _rule("os._exit(0)"))
    assert code == 1
    (crash,) = [m for c, m in _codes(doc) if c == "AR003"]
    assert "ZZ101" in crash and "退出码 0" in crash and "plugins/attack.py" in crash and "其余规则照常检查" in crash
    assert {c for c, _ in _codes(doc)} - {"AR003"} == clean_codes  # the other rules ran


def test_a_rule_that_kills_its_process_is_named(tmp_path):
    code, doc, _ = _check_json(tmp_path, _rule("os.kill(os.getpid(), signal.SIGKILL)"))
    assert code == 1
    (crash,) = [m for c, m in _codes(doc) if c == "AR003"]
    assert "ZZ101" in crash and "SIGKILL" in crash


def test_a_rule_eating_memory_gets_the_worker_memory_limit(tmp_path):
    """3 GB asked for under ``worker_memory_mb = 512``: MemoryError, reported, not a machine
    brought to its knees."""
    code, doc, _ = _check_json(tmp_path, _rule("hog = b'x' * (3 * 1024 ** 3)"), "worker_memory_mb = 512")
    assert code == 1
    (crash,) = [m for c, m in _codes(doc) if c == "AR003"]
    assert "ZZ101" in crash and "MemoryError" in crash


def test_a_rule_stuck_in_c_code_is_killed_past_its_time_limit(tmp_path):
    """``sum(range(10**13))`` never looks at signals, so the rule's own time limit cannot stop
    it; the parent kills the process and the rule is reported as timed out."""
    start = time.perf_counter()
    code, doc, _ = _check_json(tmp_path, _rule("sum(range(10 ** 13))"), "rule_timeout = 1")
    assert time.perf_counter() - start < 30
    assert code == 1
    (timeout,) = [m for c, m in _codes(doc) if c == "AR004"]
    assert "ZZ101" in timeout and "强制结束" in timeout


def test_a_python_loop_in_a_rule_stops_at_its_time_limit(tmp_path):
    code, doc, _ = _check_json(tmp_path, _rule("while True:\n    pass"), "rule_timeout = 1")
    assert code == 1
    (timeout,) = [m for c, m in _codes(doc) if c == "AR004"]
    assert "ZZ101" in timeout and "1 秒" in timeout


def test_a_plugin_import_eating_memory_is_capped(tmp_path, clean_codes):
    plugin = "hog = b'x' * (3 * 1024 ** 3)\n" + _rule("pass")
    code, doc, _ = _check_json(tmp_path, plugin, "worker_memory_mb = 512")
    assert code == 1
    (failed,) = [f["message"] for f in doc["setup"] if f["code"] == "AR001"]
    assert "attack" in failed and "MemoryError" in failed
    assert {c for c, _ in _codes(doc)} == clean_codes  # the check itself went on


def test_build_runs_the_rules_in_a_child_and_writes_nothing_when_one_kills_it(tmp_path):
    root = _workspace(tmp_path, _rule("os._exit(0)"))
    code, out, err, _ = _run(["build", "2023", "--workspace", str(root)], tmp_path)
    assert code == 1
    assert "AR003" in err and "ZZ101" in err and "退出码 0" in err
    assert not list((root / "out").glob("*.docx"))


def test_print_in_a_rule_of_a_single_check_stays_off_stdout(tmp_path):
    code, doc, err = _check_json(tmp_path, _rule("print('规则的输出')"))
    assert code == 1 and "规则的输出" in err


def test_a_plugin_reader_that_exits_or_hangs_is_stopped(tmp_path, monkeypatch):
    """A reader plugin's ``sys.exit()`` is a Chinese error naming the reader (exit 2), and one
    that loops is stopped at the reader time limit (shortened here)."""
    from typer.testing import CliRunner

    from annual_report.cli import app

    reader = (
        "import sys\nfrom annual_report import hookimpl\nfrom annual_report.readers import Reader\n"
        "def read(path):\n    {body}\n"
        "@hookimpl\ndef register_readers(register):\n    register(Reader('攻击读取器', ('.json',), read))\n"
    )
    root = _workspace(tmp_path, reader.format(body="sys.exit(0)"))
    code, out, err, _ = _run(["check", str(root / "data" / "2023.json"), "--workspace", str(root)], tmp_path)
    assert code == 2 and "攻击读取器" in err and "SystemExit" in err
    (root / "plugins" / "attack.py").write_text(reader.format(body="while True:\n        pass"), encoding="utf-8")
    monkeypatch.setattr("annual_report.model.limits.PLUGIN_READ_TIMEOUT", 1.0)
    monkeypatch.setenv("ANNUAL_REPORT_LOAD_PLUGINS", "")
    start = time.perf_counter()
    result = CliRunner().invoke(app, ["check", str(root / "data" / "2023.json"), "--workspace", str(root)])
    assert time.perf_counter() - start < 20
    assert result.exit_code == 2 and "攻击读取器" in result.output and "超过 1 秒" in result.output


def test_web_check_runs_rules_and_imports_under_the_limits(tmp_path):
    """The web page checks in a worker thread: its rules still run in a child process under
    the time limit, and a plugin that loops at import is stopped there too."""
    from starlette.testclient import TestClient

    from annual_report.web.app import create_app

    plugin = (
        "import threading, time\n"
        "if threading.current_thread() is not threading.main_thread():\n"
        "    deadline = time.monotonic() + 30\n"
        "    while time.monotonic() < deadline:\n        pass\n"  # loops only when imported in a web thread
        + _rule("while True:\n    pass", "ZZ102")
    )
    root = _workspace(tmp_path, _rule("while True:\n    pass"), "rule_timeout = 1")
    (root / "plugins" / "import_loop.py").write_text(plugin, encoding="utf-8")
    data = (root / "data" / "2023.json").read_bytes()
    start = time.perf_counter()
    with TestClient(create_app(workspace=root), raise_server_exceptions=False) as client:
        answer = client.post("/api/check", files=[("file", ("2023.json", data, "application/json"))])
    assert time.perf_counter() - start < 40
    assert answer.status_code == 200, answer.text
    (report,) = answer.json()["reports"]
    codes = [(f["code"], f["message"]) for f in report["findings"] + answer.json()["setup"]]
    assert any(c == "AR004" and "ZZ101" in m for c, m in codes), codes
    assert any(c == "AR001" and "import_loop" in m and "5 秒" in m for c, m in codes), codes

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
from pathlib import Path

import pytest

from annual_report.app.workspace import init_example

LIMIT = 60  # seconds: every case here must end well within it


def _workspace(tmp_path: Path, plugin: str, check: str = "") -> Path:
    root = init_example(tmp_path / "ws")
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


def _run(args: list[str], cwd: Path) -> tuple[int, str, str]:
    env = dict(os.environ, ANNUAL_REPORT_LOAD_PLUGINS="", XDG_STATE_HOME=str(cwd / "state"), PYTHONIOENCODING="utf-8")
    proc = subprocess.run([sys.executable, "-m", "annual_report", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=LIMIT)
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr[-2000:]
    return proc.returncode, proc.stdout, proc.stderr


def _check_json(tmp_path: Path, plugin: str, check: str = "") -> tuple[int, dict, str]:
    root = _workspace(tmp_path, plugin, check)
    code, out, err = _run(["check", "2023", "--workspace", str(root), "-f", "json"], tmp_path)
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
    # the run's own subprocess limit guards against a hang; AR004 below says the kill happened
    code, doc, _ = _check_json(tmp_path, _rule("sum(range(10 ** 13))"), "rule_timeout = 1")
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
    code, out, err = _run(["build", "2023", "--workspace", str(root)], tmp_path)
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
    code, out, err = _run(["check", str(root / "data" / "2023.json"), "--workspace", str(root)], tmp_path)
    assert code == 2 and "攻击读取器" in err and "SystemExit" in err
    (root / "plugins" / "attack.py").write_text(reader.format(body="while True:\n        pass"), encoding="utf-8")
    monkeypatch.setattr("annual_report.model.limits.PLUGIN_READ_TIMEOUT", 1.0)
    monkeypatch.setenv("ANNUAL_REPORT_LOAD_PLUGINS", "")
    result = CliRunner().invoke(app, ["check", str(root / "data" / "2023.json"), "--workspace", str(root)])
    assert result.exit_code == 2 and "攻击读取器" in result.output and "超过 1 秒" in result.output


def test_web_check_runs_rules_and_imports_under_the_limits(tmp_path):
    """The web page checks in a worker thread: its rules still run in a child process under
    the time limit, and a plugin that loops at import is stopped there too."""

    from annual_report.web.app import create_app
    from web_client import local_client

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
    with local_client(create_app(workspace=root)) as client:
        answer = client.post("/api/check", files=[("file", ("2023.json", data, "application/json"))])
    assert answer.status_code == 200, answer.text
    (report,) = answer.json()["reports"]
    codes = [(f["code"], f["message"]) for f in report["findings"] + answer.json()["setup"]]
    assert any(c == "AR004" and "ZZ101" in m for c, m in codes), codes
    assert any(c == "AR001" and "import_loop" in m and "5 秒" in m for c, m in codes), codes


def test_web_reads_uploads_in_a_child_process_under_the_limits(tmp_path):
    """The server reads an upload in a child process: a reader that ends its process, or eats
    memory past the cap, costs only that upload (a 422 with a Chinese message) and the server
    keeps answering; a hostile PDF is refused by its budget."""
    import zlib

    from annual_report.web.app import create_app
    from web_client import local_client

    plugin = (
        "import os\n"
        "from annual_report.plugins.hookspecs import hookimpl\n"
        "from annual_report.readers import Reader\n"
        "def _exit(path):\n    os._exit(3)\n"
        "def _eat(path):\n    hog = []\n    while True:\n        hog.append(bytearray(64 * 1024 * 1024))\n"
        "@hookimpl\ndef register_readers(register):\n"
        "    register(Reader('exit', ('.exit',), _exit))\n    register(Reader('eat', ('.eat',), _eat))\n"
    )
    root = _workspace(tmp_path, "", "worker_memory_mb = 512")
    (root / "plugins" / "attack.py").write_text(plugin, encoding="utf-8")
    with local_client(create_app(workspace=root)) as client:
        ended = client.post("/api/check", files=[("file", ("a.exit", b"x", "application/octet-stream"))])
        assert ended.status_code == 422 and "读取" in ended.json()["error"] and "退出码 3" in ended.json()["error"], ended.text
        eaten = client.post("/api/check", files=[("file", ("a.eat", b"x", "application/octet-stream"))])
        assert eaten.status_code == 422 and "内存" in eaten.json()["error"], eaten.text
        bomb = zlib.compress(b" " * (200 * 1024 * 1024))
        pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        pdf += b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>endobj\n"
        pdf += b"4 0 obj<</Length %d/Filter/FlateDecode>>stream\n" % len(bomb) + bomb + b"\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
        refused = client.post("/api/check", files=[("file", ("年报.pdf", pdf, "application/pdf"))])
        assert refused.status_code == 422 and "解压" in refused.json()["error"], refused.text
        data = (root / "data" / "2023.json").read_bytes()
        fine = client.post("/api/check", files=[("file", ("2023.json", data, "application/json"))])
        assert fine.status_code == 200


def test_a_rule_raising_keyboard_interrupt_is_its_own_failure_in_a_batch(tmp_path):
    """A rule that raises KeyboardInterrupt itself (no Ctrl+C was pressed) is that rule's AR003;
    the batch still reports every file."""
    root = _workspace(tmp_path, _rule("raise KeyboardInterrupt"))
    folder = tmp_path / "batch"
    folder.mkdir()
    for name in ("甲.json", "乙.json"):
        (folder / name).write_bytes((root / "data" / "2023.json").read_bytes())
    code, out, err = _run(["check", str(folder), "--workspace", str(root), "-f", "json"], tmp_path)
    doc = json.loads(out)
    assert len(doc["reports"]) == 2, err
    for report in doc["reports"]:
        assert any(f["code"] == "AR003" and "ZZ101" in f["message"] and "KeyboardInterrupt" in f["message"] for f in report["findings"])
    assert code == 1

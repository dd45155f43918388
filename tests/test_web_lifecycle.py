"""The server's temporary files: a job's uploads live in a folder of their own; after kill -9
during a check, the next start removes what the killed server left; SIGTERM during a check
that hangs stops the server within seconds, says so, and leaves nothing in the temporary folder."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import urllib.error
import urllib.request

from annual_report.app.workspace import init_example

HANG = '''
import time
from annual_report.plugins.hookspecs import hookimpl
from annual_report.plugins.rule_api import rule

@rule("ZZ901", "slow-rule", "一条很慢的规则", "warning")
def slow(report, ctx):
    time.sleep(40)
    return []

@hookimpl
def register_rules(register):
    register(slow)
'''


def _start(root: Path, temp: Path):
    env = dict(os.environ, TMPDIR=str(temp), PYTHONIOENCODING="utf-8", ANNUAL_REPORT_LOAD_PLUGINS="", XDG_STATE_HOME=str(temp.parent / "state"))
    proc = subprocess.Popen([sys.executable, "-m", "annual_report", "serve", "--port", "0", "-w", str(root)],
                            env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, encoding="utf-8")
    url = token = None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (url and token):
        line = proc.stderr.readline()
        if not line:
            break
        url = url or (re.search(r"(http://127\.0\.0\.1:\d+/)", line) or [None, None])[1]
        token = token or (re.search(r"令牌：(\S+)", line) or [None, None])[1]
    assert url and token, "server did not start"
    proc.rest = []  # what it says on stderr after starting (the pipe kept drained)
    proc.drain = threading.Thread(target=lambda: proc.rest.append(proc.stderr.read()), daemon=True)
    proc.drain.start()
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=2).read()
            break
        except OSError:
            time.sleep(0.1)
    return proc, url, token


def _upload_in_background(url: str, token: str, data: bytes) -> None:
    body = (b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="2023.json"\r\n'
            b"Content-Type: application/json\r\n\r\n" + data + b"\r\n--xyz--\r\n")
    request = urllib.request.Request(url + "api/check", data=body, method="POST", headers={
        "X-Annual-Report-Token": token, "Content-Type": "multipart/form-data; boundary=xyz"})

    def post():
        try:
            urllib.request.urlopen(request, timeout=120).read()
        except OSError:
            pass  # the server is stopped under it

    threading.Thread(target=post, daemon=True).start()


def _wait_for_upload(temp: Path) -> Path:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = [p for p in temp.glob("annual-report-serve-*/job-*/reports/*") if p.is_file()]
        if found:
            return found[0]
        time.sleep(0.1)
    raise AssertionError(f"no upload folder appeared: {list(temp.rglob('*'))}")


def test_kill_9_then_restart_and_sigterm_leave_nothing_behind(tmp_path):
    root = init_example(tmp_path / "ws")
    (root / "plugins" / "slow.py").write_text(HANG, encoding="utf-8")
    config = root / "annual-report.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("[check]", "[check]\nrule_timeout = 60", 1), encoding="utf-8")
    data = json.dumps(json.loads((root / "data" / "2023.json").read_text(encoding="utf-8")), ensure_ascii=False).encode("utf-8")
    temp = tmp_path / "tmp"
    temp.mkdir()

    proc, url, token = _start(root, temp)
    _upload_in_background(url, token, data)
    upload = _wait_for_upload(temp)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    assert upload.exists()  # what kill -9 leaves: the draft of a check in progress

    proc, url, token = _start(root, temp)
    assert not upload.exists() and not upload.parent.parent.parent.exists()  # removed at start-up
    _upload_in_background(url, token, data)
    _wait_for_upload(temp)
    proc.send_signal(signal.SIGTERM)
    # a guard against a hang, not a speed figure: the rule hangs 40 s, so a server that waited
    # for it would still be running when this gives up (TimeoutExpired fails the test)
    proc.wait(30)
    proc.drain.join(10)
    assert "网页服务已停止，上传的文件和检查结果已删除" in "".join(proc.rest)  # said on stopping
    leftovers = sorted(str(p.relative_to(temp)) for p in temp.rglob("*"))
    assert leftovers == [], leftovers

"""Decisions kept under concurrency: every baseline write holds the file's lock, reads the file
again and replaces it atomically — 50 reviewers' processes dismissing at once keep 50
decisions; a ``--write-baseline`` run keeps a dismissal made while it was checking; a lock left
by a killed process is taken over; a lock held too long is a Chinese error."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys

import pytest

from annual_report.check import baseline as bl
from annual_report.model.errors import UserError
from annual_report.model.findings import Finding, Location, Severity


def _baseline(path, n: int) -> list[str]:
    entries = {}
    for i in range(n):
        fp = f"{i:02d}" + "ab" * 15
        entries[fp] = bl.Entry(fp, "AR101", "青溪镇人民政府", 2023, f"第{i}处", f"问题{i}")
    bl.Baseline(path, [{"body": "青溪镇人民政府", "year": 2023, "file": "初稿.docx"}], entries).save(path)
    return list(entries)


def _dismiss(path: str, fp: str, start) -> None:
    start.wait()
    bl.decide(path, fp, bl.DISMISSED, f"理由{fp[:2]}")


def test_fifty_parallel_dismissals_keep_fifty_decisions(tmp_path):
    path = tmp_path / "基线.json"
    fingerprints = _baseline(path, 50)
    ctx = multiprocessing.get_context("fork")
    start = ctx.Event()
    procs = [ctx.Process(target=_dismiss, args=(str(path), fp, start)) for fp in fingerprints]
    for p in procs:
        p.start()
    start.set()  # all at once
    for p in procs:
        p.join(120)
    assert all(p.exitcode == 0 for p in procs), [p.exitcode for p in procs]
    doc = json.loads(path.read_text(encoding="utf-8"))
    states = {f["fingerprint"]: (f["state"], f["reason"]) for f in doc["findings"]}
    assert states == {fp: (bl.DISMISSED, f"理由{fp[:2]}") for fp in fingerprints}
    assert not bl.lock_path(path).exists()
    assert [p.name for p in tmp_path.iterdir()] == ["基线.json"]  # no temporary file left


def test_twelve_dismiss_commands_at_once_keep_twelve_decisions(tmp_path):
    path = tmp_path / "bl.json"
    fingerprints = _baseline(path, 12)
    env = dict(os.environ, PYTHONIOENCODING="utf-8", ANNUAL_REPORT_LOAD_PLUGINS="", XDG_STATE_HOME=str(tmp_path / "state"))
    procs = [
        subprocess.Popen([sys.executable, "-m", "annual_report", "dismiss", fp[:8], "-b", str(path), "--reason", "已核实"],
                         env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for fp in fingerprints
    ]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
        assert "已忽略" in out.decode()
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert sorted(f["fingerprint"] for f in doc["findings"] if f["state"] == bl.DISMISSED) == sorted(fingerprints)


def test_writing_a_baseline_keeps_a_dismissal_made_meanwhile(tmp_path):
    path = tmp_path / "基线.json"
    fingerprints = _baseline(path, 3)
    previous = bl.Baseline.load(path)  # read at the start of the run
    bl.decide(path, fingerprints[1], bl.DISMISSED, "同事刚刚忽略")  # while the run was checking
    findings = [Finding(code="AR101", severity=Severity.ERROR, message=f"问题{i}", location=Location(), fingerprint=fp)
                for i, fp in enumerate(fingerprints)]
    bl.write_recorded(path, [("青溪镇人民政府", 2023, "初稿.docx", findings)], previous)
    again = bl.Baseline.load(path)
    assert again.entries[fingerprints[1]].state == bl.DISMISSED
    assert again.entries[fingerprints[1]].reason == "同事刚刚忽略"


def test_a_lock_left_by_a_killed_process_is_taken_over(tmp_path):
    path = tmp_path / "基线.json"
    fingerprints = _baseline(path, 1)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    import socket

    bl.lock_path(path).write_text(f"{socket.gethostname()} {dead.pid} 0\n", encoding="utf-8")
    bl.decide(path, fingerprints[0], bl.DISMISSED, "理由")
    assert bl.Baseline.load(path).entries[fingerprints[0]].state == bl.DISMISSED
    assert not bl.lock_path(path).exists()


def test_a_lock_held_too_long_is_a_chinese_error(tmp_path):
    path = tmp_path / "基线.json"
    _baseline(path, 1)
    before = path.read_bytes()
    with bl.locked(path):
        with pytest.raises(UserError) as exc:
            with bl.locked(path, timeout=0.3):
                pass
    assert "正被其他人或程序修改" in str(exc.value) and "基线.json.lock" in str(exc.value)
    assert path.read_bytes() == before

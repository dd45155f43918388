"""The hostile corpus (tests/hostile.py) run case by case: how many were tried, handled and
failed (want 0), the slowest case and the largest peak memory of one run (want ≤ 10 s and
≤ 512 MB per file; memory is the command's peak RSS (RUSAGE_CHILDREN in a small launcher), its batch
workers included).  A floor is measured in the same run: ``annual-report --version``.

With ``--server``: the web server (``annual-report serve``, a real process) given 200 uploads
(``--uploads N``) in turn — hostile workbooks, PDFs and web pages among ordinary drafts — half
through ``POST /api/check``, half through the page's form (its result page opened, the SARIF and
XLSX downloads made); its resident memory after 20, 200 and all uploads (want flat), the answers'
status counts and the disk its kept jobs use; then kill -9 during a check, a restart, and what is
left in its temporary folder (want nothing).  With ``--dismiss``: 50 ``dismiss``
commands at once on one baseline file, and how many decisions were lost (want 0).

Usage: python bench/bench_hostile.py [-k SUBSTRING] [--show-failures] [--server] [--dismiss] [--no-corpus]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from _common import ROOT  # noqa: F401 - puts tests/ on sys.path

from hostile import Case, corpus, run_case


def run_corpus(k: str, show_failures: bool) -> int:
    cases = [c for c in corpus() if k in c.id]
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as tmp:
        floor = run_case(Case("floor", lambda folder: ["--version"], codes=(0,)), Path(tmp) / "floor")
        outcomes = []
        start = time.perf_counter()
        for i, case in enumerate(cases):
            outcomes.append(run_case(case, Path(tmp) / str(i)))
        total = time.perf_counter() - start
    failed = [o for o in outcomes if not o.handled]
    slowest = max(outcomes, key=lambda o: o.seconds)
    largest = max(outcomes, key=lambda o: o.peak_kb)
    print(f"tried    {len(outcomes)}")
    print(f"handled  {len(outcomes) - len(failed)}")
    print(f"failed   {len(failed)}")
    print(f"floor    annual-report --version: {floor.seconds:.2f} s, {floor.peak_kb / 1024:.0f} MB")
    print(f"slowest  {slowest.case}: {slowest.seconds:.2f} s ({slowest.seconds / max(floor.seconds, 1e-6):.1f}× floor)")
    print(f"largest  {largest.case}: {largest.peak_kb / 1024:.0f} MB peak RSS ({largest.peak_kb / max(floor.peak_kb, 1):.1f}× floor)")
    over = [o for o in outcomes if o.seconds > 10 or o.peak_kb > 512 * 1024]
    print(f"over     {len(over)} case(s) above 10 s or 512 MB" + (": " + ", ".join(o.case for o in over[:10]) if over else ""))
    print(f"total    {total:.0f} s on {os.cpu_count()} CPUs")
    if failed and show_failures:
        for o in failed:
            print(f"FAILED {o.case}: {'; '.join(o.problems)[:400]}")
    return len(failed)


# --- the server -----------------------------------------------------------------------------


def _start_server(root: Path, temp: Path):
    env = dict(os.environ, TMPDIR=str(temp), PYTHONIOENCODING="utf-8", ANNUAL_REPORT_LOAD_PLUGINS="", XDG_STATE_HOME=str(temp.parent / "state"))
    proc = subprocess.Popen([sys.executable, "-m", "annual_report", "serve", "--port", "0", "-w", str(root)],
                            env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, encoding="utf-8")
    url = token = None
    while not (url and token):
        line = proc.stderr.readline()
        if not line:
            raise SystemExit("the server did not start")
        url = url or (re.search(r"(http://127\.0\.0\.1:\d+/)", line) or [None, None])[1]
        token = token or (re.search(r"令牌：(\S+)", line) or [None, None])[1]
    threading.Thread(target=proc.stderr.read, daemon=True).start()
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=2).read()
            break
        except OSError:
            time.sleep(0.1)
    return proc, url, token


def _body(name: str, data: bytes) -> bytes:
    return (f'--xyz\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'.encode("utf-8")
            + b"Content-Type: application/octet-stream\r\n\r\n" + data + b"\r\n--xyz--\r\n")


def _get(url: str, timeout: float = 120) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""
    except OSError:
        return 0, b""


def _post(url: str, token: str, name: str, data: bytes, timeout: float = 120) -> int:
    request = urllib.request.Request(url + "api/check", data=_body(name, data), method="POST",
                                     headers={"X-Annual-Report-Token": token, "Content-Type": "multipart/form-data; boundary=xyz"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            answer.read()
            return answer.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:  # the server was killed under it
        return 0


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _post_form(url: str, token: str, name: str, data: bytes, timeout: float = 120) -> int:
    """The page's form: the upload, the job's progress polled, its result page opened and two
    downloads made (as a person would); the result page's status (or the refusal's)."""
    request = urllib.request.Request(f"{url}check?token={token}", data=_body(name, data), method="POST",
                                     headers={"Content-Type": "multipart/form-data; boundary=xyz"})
    try:
        urllib.request.build_opener(_NoRedirect).open(request, timeout=timeout).read()
        return 200  # not redirected: the form page again
    except urllib.error.HTTPError as exc:
        if exc.code != 303:
            return exc.code
        job = url.rstrip("/") + exc.headers["Location"]
    except OSError:
        return 0
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status, body = _get(job + "/status")
        if status != 200 or json.loads(body)["state"] in ("done", "failed"):
            break
        time.sleep(0.05)
    status, page = _get(job)
    if status == 200:
        for kind in ("sarif", "xlsx"):
            _get(f"{job}/download/{kind}")
    return status


def _rss_mb(pid: int) -> float:
    total = 0
    for p in [pid] + _children(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) if p == pid else 0
        except OSError:
            pass
    return total / 1024


def _children(pid: int) -> list[int]:
    try:
        return [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _uploads(tmp: Path) -> list[tuple[str, bytes]]:
    """Ordinary drafts and hostile files, as a reviewer's week might bring them."""
    from hostile import _good_data, _good_draft

    made = []
    for case in corpus():
        if case.id in ("xlsx-merge-whole-sheet", "xlsx-formula-chain-42", "xlsx-sum-whole-sheet", "pdf-stream-inflates-to-1-gb",
                       "pdf-100000-text-objects", "html-20000-rows", "xlsx-zip-bomb"):
            folder = tmp / case.id
            folder.mkdir()
            args = case.make(folder)
            path = Path(args[1])
            made.append((path.name, path.read_bytes()))
    made.append(("初稿.docx", _good_draft()))
    made.append(("2023.json", json.dumps(_good_data(), ensure_ascii=False).encode("utf-8")))
    return made


def run_server(count: int = 200) -> None:
    from annual_report.app.workspace import init_example

    with tempfile.TemporaryDirectory(prefix="bench-hostile-server-") as tmp:
        tmp = Path(tmp)
        root = init_example(tmp / "ws")
        temp = tmp / "tmp"
        temp.mkdir()
        (tmp / "inputs").mkdir()
        uploads = _uploads(tmp / "inputs")
        proc, url, token = _start_server(root, temp)
        statuses: dict[str, int] = {}
        slowest = (0.0, "")
        marks = {}
        for n in range(1, count + 1):
            name, data = uploads[(n // 2) % len(uploads)]  # each file once through the API, once through the form
            start = time.perf_counter()
            how = "api" if n % 2 else "form"
            status = (_post if how == "api" else _post_form)(url, token, name, data)
            seconds = time.perf_counter() - start
            slowest = max(slowest, (seconds, f"{name} ({how})"))
            statuses[f"{how} {status}"] = statuses.get(f"{how} {status}", 0) + 1
            if n in (20, 200, count):
                marks[n] = _rss_mb(proc.pid)
        kept = [p for p in temp.rglob("*") if p.is_file()]
        print(f"server   {count} uploads ({len(uploads)} kinds, hostile among them; half API, half form): answers {dict(sorted(statuses.items()))}")
        print("server   memory " + ", ".join(f"after {n} uploads {mb:.0f} MB ({mb / marks[20]:.2f}×)" for n, mb in sorted(marks.items())))
        print(f"server   kept jobs on disk: {sum(p.stat().st_size for p in kept) / 1024 / 1024:.1f} MB in {len(kept)} files")
        print(f"server   slowest upload {slowest[0]:.2f} s ({slowest[1]})")
        # kill -9 during a check, then a restart: nothing of the killed server's uploads stays
        big = next(data for name, data in uploads if name.endswith(".docx"))
        threading.Thread(target=_post, args=(url, token, "初稿.docx", big), daemon=True).start()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not list(temp.glob("annual-report-serve-*/job-*/reports/*")):
            time.sleep(0.02)
        left_by_kill = len(list(temp.rglob("*")))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc, url, token = _start_server(root, temp)
        after_restart = [p for p in temp.rglob("*") if "job-" in str(p)]
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
        after_stop = list(temp.rglob("*"))
        print(f"tempdir  after kill -9: {left_by_kill} entries; after a restart: {len(after_restart)} upload entries; after SIGTERM: {len(after_stop)} entries")


def run_dismiss(n: int = 50) -> None:
    from annual_report.check import baseline as bl

    with tempfile.TemporaryDirectory(prefix="bench-hostile-dismiss-") as tmp:
        path = Path(tmp) / "基线.json"
        entries = {f"{i:02d}" + "cd" * 15: bl.Entry(f"{i:02d}" + "cd" * 15, "AR101", "青溪镇人民政府", 2023, "", f"问题{i}") for i in range(n)}
        bl.Baseline(path, [{"body": "青溪镇人民政府", "year": 2023, "file": "初稿.docx"}], entries).save(path)
        env = dict(os.environ, PYTHONIOENCODING="utf-8", ANNUAL_REPORT_LOAD_PLUGINS="", XDG_STATE_HOME=str(Path(tmp) / "state"))
        start = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, "-m", "annual_report", "dismiss", fp[:10], "-b", str(path), "--reason", "已核实"],
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for fp in entries]
        codes = [p.wait() for p in procs]
        seconds = time.perf_counter() - start
        kept = sum(1 for e in bl.Baseline.load(path).entries.values() if e.state == bl.DISMISSED)
        print(f"dismiss  {n} at once: {codes.count(0)} exited 0, {kept} decisions kept, {n - kept} lost, {seconds:.1f} s in all")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-k", default="", help="only cases whose id contains this")
    parser.add_argument("--show-failures", action="store_true")
    parser.add_argument("--server", action="store_true", help="also: the server's memory across --uploads uploads, kill -9 and restart")
    parser.add_argument("--dismiss", action="store_true", help="also: 50 parallel dismissals")
    parser.add_argument("--no-corpus", action="store_true")
    parser.add_argument("--uploads", type=int, default=200)
    args = parser.parse_args()
    failed = 0 if args.no_corpus else run_corpus(args.k, args.show_failures)
    if args.dismiss:
        run_dismiss()
    if args.server:
        run_server(args.uploads)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

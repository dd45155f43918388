"""The web page against the CLI: one report from upload to findings vs ``annual-report check``
of the same file in the same process, and 20 uploads at once.

Usage: python bench/bench_web.py [--repeat 10] [--concurrent 20]
Prints median times (ms) and their ratio to the floor (the pipeline's check of the same
file, as ``annual-report check --format json`` runs it, measured in the same run); then the
wall time for N uploads posted at once to a real uvicorn server on 127.0.0.1, per upload.
"""

from __future__ import annotations

import argparse
import io
import random
import socket
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import redirect_stdout
from pathlib import Path

from _common import median_time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--concurrent", type=int, default=20)
    args = parser.parse_args()

    import httpx2 as httpx  # what the test extra installs (the client starlette uses)
    import uvicorn
    from official_template import fill_official_template

    from annual_report.cli import app as cli_app
    from synth import consistent_series
    from annual_report.web.app import create_app

    folder = Path(tempfile.mkdtemp(prefix="bench-web-"))
    d2022, d2023 = consistent_series([2022, 2023], random.Random(5), body="城关镇人民政府")
    draft = fill_official_template(d2023, folder / "2023.docx")
    history = fill_official_template(d2022, folder / "2022.docx")
    files = [("file", (draft.name, draft.read_bytes())), ("history", (history.name, history.read_bytes()))]

    def cli_check():
        with redirect_stdout(io.StringIO()):
            cli_app(["check", str(draft), "--history", str(history), "--format", "json"], standalone_mode=False)

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    app = create_app(workers=2)
    token = {"X-Annual-Report-Token": app.state.token}  # what a script is given at start-up
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    url = f"http://127.0.0.1:{port}/api/check"
    client = httpx.Client(timeout=120, headers=token)

    def upload():
        answer = client.post(url, files=files)
        assert answer.status_code == 200, answer.text

    cli_check()
    upload()  # warm both paths: plugins loaded, modules imported
    floor = median_time(cli_check, args.repeat)
    one = median_time(upload, args.repeat)
    print(f"报告：{draft.name}（{draft.stat().st_size // 1024} KB，对照 1 年），每项取 {args.repeat} 次的中位数")
    print(f"  命令行 check --format json（基准）   {floor * 1000:7.1f} ms   1.00 ×")
    print(f"  网页 POST /api/check，上传到结果       {one * 1000:7.1f} ms   {one / floor:4.2f} × 基准")

    def one_of_many(_):
        with httpx.Client(timeout=300, headers=token) as c:
            start = time.perf_counter()
            answer = c.post(url, files=files)
            return answer.status_code, time.perf_counter() - start

    start = time.perf_counter()
    with ThreadPoolExecutor(args.concurrent) as pool:
        results = list(pool.map(one_of_many, range(args.concurrent)))
    wall = time.perf_counter() - start
    ok = sum(1 for status, _ in results if status == 200)
    slowest = max(s for _, s in results)
    print(f"  同时上传 {args.concurrent} 份：成功 {ok}/{args.concurrent}，总用时 {wall:.2f} s，"
          f"每份平均 {wall / args.concurrent * 1000:.0f} ms（{wall / args.concurrent / floor:4.2f} × 基准），最慢一份 {slowest:.2f} s")
    server.should_exit = True
    thread.join(10)


if __name__ == "__main__":
    main()

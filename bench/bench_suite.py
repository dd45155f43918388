"""The test suite's time on this machine: one process (``-n 0``, the floor) against the workers
of the default run (pyproject's ``-n auto``), in the same sitting.

For each run: wall time, the CPU time of pytest and all its children (the hostile corpus runs
each case in a subprocess), and the sum of the per-test durations pytest reports; then the
ratio of the parallel wall time to the floor's (want ≤ 0.5 on 2 cores).  The machine may be
shared: the load average before each run is printed with it.

Usage: python bench/bench_suite.py [-k EXPRESSION] [--workers auto]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import time

from _common import ROOT

_DURATION = re.compile(r"^(\d+(?:\.\d+)?)s (?:setup|call|teardown) ", re.M)


def run(workers: str, keyword: str) -> dict:
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--durations=0", "--durations-min=0", "-n", workers]
    if keyword:
        command += ["-k", keyword]
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    tail = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr[-300:]
    return {
        "workers": workers,
        "wall": wall,
        "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        "durations": sum(float(m) for m in _DURATION.findall(result.stdout)),
        "load": load,
        "result": tail,
        "code": result.returncode,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-k", default="", help="only the tests this pytest -k expression selects")
    parser.add_argument("--workers", default="auto", help="the parallel run's -n (default: auto, as pyproject.toml)")
    args = parser.parse_args()
    print(f"{os.cpu_count()} 个 CPU 核；{'全部测试' if not args.k else '-k ' + args.k}", flush=True)
    runs = []
    for workers in ("0", args.workers):
        r = run(workers, args.k)
        runs.append(r)
        print(
            f"-n {r['workers']:<4} 用时 {r['wall']:6.1f} 秒  CPU {r['cpu']:6.1f} 秒  各测试用时之和 {r['durations']:6.1f} 秒"
            f"  （开始时负载 {r['load']:.2f}）  {r['result']}",
            flush=True,
        )
    floor, parallel = runs
    print(f"并行/单进程 用时比：{parallel['wall'] / floor['wall']:.2f}")
    print(f"并行/单进程 CPU 比：{parallel['cpu'] / floor['cpu']:.2f}")
    sys.exit(1 if any(r["code"] for r in runs) else 0)


if __name__ == "__main__":
    main()

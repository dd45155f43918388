"""The hostile corpus (tests/hostile.py) run case by case: how many were tried, handled and
failed (want 0), the slowest case and the largest peak memory of one run (want < 10 s and
< 1 GB on a 2-core machine; memory is the command's peak RSS (RUSAGE_CHILDREN in a small launcher), its batch
workers included).  A floor is measured in the same run: ``annual-report --version``.

Usage: python bench/bench_hostile.py [-k SUBSTRING] [--show-failures]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT  # noqa: F401 - puts tests/ on sys.path

from hostile import Case, corpus, run_case


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-k", default="", help="only cases whose id contains this")
    parser.add_argument("--show-failures", action="store_true")
    args = parser.parse_args()
    cases = [c for c in corpus() if args.k in c.id]
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
    print(f"total    {total:.0f} s on {os.cpu_count()} CPUs")
    if failed and args.show_failures:
        for o in failed:
            print(f"FAILED {o.case}: {'; '.join(o.problems)[:400]}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

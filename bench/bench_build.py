"""Time building N reports (default 50): data → model → checks → .docx.

Usage: python bench/bench_build.py [-n 50] [--edition 2021|2019] [--no-check] [--write DIR]

Prints reports/second and the time per report, and how that time splits between loading
the model, running the checks and rendering the template.  Not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT  # noqa: F401 - puts tests/ on sys.path (synth.py)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=50, help="number of reports (default 50)")
    parser.add_argument("--edition", choices=("2019", "2021"), default="2021")
    parser.add_argument("--no-check", action="store_true", help="render only, skip the rules")
    parser.add_argument("--write", type=Path, help="write the .docx files to this folder (default: a temp folder)")
    args = parser.parse_args(argv)

    from annual_report.writer.render import render, template_for, write_atomic
    from annual_report.check.engine import make_checker
    from synth import consistent_series
    from annual_report.readers.jsondata import report_from_data
    from annual_report.files.config import load_config

    first = 2019 if args.edition == "2019" else 2021
    years = [first, first + 1] if args.edition == "2019" else [first, first + 1, first + 2]
    rng = random.Random(2024)
    datasets = []
    while len(datasets) < args.n:
        datasets.extend(consistent_series(years, rng))
    datasets = datasets[: args.n]

    started = time.perf_counter()
    checker = None if args.no_check else make_checker(load_config(None))
    template = template_for(args.edition)
    setup = time.perf_counter() - started

    folder = args.write or Path(tempfile.mkdtemp(prefix="bench-build-"))
    folder.mkdir(parents=True, exist_ok=True)
    phases = {"model": [], "check": [], "render": [], "write": []}
    total_bytes = 0
    started = time.perf_counter()
    for i, data in enumerate(datasets):
        t0 = time.perf_counter()
        report = report_from_data(data)
        t1 = time.perf_counter()
        if checker is not None:
            checker.check(report, [])
        t2 = time.perf_counter()
        blob = render(report, template)
        t3 = time.perf_counter()
        write_atomic(folder / f"{i:04d}-{data['year']}.docx", blob)
        t4 = time.perf_counter()
        total_bytes += len(blob)
        for name, dt in zip(phases, (t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
            phases[name].append(dt)
    elapsed = time.perf_counter() - started

    n = len(datasets)
    print(f"annual-report build benchmark: {n} reports, {args.edition} edition, checks {'off' if args.no_check else 'on'}")
    print(f"  set-up (plugins, template lookup): {setup * 1000:.0f} ms")
    print(f"  total {elapsed:.2f} s  →  {n / elapsed:.1f} reports/second, {elapsed / n * 1000:.1f} ms per report")
    for name, times in phases.items():
        print(f"  {name:<7} median {statistics.median(times) * 1000:6.1f} ms   max {max(times) * 1000:6.1f} ms")
    print(f"  average .docx size {total_bytes / n / 1024:.0f} KiB, written to {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

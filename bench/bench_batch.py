"""Batch checking at county scale: N realistic drafts across bodies and years.

Usage: python bench/bench_batch.py [--sizes 500 1000] [--jobs 2] [--keep DIR]

Generates a corpus with the tests' independent draft writer (tests/drafts.py): bodies with
four consecutive years each (2020–2023, both format editions), every draft style, file names
that say nothing, a few planted errors.  Then runs `check` over the folder (process pool,
each report against its own history) and prints drafts per second, seconds per size, the
ratio time(1000)/time(500), the per-draft check time against python-docx's bare open of the
same files, peak memory, and `annual-report --help` start-up time.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from _common import median_time

YEARS = [2020, 2021, 2022, 2023]
STYLE_NAMES = ["official", "flat", "split", "subtotal-rows", "mixed-values", "spaced-labels", "tracked", "variant-headings"]


def styles():
    from drafts import DraftStyle

    return {
        "official": DraftStyle(),
        "flat": DraftStyle(merged=False),
        "split": DraftStyle(split_b_at=9),
        "subtotal-rows": DraftStyle(subtotal_rows=True),
        "mixed-values": DraftStyle(value_style="mixed"),
        "spaced-labels": DraftStyle(label_style="spaced"),
        "tracked": DraftStyle(tracked_changes=True),
        "variant-headings": DraftStyle(heading_style="variant"),
    }


def _write_body(args) -> int:
    folder, b, seed = args
    from drafts import write_draft

    from synth import consistent_series

    rng = random.Random(seed)
    all_styles = styles()
    level = rng.choice(["乡镇/街道", "县级部门", "县级部门", "乡镇/街道", "市级部门"])
    series = consistent_series(YEARS, rng, body=f"第{b:04d}号{'镇人民政府' if level == '乡镇/街道' else '局'}", level=level)
    sub = Path(folder) / f"单位{b % 17:02d}"
    sub.mkdir(parents=True, exist_ok=True)
    for data in series:
        if rng.random() < 0.1:  # a planted arithmetic error now and then
            data["tables"]["B"]["rows"][2]["总计"] += 1
        style = replace(all_styles[rng.choice(STYLE_NAMES)], seed=rng.randint(0, 10**6))
        write_draft(data, sub / f"报送材料-{rng.randint(0, 10**9):09d}.docx", style)
    return len(series)


def make_corpus(folder: Path, n: int, jobs: int) -> None:
    from concurrent.futures import ProcessPoolExecutor

    bodies = n // len(YEARS)
    with ProcessPoolExecutor(jobs) as pool:
        list(pool.map(_write_body, [(str(folder), b, b * 7919) for b in range(bodies)]))


def run_check(folder: Path, jobs: int) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "annual_report", "check", str(folder), "--recursive", "--jobs", str(jobs), "--no-progress", "--format", "json", "-o", str(folder.parent / f"{folder.name}.json")],
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"check failed: {proc.stderr[-2000:]}")
    return elapsed, proc.stderr


def peak_memory_mb() -> tuple[float, float]:
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return me, children


def bare_open_vs_check(folder: Path, sample: int = 40) -> tuple[float, float, float]:
    import docx

    from annual_report.check.engine import make_checker
    from annual_report.readers.docx import read_docx

    files = sorted(folder.rglob("*.docx"))[:sample]
    checker = make_checker()
    bare = statistics.median(median_time(lambda f=f: docx.Document(f), 3) for f in files)
    read = statistics.median(median_time(lambda f=f: read_docx(f), 3) for f in files)
    checked = statistics.median(median_time(lambda f=f: checker.check(read_docx(f)), 3) for f in files)
    return bare, read, checked


def help_startup(repeat: int = 7) -> float:
    exe = shutil.which("annual-report")
    cmd = [exe, "--help"] if exe else [sys.executable, "-m", "annual_report", "--help"]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 1000])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--keep", type=Path, help="keep the corpus in this folder")
    args = parser.parse_args()

    base = args.keep or Path(tempfile.mkdtemp(prefix="bench-batch-"))
    results = {}
    for n in args.sizes:
        folder = base / f"corpus-{n}"
        if not folder.exists():
            start = time.perf_counter()
            make_corpus(folder, n, args.jobs)
            print(f"生成 {n} 份草稿用时 {time.perf_counter() - start:.1f} 秒（{folder}）", flush=True)
        seconds, _ = run_check(folder, args.jobs)
        results[n] = seconds
        print(f"检查 {n} 份草稿（每份对照本机关往年报告）：{seconds:.1f} 秒，{n / seconds:.1f} 份/秒", flush=True)
    if len(results) >= 2:
        small, large = sorted(results)[:2], None
        a, b = sorted(results)[0], sorted(results)[-1]
        print(f"时间比 time({b})/time({a}) = {results[b] / results[a]:.2f}（线性为 {b / a:.2f}）")
    bare, read, checked = bare_open_vs_check(base / f"corpus-{min(args.sizes)}")
    print(f"单份草稿：python-docx 打开 {bare * 1000:.1f} ms，本工具读取 {read * 1000:.1f} ms（{read / bare:.2f}×），读取+检查 {checked * 1000:.1f} ms（{checked / bare:.2f}×）")
    me, children = peak_memory_mb()
    print(f"峰值内存：检查命令（主进程及其工作进程中最高的一个）{children:.0f} MB；本脚本（生成草稿、单份计时）{me:.0f} MB")
    print(f"annual-report --help 启动时间：{help_startup():.2f} 秒")
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Building the 集中展示 site for a county's reports: N reports across bodies and years.

Usage: python bench/bench_site.py [--sizes 500 1000] [--jobs 2] [--docx-share 0.5] [--keep DIR]

The corpus: bodies with four consecutive years each (2020–2023, both format editions); a
share of the reports are .docx drafts written by the tests' independent draft writer
(tests/drafts.py, several styles), the rest JSON data.  For each size, prints the seconds
to build the site (reading in the worker pool, grouping, every page, the search index, the
copies of the originals), split into reading and writing, reports per second, and the ratio
time(1000)/time(500) — how the build grows; 2.0 is linear.  The floor, measured in the same
run: copying the corpus folder (the least a site that ships the originals must do).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import _common  # noqa: F401 - puts tests/ on sys.path

YEARS = [2020, 2021, 2022, 2023]


def make_corpus(folder: Path, n: int, docx_share: float, seed: int = 1) -> None:
    from drafts import DraftStyle, write_draft

    from synth import consistent_series

    rng = random.Random(seed)
    styles = [DraftStyle(), DraftStyle(merged=False), DraftStyle(subtotal_rows=True), DraftStyle(value_style="mixed")]
    bodies = (n + len(YEARS) - 1) // len(YEARS)
    written = 0
    for b in range(bodies):
        name = f"示例{b:04d}镇人民政府"
        for data in consistent_series(YEARS, random.Random(seed * 10_000 + b), body=name):
            if written == n:
                return
            stem = f"{b:04d}-{data['year']}"
            if rng.random() < docx_share:
                write_draft(data, folder / f"{stem}.docx", styles[written % len(styles)])
            else:
                (folder / f"{stem}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            written += 1


def build(corpus: Path, out: Path, jobs: int) -> tuple[float, float, int]:
    from annual_report.output.site import collect, write_site
    from annual_report.files.config import Config

    start = time.perf_counter()
    collection = collect([corpus], config=Config(), jobs=jobs)
    read = time.perf_counter() - start
    write_site(collection, out)
    return read, time.perf_counter() - start, len(collection.reports)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 1000])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--docx-share", type=float, default=0.5)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="bench-site-")) if args.keep is None else args.keep
    times: dict[int, float] = {}
    try:
        for n in args.sizes:
            corpus = base / f"corpus-{n}"
            corpus.mkdir(parents=True, exist_ok=True)
            make_corpus(corpus, n, args.docx_share)
            start = time.perf_counter()
            shutil.copytree(corpus, base / f"copy-{n}")
            floor = time.perf_counter() - start
            read, total, count = build(corpus, base / f"site-{n}", args.jobs)
            times[n] = total
            pages = sum(1 for _ in (base / f"site-{n}").rglob("*.html"))
            print(
                f"{n} 份报告（{count} 份读入，{pages} 个页面，--jobs {args.jobs}，docx 占 {args.docx_share:.0%}）："
                f"共 {total:.2f} 秒（读取 {read:.2f} 秒，生成页面 {total - read:.2f} 秒），{count / total:.0f} 份/秒；"
                f"复制语料（下限）{floor:.3f} 秒，比值 {total / floor:.0f} ×"
            )
        if len(times) >= 2:
            small, large = min(times), max(times)
            print(f"时间比 time({large})/time({small}) = {times[large] / times[small]:.2f}（线性增长为 {large / small:.1f}）")
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    sys.stdout.flush()


if __name__ == "__main__":
    main()

"""Reading one draft vs python-docx's bare open of the same file (issue: check ≤ 3× open).

Usage: python bench/bench_read.py [--repeat 30]
Prints median times (ms) for: python-docx open; python-docx open + walking every cell with
row.cells; our reader; our reader + all rules (check without and with three years of history).
"""

from __future__ import annotations

import argparse
import random
import tempfile
from pathlib import Path

from _common import median_time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    import docx
    from drafts import DraftStyle, write_draft

    from annual_report.check.engine import make_checker
    from synth import consistent_series
    from annual_report.readers.docx import read_docx

    folder = Path(tempfile.mkdtemp(prefix="bench-read-"))
    series = consistent_series([2020, 2021, 2022, 2023], random.Random(1))
    paths = [write_draft(d, folder / f"{d['year']}.docx", DraftStyle(seed=i)) for i, d in enumerate(series)]
    target = paths[-1]
    checker = make_checker()
    history = [read_docx(p) for p in paths[:-1]]

    def cells():
        document = docx.Document(target)
        for table in document.tables:
            for row in table.rows:
                for cell in row.cells:
                    cell.text

    def check_alone():
        checker.check(read_docx(target))

    def check_history():
        checker.check(read_docx(target), history)

    bare = median_time(lambda: docx.Document(target), args.repeat)
    rows = [
        ("python-docx 打开（基准）", bare),
        ("python-docx 打开并遍历 row.cells", median_time(cells, args.repeat)),
        ("本工具读取草稿", median_time(lambda: read_docx(target), args.repeat)),
        ("读取 + 全部检查（无往年）", median_time(check_alone, args.repeat)),
        ("读取 + 全部检查（对照三年）", median_time(check_history, args.repeat)),
    ]
    print(f"草稿：{target.name}（{target.stat().st_size // 1024} KB），每项取 {args.repeat} 次的中位数")
    for name, seconds in rows:
        print(f"  {name:<24} {seconds * 1000:7.1f} ms   {seconds / bare:5.2f} × 打开")


if __name__ == "__main__":
    main()

"""One check of a report with three years of history, beside the check without history.

Usage: python bench/bench_text_rules.py [--repeat 30]
"""

from __future__ import annotations

import argparse

from _common import ROOT, median_time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    from annual_report.check.engine import make_checker
    from annual_report.readers.jsondata import load_report
    from annual_report.files.config import load_config

    ws = ROOT / "examples" / "typical-defects"
    checker = make_checker(load_config(ws))
    report = load_report(ws / "data" / "2023.json")
    history = [load_report(ws / "data" / f"{y}.json") for y in (2021, 2022)]
    history.append(load_report(ROOT / "src/annual_report/examples/workspace/data/2021.json"))
    alone = median_time(lambda: checker.check(report), args.repeat)
    with_history = median_time(lambda: checker.check(report, history), args.repeat)
    text_rules = [r for r in checker.rules.values() if r.code.startswith(("AR3", "AR4", "AR5", "AR6"))]
    print(f"报告：{ws.name} 2023 年度（{len(checker.rules)} 条规则，其中文字规则 {len(text_rules)} 条）")
    print(f"  全部检查，无往年报告       {alone * 1000:6.1f} ms")
    print(f"  全部检查，对照三年往年报告 {with_history * 1000:6.1f} ms")


if __name__ == "__main__":
    main()

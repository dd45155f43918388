"""Findings a reviewer can trust: each defect class found, no false error on the correct
versions, the share of the narrative's figures tied to a table cell, and the cost of `check`
as a ratio to python-docx's bare open of the same file (the floor, measured in the same run).

Usage: python bench/bench_trust.py [--repeat 15]

Corpus: tests/officer_drafts.py (drafts filled into the real blank template the way officers
fill them — blank zeros, "—", full-width digits — each defect beside its correct twin),
tests/report_texts.py (narratives in the habits of published reports) and the text of the real
published report (bench/data/hongze-2023.txt, from bench/make_published_text.sh).
"""

from __future__ import annotations

import argparse
import re
import tempfile
from collections import defaultdict
from pathlib import Path

from _common import ROOT, median_time

TABLE_UNITS = ("件", "起", "宗", "万元", "元")


def _narrative_of_published() -> list[str]:
    """Parts 一, 五 and 六 of the published report's text, one string per paragraph."""
    text = (ROOT / "bench" / "data" / "hongze-2023.txt").read_text(encoding="utf-8")
    joined = re.sub(r"\n(?!\s*(?:[一二三四五六]、|（[一二三四五六七八九]）))", "", text)
    paragraphs = [p.strip() for p in joined.split("\n") if p.strip()]
    out, keep = [], False
    for p in paragraphs:
        if re.match(r"^[一五六]、", p):
            keep = True
        elif re.match(r"^[二三四]、", p):
            keep = False
        if keep:
            out.append(p)
    return out


def coverage(narratives, vocab, edition="2021") -> tuple[int, int, int]:
    """(figures with a table unit tied to a cell, figures with a table unit, all figures with a unit)."""
    from annual_report.text.figure_phrases import read_paragraph

    tied = table_kind = with_unit = 0
    for text in narratives:
        reading = read_paragraph(text, vocab, edition)
        for i, f in enumerate(reading.figures):
            if not f.unit:
                continue
            with_unit += 1
            if f.unit in TABLE_UNITS:
                table_kind += 1
                tied += i in reading.ties
    return tied, table_kind, with_unit


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    import docx
    from officer_drafts import CASES
    from report_texts import corpus

    from annual_report.check.engine import make_checker
    from annual_report.readers.docx import read_docx
    from annual_report.readers.jsondata import report_from_data
    from annual_report.text.figure_phrases import vocabulary

    checker = make_checker()
    folder = Path(tempfile.mkdtemp(prefix="bench-trust-"))

    # 1. each defect class found; no false error on the correct versions
    by_family = defaultdict(lambda: [0, 0, 0, 0])  # found, cases, correct versions with an error, correct versions
    narratives = []
    for case in CASES:
        bad = checker.check(read_docx(case.write(folder, True)))
        good_path = case.write(folder, False)
        good_report = read_docx(good_path)
        good = checker.check(good_report)
        row = by_family[case.family]
        row[0] += any(f.code == case.code and case.contains in f.message for f in bad)
        row[1] += 1
        row[2] += any(f.severity.value == "error" for f in good)
        row[3] += 1
        narratives += [p.text for p in good_report.paragraphs(("一", "五", "六"))]
    print(f"缺陷类别（每类的草稿填入官方空白模板，空白零格、全角数字等按办公室习惯；共 {len(CASES)} 对草稿）")
    found = sum(r[0] for r in by_family.values())
    false = sum(r[2] for r in by_family.values())
    for family, (hit, n, wrong, m) in by_family.items():
        print(f"  {family:<18} 发现 {hit}/{n}   正确版本中有错误的 {wrong}/{m}")
    print(f"  合计               发现 {found}/{len(CASES)} = {found / len(CASES):.2f}   正确版本误报错误 {false}/{len(CASES)}")

    # 2. text-figure coverage
    ref = checker.reference
    vocab = vocabulary(ref.items("text-figure"), ref.items("text-figure-case"), ref.items("text-figure-words"))
    styles = [p.text for d in corpus(12) for p in report_from_data(d).paragraphs(("一", "五", "六"))]
    published = _narrative_of_published()
    print("正文数字与表格单元格的对应（带“件/起/宗/万元/元”的数字中，能对应到单元格的比例）")
    total_tied = total_kind = 0
    for name, texts in (("官员草稿（正确版本）", narratives), ("按已发布报告习惯写的正文", styles), ("已发布报告（洪泽区 2023）", published)):
        tied, kind, units = coverage(texts, vocab)
        total_tied += tied
        total_kind += kind
        share = tied / kind if kind else 0.0
        print(f"  {name:<22} {tied}/{kind} = {share:.2f}（另有其他单位的数字 {units - kind} 个，如“条”“次”，不属于表格）")
    print(f"  合计                   {total_tied}/{total_kind} = {total_tied / total_kind:.2f}（目标 ≥ 0.80）")

    # 3. speed: check of one report vs python-docx's bare open of the same file
    target = next(c for c in CASES if c.family == "blank-arithmetic").write(folder, False)
    bare = median_time(lambda: docx.Document(str(target)), args.repeat)
    read = median_time(lambda: read_docx(target), args.repeat)
    check = median_time(lambda: checker.check(read_docx(target)), args.repeat)
    print(f"速度（{target.name}，{args.repeat} 次中位数，以 python-docx 打开同一文件为 1）")
    print(f"  python-docx 打开      {bare * 1000:7.1f} ms   1.00 ×")
    print(f"  本工具读取            {read * 1000:7.1f} ms   {read / bare:4.2f} ×")
    print(f"  读取 + 全部检查       {check * 1000:7.1f} ms   {check / bare:4.2f} ×")


if __name__ == "__main__":
    main()

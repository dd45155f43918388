"""Reading published reports and the statistics workbook: exactness and time per file.

Usage: python bench/bench_readers.py [--repeat 10]

On the committed test material (tests/fixtures/exported: the real blank template filled and
exported by LibreOffice to PDF and HTML, the statistics workbooks; tests/fixtures/portal:
portal-shaped pages) prints, per file, the table cells read the same as in the .docx (or the
data the page was made from) over all cells, whether every part's text is the same, and the
median reading time as a ratio to python-docx's bare ``Document()`` open of the same report's
.docx, measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

from _common import median_time

ROOT = Path(__file__).resolve().parents[1]
EXPORTED = ROOT / "tests" / "fixtures" / "exported"
PORTAL = ROOT / "tests" / "fixtures" / "portal"


def compare(expected, actual) -> tuple[int, int, bool]:
    same = total = 0
    for name, table in expected.tables.items():
        for key, value in table.values.items():
            total += 1
            got = actual.tables[name].values.get(key) if name in actual.tables else None
            same += got == value and type(got) is type(value)
    texts = [p.text for p in expected.paragraphs()] == [p.text for p in actual.paragraphs()] and actual.title == expected.title
    return same, total, texts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()

    import docx

    sys.path.insert(0, str(PORTAL))
    from make_portal import expected_data

    from synth import consistent_data
    from annual_report.readers import find_reader, read_report
    from annual_report.readers.docx import read_docx
    from annual_report.readers.jsondata import report_from_data

    floors = {stem: median_time(lambda s=stem: docx.Document(EXPORTED / f"{s}.docx"), args.repeat) for stem in ("report-2023", "report-2022")}
    portal = report_from_data(expected_data(), validate=False)
    cases = []
    for stem in ("report-2023", "report-2022"):
        expected = read_docx(EXPORTED / f"{stem}.docx")
        for ext in ("html", "pdf"):
            cases.append((EXPORTED / f"{stem}.{ext}", expected, floors[stem]))
    for name in ("cms-gb2312-meta.html", "cms-gbk-undeclared.htm", "cms-layout-table.html"):
        cases.append((PORTAL / name, portal, floors["report-2023"]))

    print(f"每项取 {args.repeat} 次的中位数；基准 = python-docx 打开同一报告的 .docx："
          + "，".join(f"{k} {v * 1000:.1f} ms" for k, v in floors.items()))
    all_same = all_total = 0
    for path, expected, floor in cases:
        same, total, texts = compare(expected, read_report(path))
        all_same, all_total = all_same + same, all_total + total
        seconds = median_time(lambda p=path: read_report(p), args.repeat)
        print(f"  {path.name:<28} 单元格 {same}/{total}  文字{'一致' if texts else '不一致'}  {seconds * 1000:7.1f} ms  {seconds / floor:6.2f} × 打开")
    data = consistent_data(2023, random.Random(7))
    for name in ("workbook-2023.xlsx", "workbook-2023-libreoffice.xlsx", "workbook-2023-cached.xlsx"):
        path = EXPORTED / name
        reader = find_reader(path)
        exact = json.dumps(reader.read_data(path), sort_keys=True) == json.dumps(data, sort_keys=True)
        seconds = median_time(lambda p=path: reader.read_data(p), args.repeat)
        print(f"  {name:<28} 数据{'完全一致' if exact else '不一致'}  {seconds * 1000:7.1f} ms  {seconds / floors['report-2023']:6.2f} × 打开")
    print(f"合计（网页与 PDF）：单元格 {all_same}/{all_total}")


if __name__ == "__main__":
    main()

"""Published reports as offices export and portals serve them: what is read, what reading
invents, and what reading costs.

Usage: python bench/bench_published.py [--repeat 5]

On the real WPS-exported report (tests/fixtures/published/hongze-2023.pdf, its figures typed
by hand below from the printed page) and on every variant in tests/fixtures/published and
tests/fixtures/portal (LibreOffice at three page sizes and a 2019-format report, Chromium's print-to-PDF, the WPS-like
reportlab drawings, Word's "Save as Web Page", a paged article), prints per file:

- the six parts found, and the paragraphs equal to the source's after whitespace is removed;
- the table cells read exactly (same value and type) over all cells;
- false findings from reading: reading codes (AR010–AR022), parts missing (AR601/AR602) and
  formats mixed (AR123) that the file does not deserve (the real report's one true AR015 —
  "（六）其他处理" typed as one row — is expected and not counted);
- for PDFs, reading time per page as a ratio to pdfplumber's own ``extract_text()`` of every
  page of the same file (the floor, measured in the same run), and where the time goes:
  parsing the page (pdfplumber's chars), finding ruled tables, and the rest (lines,
  paragraphs, table grids, mapping); and the whole reading as a ratio to python-docx opening
  the same report's .docx.  Set up with ``pip install -e ".[test]"`` (the variants'
  scripts import reportlab only when making them).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from _common import median_time

ROOT = Path(__file__).resolve().parents[1]
PUBLISHED = ROOT / "tests" / "fixtures" / "published"
PORTAL = ROOT / "tests" / "fixtures" / "portal"
EXPORTED = ROOT / "tests" / "fixtures" / "exported"

FALSE_IF_PRESENT = {f"AR0{n}" for n in range(10, 23)} | {"AR601", "AR602", "AR123"}

# hongze-2023.pdf as printed (2021 format): table A rows, table B rows (自然人, 商业企业, 科研机构,
# 社会公益组织, 法律服务机构, 其他, 总计), table C (review, direct, after review × 结果维持 … 总计)
HONGZE_A = {("规章", "本年制发件数"): 0, ("规章", "本年废止件数"): 0, ("规章", "现行有效件数"): 0,
            ("行政规范性文件", "本年制发件数"): 0, ("行政规范性文件", "本年废止件数"): 5, ("行政规范性文件", "现行有效件数"): 5,
            ("行政许可", "本年处理决定数量"): 550, ("行政处罚", "本年处理决定数量"): 4119, ("行政强制", "本年处理决定数量"): 195,
            ("行政事业性收费", "本年收费金额（单位：万元）"): 7730.28}
HONGZE_B = {"new": 21, "carried_in": 0, "open": 0, "partial": 4, "deny.1": 1, "deny.2": 0, "deny.3": 0, "deny.4": 0,
            "deny.5": 0, "deny.6": 1, "deny.7": 1, "deny.8": 0, "unable.1": 10, "unable.2": 3, "unable.3": 0,
            "noprocess.1": 1, "noprocess.2": 0, "noprocess.3": 0, "noprocess.4": 0, "noprocess.5": 0,
            "other.1": None, "other.2": None, "other.3": None, "total": 21, "carried_out": 0}
HONGZE_C = {"review": [10, 1, 0, 0, 0], "direct": [0, 0, 0, 0, 0], "after_review": [5, 0, 0, 0, 0]}
HONGZE_EXPECTED = {"AR015"}


def hongze_truth():
    from annual_report.model.layout import B_COMPONENT_COLUMNS, C_RESULT_COLUMNS

    cells = {("A",) + k: v for k, v in HONGZE_A.items()}
    for row, total in HONGZE_B.items():
        for col in list(B_COMPONENT_COLUMNS) + ["总计"]:
            cells[("B", row, col)] = None if total is None else (total if col in ("自然人", "总计") else 0)
    for row, values in HONGZE_C.items():
        for col, value in zip(list(C_RESULT_COLUMNS) + ["总计"], values):
            cells[("C", row, col)] = value
    return cells


def cells_of(report) -> dict:
    return {(name, *key): value for name, table in report.tables.items() for key, value in table.values.items()}


def squeeze(text: str) -> str:
    return "".join(text.split())


def compare(expected_cells: dict, expected_report, actual) -> tuple[int, int, int, bool]:
    got = cells_of(actual)
    same = sum(1 for k, v in expected_cells.items() if got.get(k, "∅") == v and type(got.get(k)) is type(v))
    parts = sum(1 for n in "一二三四五六" if actual.part(n) is not None)
    if expected_report is None:
        texts = parts == 6
    else:
        texts = [squeeze(p.text) for p in expected_report.paragraphs()] == [squeeze(p.text) for p in actual.paragraphs()]
    return same, len(expected_cells), parts, texts


def false_findings(path: Path, expected: set[str]) -> list[str]:
    from annual_report.check.engine import make_checker
    from annual_report.readers import read_report

    report = read_report(path)
    findings = make_checker().check(report)
    return [f.code for f in findings if f.code in FALSE_IF_PRESENT and f.code not in expected]


def pdf_split(path: Path, repeat: int) -> tuple[float, float, float, int]:
    """(extract_text floor, parsing, parsing and finding tables) in seconds for the whole
    file, and its pages."""
    import pdfplumber

    from annual_report.readers.pdf import _not_background, _open_ends

    def floor():
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()

    def parse():
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.objects  # every char, rect and line of the page

    def tables():  # parsing, then the ruled tables found as the reader finds them
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.objects
                ruled = page.filter(_not_background)
                ruled.find_tables({"explicit_horizontal_lines": _open_ends(ruled.edges)})

    with pdfplumber.open(path) as pdf:
        pages = len(pdf.pages)
    return median_time(floor, repeat), median_time(parse, repeat), median_time(tables, repeat), pages


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    sys.path.insert(0, str(PUBLISHED))
    sys.path.insert(0, str(PORTAL))
    from make_portal import expected_data
    from make_variants import wps_data

    from annual_report.readers import read_report
    from annual_report.readers.docx import read_docx
    from annual_report.readers.jsondata import report_from_data

    exported = read_docx(EXPORTED / "report-2023.docx")
    portal = report_from_data(expected_data(), validate=False)
    wps = report_from_data(wps_data(), validate=False)
    cases = [(PUBLISHED / "hongze-2023.pdf", hongze_truth(), None, HONGZE_EXPECTED)]
    for name in ("lo-a5.pdf", "lo-b5-wide-margins.pdf", "lo-b5-repeated-headers.pdf", "lo-letter-large.pdf"):
        cases.append((PUBLISHED / name, cells_of(exported), exported, set()))
    cases.append((PUBLISHED / "chromium.pdf", cells_of(portal), portal, set()))
    cases.append((PUBLISHED / "wps-like.pdf", cells_of(wps), wps, set()))
    old_format = read_docx(PUBLISHED / "lo-2019.docx")
    for name in ("lo-2019.pdf", "lo-2019.html"):
        cases.append((PUBLISHED / name, cells_of(old_format), old_format, set()))
    for name in ("word-save-as.htm", "word-utf8-declared-gb2312.htm", "paged-1.html", "cms-gb2312-meta.html"):
        cases.append((PORTAL / name, cells_of(portal), portal, set()))

    import docx

    docx_open = median_time(lambda: docx.Document(EXPORTED / "report-2023.docx"), args.repeat)
    print(f"每项取 {args.repeat} 次的中位数；PDF 的基准 = pdfplumber 自身对同一文件逐页 extract_text()；"
          f"另列整份读取相对 python-docx 打开同一报告 .docx（{docx_open * 1000:.1f} ms）的倍数")
    total_same = total_cells = total_false = 0
    for path, truth, expected_report, expected_codes in cases:
        actual = read_report(path)
        same, cells, parts, texts = compare(truth, expected_report, actual)
        wrong = false_findings(path, expected_codes)
        total_same, total_cells, total_false = total_same + same, total_cells + cells, total_false + len(wrong)
        line = f"  {path.name:<31} 部分 {parts}/6  正文{'一致' if texts else '不一致'}  单元格 {same}/{cells}  读取误报 {len(wrong)}{' ' + ','.join(wrong) if wrong else ''}"
        if path.suffix == ".pdf":
            seconds = median_time(lambda p=path: read_report(p), args.repeat)
            floor, parse, tables, pages = pdf_split(path, args.repeat)
            shares = [parse, max(tables - parse, 0.0), max(seconds - tables, 0.0)]
            line += (f"  {pages} 页  每页 {seconds / pages * 1000:6.1f} ms = {seconds / floor:4.2f} × extract_text"
                     f"（解析页面 {shares[0] / seconds:4.0%}，找表格 {shares[1] / seconds:4.0%}，行/段/表格映射 {shares[2] / seconds:4.0%}）"
                     f"  整份 {seconds / docx_open:5.1f} × 打开 .docx")
        else:
            seconds = median_time(lambda p=path: read_report(p), args.repeat)
            line += f"  {seconds * 1000:6.1f} ms"
        print(line)
    print(f"合计：单元格 {total_same}/{total_cells}（{total_same / total_cells:.2%}），读取误报 {total_false}")


if __name__ == "__main__":
    main()

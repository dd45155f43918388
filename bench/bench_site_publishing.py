"""Publishing exactly the right reports: a site from N reports with planted duplicates,
non-reports and hostile names, checked page by page.

Usage: python bench/bench_site_publishing.py [--reports 200] [--jobs 2] [--keep DIR]

The corpus: bodies with four years each (half .docx drafts by the tests' independent writer,
half JSON data), plus planted duplicates of one body and year (drafts with other figures, one
named 终稿, and byte-identical copies), 10 files that are not reports (memos with a phone
number, a notice, corrupt and empty files, a renamed text file), 3 解读 of a report beside it
and newer than it (``interpret``'s .docx and .html of one body's 2023 report, a portal's 图解
page), and hostile names (the same file name in two folders, markup in a name, a 200-character
name, a report of year 99999).

Prints: figures compared on every page with each file's own reading (count, mismatches),
non-reports published (must be 0), duplicates reported against those planted, the inputs
unchanged and nothing written outside the output folder, and the time of `site` per report
as a ratio to `check` of the same folder (both in the same run, same --jobs), with copying the
folder as the floor.  Of `check`: AR024 findings against the readable non-reports planted, any
other finding on those files (must be 0), 解读 taken as a report (must be 0), and the time of
the document-kind scan per file as a ratio to reading the file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _common  # noqa: F401 - puts tests/ on sys.path

YEARS = [2020, 2021, 2022, 2023]
KEYS = ("new", "handled", "disclosure_rate", "review", "litigation")
NON_REPORTS = 10
MEMOS = 4  # of the non-reports, those that read (the others are broken files)
READINGS = ("2023年政府信息公开工作年度报告解读.docx", "2023年政府信息公开工作年度报告解读.html", "一图读懂.html")
FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "notreport"


def make_corpus(folder: Path, n: int, seed: int = 1) -> dict:
    import docx
    from drafts import DraftStyle, write_draft

    from synth import consistent_series

    planted = {"duplicate_groups": 0, "non_reports": []}
    bodies = (n + len(YEARS) - 1) // len(YEARS)
    written = 0
    for b in range(bodies):
        name = f"示例{b:04d}镇人民政府"
        sub = folder / f"片区{b % 5}"
        sub.mkdir(parents=True, exist_ok=True)
        for data in consistent_series(YEARS, random.Random(seed * 10_000 + b), body=name):
            if written == n:
                break
            # the same file name in different folders: every 片区 has a 2023.docx or 2023.json
            stem = f"{b:04d}-{data['year']}" if data["year"] != 2023 else f"{b // 5:04d}-2023"
            if b % 2:
                write_draft(data, sub / f"{stem}.docx", DraftStyle())
            else:
                (sub / f"{stem}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            written += 1
        if b % 10 == 3:  # earlier drafts of the same body and year, with other figures, and a 终稿
            other = consistent_series([2023], random.Random(seed * 77 + b), body=name)[0]
            write_draft(other, sub / f"{b:04d}-2023初稿.docx", DraftStyle())
            planted["duplicate_groups"] += 1
        if b % 10 == 7:  # the same bytes sent twice
            src = next(sub.glob(f"{b // 5:04d}-2023.*"))
            shutil.copy(src, sub / f"重发-{src.name}")
            planted["duplicate_groups"] += 1
    memo = folder / "片区0"
    for i in range(4):
        d = docx.Document()
        d.add_paragraph(["内部审核意见", "关于报送年度报告的通知", "会议纪要", "工作要点"][i])
        d.add_paragraph(f"请于周五前修改，联系电话 0731-8888{i:04d}。")
        d.save(memo / f"非报告{i}.docx")
    (memo / "损坏.docx").write_bytes(b"PK\x03\x04 truncated")
    (memo / "空文件.docx").write_bytes(b"")
    (memo / "改名的文本.docx").write_text("这不是 Word 文件", encoding="utf-8")
    (memo / "<script>alert(1).docx").write_bytes(b"PK\x03\x04 x")
    (memo / (("很长的文件名" * 4)[:20] + "x" * 175 + ".json")).write_text("{not json", encoding="utf-8")  # 200 characters
    far = consistent_series([2023], random.Random(5), body="远年镇人民政府")[0]
    far["year"] = 99999
    (memo / "远年.json").write_text(json.dumps(far, ensure_ascii=False), encoding="utf-8")
    # the 解读 of body 0's 2023 report, as `interpret` writes it, beside the report and newer
    report = next((folder / "片区0").glob("0000-2023.*"))
    subprocess.run([sys.executable, "-m", "annual_report", "interpret", str(report), "-o", str(memo), "--force"], check=True, capture_output=True)
    shutil.copy(FIXTURES / READINGS[2], memo / READINGS[2])
    later = report.stat().st_mtime + 3600
    for name in READINGS:
        os.utime(memo / name, (later, later))
    planted["readings"] = list(READINGS)
    planted["non_reports"] = ["非报告0", "非报告1", "非报告2", "非报告3", "损坏", "空文件", "改名的文本", "alert(1)", "很长的文件名", "远年"]
    return planted


def _hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def verify(site: Path, corpus: Path) -> tuple[int, list[str]]:
    """Every figure on every report page against the file's own reading."""
    from annual_report.output.interpret.figures import FIGURE, number_text
    from annual_report.readers import read_report

    by_digest = {hashlib.sha256(p.read_bytes()).hexdigest(): p for p in corpus.rglob("*") if p.is_file()}
    checked, wrong = 0, []
    for page in sorted((site / "reports").glob("*.html")):
        text = page.read_text(encoding="utf-8")
        link = re.search(r'<a href="\.\./(files/[^"]+)" download="([^"]+)"', text)
        original = by_digest[hashlib.sha256((site / link.group(1)).read_bytes()).hexdigest()]
        report = read_report(original)
        shown = dict(re.findall(r'<span class="k">([^<]+)</span> <span class="v">([^<]+)</span>', text))
        for key in KEYS:
            f = FIGURE[key]
            r = f.read(report)
            expected = "不适用" if r.undefined else "缺失" if r.value is None else number_text(r.value, "%" if f.is_rate else "件")
            checked += 1
            if shown.get(f.label) != expected:
                wrong.append(f"{page.name} {f.label}: {shown.get(f.label)} ≠ {expected}")
        row = re.search(r">（七）总计</th>(.*?)</tr>", text, re.S)
        cells = re.findall(r">([^<]*)</td>", row.group(1)) if row else []
        b = report.tables["B"]
        for col, cell in zip(b.layout.row("total").columns, cells):
            value = b.get("total", col.id)
            checked += 1
            if cell != ("未填写" if value is None else str(int(value))):
                wrong.append(f"{page.name} 表三（七）总计 {col.id}: {cell} ≠ {value}")
    return checked, wrong


def kinds(check_json: Path, planted: dict) -> list[str]:
    """What `check` did with the non-reports planted: AR024 on each readable one and nothing
    else, no 解读 taken as a report."""
    reports = json.loads(check_json.read_text(encoding="utf-8"))["reports"]
    strays = [r for r in reports if any(f["code"] == "AR024" for f in r["findings"])]
    others = [f["code"] for r in strays for f in r["findings"] if f["code"] != "AR024"]
    readings = [r for r in reports if Path(r["file"]).name in planted["readings"]]
    taken = [r["file"] for r in readings if r.get("kind") != "interpretation"]  # JSON: body null, kind interpretation
    return [
        f"AR024: {len(strays)} files, of {MEMOS + len(planted['readings'])} readable non-reports planted ({MEMOS} memos, {len(planted['readings'])} 解读/图解)",
        f"other findings on those files: {len(others)} {sorted(set(others))}",
        f"解读 taken as a report: {len(taken)} {taken}",
    ]


def scan_ratio(corpus: Path, sample: int = 60) -> list[str]:
    """The document-kind scan per file as a ratio to reading the file (in this process), and
    the reading rules the batch scan now also runs (what the choice among duplicates needs)."""
    from annual_report.check.engine import make_checker
    from annual_report.check.gate import READING, gate
    from annual_report.readers import read_report
    from annual_report.text.document_kind import document_kind

    files = sorted(p for p in corpus.rglob("*") if p.suffix in (".docx", ".json", ".html"))[:sample]
    reports, start = [], time.perf_counter()
    for p in files:
        try:
            reports.append(read_report(p))
        except Exception:  # noqa: BLE001 - the broken files planted
            pass
    reading = time.perf_counter() - start
    start = time.perf_counter()
    for r in reports:
        document_kind(r)
    scan = time.perf_counter() - start
    checker = make_checker()
    start = time.perf_counter()
    for r in reports:
        gate(checker, r, READING)
    rules = time.perf_counter() - start
    return [
        f"document-kind scan: {scan / len(reports) * 1e6:.0f} µs per file, reading {reading / len(reports) * 1000:.1f} ms per file "
        f"({len(reports)} files): scan / reading = {scan / reading:.4f}",
        f"reading rules in the scan (for the choice among duplicates): {rules / len(reports) * 1000:.2f} ms per file: / reading = {rules / reading:.3f}",
    ]


def run(cmd: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    return time.perf_counter() - start, done


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="bench-publish-")) if args.keep is None else args.keep
    try:
        corpus = base / "报送"
        corpus.mkdir(parents=True, exist_ok=True)
        planted = make_corpus(corpus, args.reports)
        files = sum(1 for p in corpus.rglob("*") if p.is_file())
        before = _hashes(corpus)
        outside_before = sorted(p.name for p in base.iterdir())
        exe = [sys.executable, "-m", "annual_report"]
        start = time.perf_counter()
        shutil.copytree(corpus, base / "copy")
        floor = time.perf_counter() - start
        shutil.rmtree(base / "copy")
        t_check, checked_run = run([*exe, "check", str(corpus), "-r", "-j", str(args.jobs), "--no-progress", "-f", "json", "-o", str(base / "check.json")])
        t_site, site_run = run([*exe, "site", str(corpus), "-r", "-j", str(args.jobs), "--no-progress", "-o", str(base / "展示")])
        if site_run.returncode != 0:
            print(site_run.stdout, site_run.stderr)
            raise SystemExit(1)
        site = base / "展示"
        checked, wrong = verify(site, corpus)
        published = "".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*") if p.is_file() and p.suffix in (".html", ".js"))
        leaked = [name for name in planted["non_reports"] + planted["readings"] if name in published]
        duplicates = site_run.stderr.count("重复：")
        pages = len(list((site / "reports").glob("*.html")))
        print(f"files in the folder: {files} ({args.reports} reports, {planted['duplicate_groups']} planted duplicate groups, {NON_REPORTS} non-reports, {len(planted['readings'])} 解读/图解)")
        print(f"report pages: {pages}; figures compared with each file's own reading: {checked}; mismatches: {len(wrong)}")
        for w in wrong[:5]:
            print("  ", w)
        print(f"non-reports published: {len(leaked)} {leaked}")
        print(f"duplicates reported: {duplicates} of {planted['duplicate_groups']} planted")
        for line in kinds(base / "check.json", planted):
            print(line)
        for line in scan_ratio(corpus):
            print(line)
        print(f"inputs unchanged: {_hashes(corpus) == before}; written beside the output folder: {sorted(set(p.name for p in base.iterdir()) - set(outside_before) - {'展示', 'check.json'})}")
        print(f"check exit {checked_run.returncode}: {t_check:.1f} s = {t_check / args.reports * 1000:.0f} ms per report = {t_check / floor:.0f}× the floor")
        print(f"site: {t_site:.1f} s = {t_site / args.reports * 1000:.0f} ms per report = {t_site / floor:.0f}× the floor")
        print(f"site / check of the same folder: {t_site / t_check:.2f}")
        print(f"floor (copying the folder): {floor * 1000:.0f} ms")
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()

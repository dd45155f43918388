"""A synthetic register of applications for tests and bench/bench_ledger.py, with an
independent count of tables B and C written without the code under test."""

from __future__ import annotations

import csv
import io
import random
from collections import Counter
from datetime import date, timedelta

APPLICANTS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
# (row id, the wording the register uses)
OUTCOMES = (("open", "予以公开"), ("partial", "部分公开"), ("deny.4", "保护第三方合法权益"), ("deny.6", "属于四类过程性信息"),
            ("unable.1", "本机关不掌握相关政府信息"), ("unable.2", "没有现成信息需要另行制作"), ("noprocess.2", "重复申请"),
            ("other.1", "逾期不补正"), ("other.3", "其他"))
HEADER = ["编号", "收到日期", "申请人类型", "申请内容", "答复日期", "办理结果", "行政复议提起日期", "行政复议结果", "行政复议结果日期"]


def make_rows(n: int, years=(2022, 2023, 2024), seed: int = 1) -> list[dict]:
    rng = random.Random(seed)
    first, last = date(years[0], 1, 1), date(years[-1], 12, 31)
    span = (last - first).days
    rows = []
    for i in range(n):
        received = first + timedelta(days=rng.randrange(span + 1))
        answered = received + timedelta(days=rng.randrange(0, 40))
        if answered > last or rng.random() < 0.02:
            answered = None
        outcome = rng.choice(OUTCOMES) if answered else None
        review = None
        if answered and rng.random() < 0.05:
            filed = answered + timedelta(days=rng.randrange(1, 60))
            result = rng.choice(("维持", "纠正", "其他", None))
            decided = filed + timedelta(days=rng.randrange(30, 120)) if result else None
            review = (filed, result, decided)
        rows.append({"number": f"Q{i:06d}", "received": received, "applicant": rng.choice(APPLICANTS), "answered": answered, "outcome": outcome, "review": review})
    return rows


def csv_bytes(rows: list[dict]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(HEADER)
    for r in rows:
        review = r["review"] or (None, None, None)
        w.writerow([r["number"], r["received"].isoformat(), r["applicant"], "某信息", r["answered"].isoformat() if r["answered"] else "",
                    r["outcome"][1] if r["outcome"] else "", review[0].isoformat() if review[0] else "", review[1] or ("尚未审结" if review[0] else ""),
                    review[2].isoformat() if review[2] else ""])
    return buf.getvalue().encode("utf-8")


def independent_count(rows: list[dict], year: int) -> Counter:
    """(table, row, col) -> count, by the definitions of the statutory format, counted plainly."""
    c: Counter = Counter()
    for r in rows:
        rec, ans, who = r["received"], r["answered"], r["applicant"]
        cells = []
        if rec.year == year:
            cells.append("new")
        if rec.year < year and (ans is None or ans.year >= year):
            cells.append("carried_in")
        if ans is not None and ans.year == year:
            cells += [r["outcome"][0], "total"]
        if rec.year <= year and (ans is None or ans.year > year):
            cells.append("carried_out")
        for cell in cells:
            c[("B", cell, who)] += 1
            c[("B", cell, "总计")] += 1
        if r["review"]:
            filed, result, decided = r["review"]
            if filed.year > year or (decided is not None and decided.year < year):
                continue
            col = {"维持": "结果维持", "纠正": "结果纠正", "其他": "其他结果"}[result] if decided is not None and decided.year == year else "尚未审结"
            c[("C", "review", col)] += 1
            c[("C", "review", "总计")] += 1
    return c

"""Synthetic yearly data that satisfies every identity of the format, for tests and benchmarks.

``consistent_data(year, rng)`` returns a valid data dict; ``consistent_series(years, rng)``
returns consecutive years that also agree across years (carry-overs, 现行有效 roll-forward).
Narrative paragraphs reference the tables (``{{新收申请}}``), so they agree too.
"""

from __future__ import annotations

import random
from typing import Any

from annual_report.model.layout import (
    B_COMPONENT_COLUMNS,
    C_RESULT_COLUMNS,
    edition_for_year,
    table_layout,
)
from annual_report.model.schema_gen import SCHEMA_ID


def _split(rng: random.Random, total: int, parts: int, skew: float = 0.5) -> list[int]:
    """``total`` split into ``parts`` non-negative integers (most of it in few parts)."""
    out = [0] * parts
    for _ in range(total):
        i = 0 if rng.random() < skew else rng.randrange(parts)
        out[i] += 1
    return out


def table_b_rows(edition: str, rng: random.Random, carried_in: dict[str, int] | None = None, scale: int = 20) -> list[dict]:
    layout = table_layout(edition, "B")
    result_rows = [r for r in layout.rows if r.group in ("result", "deny", "unable", "noprocess", "other") and r.id != "total"]
    values: dict[tuple[str, str], int] = {}
    for col in B_COMPONENT_COLUMNS:
        weight = scale if col == "自然人" else max(1, scale // 6)
        new = rng.randint(0, weight) if rng.random() < 0.8 else 0
        cin = (carried_in or {}).get(col, rng.randint(0, 2) if rng.random() < 0.3 else 0)
        handled = new + cin - (rng.randint(0, min(2, new + cin)) if new + cin else 0)
        shares = _split(rng, handled, len(result_rows), skew=0.55)
        values[("new", col)] = new
        values[("carried_in", col)] = cin
        for row, n in zip(result_rows, shares):
            values[(row.id, col)] = n
        values[("total", col)] = handled
        values[("carried_out", col)] = new + cin - handled
    rows = []
    for row in layout.rows:
        entry: dict[str, Any] = {"项目": row.label}
        for col in B_COMPONENT_COLUMNS:
            entry[col] = values[(row.id, col)]
        entry["总计"] = sum(values[(row.id, c)] for c in B_COMPONENT_COLUMNS)
        rows.append(entry)
    return rows


def table_c_rows(rng: random.Random) -> list[dict]:
    rows = []
    for row in table_layout("2021", "C").rows:
        entry: dict[str, Any] = {"项目": row.label}
        for col in C_RESULT_COLUMNS:
            entry[col] = rng.randint(0, 2) if rng.random() < 0.3 else 0
        entry["总计"] = sum(entry[c] for c in C_RESULT_COLUMNS)
        rows.append(entry)
    return rows


def table_a_rows(edition: str, rng: random.Random, in_force: dict[str, int] | None = None, level: str = "乡镇/街道") -> list[dict]:
    layout = table_layout(edition, "A")
    rows = []
    for row in layout.rows:
        entry: dict[str, Any] = {"信息内容": row.label}
        makes_rules = level in ("国务院部门", "省级政府", "市级政府")
        for col in row.columns:
            if row.id == "规章" and not makes_rules:
                entry[col.id] = 0
            elif col.kind == "amount":
                entry[col.id] = round(rng.uniform(0, 50), 2) if rng.random() < 0.6 else 0
            elif col.kind == "signed":  # 本年增/减 never takes the item count below zero
                entry[col.id] = rng.randint(-min(3, entry.get("上一年项目数量", 3)), 3)
            else:
                entry[col.id] = rng.randint(0, 40)
        if edition == "2021" and row.id in ("规章", "行政规范性文件") and entry["本年制发件数"] is not None:
            if row.id == "规章" and not makes_rules:
                pass
            else:
                made, repealed = rng.randint(0, 8), rng.randint(0, 3)
                base = (in_force or {}).get(row.id, rng.randint(5, 60))
                repealed = min(repealed, base + made)
                entry["本年制发件数"], entry["本年废止件数"] = made, repealed
                entry["现行有效件数"] = base + made - repealed
        rows.append(entry)
    return rows


NARRATIVE = {
    "一": [
        "（一）主动公开。{{年度}}年，本机关依托政府信息公开专栏主动公开各类政府信息，及时发布机构职能、财政预决算、重点领域等信息。全年制发行政规范性文件{{制发规范性文件}}件。",
        "（二）依申请公开。全年新收政府信息公开申请{{新收申请}}件，上年结转{{上年结转}}件，办结{{办结}}件，其中予以公开{{予以公开}}件，结转下年度继续办理{{结转下年度}}件。",
        "（三）政府信息管理。严格落实公开前保密审查制度，动态更新政府信息公开目录。",
        "（四）平台建设。加强政府信息公开专栏日常维护，确保信息发布及时准确。",
        "（五）监督保障。将政务公开工作纳入年度考核，全年发生政府信息公开行政复议{{行政复议}}件、行政诉讼{{行政诉讼}}件。",
    ],
    "五": [
        "存在的主要问题：一是部分栏目更新不够及时；二是政策解读形式较为单一。",
        "改进情况：针对上年度指出的问题，已建立栏目更新台账，明确专人负责；下一步将丰富图表、视频等解读形式。",
    ],
    "六": [
        "本年度未收取信息处理费。",
        "本机关按照年度政务公开工作要点要求，逐项落实各项任务。",
    ],
}


def consistent_data(
    year: int,
    rng: random.Random | None = None,
    *,
    body: str = "示例乡人民政府",
    level: str = "乡镇/街道",
    carried_in: dict[str, int] | None = None,
    in_force: dict[str, int] | None = None,
    scale: int = 20,
) -> dict[str, Any]:
    rng = rng or random.Random(year)
    edition = edition_for_year(year)
    return {
        "$schema": SCHEMA_ID,
        "year": year,
        "edition": edition,
        "body": {"name": body, "level": level, "region": "示例省示例市示例县"},
        "parts": {k: list(v) for k, v in NARRATIVE.items()},
        "tables": {
            "A": {"rows": table_a_rows(edition, rng, in_force, level)},
            "B": {"rows": table_b_rows(edition, rng, carried_in, scale)},
            "C": {"rows": table_c_rows(rng)},
        },
    }


def carried_out(data: dict) -> dict[str, int]:
    row = data["tables"]["B"]["rows"][-1]
    return {c: row[c] for c in B_COMPONENT_COLUMNS}


def in_force_counts(data: dict) -> dict[str, int] | None:
    if data["edition"] != "2021":
        return None
    return {r["信息内容"]: r["现行有效件数"] for r in data["tables"]["A"]["rows"][:2]}


def consistent_series(years: list[int], rng: random.Random | None = None, **kwargs: Any) -> list[dict[str, Any]]:
    """Consecutive years of one body that agree with each other."""
    rng = rng or random.Random(years[0])
    out: list[dict[str, Any]] = []
    for year in years:
        prev = out[-1] if out else None
        out.append(
            consistent_data(
                year,
                rng,
                carried_in=carried_out(prev) if prev else None,
                in_force=in_force_counts(prev) if prev else None,
                **kwargs,
            )
        )
    return out

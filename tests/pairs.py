"""The labelled paragraph pairs (tests/data/paragraph_pairs.json) run through the real
repeated-wording rules; used by a test and by bench/bench_repetition.py."""

from __future__ import annotations

import json
from pathlib import Path

from annual_report.check.engine import make_checker
from annual_report.model.report import Body, FrozenDict, Paragraph, Part, Report

DATA = Path(__file__).parent / "data" / "paragraph_pairs.json"


def load_pairs() -> list[dict]:
    return json.loads(DATA.read_text(encoding="utf-8"))["pairs"]


def _report(year: int, part: str, text: str) -> Report:
    return Report(Body("测试镇人民政府"), year, "2021", parts=(Part(part, part, (Paragraph(text, part, 0),)),), meta=FrozenDict())


def flagged(pair: dict, checker=None) -> bool:
    checker = checker or make_checker()
    old, new = _report(2022, pair["part"], pair["old"]), _report(2023, pair["part"], pair["new"])
    return any(f.code in ("AR401", "AR402") for f in checker.check(new, [old]))


def evaluate(pairs=None, checker=None) -> dict:
    pairs = pairs if pairs is not None else load_pairs()
    checker = checker or make_checker()
    tp = fp = fn = tn = 0
    for pair in pairs:
        hit = flagged(pair, checker)
        if hit and pair["copied"]:
            tp += 1
        elif hit:
            fp += 1
        elif pair["copied"]:
            fn += 1
        else:
            tn += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {"pairs": len(pairs), "tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": precision, "recall": recall}

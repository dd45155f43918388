"""Precision and recall of the repeated-wording rules (AR401/AR402) on the labelled
paragraph pairs in tests/data/paragraph_pairs.json.

Usage: python bench/bench_repetition.py
"""

from __future__ import annotations

import _common  # noqa: F401  (puts tests/ on sys.path)
from pairs import evaluate, flagged, load_pairs


def main() -> None:
    pairs = load_pairs()
    result = evaluate(pairs)
    print(f"段落对：{result['pairs']}（照搬 {sum(p['copied'] for p in pairs)}，重写 {sum(not p['copied'] for p in pairs)}）")
    print(f"  查出照搬 {result['tp']}，漏报 {result['fn']}，误报 {result['fp']}，正确放过 {result['tn']}")
    print(f"  精确率 precision = {result['precision']:.2f}")
    print(f"  召回率 recall    = {result['recall']:.2f}")
    misses = [p for p in pairs if flagged(p) != p["copied"]]
    for p in misses:
        kind = "漏报" if p["copied"] else "误报"
        print(f"  {kind}：第{p['part']}部分 “{p['new'][:30]}…”")


if __name__ == "__main__":
    main()

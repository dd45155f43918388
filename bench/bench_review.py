"""Review memory and roll-up, measured (issue 15).

1. Fingerprint stability: drafts filled into the real blank template with planted findings
   (tests/review_corpus.py), each edited the way a colleague edits between two rounds —
   a paragraph inserted, the tables moved, an unrelated cell changed — and once really changed
   (a doubled word typed).  Printed: how many of the base findings kept their fingerprint under
   each edit, and how many new fingerprints the real change made.
2. Roll-up: one county and 20 bodies (a third 乡镇) from tests/synth.py, written as .docx —
   bodies through tests/drafts.py and tests/official_template.py, the county through the real
   template — with one planted difference in the county's table B; the batch is checked with a
   mapping file that says the county covers the 20 bodies.  Printed: the AR623 findings (exactly
   the planted cell is the pass), and the same batch with no planted difference.

Run: .venv/bin/python bench/bench_review.py [drafts]   (default 12 drafts)
"""

from __future__ import annotations

import io
import json
import random
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT  # noqa: F401 - puts tests/ on sys.path

from annual_report.check.engine import make_checker
from annual_report.readers import read_report
from drafts import DraftStyle, write_draft
from official_template import fill_official_template
from review_corpus import COUNTY, UNRELATED_EDITS, base_draft, county_batch, history_file, real_change


def fingerprint_stability(n: int, folder: Path) -> None:
    checker = make_checker()

    kept = {name: [0, 0] for name in UNRELATED_EDITS}
    real_new, real_lost, base_total, codes = [], 0, 0, set()
    for seed in range(1, n + 1):
        history = [read_report(history_file(seed, folder))]

        def fps(path):
            found = checker.check(read_report(path), history)  # noqa: B023 - called within the loop
            codes.update(f.code for f in found)
            return {f.fingerprint for f in found}

        base_path = base_draft(seed, folder)
        base = fps(base_path)
        base_total += len(base)
        for name, edit in UNRELATED_EDITS.items():
            edited = fps(edit(base_path, folder / f"{seed}-{name}.docx"))
            kept[name][0] += len(base & edited)
            kept[name][1] += len(base)
            kept[name].append(len(edited - base))
        changed = fps(real_change(base_path, folder / f"{seed}-real.docx"))
        real_new.append(len(changed - base))
        real_lost += len(base - changed)
    print(f"指纹稳定性：{n} 份草稿（一半为官方空白模板填写、一半为自拟版式，对照上年数据），基础问题共 {base_total} 条，涉及规则 {'、'.join(sorted(codes))}")
    for name, (k, total, *new) in kept.items():
        print(f"  {name}：保留 {k}/{total}（{k / total:.1%}），新增指纹 {sum(new)}")
    print(f"  真实修改（第五部分加入重复词）：每份新增 {real_new}（应全为 1），原有指纹丢失 {real_lost}")


def rollup(folder: Path, plant: bool) -> tuple[list[dict], float]:
    from annual_report.app.check import CheckOptions, check

    rng = random.Random(15)
    county, bodies = county_batch(20, rng, plant=("B", "open", "自然人") if plant else None)
    batch = folder / ("planted" if plant else "clean")
    batch.mkdir()
    for i, data in enumerate(bodies):
        path = batch / f"{data['body']['name']}.docx"
        if i % 2:
            fill_official_template(data, path)
        else:
            write_draft(data, path, DraftStyle(seed=i, merged=i % 4 != 0))
    fill_official_template(county, batch / f"{COUNTY}.docx")
    names = ", ".join(json.dumps(b["body"]["name"], ensure_ascii=False) for b in bodies)
    mapping = folder / f"对照-{plant}.toml"
    mapping.write_text(f'[covers."{COUNTY}"]\nbodies = [{names}]\n', encoding="utf-8")
    out = folder / f"结果-{plant}.json"
    start = time.perf_counter()
    check(CheckOptions(inputs=[str(batch)], mapping=mapping, format="json", output=out, jobs=2, progress=False), io.StringIO())
    seconds = time.perf_counter() - start
    doc = json.loads(out.read_text(encoding="utf-8"))
    found = [f for r in doc["reports"] for f in r["findings"] if f["code"] in ("AR623", "AR624")]
    return found, seconds


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 12
    with tempfile.TemporaryDirectory(prefix="bench-review-") as tmp:
        folder = Path(tmp)
        fingerprint_stability(n, folder)
        for plant in (True, False):
            found, seconds = rollup(folder, plant)
            what = "预置 1 处差异（表三“（一）予以公开”行“自然人”列 +1）" if plant else "无差异"
            print(f"汇总核对：1 个县 + 20 个机关，{what}：报告 {len(found)} 处（用时 {seconds:.1f} 秒）")
            for f in found:
                loc = f["location"]
                print(f"  {f['code']} 表{loc.get('table', '')} {loc.get('row', '')}/{loc.get('column', '')}：{f['message']}")


if __name__ == "__main__":
    main()

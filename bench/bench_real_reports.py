"""False alarms, warnings, defects found and speed on reports as offices really send them.

Usage: python bench/bench_real_reports.py [--repeat 15]

The corpus is made by code from the real blank template (../shared/corpus/, see
tests/official_template.py and tests/template_variants.py):
- the template filled with complete, consistent data, and each of its layout variants
  (no defect: every error is a false error);
- reports typed after real published reports' descriptions: a township, a street office,
  county bureaus, a county government …, with the officers' habits and the defects a county
  reviewer finds by hand (each case lists the rules that must catch them).
Prints per report: errors beyond the expected ones (false errors), warnings, the planted
defects found; then the totals, and ``check`` time of one report as a ratio to python-docx's
bare ``Document()`` open of the same file, measured in the same run.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
from pathlib import Path

from _common import median_time

# (body, level of the synthetic data, layout variant, officer habits, rules that must catch the
# defects); CONSEQUENCES lists the further rules a defect rightly sets off (a changed 总计 also
# breaks the grand total and the text's figure), which are not false errors
CONSEQUENCES = {"AR101": {"AR103", "AR104", "AR501"}, "AR106": {"AR501"}, "AR104": {"AR101", "AR105", "AR501"}, "AR109": {"AR501"}}
CASES = [
    ("桃岭乡人民政府", "乡镇/街道", "official", {"table_c_blank": True, "blank": "zeros", "blank_text": "—"}, {"AR108"}),
    ("青溪镇人民政府", "乡镇/街道", "c_review_two_rows", {"overrides": {("A", "规章", "本年制发件数"): "1"}}, {"AR111"}),
    ("城关街道办事处", "乡镇/街道", "b_flat", {"keep_placeholders": ("五",)}, {"AR607"}),
    ("祁门县教育局", "县级部门", "official", {"overrides": {("B", "new", "总计"): ""}, "force_new": True}, {"AR109"}),
    ("祁门县人民政府", "县级政府", "b_split", {"overrides": {("B", "open", "总计"): "9"}, "digits": "full-width"}, {"AR101"}),
    ("休宁县人民政府办公室", "县级部门", "c_flat_fifteen", {"overrides": {("C", "review", "总计"): "5"}}, {"AR106"}),
    ("歙县自然资源和规划局", "县级部门", "label_variants", {"overrides": {("B", "partial", "自然人"): "约3件"}}, {"AR014"}),
    ("黟县人民政府", "县级政府", "wps_grid", {"units": True, "unit_word": "件次", "tracked_changes": True}, {"AR012"}),
    ("屯溪区市场监督管理局", "县级部门", "org_subtotal", {"overrides": {("B", "carried_out", "自然人"): "7", ("B", "carried_out", "总计"): "99"}}, {"AR101", "AR104"}),
    ("徽州区财政局", "县级部门", "c_repeated_labels", {"table_c_blank": True, "blank": "zeros", "blank_text": "/"}, {"AR108"}),
    ("黄山区汤口镇人民政府", "乡镇/街道", "extra_empty", {"blank": "zeros", "blank_text": "无", "overrides": {("A", "规章", "现行有效件数"): "3"}}, {"AR108", "AR111"}),
    ("祁门县卫生健康委员会", "县级部门", "word_vmerge", {"zero_everywhere": True, "keep_placeholders": ("一", "五", "六")}, {"AR607"}),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    import docx
    from official_template import template_available
    from template_variants import VARIANTS, make_variant

    from annual_report.check.engine import make_checker
    from synth import consistent_data
    from annual_report.readers.docx import read_docx

    if not template_available():
        raise SystemExit("没有找到 ../shared/corpus/official-blank-template-2021.docx")
    folder = Path(tempfile.mkdtemp(prefix="bench-real-"))
    checker = make_checker()
    rows = []  # (name, expected, found codes, false errors, warnings)

    def run(name, path, expected):
        found = checker.check(read_docx(path))
        allowed = set(expected).union(*(CONSEQUENCES.get(c, set()) for c in expected))
        errors = [f for f in found if f.severity.value == "error" and f.code not in allowed]
        warnings = [f for f in found if f.severity.value == "warning"]
        rows.append((name, expected, {f.code for f in found}, errors, warnings))

    for k, variant in enumerate(VARIANTS):
        data = consistent_data(2023, random.Random(100 + k))
        run(f"模板/{variant}", make_variant(variant, data, folder / f"v-{variant}.docx"), set())
    for k, (body, level, variant, habits, expected) in enumerate(CASES):
        habits = dict(habits)
        data = consistent_data(2023, random.Random(200 + k), body=body, level=level)
        if habits.pop("force_new", False):
            row = data["tables"]["B"]["rows"][0]
            if not any(row[c] for c in ("自然人", "商业企业")):
                row["自然人"] += 1
                row["总计"] += 1
                data["tables"]["B"]["rows"][-1]["自然人"] += 1
                data["tables"]["B"]["rows"][-1]["总计"] += 1
        run(body, make_variant(variant, data, folder / f"c-{k}.docx", **habits), expected)

    print(f"{'报告':<26}{'误报错误':>6}{'警告':>6}  应发现 / 已发现")
    for name, expected, codes, errors, warnings in rows:
        hit = "、".join(f"{c}{'✓' if c in codes else '✗'}" for c in sorted(expected)) or "—"
        print(f"{name:<26}{len(errors):>8}{len(warnings):>6}  {hit}")
        for f in errors:
            print(f"    误报 {f.code} {f.message[:90]}")
    false_errors = [len(r[3]) for r in rows]
    warnings = [len(r[4]) for r in rows]
    kinds = sorted({c for r in rows for c in r[1]})
    found = sorted({c for r in rows for c in r[1] if c in r[2]})
    missed = [(r[0], c) for r in rows for c in r[1] if c not in r[2]]
    print(f"\n{len(rows)} 份报告：误报错误 每份最多 {max(false_errors)}、合计 {sum(false_errors)}；警告 中位数 {statistics.median(warnings)}、最多 {max(warnings)}")
    print(f"缺陷种类 {len(kinds)} 种，发现 {len(found)} 种（{'、'.join(found)}）；漏报 {missed or '无'}")

    # speed: check of one report vs python-docx's bare open of the same file
    path = folder / "c-4.docx"
    t_open = median_time(lambda: docx.Document(str(path)), args.repeat)
    t_check = median_time(lambda: checker.check(read_docx(path)), args.repeat)
    print(f"\n速度（{path.name}，中位数，{args.repeat} 次）：python-docx 打开 {t_open * 1000:.1f} ms，check {t_check * 1000:.1f} ms，比值 {t_check / t_open:.2f}×")


if __name__ == "__main__":
    main()

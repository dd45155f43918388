"""Short fingerprints, measured: how many findings of a run need more than 8 digits to be told
apart, and what making the short forms costs next to making the fingerprints themselves (the
floor, measured in the same run on the same findings).

Findings are made as a batch makes them: messages of the kind rules write, for many bodies and
years, fingerprinted by ``with_fingerprints`` (sha256).

Run: .venv/bin/python bench/bench_fingerprints.py
"""

from __future__ import annotations

from _common import median_time

from annual_report.model.findings import Finding, Location, Severity, short_fingerprints, with_fingerprints


def findings(n: int) -> list[Finding]:
    out = []
    for i in range(n):
        body, row = f"第{i // 40}号镇人民政府", ("open", "partial", "new", "carry")[i % 4]
        out.append(Finding("AR101", Severity.ERROR, f"表三“{row}”行：总计 {i % 97} ≠ 各列之和 {i % 89}", Location(year=2020 + i % 4, part="三", table="B", row=row, column="总计"), plugin=body))
    return out


def main() -> None:
    print(f"{'findings':>9} {'>8 digits':>10} {'longest':>8} {'short/full time':>16}")
    for n in (1_000, 10_000, 100_000):
        made = findings(n)
        fingerprinted = with_fingerprints(made, "某县")
        floor = median_time(lambda made=made: with_fingerprints(made, "某县"), repeat=3)
        cost = median_time(lambda f=fingerprinted: short_fingerprints(f), repeat=3)
        shorts = short_fingerprints(fingerprinted)
        longer = sum(1 for s in shorts.values() if len(s.partition("-")[0]) > 8)
        longest = max(len(s.partition("-")[0]) for s in shorts.values())
        assert len(set(shorts.values())) == len(shorts), "short fingerprints are unique"
        print(f"{n:>9} {longer:>10} {longest:>8} {cost / floor:>15.2f}×")


if __name__ == "__main__":
    main()

"""Whether a report's figures may go public: the findings that stop the 解读 and the site from
restating a report's figures as fact.

- ``reading_errors``: error-level findings of the reading rules (AR01x/AR02x: a statutory table
  not found, rows or figures that could not be read) — such a report is never published;
- ``table_errors``: error-level findings of the table rules (AR1xx: a total that does not add
  up) — its figures go public only when the publisher says so (``--force``).

Only these two families run here (no history, no text rules), so that gating a folder of
reports costs a fraction of a full ``check``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.findings import Finding, Severity
from ..model.report import Report

READING = ("AR01", "AR02")
TABLES = ("AR1",)


@dataclass(frozen=True)
class Gate:
    reading_errors: tuple[Finding, ...]
    table_errors: tuple[Finding, ...]

    @property
    def clear(self) -> bool:
        return not self.reading_errors and not self.table_errors


def gate(checker, report: Report, families: tuple[str, ...] = READING + TABLES) -> Gate:
    """The error-level reading and table findings of ``report`` (with the workspace's config:
    a rule switched off or down to a warning does not stop anything); only the rules whose
    codes start with one of ``families`` run (``READING``: what a batch knows before choosing
    among duplicates)."""
    reading: list[Finding] = []
    tables: list[Finding] = []
    for r in checker.rules_for(report, False):
        if not r.code.startswith(families):
            continue
        family = reading if r.code.startswith(READING) else tables
        found = [f for f in checker.run_rule(r, report, ()) if f.severity == Severity.ERROR]
        # of the table rules, those about a statutory table's figures (not the title's year)
        family.extend(f for f in found if family is reading or f.location.table)
    return Gate(tuple(reading), tuple(tables))


def named(findings, limit: int = 3) -> str:
    """"AR101 表三“（一）予以公开”行：总计 12 ≠ 各列之和 11；… 等 5 项" for a message."""
    shown = "；".join(f"{f.code} {f.message}" for f in list(findings)[:limit])
    more = len(findings) - limit
    return shown + (f"；另有 {more} 项" if more > 0 else "")

"""Findings as JSON: a stable, documented structure (see docs/output.md).

Format version 1::

    {"format": "annual-report-findings", "version": 1, "tool": {"name": ..., "version": ...},
     "setup": [finding, ...],             # plugin and config problems, once per run
     "reports": [{"file", "body", "year", "edition", "history": [years], "findings": [finding, ...],
                  "counts": {"error", "warning", "info"}}],
     "summary": {"reports", "error", "warning", "info"}}

A finding is ``Finding.to_dict()``: code, severity, message, location{file, year, part, table
(the machine key "A", "B" or "C"), table_name (表二, 表三 or 表四), row, row_label, column, column_label, paragraph, cell, docx_paragraph, quote, quote_at} (absent
keys are unknown; ``quote`` is the figure or citation in the paragraph, ``quote_at`` where it
starts in the paragraph's text), rule_name, values, hint, plugin, fingerprint (16 hex digits,
``-2``… for a repeat: the same finding keeps it when unrelated text or cells change; see
docs/review.md).
"""

from __future__ import annotations

import json
from typing import Any

from ..model.findings import Finding, count_by_severity

FORMAT_VERSION = 1


def report_entry(file: str, body: str, year: int | None, edition: str | None, history: list[int], findings: list[Finding]) -> dict[str, Any]:
    return {
        "file": file,
        "body": body,
        "year": year,
        "edition": edition,
        "history": history,
        "findings": [f.to_dict() for f in findings],
        "counts": count_by_severity(findings),
    }


def render_json(reports: list[dict[str, Any]], setup: list[Finding] = ()) -> str:
    from .. import __version__

    totals = count_by_severity(list(setup))
    for r in reports:
        for k, v in r["counts"].items():
            totals[k] += v
    doc = {
        "format": "annual-report-findings",
        "version": FORMAT_VERSION,
        "tool": {"name": "annual-report", "version": __version__},
        "setup": [f.to_dict() for f in setup],
        "reports": reports,
        "summary": {"reports": len(reports), **totals},
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"

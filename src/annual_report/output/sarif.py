"""Findings as SARIF 2.1.0, for code-review tools (validated against the OASIS schema
shipped in schemas/sarif-2.1.0.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable

from ..model.findings import Finding, Severity
from ..model.layout import table_name

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT_KEY = "annualReportFinding/v1"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _uri(path: str) -> str:
    p = Path(path)
    return p.resolve().as_uri() if p.is_absolute() or p.exists() else p.as_posix()


def _logical(f: Finding) -> list[dict[str, Any]]:
    loc = f.location
    out = []
    if loc.part:
        out.append({"name": f"第{loc.part}部分", "kind": "module"})
    if loc.table:
        name = table_name(loc.table)
        if loc.row_label or loc.row:
            name += f"/{loc.row_label or loc.row}"
        if loc.column_label or loc.column:
            name += f"/{loc.column_label or loc.column}"
        out.append({"name": name, "fullyQualifiedName": name, "kind": "element"})
    if loc.paragraph is not None:
        out.append({"name": f"第{loc.paragraph + 1}段", "kind": "element"})
    return out


def _result(f: Finding, rule_index: dict[str, int]) -> dict[str, Any]:
    location: dict[str, Any] = {}
    if f.location.file:
        location["physicalLocation"] = {"artifactLocation": {"uri": _uri(f.location.file)}}
    logical = _logical(f)
    if logical:
        location["logicalLocations"] = logical
    result: dict[str, Any] = {
        "ruleId": f.code,
        "level": LEVELS[f.severity],
        "message": {"text": f.message},
        "locations": [location] if location else [],
        "properties": {"location": f.location.describe(), "values": json.loads(json.dumps(dict(f.values), ensure_ascii=False, default=str))},
    }
    if f.fingerprint:
        # what code-review tools match results on across runs (see model.findings.with_fingerprints)
        result["partialFingerprints"] = {FINGERPRINT_KEY: f.fingerprint}
    if f.code in rule_index:
        result["ruleIndex"] = rule_index[f.code]
    if f.location.year:
        result["properties"]["year"] = f.location.year
    return result


def render_sarif(findings: Iterable[Finding], rules: dict) -> str:
    """A SARIF log with one run; ``rules`` maps code → Rule (for the driver's rule list)."""
    from .. import __version__

    findings = list(findings)
    used = sorted({f.code for f in findings} | set(rules))
    driver_rules, index = [], {}
    for code in used:
        r = rules.get(code)
        entry: dict[str, Any] = {"id": code}
        if r is not None:
            entry.update(
                {
                    "name": r.name,
                    "shortDescription": {"text": r.title},
                    "fullDescription": {"text": r.explanation or r.title},
                    "defaultConfiguration": {"level": LEVELS[r.severity]},
                    "properties": {"family": r.family, "plugin": r.plugin},
                }
            )
        index[code] = len(driver_rules)
        driver_rules.append(entry)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "annual-report",
                        "version": __version__,
                        "rules": driver_rules,
                    }
                },
                "results": [_result(f, index) for f in findings],
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"

"""What a check produces per report and per run: the records the pipeline hands to its sinks."""

from __future__ import annotations

from dataclasses import dataclass, field

from .findings import Finding, Severity, count_by_severity
from .report import year_label


@dataclass
class ReportResult:
    """One report's outcome: its findings, or the error that kept it from being checked."""

    path: str
    body: str
    year: int | None
    findings: list[Finding] = field(default_factory=list)
    error: str = ""
    history_years: tuple[int, ...] = ()
    read_seconds: float = 0.0
    check_seconds: float = 0.0
    label: str = ""  # how the text output names the report ("桃岭乡人民政府 2023年")
    edition: str | None = None
    notes: list[str] = field(default_factory=list)  # said under the report's title (no history given, ...)
    kind: str = "report"  # what the file is (text.document_kind): "report", "interpretation", "other"
    report: object = field(default=None, repr=False, compare=False)  # the model, kept only in-process
    # With a baseline (check --baseline): ``findings`` are the new ones, ``known`` those already in
    # the baseline, ``states`` fingerprint -> (已核实 | 已忽略, reason) of the known ones.
    known: list[Finding] = field(default_factory=list)
    states: dict[str, tuple[str, str]] = field(default_factory=dict)
    baseline: str = ""  # the baseline file used ("" when none)
    fixed: list = field(default_factory=list)  # baseline entries of this report no longer found

    @property
    def year_label(self) -> str:
        return year_label(self.year)

    @property
    def counts(self) -> dict[str, int]:
        counts = count_by_severity(self.findings)
        if self.error:
            counts["error"] += 1
        return counts

    def worst(self, n: int = 3) -> list[Finding]:
        return sorted(self.findings, key=lambda f: (f.severity.rank, f.sort_key()))[:n]


@dataclass
class BatchSummary:
    """The totals of one run (one report or many)."""

    reports: int = 0
    unreadable: int = 0
    unreadable_files: list[str] = field(default_factory=list)  # the first few, for messages
    not_reports: int = 0  # files that are not annual reports (a 解读, a memo), checked by AR024 alone
    bodies: int = 0
    counts: dict[str, int] = field(default_factory=lambda: {s.value: 0 for s in Severity})
    seconds: float = 0.0
    setup_findings: list[Finding] = field(default_factory=list)
    known_errors: int = 0  # with a baseline: error findings already recorded there and not dismissed

    @property
    def has_errors(self) -> bool:
        return self.counts["error"] > 0 or self.unreadable > 0 or any(
            f.severity is Severity.ERROR for f in self.setup_findings
        )

"""What the web page keeps of one upload: the request, the job and its progress (in memory),
and its results — each checked report as the page shows it, the downloads offered — which
live in the job's folder on disk."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class ReportView:
    """What the result page shows of one checked report."""

    file: str  # the uploaded file's name
    body: str
    year: int | None
    history: list[int]
    findings: list  # Finding
    error: str = ""
    report: Any = None  # the Report model, for the tables and paragraphs
    path: str = ""  # where the pipeline read it (inside the removed upload folder)
    notes: list[str] = field(default_factory=list)
    annotated_kind: str = ""  # the download of its annotated copy, if it is a .docx report
    kind: str = "report"  # what the file is (ReportResult.kind): only a report gets an annotated copy


@dataclass
class JobResults:
    """Everything the result page and the downloads of one finished job are made from: written
    into the job's folder when its check ends and read back on each request, never kept in
    the server's memory (see :mod:`annual_report.web.job_files`)."""

    reports: list[ReportView]
    setup: list  # plugin and config findings
    results: list  # ReportResult of every file checked, earlier years of a batch included (SARIF, XLSX)
    downloads: dict[str, tuple[str, str]]  # kind -> (the file's name, its media type)

    @property
    def findings(self) -> list:
        """The setup's findings and every shown report's."""
        return list(self.setup) + [f for v in self.reports for f in v.findings]


@dataclass
class Job:
    """What the server keeps in memory of one upload: its state and progress, the names of the
    reports, the findings' counts, its times and error; its results are files in ``folder``."""

    id: str
    created: float = field(default_factory=time.time)
    opened: float = field(default_factory=time.time)  # the last time it was asked for (the hour counts from then)
    state: str = "waiting"  # waiting | running | done | failed
    done: int = 0
    total: int = 0
    stage: str = "等待检查"
    error: str = ""
    error_status: int = 400
    files: list[str] = field(default_factory=list)  # the reports shown, as uploaded
    counts: dict[str, int] = field(default_factory=dict)  # findings by severity
    seconds: float = 0.0
    folder: Path | None = None  # the uploads and the results, on disk until the job is forgotten


@dataclass(frozen=True)
class CheckRequest:
    """One upload, already on disk in its own folder (the job's, removed when the job is
    forgotten): the drafts and earlier years (zips unpacked)."""

    drafts: list[Path]
    history: list[Path] = field(default_factory=list)
    level: str | None = None  # None: inferred from the report
    folder: Path | None = None

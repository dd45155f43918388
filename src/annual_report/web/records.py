"""What the web page keeps of one upload: the request, the job and its progress, each checked
report as the page shows it, and the files offered for download."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable


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
    annotated_kind: str = ""  # the download of its annotated copy, if it is a .docx


class Download:
    """A file offered for download: its bytes, or a function making them on first request."""

    def __init__(self, name: str, media: str, *, data: bytes | None = None, make: Callable[[], bytes] | None = None) -> None:
        self.name, self.media, self._data, self._make = name, media, data, make
        self._lock = threading.Lock()

    def bytes(self) -> bytes:
        with self._lock:
            if self._data is None:
                self._data = self._make()
                self._make = None
            return self._data


@dataclass
class Job:
    id: str
    created: float = field(default_factory=time.time)
    state: str = "waiting"  # waiting | running | done | failed
    done: int = 0
    total: int = 0
    stage: str = "等待检查"
    error: str = ""
    error_status: int = 400
    reports: list[ReportView] = field(default_factory=list)
    setup: list = field(default_factory=list)  # plugin and config findings
    notes: list[str] = field(default_factory=list)
    downloads: dict[str, Download] = field(default_factory=dict)  # kind -> the file
    seconds: float = 0.0
    folder: Path | None = None  # the uploads, on disk until the job is forgotten


@dataclass(frozen=True)
class CheckRequest:
    """One upload, already on disk in its own folder (the job's, removed when the job is
    forgotten): the drafts and earlier years (zips unpacked)."""

    drafts: list[Path]
    history: list[Path] = field(default_factory=list)
    level: str | None = None  # None: inferred from the report
    folder: Path | None = None

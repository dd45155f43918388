"""One upload through the one check pipeline (:func:`annual_report.app.check.check`), the
same path as ``annual-report check``: a single draft with its earlier years is checked in this
process, several drafts or a zip go through the batch pool with their bodies paired.

The pipeline writes the JSON (exactly what ``check --format json`` writes); a sink collects each
result for the page into a :class:`~annual_report.web.records.JobResults`, which the job store
keeps on disk.  The other downloads — the annotated copy, SARIF, the XLSX summary — are made
when they are asked for (:func:`make_download`), from those results, so the findings are shown
without waiting for outputs nobody may want."""

from __future__ import annotations

import io
import json
import tempfile
from dataclasses import fields, replace
from pathlib import Path, PurePath
from typing import Callable

from ..model.findings import Finding, Location
from ..model.results import BatchSummary, ReportResult
from ..output.sinks import Sink
from ..text.document_kind import REPORT
from .records import Job, JobResults, ReportView

MEDIA = {
    "json": "application/json; charset=utf-8",
    "sarif": "application/sarif+json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def hide_in_value(value, hide: Callable[[str], str]):
    """``value`` (a finding's values, a JSON document: strings, numbers, paths, lists and
    mappings of them) with every string and path passed through ``hide``."""
    if isinstance(value, (str, PurePath)):
        return hide(str(value))
    if isinstance(value, (list, tuple)):
        return type(value)(hide_in_value(v, hide) for v in value)
    if isinstance(value, dict):
        return {k: hide_in_value(v, hide) for k, v in value.items()}
    return value


def hide_in_finding(f: Finding, hide: Callable[[str], str]) -> Finding:
    """A copy of ``f`` with every string it holds passed through ``hide``: message, hint,
    values and the location's text fields."""
    texts = {k.name: hide(getattr(f.location, k.name)) for k in fields(Location) if isinstance(getattr(f.location, k.name), str)}
    return f.with_(message=hide(f.message), hint=hide(f.hint), values=hide_in_value(dict(f.values), hide), location=replace(f.location, **texts))


def hide_in_result(r: ReportResult, hide: Callable[[str], str]) -> ReportResult:
    """A copy of ``r`` for the page and its downloads: every server path hidden by ``hide``
    (in the file, the error, the notes and every string of the findings)."""
    return replace(
        r, path=hide(r.path), error=hide(r.error), notes=[hide(n) for n in r.notes],
        findings=[hide_in_finding(f, hide) for f in r.findings], known=[hide_in_finding(f, hide) for f in r.known],
    )


def hide_in_json(text: str, hide: Callable[[str], str]) -> str:
    """The JSON document of the check with every string passed through ``hide``."""
    return json.dumps(hide_in_value(json.loads(text), hide), ensure_ascii=False, indent=2) + "\n"


class PageSink(Sink):
    """Collects each checked report for the result page and the downloads made later, with the
    upload folder's paths hidden (``hide``); counts them in ``job``'s progress."""

    def __init__(self, job: Job, names: dict[str, str], history: set[str], readers, limits, hide: Callable[[str], str] = str) -> None:
        self.job, self.names, self.history, self.readers, self.limits, self.hide = job, names, history, readers, limits, hide
        self.results: list[ReportResult] = []
        self.reports: list[ReportView] = []

    def add(self, r: ReportResult) -> None:
        shown = hide_in_result(r, self.hide)
        self.results.append(shown)
        self.job.done = min(self.job.done + 1, self.job.total or self.job.done + 1)
        if r.path in self.history:  # an earlier year uploaded with a batch: compared, not shown
            return
        report = r.report
        if report is None and not r.error:  # read by a pool worker: read again for the tables shown
            from ..check.runner import read_isolated
            from ..model.errors import UserError

            try:
                report = read_isolated(Path(r.path), self.readers, self.limits)
            except UserError:
                report = None
        self.reports.append(
            ReportView(
                file=self.names.get(r.path, Path(r.path).name),
                body=r.body,
                year=r.year,
                history=list(r.history_years),
                findings=list(shown.findings),
                error=shown.error,
                report=report,
                path=r.path,
                notes=list(shown.notes),
                kind=r.kind,
            )
        )


def check_uploads(job: Job, drafts: list[Path], history: list[Path], level: str | None, store, hide: Callable[[str], str] = str) -> tuple[JobResults, str]:
    """Run the check of ``drafts`` (their ``history``), ``job`` showing its progress: the results
    for the page and the downloads, and the JSON document.  ``hide`` turns a path of the upload
    folder into the name the file was uploaded as, everywhere the user sees it."""
    from ..app.check import CheckOptions, check

    single = len(drafts) == 1
    inputs = [str(p) for p in drafts] + ([] if single else [str(p) for p in history])
    options = CheckOptions(
        inputs=inputs,
        history=list(history) if single else [],
        workspace=store.workspace,
        format="json",
        output=None,  # the JSON document comes back on the stream
        progress=False,
        jobs=store.batch_workers,
        level=level or "",
        read_in_child=True,  # a hostile upload's reading must not slow down, fill up or stop the server
    )
    names = {str(p): hide(str(p)) for p in [*drafts, *history]}
    checker = store.checker()
    sink = PageSink(job, names, {str(p) for p in history} if not single else set(), checker.plugins.readers, checker.config.limits, hide)
    job.total = len(inputs)
    job.stage = "检查"

    def progress(stage: str, done: int, total: int) -> None:
        job.stage, job.done, job.total = stage, done, total

    stream = io.StringIO()
    check(options, stream, sinks=[sink], progress=progress)
    job.done = job.total
    downloads = {"json": ("检查结果.json", MEDIA["json"]), "sarif": ("检查结果.sarif", MEDIA["sarif"]), "xlsx": ("审核汇总.xlsx", MEDIA["xlsx"])}
    kept = {str(p) for p in drafts}  # on disk in the job's folder while the job is kept
    for n, view in enumerate(sink.reports):
        if view.path in kept and view.kind == REPORT and view.report is not None and getattr(view.report.source, "kind", "") == "docx" and not view.error:
            view.annotated_kind = f"annotated-{n}"
            downloads[view.annotated_kind] = (f"{Path(view.file).stem}-审核意见.docx", MEDIA["docx"])
    results = JobResults(sink.reports, [hide_in_finding(f, hide) for f in store.setup_findings()], sink.results, downloads)
    return results, hide_in_json(stream.getvalue(), hide)


def make_download(kind: str, results: JobResults, folder: Path, store) -> bytes:
    """The bytes of the download ``kind`` (SARIF, XLSX or an annotated copy) of a finished job
    whose uploads are in ``folder``."""
    if kind == "sarif":
        from ..output.sarif import render_sarif

        findings = list(results.setup) + [f for r in results.results for f in r.findings]
        return render_sarif(findings, store.rules()).encode("utf-8")
    if kind == "xlsx":
        return _xlsx(results, folder)
    view = next(v for v in results.reports if v.annotated_kind == kind)
    return _annotated(results, view)


def _xlsx(results: JobResults, folder: Path) -> bytes:
    from ..output.summary import XlsxSummary

    with tempfile.TemporaryDirectory(prefix="xlsx-", dir=folder) as temp:
        target = Path(temp) / "审核汇总.xlsx"
        summary = XlsxSummary(target)
        summary.start(len(results.results))
        for r in results.results:
            summary.add(r)
        summary.close(BatchSummary(setup_findings=list(results.setup)), True)
        return target.read_bytes()


def _annotated(results: JobResults, view: ReportView) -> bytes:
    from ..model.findings import short_fingerprints
    from ..output.annotate import annotate

    draft = Path(view.path)
    with tempfile.TemporaryDirectory(prefix="annotate-", dir=draft.parent) as temp:
        target = Path(temp) / "审核意见.docx"
        annotate(draft, list(results.setup) + list(view.findings), target, report=view.report, shorts=short_fingerprints(view.findings))
        return target.read_bytes()

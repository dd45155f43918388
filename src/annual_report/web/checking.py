"""One upload through the one check pipeline (:func:`annual_report.app.check.check`), the
same path as ``annual-report check``: a single draft with its earlier years is checked in this
process, several drafts or a zip go through the batch pool with their bodies paired.

The pipeline writes the JSON (exactly what ``check --format json`` writes); a sink keeps each
result for the page.  The other downloads — the annotated copy, SARIF, the XLSX summary — are
made when they are asked for, from the kept results, so the findings are shown without
waiting for outputs nobody may want."""

from __future__ import annotations

import io
import json
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Callable

from ..model.results import BatchSummary, ReportResult
from ..output.sinks import Sink
from .records import Download, Job, ReportView

MEDIA = {
    "json": "application/json; charset=utf-8",
    "sarif": "application/sarif+json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def hide_in_result(r: ReportResult, hide: Callable[[str], str]) -> ReportResult:
    """A copy of ``r`` for the page and its downloads: every path of the upload folder replaced
    by the name the file was uploaded as (in the file, the error, the notes and the findings)."""

    def clean(f):
        return f.with_(message=hide(f.message), location=replace(f.location, file=hide(f.location.file)))

    return replace(
        r, path=hide(r.path), error=hide(r.error), notes=[hide(n) for n in r.notes],
        findings=[clean(f) for f in r.findings], known=[clean(f) for f in r.known],
    )


def hide_in_json(text: str, hide: Callable[[str], str]) -> str:
    """The JSON document of the check with every string passed through ``hide``."""

    def walk(value):
        if isinstance(value, str):
            return hide(value)
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        return value

    return json.dumps(walk(json.loads(text)), ensure_ascii=False, indent=2) + "\n"


class PageSink(Sink):
    """Keeps each checked report for the result page and the downloads made later, with the
    upload folder's paths hidden (``hide``)."""

    def __init__(self, job: Job, names: dict[str, str], history: set[str], readers, limits, hide: Callable[[str], str] = str) -> None:
        self.job, self.names, self.history, self.readers, self.limits, self.hide = job, names, history, readers, limits, hide
        self.results: list[ReportResult] = []

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
        self.job.reports.append(
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
            )
        )


def check_uploads(job: Job, drafts: list[Path], history: list[Path], level: str | None, store, hide: Callable[[str], str] = str) -> None:
    """Run the check of ``drafts`` (their ``history``) and fill ``job``; ``hide`` turns a path
    of the upload folder into the name the file was uploaded as, everywhere the user sees it."""
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
    job.setup = list(store.setup_findings())
    job.done = job.total
    kept = {str(p) for p in drafts}  # on disk in the job's folder while the job is kept
    job.downloads["json"] = Download("检查结果.json", MEDIA["json"], data=hide_in_json(stream.getvalue(), hide).encode("utf-8"))
    job.downloads["sarif"] = Download("检查结果.sarif", MEDIA["sarif"], make=lambda: _sarif(store, job, sink.results))
    job.downloads["xlsx"] = Download("审核汇总.xlsx", MEDIA["xlsx"], make=lambda: _xlsx(job, sink.results))
    for n, view in enumerate(job.reports):
        if view.path in kept and view.report is not None and getattr(view.report.source, "kind", "") == "docx" and not view.error:
            name = f"{Path(view.file).stem}-审核意见.docx"
            view.annotated_kind = f"annotated-{n}"
            job.downloads[view.annotated_kind] = Download(name, MEDIA["docx"], make=_annotator(job, view, Path(view.path)))


def _sarif(store, job: Job, results: list[ReportResult]) -> bytes:
    from ..output.sarif import render_sarif

    findings = list(job.setup) + [f for r in results for f in r.findings]
    return render_sarif(findings, store.rules()).encode("utf-8")


def _xlsx(job: Job, results: list[ReportResult]) -> bytes:
    from ..output.summary import XlsxSummary

    with tempfile.TemporaryDirectory(prefix="xlsx-", dir=job.folder) as folder:
        target = Path(folder) / "审核汇总.xlsx"
        summary = XlsxSummary(target)
        summary.start(len(results))
        for r in results:
            summary.add(r)
        summary.close(BatchSummary(setup_findings=list(job.setup)), True)
        return target.read_bytes()


def _annotator(job: Job, view: ReportView, draft: Path):
    def make() -> bytes:
        from ..output.annotate import annotate

        with tempfile.TemporaryDirectory(prefix="annotate-", dir=draft.parent) as folder:
            target = Path(folder) / "审核意见.docx"
            from ..model.findings import short_fingerprints

            annotate(draft, list(job.setup) + list(view.findings), target, report=view.report, shorts=short_fingerprints(view.findings))
            return target.read_bytes()

    return make

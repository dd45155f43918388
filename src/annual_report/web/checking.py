"""One upload through the one check pipeline (:func:`annual_report.app.check.check`), the
same path as ``annual-report check``: a single draft with its earlier years is checked in this
process, several drafts or a zip go through the batch pool with their bodies paired.

The pipeline writes the JSON (exactly what ``check --format json`` writes); a sink keeps each
result for the page.  The other downloads — the annotated copy, SARIF, the XLSX summary — are
made when they are asked for, from the kept results, so the findings are shown without
waiting for outputs nobody may want."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from ..model.results import BatchSummary, ReportResult
from ..output.sinks import Sink
from .records import Download, Job, ReportView

MEDIA = {
    "json": "application/json; charset=utf-8",
    "sarif": "application/sarif+json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class PageSink(Sink):
    """Keeps each checked report for the result page and the downloads made later."""

    def __init__(self, job: Job, names: dict[str, str], history: set[str], readers) -> None:
        self.job, self.names, self.history, self.readers = job, names, history, readers
        self.results: list[ReportResult] = []

    def add(self, r: ReportResult) -> None:
        self.results.append(r)
        self.job.done = min(self.job.done + 1, self.job.total or self.job.done + 1)
        if r.path in self.history:  # an earlier year uploaded with a batch: compared, not shown
            return
        report = r.report
        if report is None and not r.error:  # read by a pool worker: read again for the tables shown
            from ..model.errors import UserError
            from ..readers import read_report

            try:
                report = read_report(Path(r.path), self.readers)
            except UserError:
                report = None
        self.job.reports.append(
            ReportView(
                file=self.names.get(r.path, Path(r.path).name),
                body=r.body,
                year=r.year,
                history=list(r.history_years),
                findings=list(r.findings),
                error=r.error,
                report=report,
                path=r.path,
                notes=list(r.notes),
            )
        )


def check_uploads(job: Job, drafts: list[Path], history: list[Path], level: str | None, store) -> None:
    """Run the check of ``drafts`` (their ``history``) and fill ``job``."""
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
    )
    names = {str(p): p.name for p in [*drafts, *history]}
    sink = PageSink(job, names, {str(p) for p in history} if not single else set(), store.checker().plugins.readers)
    job.total = len(inputs)
    job.stage = "检查"

    def progress(stage: str, done: int, total: int) -> None:
        job.stage, job.done, job.total = stage, done, total

    stream = io.StringIO()
    check(options, stream, sinks=[sink], progress=progress)
    job.setup = list(store.setup_findings())
    job.done = job.total
    kept = {str(p): p.read_bytes() for p in drafts}
    job.downloads["json"] = Download("检查结果.json", MEDIA["json"], data=stream.getvalue().encode("utf-8"))
    job.downloads["sarif"] = Download("检查结果.sarif", MEDIA["sarif"], make=lambda: _sarif(store, job, sink.results))
    job.downloads["xlsx"] = Download("审核汇总.xlsx", MEDIA["xlsx"], make=lambda: _xlsx(job, sink.results))
    for n, view in enumerate(job.reports):
        if view.path in kept and view.report is not None and getattr(view.report.source, "kind", "") == "docx" and not view.error:
            name = f"{Path(view.file).stem}-审核意见.docx"
            view.annotated_kind = f"annotated-{n}"
            job.downloads[view.annotated_kind] = Download(name, MEDIA["docx"], make=_annotator(job, view, kept[view.path]))
    if single and not any(v.history for v in job.reports) and not history:
        job.notes.append("未上传往年报告，跨年度衔接和表述重复检查未进行")


def _sarif(store, job: Job, results: list[ReportResult]) -> bytes:
    from ..output.sarif import render_sarif

    findings = list(job.setup) + [f for r in results for f in r.findings]
    return render_sarif(findings, store.rules()).encode("utf-8")


def _xlsx(job: Job, results: list[ReportResult]) -> bytes:
    from ..output.summary import XlsxSummary

    with tempfile.TemporaryDirectory(prefix="annual-report-xlsx-") as folder:
        target = Path(folder) / "审核汇总.xlsx"
        summary = XlsxSummary(target)
        summary.start(len(results))
        for r in results:
            summary.add(r)
        summary.close(BatchSummary(setup_findings=list(job.setup)), True)
        return target.read_bytes()


def _annotator(job: Job, view: ReportView, source: bytes):
    def make() -> bytes:
        from ..output.annotate import annotate

        with tempfile.TemporaryDirectory(prefix="annual-report-annotate-") as folder:
            draft = Path(folder) / "原稿.docx"
            draft.write_bytes(source)
            target = Path(folder) / "审核意见.docx"
            annotate(draft, list(job.setup) + list(view.findings), target, report=view.report)
            return target.read_bytes()

    return make

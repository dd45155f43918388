"""Running one upload through the check pipeline and keeping what the page offers: the
findings per report, the annotated copies, and the JSON, SARIF and XLSX outputs."""

from __future__ import annotations

from pathlib import Path

from .jobs import Job, ReportView

MEDIA = {
    "json": "application/json; charset=utf-8",
    "sarif": "application/sarif+json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def check_uploads(job: Job, drafts: list[Path], history: list[Path], level: str | None, workspace: Path | None, scratch: Path) -> None:
    from ..check.engine import make_checker
    from ..check.batch import ReportResult
    from ..model.errors import UserError
    from ..output.annotate import annotate
    from ..output.jsonout import render_json, report_entry
    from ..output.sarif import render_sarif
    from ..output.summary import XlsxSummary
    from ..readers import read_report
    from ..workspace.config import Config, load_config

    config = load_config(workspace) if workspace else Config()
    checker = make_checker(config)
    job.setup = checker.setup_findings()
    readers = checker.plugins.readers
    job.stage = "读取往年报告"
    earlier = [read_report(p, readers) for p in history]
    summary_path = scratch / "out" / "审核汇总.xlsx"
    xlsx = XlsxSummary(summary_path)
    xlsx.start(len(drafts))
    entries, all_findings = [], list(job.setup)
    job.stage = "检查"
    for n, path in enumerate(drafts):
        name = path.name
        try:
            report = read_report(path, readers)
        except UserError as exc:
            job.reports.append(ReportView(name, "（无法读取）", None, [], [], error=str(exc)))
            xlsx.add(ReportResult(name, "（无法读取）", None, error=str(exc)))
            entries.append({**report_entry(name, "", None, None, [], []), "error": str(exc)})
            job.done = n + 1
            continue
        findings = checker.check(report, earlier or None)
        years = sorted(h.year for h in earlier if h.year)
        view = ReportView(name, report.body.name, report.year, years, findings, report=report)
        if report.source.kind == "docx":
            out = scratch / "out" / f"{path.stem}-审核意见.docx"
            annotate(path, list(findings), out, report=report)
            view.annotated, view.annotated_name = out.read_bytes(), out.name
            job.downloads[f"annotated-{n}"] = (out.name, MEDIA["docx"], view.annotated)
        job.reports.append(view)
        xlsx.add(ReportResult(name, report.body.name, report.year, findings=list(findings), history_years=tuple(years)))
        entries.append(report_entry(name, report.body.name, report.year, report.edition, years, findings))
        all_findings.extend(findings)
        job.done = n + 1
    from ..check.batch import BatchSummary

    xlsx.close(BatchSummary(setup_findings=job.setup), True)
    job.downloads["json"] = ("检查结果.json", MEDIA["json"], render_json(entries, job.setup).encode("utf-8"))
    job.downloads["sarif"] = ("检查结果.sarif", MEDIA["sarif"], render_sarif(all_findings, checker.rules).encode("utf-8"))
    job.downloads["xlsx"] = (summary_path.name, MEDIA["xlsx"], summary_path.read_bytes())
    if not earlier:
        job.notes.append("未上传往年报告，跨年度衔接和表述重复检查未进行")

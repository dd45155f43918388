"""集中展示: a static site of many bodies' reports, built from a folder of report files.

``collect`` reads the files (any format a reader accepts, in the batch's worker pool) and
groups them by body with the batch's own grouping (the name in the report, or the mapping
file's aliases and globs); ``write_site`` lays the collection out as pages:

- ``index.html``: the reports by year and by body (level, name, links), and the files that
  could not be read, each with the reason;
- ``reports/<id>.html``: one report — its six parts, the statutory tables as accessible HTML
  tables with their merged headers, the original file to download;
- ``bodies/<id>.html``: one body's years lined up (the 解读 figures) with a trend chart, or
  why there is none;
- ``search.html`` with ``assets/search-index.js``: a search box that works offline (the index
  is built here; the page's script only filters it).

Everything but the search works without JavaScript; HTML comes only from jinja2 templates
with autoescaping.  A report whose statutory tables cannot be read is listed with the reason
and no figures.
"""

from __future__ import annotations

import os

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from ...model.layout import TABLE_OF_PART
from ...model.report import Report

MARKER = ".annual-report-site"


@dataclass
class SiteReport:
    id: str
    path: Path
    body: str  # the body as grouped (mapping applied)
    report: Report | None
    error: str = ""  # why the file could not be read at all
    problem: str = ""  # why its tables cannot be shown (read, but tables missing)

    @property
    def year(self) -> int | None:
        return self.report.year if self.report else None

    @property
    def title(self) -> str:
        if self.report is None:
            return self.path.name
        return self.report.title or f"{self.report.body.name}{self.report.year or ''}年政府信息公开工作年度报告"

    @property
    def download(self) -> str:
        return f"files/{self.id}{self.path.suffix.lower()}"

    @property
    def has_figures(self) -> bool:
        return self.report is not None and not self.problem


@dataclass
class SiteBody:
    id: str
    name: str
    level: str
    reports: list[SiteReport]  # oldest first
    series: Any = None  # figures.Series of the reports with readable tables, or None
    notes: list[str] = field(default_factory=list)


@dataclass
class Collection:
    bodies: list[SiteBody]
    unreadable: list[SiteReport]
    roots: list[Path] = field(default_factory=list)

    @property
    def reports(self) -> list[SiteReport]:
        return [r for b in self.bodies for r in b.reports]

    @property
    def years(self) -> list[int]:
        return sorted({r.year for r in self.reports if r.year is not None}, reverse=True)


def tables_problem(report: Report) -> str:
    """Why a report's statutory tables cannot be shown ("" when all three were read)."""
    missing = [name for name in sorted(set(TABLE_OF_PART.values())) if name not in report.tables]
    if not missing:
        return ""
    from ...rules.reading import issue_message  # the reader records facts; the rules word them

    said = [issue_message(i) for i in report.issues if i.kind == "table_not_found"]
    return "；".join(said) if said else "没有找到" + "、".join(f"表{m}" for m in missing)


def collect(
    paths: Sequence[Path],
    *,
    config,
    mapping=None,
    recursive: bool = True,
    jobs: int | None = None,
    plugin_dirs: Sequence[Path] = (),
    exclude: Path | None = None,
    progress=None,
) -> Collection:
    from ...check.inputs import BodyMapping, discover, plan_jobs
    from ...check.runner import read_reports
    from ...model.errors import UserError
    from ..interpret.figures import series

    files = discover(paths, recursive)
    if exclude is not None:
        ex = Path(exclude).resolve()
        files = [f for f in files if ex not in f.resolve().parents]
    if not files:
        raise UserError("没有找到报告文件（.docx、.json 等）" + ("" if recursive else "；包括子文件夹请去掉 --no-recursive"))
    mapping = mapping or BodyMapping()
    roots = [Path(p) for p in paths if Path(p).is_dir()]
    identities, reports = [], {}
    for ident, report in read_reports(files, config=config, plugin_dirs=plugin_dirs, jobs=jobs, progress=progress):
        identities.append(ident)
        if report is not None:
            reports[ident.index] = report
    bodies: list[SiteBody] = []
    for n, job in enumerate(plan_jobs(identities, mapping, roots, 0), start=1):
        body_id = f"b{n:04d}"
        members: list[SiteReport] = []
        seen: dict[str, int] = {}
        for ident in job.members:
            report = reports[ident.index]
            base = f"{body_id}-{report.year or 'nd'}"
            seen[base] = seen.get(base, 0) + 1
            rid = base if seen[base] == 1 else f"{base}-{seen[base]}"
            members.append(SiteReport(rid, Path(ident.path), job.body, report, problem=tables_problem(report)))
        latest = members[-1].report
        body = SiteBody(body_id, job.body, latest.body.level or "", members)
        usable = [m.report for m in members if m.has_figures and m.report.year is not None]
        for m in members:
            if m.problem:
                body.notes.append(f"{m.report.year or '年度不明'}年度报告的表格未能读取（{m.problem}），不列数据")
        if usable:
            body.series = series(usable[-1], usable[:-1])
            body.notes += list(body.series.notes)
        bodies.append(body)
    unreadable = [
        # the reason without the folder it was read from: the site is published, the path is local
        SiteReport(f"u{n:04d}", Path(i.path), "", None, error=i.error.replace(i.path, Path(i.path).name))
        for n, i in enumerate(sorted((i for i in identities if i.error), key=lambda i: i.path), start=1)
    ]
    return Collection(bodies, unreadable, roots)


MARKER_HEAD = "annual-report site"


def _manifest(folder: Path) -> list[str]:
    """Every file under ``folder``, as relative POSIX paths, the marker left out."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != MARKER)


def _foreign_files(folder: Path) -> list[str]:
    """Files of an earlier site's folder that the site did not write (its marker lists what
    it wrote; a marker without a list, from an earlier version, vouches for everything)."""
    listed = (folder / MARKER).read_text(encoding="utf-8", errors="replace").splitlines()[1:]
    if not listed:
        return []
    known = set(listed)
    return [name for name in _manifest(folder) if name not in known]


def _remove_stale_builds(folder: Path) -> None:
    """What a build killed half-way left beside ``folder`` (the process that made it no longer
    runs): its unfinished copy is removed; an earlier site it had moved aside is put back when
    the folder is missing, else removed."""
    import re
    import shutil

    pattern = re.compile(re.escape(f".{folder.name}-") + r"(building|old)-(\d+)-.*")
    for entry in list(folder.parent.iterdir()):
        m = pattern.fullmatch(entry.name)
        if not m or not entry.is_dir() or entry.is_symlink():
            continue
        pid = int(m.group(2))
        try:
            os.kill(pid, 0)
            if pid != os.getpid():
                continue  # a build still running
        except ProcessLookupError:
            pass
        except OSError:
            continue
        if m.group(1) == "old" and not folder.exists() and (entry / "site").is_dir():
            (entry / "site").rename(folder)
        shutil.rmtree(entry, ignore_errors=True)


def write_site(collection: Collection, folder: Path) -> None:
    """Write the site into ``folder``: built beside it, then swapped in, so that a failed build
    leaves the earlier site; a folder that is not an earlier site is never replaced."""
    import shutil
    import tempfile

    from ...model.errors import OutputError
    from .pages import write_pages

    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or (any(folder.iterdir()) and not (folder / MARKER).exists())):
        raise OutputError(f"{folder} 已存在且不是本工具生成的展示网站，为免覆盖未写入；请换一个空文件夹")
    # the folder is replaced as a whole: never when it holds a file the earlier site did not
    # write (a report copied into it, a page somebody added), listed in the marker
    foreign = _foreign_files(folder) if folder.is_dir() and (folder / MARKER).exists() else []
    if foreign:
        raise OutputError(
            f"输出文件夹 {folder} 中有不是本工具生成的文件（{foreign[0]}{f' 等 {len(foreign)} 个' if len(foreign) > 1 else ''}），"
            "生成网站时会替换整个文件夹；请先移走这些文件，或另选一个输出文件夹"
        )
    folder.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_builds(folder)
    building = Path(tempfile.mkdtemp(prefix=f".{folder.name}-building-{os.getpid()}-", dir=folder.parent))
    try:
        write_pages(collection, building)
        (building / MARKER).write_text("\n".join([MARKER_HEAD, *_manifest(building)]) + "\n", encoding="utf-8")
        building.chmod(0o755)
        old = None
        if folder.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{folder.name}-old-{os.getpid()}-", dir=folder.parent))
            folder.rename(old / "site")
        building.rename(folder)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise

"""集中展示: a static site of many bodies' reports, built from a folder of report files.

``collect`` reads the files (any format a reader accepts, in the batch's worker pool), leaves
out what must not go public, and groups the rest by body with the batch's own grouping (the
name in the report, or the mapping file's aliases and globs):

- a file that cannot be read, that is not an annual report, or whose reading has error-level
  findings is never copied, linked or indexed; a report whose tables do not add up only with
  ``--force``; of files that claim one body and year (or hold the same bytes) one is used
  (``--prefer``, a name with 终稿/定稿, the newest) — all told to the publisher in the console
  and, when asked, in a list file kept outside the site folder;
- every figure on a report's page is read from that file's own tables (a page is keyed by the
  file, never by body and year).

``write_site`` lays the collection out as pages:

- ``index.html``: the reports by year and by body (level, name, links);
- ``reports/<id>.html``: one report — its six parts, the statutory tables as accessible HTML
  tables with their merged headers, the original file to download;
- ``bodies/<id>.html``: one body's years lined up (the 解读 figures) with a trend chart, or
  why there is none;
- ``search.html`` with ``assets/search-index.js``: a search box that works offline (the index
  is built here; the page's script only filters it).

Everything but the search works without JavaScript; HTML comes only from jinja2 templates
with autoescaping.
"""

from __future__ import annotations

import os

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Sequence

from ...model.report import Report

MARKER = ".annual-report-site"


@dataclass
class SiteReport:
    id: str
    path: Path
    body: str  # the body as grouped (mapping applied)
    report: Report
    figures: dict = field(default_factory=dict)  # figure key -> Reading, from this file's own tables
    warning: str = ""  # published with --force although its tables do not add up

    @property
    def year(self) -> int | None:
        return self.report.year

    @property
    def title(self) -> str:
        return self.report.title or f"{self.report.body.name}{self.report.year or ''}年政府信息公开工作年度报告"

    @property
    def download(self) -> str:
        return f"files/{self.id}{self.path.suffix.lower()}"


@dataclass(frozen=True)
class Withheld:
    """A file left out of the site, and why (told to the publisher, never published)."""

    path: Path
    reason: str
    kind: str  # "unreadable" | "not_report" | "reading" | "tables" | "duplicate"


@dataclass
class SiteBody:
    id: str
    name: str
    level: str
    reports: list[SiteReport]  # oldest first, one per year
    series: Any = None  # figures.Series of the body's years, or None
    notes: list[str] = field(default_factory=list)
    level_inferred: bool = False  # the level comes from the body's name, as check infers it


@dataclass
class Collection:
    bodies: list[SiteBody]
    withheld: list[Withheld] = field(default_factory=list)
    duplicates: list[Any] = field(default_factory=list)  # check.inputs.Duplicate
    roots: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # for the publisher (same names in different folders)

    @property
    def reports(self) -> list[SiteReport]:
        return [r for b in self.bodies for r in b.reports]

    @property
    def years(self) -> list[int]:
        return sorted({r.year for r in self.reports if r.year is not None}, reverse=True)


def _where(path: str, roots: Sequence[Path]) -> str:
    """A file as the publisher knows it: relative to the folder given, else its name."""
    for root in roots:
        try:
            return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
        except ValueError:
            continue
    return Path(path).name


def _split_namesakes(identities, mapping, roots) -> tuple[list, list[str]]:
    """Bodies of one name in different folders that each have a report of the same year are
    different bodies (two 城关镇 of two counties): each is named with its folder."""
    from dataclasses import replace

    from ...check.inputs import normalise_body

    folders: dict[str, dict[Path, set]] = {}
    for ident in identities:
        if ident.error or not ident.body:
            continue
        name = normalise_body(mapping.body_for(ident.path, ident.body, roots))
        folders.setdefault(name, {}).setdefault(Path(ident.path).parent, set()).add(ident.year)
    split = set()
    for name, by_folder in folders.items():
        if len(by_folder) > 1:
            years = [y for ys in by_folder.values() for y in ys if y is not None]
            if len(years) != len(set(years)):
                split.add(name)
    if not split:
        return list(identities), []
    out, notes = [], []
    for ident in identities:
        body = mapping.body_for(ident.path, ident.body, roots) if ident.body else ""
        if body and normalise_body(body) in split and body == ident.body:
            folder = _where(str(Path(ident.path).parent), roots) or Path(ident.path).parent.name
            ident = replace(ident, body=f"{body}（{folder}）")
        out.append(ident)
    for name in sorted(split):
        notes.append(f"不同文件夹中都有“{name}”同一年度的报告，按不同机关展示（以文件夹区分）；如是同一机关，请用 --mapping 指定")
    return out, notes


def collect(
    paths: Sequence[Path],
    *,
    config,
    mapping=None,
    recursive: bool = False,
    jobs: int | None = None,
    plugin_dirs: Sequence[Path] = (),
    exclude: Path | None = None,
    progress=None,
    checker=None,
    prefer: Sequence[str] = (),
    force: bool = False,
) -> Collection:
    """Read the files, leave out what must not be published, group the rest by body."""
    from ...check.engine import make_checker
    from ...check.gate import gate, named
    from ...text.document_kind import REPORT, WHY_NOT_A_REPORT, document_kind
    from ...check.inputs import BodyMapping, discover, find_duplicates, input_suffixes, plan_jobs
    from ...check.runner import read_reports
    from ...model.errors import UserError
    from ...model.levels import body_level
    from ..interpret.figures import FIGURES, series

    checker = checker or make_checker(config, plugin_dirs)
    files = discover(paths, recursive, input_suffixes(checker.plugins.readers))
    if exclude is not None:
        ex = Path(exclude).resolve()
        files = [f for f in files if ex != f.resolve() and ex not in f.resolve().parents]
    if not files:
        raise UserError("没有找到报告文件（.docx、.json 等）" + ("" if recursive else "；包括子文件夹请加 --recursive"))
    mapping = mapping or BodyMapping()
    roots = [Path(p) for p in paths if Path(p).is_dir()]
    identities, reports = [], {}
    for ident, report in read_reports(files, config=config, plugin_dirs=plugin_dirs, jobs=jobs, progress=progress, checker=checker):
        identities.append(ident)
        if report is not None:
            reports[ident.index] = report
    withheld: list[Withheld] = []
    warnings: dict[int, str] = {}
    kept = []
    for n, ident in enumerate(identities, start=1):
        where = Path(_where(ident.path, roots))
        if ident.error:
            withheld.append(Withheld(where, ident.error.replace(ident.path, Path(ident.path).name), "unreadable"))
            continue
        report = reports[ident.index]
        if progress:
            progress("核对", n, len(identities))
        kind = document_kind(report)
        if kind != REPORT:
            withheld.append(Withheld(where, WHY_NOT_A_REPORT[kind], "not_report"))
            continue
        g = gate(checker, report)
        if g.reading_errors:
            withheld.append(Withheld(where, f"读取时有错误，数据不可靠：{named(g.reading_errors)}", "reading"))
            continue
        if g.table_errors:
            if not force:
                withheld.append(Withheld(where, f"表格数据有错误（加 --force 仍然发布）：{named(g.table_errors)}", "tables"))
                continue
            warnings[ident.index] = f"表格数据有错误，按 --force 发布：{named(g.table_errors)}"
        kept.append(replace(ident, errors=len(g.table_errors)))  # among duplicates, a clean one first
    kept, notes = _split_namesakes(kept, mapping, roots)
    duplicates = find_duplicates(kept, mapping, roots, prefer)
    dropped = {o.index for d in duplicates for o in d.others}
    for d in duplicates:
        for o in d.others:
            withheld.append(Withheld(Path(_where(o.path, roots)), f"未采用：{d.message()}", "duplicate"))
    bodies: list[SiteBody] = []
    planned = plan_jobs([i for i in kept if i.index not in dropped], mapping, roots, 0)
    for n, job in enumerate(planned, start=1):
        body_id = f"b{n:04d}"
        members: list[SiteReport] = []
        for k, ident in enumerate(job.members, start=1):
            report = reports[ident.index]
            # one page per file: its id names the file's place in the body, never a year alone
            rid = f"{body_id}-{k:02d}"
            own = {f.key: f.read(report) for f in FIGURES}  # the figures of this file, from its own tables
            members.append(SiteReport(rid, Path(ident.path), job.body, report, own, warnings.get(ident.index, "")))
        latest = members[-1].report
        level = body_level(latest, config)
        body = SiteBody(body_id, job.body, level.level, members, level_inferred=level.source == "name")
        dated = [m.report for m in members if m.report.year is not None]
        if dated:
            body.series = series(dated[-1], dated[:-1])
            body.notes += list(body.series.notes)
        bodies.append(body)
    withheld.sort(key=lambda w: w.path.as_posix())
    return Collection(bodies, withheld, duplicates, roots, notes)


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

"""What to check: the files named or found in folders, whose body and year each is, and the
jobs that pair each report with its history.

A job is one body's reports (``members``) and the reports to check among them (``tasks``), each
with the members that are its history.  A folder of many bodies is planned by :func:`plan_jobs`
(each report against its own body's earlier years); one input with ``--history`` or a
workspace's earlier years is a job of its own (:func:`single_job`).
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from ..model.errors import UserError
from ..text.document_kind import REPORT, document_kind, final_version_words
from .rollup_map import CoverageMap
from ..model.report import body_core, normalise_body, year_label

# files no built-in reader reads, but an office that sent one must see it in the summary with
# what to do about it, not have it silently skipped
ANNOUNCED_SUFFIXES = (".doc", ".wps")
INPUT_SUFFIXES = (".docx", ".json") + ANNOUNCED_SUFFIXES


NO_HISTORY = "文件夹中没有该机关其他年度的报告，跨年度检查未进行"
NOT_A_REPORT = "（不是年度报告）"  # how a batch names a file that is not a report


def complete_report(report, config):
    """A report as every command checks it: a yearly data file read inside a workspace gets the
    section on the year's work plans its ``workplan`` answers make (as ``build`` writes it), so
    a year, its data file named on the command line and the file in a folder checked as a batch
    are the same model.  Drafts and files outside a workspace are as their reader made them."""
    if report.source.kind != "json" or config.root is None:
        return report
    from ..reference.workplans import with_workplan_section

    return with_workplan_section(report, config.folder("workplans"))


def input_suffixes(readers) -> tuple[str, ...]:
    """The suffixes a folder is searched for: what the readers read, and what is announced."""
    own = [s for r in readers for s in getattr(r, "suffixes", ())]
    return tuple(dict.fromkeys([*own, *INPUT_SUFFIXES]))


@dataclass(frozen=True)
class Identity:
    """Who wrote a file and for which year (what reading a file returns to the planner)."""

    index: int
    path: str
    body: str = ""
    year: int | None = None
    error: str = ""  # why the file could not be read ("" when it was)
    read_seconds: float = 0.0
    kind: str = REPORT  # what the file is (text.document_kind): only a report is a duplicate or history
    # error-level findings known before the choice among duplicates (the reading rules' in a
    # check, the gate's in a site); None when not known
    errors: int | None = None
    # a workspace's data file read only as its body's earlier year (not checked, never a duplicate)
    history_only: bool = False


@dataclass(frozen=True)
class Covers:
    """What a task's report covers (the mapping's [covers]): ``members[i]`` for i in ``reports``
    are the covered bodies' reports of the same year, ``found`` the body each was found for."""

    bodies: tuple[str, ...]
    reports: tuple[int, ...] = ()
    found: tuple[str, ...] = ()
    summary: bool = False
    tables: tuple[str, ...] = ("A", "B", "C")


@dataclass(frozen=True)
class Task:
    """Check ``members[target]`` against ``members[i]`` for i in ``history`` (None: no history
    was supplied, so cross-year rules say so instead of naming a missing year)."""

    target: int
    history: tuple[int, ...] | None
    label: str
    notes: tuple[str, ...] = ()
    covers: Covers | None = None


@dataclass(frozen=True)
class Job:
    """One body's reports and the checks to run among them."""

    body: str
    members: tuple[Identity, ...]
    tasks: tuple[Task, ...]
    # facts the mapping gives about the body: ("publication_date", iso), ("body_level", level)
    facts: tuple[tuple[str, str], ...] = ()
    # rules not to run again, as (task, rule code, "died" or "timeout", what happened): each
    # killed a process that checked this job (set by the runner when it retries the job)
    skip: tuple[tuple[int, str, str, str], ...] = ()


# --- finding the files and the bodies ----------------------------------------------------


def discover(paths: Sequence[Path], recursive: bool, suffixes: Sequence[str] = INPUT_SUFFIXES) -> list[Path]:
    """The report files named or found in folders, sorted, without Word's lock files."""
    found: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            pattern = "**/*" if recursive else "*"
            for p in path.glob(pattern):
                if p.is_file() and p.suffix.lower() in suffixes and not is_skipped(p, path):
                    found.append(p)
        elif path.exists():
            found.append(path)
        else:
            raise UserError(f"找不到 {path}")
    return sorted(set(found), key=lambda p: str(p))


def is_skipped(path: Path, root: Path) -> bool:
    """A file a folder's check leaves out: hidden (``.``) or a Word lock file (``~$``), or under such a folder."""
    rel = path.relative_to(root).parts
    return any(part.startswith((".", "~$")) for part in rel)




@dataclass
class BodyMapping:
    """The override file: which body a file belongs to, and aliases of body names.

    TOML::

        [aliases]            # name as written in a report = the body's canonical name
        "桃岭乡政府" = "桃岭乡人民政府"

        [files]              # glob on the path (relative to the batch folder) = body
        "桃岭乡/*.docx" = "桃岭乡人民政府"

    and the roll-up tables [covers], [published], [levels] (:mod:`annual_report.check.rollup_map`).
    """

    aliases: dict[str, str] = field(default_factory=dict)
    files: list[tuple[str, str]] = field(default_factory=list)
    coverage: CoverageMap = field(default_factory=lambda: CoverageMap())  # [covers], [published], [levels]

    @classmethod
    def load(cls, path: Path | None) -> "BodyMapping":
        if path is None:
            return cls()
        from ..model.toml_files import read_toml
        from .rollup_map import parse_coverage

        raw = read_toml(path, "机关对照文件")
        text = Path(path).read_text(encoding="utf-8-sig")
        aliases = {normalise_body(k): str(v) for k, v in (raw.get("aliases") or {}).items()}
        files = [(str(k), str(v)) for k, v in (raw.get("files") or {}).items()]
        coverage = parse_coverage(raw, text, Path(path), lambda name: aliases.get(normalise_body(name), name.strip()))
        return cls(aliases, files, coverage)

    def body_for(self, path: str, written: str, roots: Sequence[Path]) -> str:
        for root in roots:
            try:
                rel = Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
            except ValueError:
                continue
            for pattern, body in self.files:
                if fnmatch.fnmatch(rel, pattern):
                    return body
        for pattern, body in self.files:
            if fnmatch.fnmatch(Path(path).as_posix(), pattern):
                return body
        return self.aliases.get(normalise_body(written), written)



def body_names(identities: Sequence[Identity], mapping: BodyMapping, roots: Sequence[Path]) -> dict[int, str]:
    """Each readable report's body as the batch names it: the mapping's name, and one name for
    the forms of one body's name (:func:`~annual_report.model.report.same_body`: "青溪镇" in one
    title and "青溪镇人民政府" in another are one body, named by the fuller form)."""
    written = {
        i.index: mapping.body_for(i.path, i.body, roots) or f"（未识别机关）{Path(i.path).parent}"
        for i in identities
        if not i.error and i.kind == REPORT
    }
    fullest: dict[str, str] = {}
    for name in sorted(set(written.values())):
        core = body_core(name)
        if core not in fullest or len(name) > len(fullest[core]):
            fullest[core] = name
    return {index: fullest[body_core(name)] for index, name in written.items()}


def plan_jobs(
    identities: list[Identity], mapping: BodyMapping, roots: Sequence[Path], history_years: int, duplicates: Sequence["Duplicate"] = ()
) -> list[Job]:
    """Group readable files by body and order each body's years; each report's history is its
    body's reports of the ``history_years`` years before it.  Of ``duplicates`` (files claiming
    one body and year) only the file used is anyone's history; each says so under its title.
    Deterministic."""
    unused = {o.index for d in duplicates for o in d.others}
    said: dict[int, str] = {}
    for d in duplicates:
        for ident in (d.kept, *d.others):
            said[ident.index] = "重复：" + d.message() + ("" if ident.index == d.kept.index else "；本文件不作为往年对比")
    groups: dict[str, list[Identity]] = {}
    strays: list[Job] = []  # files that are not reports: each a job of its own, nobody's history
    names = body_names(identities, mapping, roots)
    for ident in identities:
        if ident.error:
            continue
        if ident.kind != REPORT:
            strays.append(Job(NOT_A_REPORT, (ident,), (Task(0, None, NOT_A_REPORT),)))
            continue
        groups.setdefault(names[ident.index], []).append(ident)
    by_name = {normalise_body(b): b for b in groups}
    cov = mapping.coverage
    published = {normalise_body(k): v for k, v in cov.published.items()}
    levels = {normalise_body(k): v for k, v in cov.levels.items()}
    covers = {normalise_body(k): v for k, v in cov.covers.items()}
    jobs = []
    for body in sorted(groups, key=normalise_body):
        checked = [m for m in groups[body] if not m.history_only]
        if not checked:
            continue  # the workspace's years, and nothing of its body to check
        years = {m.year for m in checked}
        # the workspace's data: only for the years the body's own files in the batch do not give
        kept = checked + [m for m in groups[body] if m.history_only and m.year not in years]
        own = tuple(sorted(kept, key=lambda m: (m.year or 0, m.path)))
        spec = covers.get(normalise_body(body))
        # the covered bodies' reports ride along as members (after the body's own)
        extra: list[tuple[str, Identity]] = []
        if spec is not None:
            for covered in spec.bodies:
                group = by_name.get(normalise_body(covered))
                extra += [(covered, m) for m in sorted(groups.get(group, ()), key=lambda m: (m.year or 0, m.path))]
        members = own + tuple(m for _, m in extra)
        tasks = []
        for i, ident in enumerate(own):
            if ident.history_only:
                continue
            history = tuple(
                j
                for j, m in enumerate(own)
                if m.year is not None and ident.year is not None and ident.year - history_years <= m.year < ident.year and m.index not in unused
            )
            notes: tuple[str, ...] = ()
            if spec is None and all(m.year == ident.year for m in own):
                # nothing of the body's other years to compare with (alone, or with copies of this
                # year's report): as a file checked alone
                history, notes = None, (NO_HISTORY,)
            task_covers = None
            if spec is not None:
                found: dict[str, int] = {}
                for k, (covered, m) in enumerate(extra):
                    if m.year == ident.year and covered not in found:
                        found[covered] = len(own) + k
                task_covers = Covers(spec.bodies, tuple(found.values()), tuple(found), spec.summary, spec.tables)
            if ident.index in said:
                notes = (*notes, said[ident.index])
            tasks.append(Task(i, history, f"{body} {year_label(ident.year)}", notes, covers=task_covers))
        facts = tuple(
            (key, value[normalise_body(body)])
            for key, value in (("publication_date", published), ("body_level", levels))
            if normalise_body(body) in value
        )
        jobs.append(Job(body, members, tuple(tasks), facts))
    return jobs + sorted(strays, key=lambda j: j.members[0].path)


def single_job(report, history: list | None, notes: list[str]) -> tuple[Job, dict[int, object]]:
    """The job of one report already read (with its history, None: none supplied), and the
    reports by member index."""
    reports = [report, *(history or [])]
    members = tuple(
        Identity(i, r.source.path, r.body.name, r.year, kind=document_kind(r)) for i, r in enumerate(reports)
    )
    is_report = members[0].kind == REPORT
    label = report.label if is_report else NOT_A_REPORT
    task = Task(0, None if history is None else tuple(range(1, len(reports))), label, tuple(notes))
    return Job(report.body.name if is_report else NOT_A_REPORT, members, (task,)), dict(enumerate(reports))


# --- files that claim the same body and year ---------------------------------------------



@dataclass(frozen=True)
class Duplicate:
    """Files that claim one body and year (or hold the same bytes): the one used and why."""

    body: str
    year: int | None
    kept: Identity
    others: tuple[Identity, ...]
    why: str  # "按 --prefer 指定" | "文件名含“终稿”" | "读取时没有错误" | "修改时间最新" | "内容相同，取第一个"
    identical: bool  # every file of the group has the same content

    def message(self) -> str:
        names = "、".join(Path(o.path).name for o in self.others)
        what = "内容完全相同" if self.identical else f"都是{self.body} {year_label(self.year)}的报告"
        return f"{Path(self.kept.path).name} 与 {names} {what}；采用 {Path(self.kept.path).name}（{self.why}）"


def _digest(path: str) -> str:
    import hashlib

    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return f"unreadable:{path}"
    return h.hexdigest()


def _mtime(path: str) -> float:
    try:
        return Path(path).stat().st_mtime
    except OSError:
        return 0.0


def _preferred(path: str, prefer: Sequence[str]) -> bool:
    p = Path(path)
    return any(fnmatch.fnmatch(p.name, pat) or fnmatch.fnmatch(p.as_posix(), pat) or p.name == Path(pat).name for pat in prefer)


def choose(group: Sequence[Identity], prefer: Sequence[str] = ()) -> tuple[Identity, str]:
    """The file to use of files claiming one body and year, and why: a file named by
    ``--prefer`` first, then a name with 终稿/定稿, then a file without error-level findings
    where some have them (when known), then the newest modification time (then the first by
    path, so that the choice is always the same).  ``check`` and ``site`` choose alike."""
    ordered = sorted(group, key=lambda i: i.path)
    named = [i for i in ordered if _preferred(i.path, prefer)]
    if len(named) == 1:
        return named[0], "按 --prefer 指定"
    pool = named or ordered
    final_words = final_version_words()  # data/document_kinds.toml
    final = [i for i in pool if any(w in Path(i.path).name for w in final_words)]
    if len(final) == 1:
        word = next(w for w in final_words if w in Path(final[0].path).name)
        return final[0], f"文件名含“{word}”"
    pool = final or pool
    clean = [i for i in pool if i.errors == 0]
    if clean and len(clean) < len(pool) and all(i.errors is not None for i in pool):
        if len(clean) == 1:
            return clean[0], "读取时没有错误"
        pool = clean
    newest = max(_mtime(i.path) for i in pool)
    latest = [i for i in pool if _mtime(i.path) == newest]
    if len(latest) == 1 and len(pool) > 1:
        return latest[0], "修改时间最新"
    return latest[0], "修改时间相同，按文件路径取第一个"


def find_duplicates(identities: Sequence[Identity], mapping: BodyMapping, roots: Sequence[Path], prefer: Sequence[str] = ()) -> list[Duplicate]:
    """Readable files whose content is identical, and files that claim the same body and year
    (the year known); one :class:`Duplicate` per group, the others to be left out."""
    # a 解读 or a memo is never chosen; a workspace's data file read as history is never a duplicate
    readable = [i for i in identities if not i.error and i.kind == REPORT and not i.history_only]
    out: list[Duplicate] = []
    gone: set[int] = set()
    by_digest: dict[str, list[Identity]] = {}
    for ident in readable:
        by_digest.setdefault(_digest(ident.path), []).append(ident)
    for group in by_digest.values():
        if len(group) > 1:
            kept, why = choose(group, prefer)
            why = why if why == "按 --prefer 指定" else "内容相同，按文件路径取第一个" if why.startswith("修改时间相同") else why
            others = tuple(i for i in sorted(group, key=lambda i: i.path) if i is not kept)
            gone.update(i.index for i in others)
            out.append(Duplicate(mapping.body_for(kept.path, kept.body, roots), kept.year, kept, others, why, True))
    claims: dict[tuple[str, int], list[Identity]] = {}
    names = body_names(identities, mapping, roots)
    for ident in readable:
        if ident.index in gone or ident.year is None or not ident.body:
            continue
        claims.setdefault((names[ident.index], ident.year), []).append(ident)
    for (body, year), group in claims.items():
        if len(group) > 1:
            kept, why = choose(group, prefer)
            others = tuple(i for i in sorted(group, key=lambda i: i.path) if i is not kept)
            identical = len({_digest(i.path) for i in group}) == 1
            out.append(Duplicate(body, year, kept, others, why, identical))
    return sorted(out, key=lambda d: d.kept.path)

"""What to check: the files named or found in folders, whose body and year each is, and the
jobs that pair each report with its history.

A job is one body's reports (``members``) and the reports to check among them (``tasks``), each
with the members that are its history.  A folder of many bodies is planned by :func:`plan_jobs`
(each report against its own body's earlier years); one input with ``--history`` or a
workspace's earlier years is a job of its own (:func:`single_job`).
"""

from __future__ import annotations

import fnmatch
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from ..model.errors import UserError, toml_problem
from .rollup_map import CoverageMap
from ..model.report import year_label

# files no built-in reader reads, but an office that sent one must see it in the summary with
# what to do about it, not have it silently skipped
ANNOUNCED_SUFFIXES = (".doc", ".wps")
INPUT_SUFFIXES = (".docx", ".json") + ANNOUNCED_SUFFIXES


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


_BODY_NOISE = re.compile(r"[\s　]+")


def normalise_body(name: str) -> str:
    """A body's name for grouping: NFKC, no spaces."""
    return _BODY_NOISE.sub("", unicodedata.normalize("NFKC", name or ""))


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
        from ..files.config import tomllib
        from .rollup_map import parse_coverage

        try:
            text = Path(path).read_text(encoding="utf-8-sig")
            raw = tomllib.loads(text)
        except FileNotFoundError:
            raise UserError(f"找不到机关对照文件 {path}") from None
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise UserError(f"机关对照文件 {path} 格式有误：{toml_problem(exc)}") from None
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



def plan_jobs(identities: list[Identity], mapping: BodyMapping, roots: Sequence[Path], history_years: int) -> list[Job]:
    """Group readable files by body and order each body's years; each report's history is its
    body's reports of the ``history_years`` years before it.  Deterministic."""
    groups: dict[str, list[Identity]] = {}
    for ident in identities:
        if ident.error:
            continue
        body = mapping.body_for(ident.path, ident.body, roots) or f"（未识别机关）{Path(ident.path).parent}"
        groups.setdefault(body, []).append(ident)
    by_name = {normalise_body(b): b for b in groups}
    cov = mapping.coverage
    published = {normalise_body(k): v for k, v in cov.published.items()}
    levels = {normalise_body(k): v for k, v in cov.levels.items()}
    covers = {normalise_body(k): v for k, v in cov.covers.items()}
    jobs = []
    for body in sorted(groups, key=normalise_body):
        own = tuple(sorted(groups[body], key=lambda m: (m.year or 0, m.path)))
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
            history = tuple(
                j
                for j, m in enumerate(own)
                if m.year is not None and ident.year is not None and ident.year - history_years <= m.year < ident.year
            )
            task_covers = None
            if spec is not None:
                found: dict[str, int] = {}
                for k, (covered, m) in enumerate(extra):
                    if m.year == ident.year and covered not in found:
                        found[covered] = len(own) + k
                task_covers = Covers(spec.bodies, tuple(found.values()), tuple(found), spec.summary, spec.tables)
            tasks.append(Task(i, history, f"{body} {year_label(ident.year)}", covers=task_covers))
        facts = tuple(
            (key, value[normalise_body(body)])
            for key, value in (("publication_date", published), ("body_level", levels))
            if normalise_body(body) in value
        )
        jobs.append(Job(body, members, tuple(tasks), facts))
    return jobs


def single_job(report, history: list | None, notes: list[str]) -> tuple[Job, dict[int, object]]:
    """The job of one report already read (with its history, None: none supplied), and the
    reports by member index."""
    reports = [report, *(history or [])]
    members = tuple(
        Identity(i, r.source.path, r.body.name, r.year) for i, r in enumerate(reports)
    )
    task = Task(0, None if history is None else tuple(range(1, len(reports))), report.label, tuple(notes))
    return Job(report.body.name, members, (task,)), dict(enumerate(reports))

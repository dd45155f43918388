"""The register commands' work: the template for a year, the tally of a year (printed, written
into the year's data, explained in an XLSX), and the tally ``check`` compares a report with.

Registers come from ``--ledger`` files or, inside a workspace, from its ``ledger/`` folder
(every .xlsx/.csv there, read as one register: a year's carried-over rows live in the year
before's file)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..model.errors import UserError
from ..model.register import Register, Tally
from ..files.config import Config

LEDGER_FOLDER = "ledger"


def ledger_folder(config: Config) -> Path | None:
    return config.folder(LEDGER_FOLDER)


def register_paths(config: Config, explicit: list[Path]) -> list[Path]:
    """The register files: those given, or the workspace's ``ledger/`` files ([] if none)."""
    from ..readers.register import SUFFIXES, register_files

    out: list[Path] = []
    for p in explicit:
        p = Path(p)
        if p.is_dir():
            files = register_files(p)
            if not files:
                raise UserError(f"文件夹 {p} 中没有台账文件（.xlsx 或 .csv）")
            out += files
        elif not p.is_file():
            raise UserError(f"找不到台账文件：{p}")
        elif p.suffix.lower() not in SUFFIXES:
            raise UserError(f"{p.name}：台账应为 .xlsx 或 .csv 文件（旧版 .xls 请在 Excel 或 WPS 表格中另存为 .xlsx）")
        else:
            out.append(p)
    if explicit:
        return out
    folder = ledger_folder(config)
    return register_files(folder) if folder is not None else []


def split_registers(config: Config, paths: list[Path], published: list | None = None) -> tuple[list[Path], list[Path]]:
    """(registers of applications, registers of documents) among ``paths``, by their headers;
    lists of published items go into ``published`` when given."""
    from ..readers.register import Mapping, register_kind

    mapping = Mapping.for_workspace(config.root)
    kinds = {p: register_kind(p, mapping) for p in paths}
    if published is not None:
        published += [p for p in paths if kinds[p] == "published"]
    return [p for p in paths if kinds[p] not in ("documents", "published")], [p for p in paths if kinds[p] == "documents"]


def make_published_tally(config: Config, year: int, paths: list[Path]):
    from ..model.register import PublishedTally
    from ..readers.register import Mapping, read_published

    mapping = Mapping.for_workspace(config.root)
    parts = [read_published(p, year, mapping) for p in paths]
    by_column: dict = {}
    for part in parts:
        for k, v in part.by_column.items():
            by_column[k] = by_column.get(k, ()) + v
    return PublishedTally(year, "、".join(p.name for p in paths), by_column, tuple(r for part in parts for r in part.total), tuple(i for part in parts for i in part.issues))


def read_register_files(config: Config, paths: list[Path]) -> Register:
    from ..readers.register import Mapping, read_registers

    return read_registers(paths, Mapping.for_workspace(config.root))


def make_tally(config: Config, year: int, paths: list[Path], edition: str = "2021") -> Tally:
    from ..ledger.tally import tally
    from ..ledger.workdays import WorkCalendar

    register = read_register_files(config, paths)
    return tally(register, year, edition, WorkCalendar.for_workspace(config.root))


def make_document_tally(config: Config, year: int, paths: list[Path]):
    from ..ledger.documents import tally_documents
    from ..readers.register import Mapping, read_documents

    mapping = Mapping.for_workspace(config.root)
    docs, issues = [], []
    for p in paths:
        d, i = read_documents(p, mapping)
        docs += d
        issues += i
    return tally_documents(docs, issues, year, "、".join(p.name for p in paths))


# --- ledger: the template ------------------------------------------------------------------------


def template_path(config: Config, year: int) -> Path:
    folder = ledger_folder(config) or Path.cwd()
    return folder / f"{year}年依申请公开登记台账.xlsx"


def write_template(config: Config, year: int, output: Path | None, force: bool) -> tuple[Path, int]:
    """Write the register template for ``year``; (its path, the rows carried over from
    the registers already in the workspace that were still open on 31 December of year−1)."""
    from ..ledger.sheets import template_bytes
    from ..files.writing import guard_outputs, write_atomic

    target = Path(output) if output else template_path(config, year)
    paths = [p for p in register_paths(config, []) if p.resolve() != target.resolve()]
    guard_outputs({"--output": target}, paths, force=force)
    carried = []
    paths = split_registers(config, paths)[0]
    if paths:
        register = read_register_files(config, paths)
        end = date(year - 1, 12, 31)
        carried = sorted((a for a in register.applications if a.received <= end and (a.answered is None or a.answered > end)), key=lambda a: (a.received, a.ref.number))
    write_atomic(target, template_bytes(year, carried))
    return target, len(carried)


# --- tally: the counts ---------------------------------------------------------------------------


@dataclass
class TallyResult:
    tally: Tally | None
    edition: str
    documents: object = None  # DocumentTally, when a register of documents was given
    written: Path | None = None
    conflicts: list[str] = field(default_factory=list)
    explained: Path | None = None
    published: object = None  # PublishedTally, when a list of published items was given


def edition_of(config: Config, year: int) -> str:
    from ..model.layout import edition_for_year

    path = config.data_file(year) if config.root else None
    if path is not None and path.is_file():
        try:
            declared = json.loads(path.read_text(encoding="utf-8")).get("edition")
        except (ValueError, UnicodeDecodeError, AttributeError):
            declared = None
        if declared in ("2019", "2021"):
            return declared
    return edition_for_year(year)


def run_tally(config: Config, year: int, explicit: list[Path], *, write: bool, force: bool, explain: Path | None) -> TallyResult:
    paths = register_paths(config, explicit)
    if not paths:
        where = f"工作区的 {LEDGER_FOLDER}/ 文件夹" if config.root else "当前位置"
        raise UserError(f"没有找到台账：{where}中没有 .xlsx 或 .csv 台账文件；可用 --ledger 指定，或先用 annual-report ledger {year} 生成台账模板")
    from ..files.writing import guard_outputs, write_atomic

    if explain is not None:
        guard_outputs({"--explain": explain}, paths, force=force)
    edition = edition_of(config, year)
    published: list[Path] = []
    paths, doc_paths = split_registers(config, paths, published)
    documents = make_document_tally(config, year, doc_paths) if doc_paths else None
    pub = make_published_tally(config, year, published) if published else None
    if not paths:
        if documents is None and pub is None:
            raise UserError("给出的文件中没有依申请公开登记台账")
        result = TallyResult(None, edition, documents, published=pub)
        if explain is not None:
            from ..ledger.sheets import explanation_bytes

            write_atomic(explain, explanation_bytes(None, edition, documents, pub))
            result.explained = explain
        return result
    t = make_tally(config, year, paths, edition)
    result = TallyResult(t, edition, documents, published=pub)
    if write:
        result.written, result.conflicts = _write_into_data(config, year, t, edition, force)
    if explain is not None:
        from ..ledger.sheets import explanation_bytes

        write_atomic(explain, explanation_bytes(t, edition, documents, pub))
        result.explained = explain
    return result


def _write_into_data(config: Config, year: int, t: Tally, edition: str, force: bool) -> tuple[Path | None, list[str]]:
    """Put the tally into tables B and C of ``data/<year>.json``: a blank cell is filled, a
    figure someone typed is replaced only with ``force``; when any typed figure differs and
    ``force`` is not given nothing is written (the differences are returned)."""
    from ..model.layout import table_layout
    from ..files.writing import write_atomic

    if config.root is None:
        raise UserError("--write 需要在工作区中运行（写入 data/ 中的年度数据）；不在工作区时只显示统计结果")
    path = config.data_file(year)
    if not path.is_file():
        raise UserError(f"工作区没有 {year} 年的数据文件 {path}；请先建立该年度数据，或不加 --write 只显示统计结果")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise UserError(f"{path} 不是有效的 JSON：{exc}") from exc
    tables = data.setdefault("tables", {})
    conflicts: list[str] = []
    changed = False
    for name, title in (("B", "表三"), ("C", "表四")):
        layout = table_layout(edition, name)
        rows = tables.setdefault(name, {}).setdefault("rows", [])
        by_label = {r.get(layout.label_key): r for r in rows if isinstance(r, dict)}
        new_rows = []
        for row in layout.rows:
            existing = by_label.get(row.label) or {layout.label_key: row.label}
            for c in row.columns:
                value = t.count(name, row.id, c.id)
                typed = existing.get(c.id)
                if typed is None or typed == "":
                    existing[c.id] = value
                    changed = True
                elif typed != value:
                    conflicts.append(f"{title}“{row.name}”{c.id}：已填 {typed}，台账统计 {value}")
                    if force:
                        existing[c.id] = value
                        changed = True
            new_rows.append(existing)
        tables[name]["rows"] = new_rows
    if conflicts and not force:
        return None, conflicts
    if changed:
        write_atomic(path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"), record=False)
        return path, conflicts
    return None, conflicts


# --- check: the tally a report is compared with ------------------------------------------------


def with_ledger(report, config: Config, explicit: list[Path], notes: list[str]):
    """``report`` with the tally of its year in ``meta["ledger"]`` when there is a register
    (``--ledger`` files, or the workspace's ``ledger/`` folder); unchanged otherwise."""
    from dataclasses import replace

    from ..model.report import FrozenDict

    paths = register_paths(config, explicit)
    if not paths:
        return report
    if report.year is None:
        notes.append("报告的年度不明，未与台账比较")
        return report
    published: list[Path] = []
    paths, doc_paths = split_registers(config, paths, published)
    meta = dict(report.meta)
    issues = 0
    if published:
        meta["published"] = make_published_tally(config, report.year, published)
        issues += len(meta["published"].issues)
    if paths:
        counted = make_tally(config, report.year, paths, report.edition or "2021")
        if explicit or any(counted.cells.values()):
            meta["ledger"] = counted
            issues += len(counted.issues)
        else:  # the workspace's registers hold nothing of this year (e.g. next year's empty template)
            notes.append(f"工作区 ledger/ 中的台账没有 {report.year} 年的申请，表三、表四未与台账比较")
            paths = []
    if doc_paths:
        meta["documents"] = make_document_tally(config, report.year, doc_paths)
        issues += len(meta["documents"].issues)
    names = "、".join(p.name for p in [*paths, *doc_paths, *published])
    if names:
        notes.append(f"已与台账比较：{names}" + (f"（{issues} 处需要核对）" if issues else ""))
    return replace(report, meta=FrozenDict(meta))

"""Reference data the rules consult: documents, boilerplate phrases, work plans.

Plugins add items through the ``register_reference_data`` hook (the built-in registry is such
a plugin); the workspace may add its own.  Rules read them by kind::

    for doc in ctx.reference.items("document"): ...
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ..model.errors import UserError
from ..model.toml_files import read_toml


@dataclass
class ReferenceData:
    _items: dict[str, list[Any]] = field(default_factory=dict)
    _origin: dict[str, list[str]] = field(default_factory=dict)

    def add(self, kind: str, item: Any, origin: str = "") -> None:
        self._items.setdefault(kind, []).append(item)
        self._origin.setdefault(kind, []).append(origin)

    def extend(self, kind: str, items: Iterable[Any], origin: str = "") -> None:
        for item in items:
            self.add(kind, item, origin)

    def items(self, kind: str) -> tuple[Any, ...]:
        return tuple(self._items.get(kind, ()))

    def kinds(self) -> list[str]:
        return sorted(self._items)


# --- the kinds the built-in rules read --------------------------------------------------------


@dataclass(frozen=True)
class Document:
    """A document reports cite (see data/documents.toml for the fields)."""

    title: str
    number: str = ""
    issuer: str = ""
    issued: str = ""
    in_force: str = ""
    status: str = "现行有效"
    replaced_by: str = ""
    invalid_from_year: int | None = None
    year: int | None = None  # year-bound documents (政务公开工作要点)
    kind: str = ""
    note: str = ""
    source: str = ""  # the file it was read from


@dataclass(frozen=True)
class WorkPlan:
    """A year's work plan (工作要点, 提升行动方案, 任务分解表) as a list of tasks."""

    year: int | None
    title: str
    tasks: tuple[str, ...]
    source: str = ""


DOCUMENT_FIELDS = {f for f in Document.__dataclass_fields__ if f != "source"}


def load_documents(path) -> list[Document]:
    """Documents from a TOML file with ``[[document]]`` tables; a clear error names the file."""
    path = Path(path)
    raw = read_toml(path, "文件目录")
    out = []
    for i, entry in enumerate(raw.get("document", []), start=1):
        unknown = set(entry) - DOCUMENT_FIELDS
        if unknown or "title" not in entry:
            what = f"未知字段 {'、'.join(sorted(unknown))}" if unknown else "缺少 title"
            raise UserError(f"文件目录 {path} 第 {i} 个 [[document]]：{what}")
        out.append(Document(**entry, source=str(path)))
    return out


def load_phrases(path) -> list[str]:
    lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


@dataclass(frozen=True)
class TextFigure:
    """How reports state one table figure in words (see data/text_figures.toml)."""

    name: str
    cells: tuple[str, ...]
    phrases: tuple[str, ...]
    also: tuple[tuple[str, ...], ...] = ()
    units: tuple[str, ...] = ("件",)
    after: tuple[str, ...] = ()
    within: str = ""
    family: str = ""
    editions: tuple[str, ...] = ("2019", "2021")
    exclude: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class CaseWords:
    """Words that say a sentence is about 行政复议 or 行政诉讼, and the table C rows they mean."""

    words: tuple[str, ...]
    rows: tuple[str, ...]


@dataclass(frozen=True)
class TextStatement:
    """A statement in words that a table figure must be 0 (or not 0): "所有申请均已办结" says
    结转下年度 is 0 (see data/text_figures.toml ``[[statement]]``)."""

    name: str  # the figure as messages name it
    patterns: tuple[str, ...]  # regular expressions on the normalised sentence
    cells: tuple[str, ...]  # table.row.column, summed
    says: str = "zero"  # zero: the cells must be 0 | nonzero: they must not be 0
    editions: tuple[str, ...] = ("2019", "2021")
    source: str = ""


TEXT_FIGURE_FIELDS = {f for f in TextFigure.__dataclass_fields__ if f != "source"}
TEXT_STATEMENT_FIELDS = {f for f in TextStatement.__dataclass_fields__ if f != "source"}


def _check_fields(entry: dict, allowed: set[str], required: set[str], where: str) -> None:
    """An entry of a data file with a field we do not know, or without one it needs: a
    Chinese error naming the entry (unknown fields first)."""
    unknown = set(entry) - allowed
    missing = required - set(entry)
    if unknown or missing:
        what = f"未知字段 {'、'.join(sorted(unknown))}" if unknown else f"缺少 {'、'.join(sorted(missing))}"
        raise UserError(f"{where}：{what}")


def load_text_figures(path) -> list[tuple[str, Any]]:
    """(kind, item) pairs from a TOML file's ``[[figure]]``, ``[[case]]`` and ``[reading]``
    tables (and ``[[statement]]``): kinds ``text-figure``, ``text-figure-case``,
    ``text-figure-words`` (a (list name, words) pair), ``text-statement``, and ``own-place``
    (``[places] own``: a body's own place names).  A file without them gives nothing."""
    path = Path(path)
    raw = read_toml(path, "文字数字对照表")
    out: list[tuple[str, Any]] = []
    for i, entry in enumerate(raw.get("figure", []), start=1):
        _check_fields(entry, TEXT_FIGURE_FIELDS, {"name", "cells", "phrases"}, f"文字数字对照表 {path} 第 {i} 个 [[figure]]")
        fields = {k: (tuple(tuple(x) for x in v) if k == "also" else tuple(v) if isinstance(v, list) else v) for k, v in entry.items()}
        out.append(("text-figure", TextFigure(**fields, source=str(path))))
    for i, entry in enumerate(raw.get("statement", []), start=1):
        _check_fields(entry, TEXT_STATEMENT_FIELDS, {"name", "patterns", "cells"}, f"文字数字对照表 {path} 第 {i} 个 [[statement]]")
        if entry.get("says", "zero") not in ("zero", "nonzero"):
            raise UserError(f"文字数字对照表 {path} 第 {i} 个 [[statement]]：says 只能是 zero 或 nonzero")
        for pattern in entry["patterns"]:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise UserError(f"文字数字对照表 {path} 第 {i} 个 [[statement]]：正则表达式“{pattern}”有误（{exc}）") from None
        fields = {k: tuple(v) if isinstance(v, list) else v for k, v in entry.items()}
        out.append(("text-statement", TextStatement(**fields, source=str(path))))
    for i, entry in enumerate(raw.get("case", []), start=1):
        if set(entry) != {"words", "rows"}:
            raise UserError(f"文字数字对照表 {path} 第 {i} 个 [[case]]：应有且只有 words、rows 两个字段")
        out.append(("text-figure-case", CaseWords(tuple(entry["words"]), tuple(entry["rows"]))))
    places = raw.get("places", {})
    if places:
        own = places.get("own", []) if isinstance(places, dict) else None
        if not isinstance(own, list) or not all(isinstance(x, str) for x in own):
            raise UserError(f"文字数字对照表 {path} [places]：own 应是地名的列表")
        out += [("own-place", x.strip()) for x in own if x.strip()]
    for name, words in raw.get("reading", {}).items():
        if name not in ("link", "subset") or not isinstance(words, list):
            raise UserError(f"文字数字对照表 {path} [reading]：只能有 link、subset 两个词表")
        out.append(("text-figure-words", (name, tuple(words))))
    return out

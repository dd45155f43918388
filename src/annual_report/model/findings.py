"""Findings: what a rule says about a report, and exactly where."""

from __future__ import annotations

import enum
import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Mapping

from .layout import table_name


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]

    @classmethod
    def parse(cls, value: "str | Severity") -> "Severity":
        if isinstance(value, Severity):
            return value
        text = str(value).strip().lower()
        aliases = {"错误": "error", "警告": "warning", "提示": "info", "warn": "warning", "note": "info"}
        text = aliases.get(text, text)
        try:
            return cls(text)
        except ValueError:
            raise ValueError(f"未知的严重程度“{value}”，应为 error、warning 或 info") from None


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding points.  Every field is optional; fill in as much as is known.

    ``row`` and ``column`` are layout ids (see :mod:`annual_report.model.layout`); ``row_label`` and
    ``column_label`` are what a person reads in the table.  ``paragraph`` is the 0-based index
    of the paragraph inside ``part``; ``cell`` and ``docx_paragraph`` point into the .docx
    (for annotating a draft); ``quote`` narrows a paragraph down to the figure or citation
    meant, so that a Word comment is anchored to those words rather than the paragraph."""

    file: str = ""
    year: int | None = None
    part: str | None = None  # "一"…"六"
    table: str | None = None  # "A" | "B" | "C"
    row: str | None = None
    row_label: str | None = None
    column: str | None = None
    column_label: str | None = None
    paragraph: int | None = None
    cell: tuple[int, int, int] | None = None  # (table, row, cell) indexes in the .docx
    docx_paragraph: int | None = None  # index among the body's w:p in a .docx
    quote: str | None = None  # the words of the paragraph the finding is about (a figure, a citation)
    quote_at: int | None = None  # where ``quote`` starts in the paragraph's text (which occurrence)

    def describe(self) -> str:
        """The location in words: "表三 “（一）予以公开”行 “自然人”列" (a table's name says its
        part: 表三 is the table of 第三部分), "第五部分 第2段"."""
        bits: list[str] = []
        if self.part and not self.table:
            bits.append(f"第{self.part}部分")
        if self.table:
            bits.append(table_name(self.table))
        if self.row_label or self.row:
            bits.append(f"“{self.row_label or self.row}”行")
        if self.column_label or self.column:
            bits.append(f"“{self.column_label or self.column}”列")
        if self.paragraph is not None:
            bits.append(f"第{self.paragraph + 1}段")
        return " ".join(bits)

    def sort_key(self) -> tuple:
        from .layout import PART_NUMBERS

        part = PART_NUMBERS.index(self.part) if self.part in PART_NUMBERS else -1
        return (
            self.file,
            self.year or 0,
            part,
            self.table or "",
            self.paragraph if self.paragraph is not None else -1,
            self.cell or (-1, -1, -1),
            self.row or "",
            self.column or "",
        )


@dataclass(frozen=True, slots=True)
class Finding:
    code: str  # rule ID, e.g. "AR101"
    severity: Severity
    message: str  # one Chinese statement of fact with its values, no final 。
    location: Location = field(default_factory=Location)
    rule_name: str = ""  # kebab-case symbol, e.g. "table-b-row-total"
    values: Mapping[str, Any] = field(default_factory=dict)  # expected / actual / summed cells …
    hint: str = ""  # how to fix it, Chinese
    plugin: str = ""  # which plugin's rule produced it
    fingerprint: str = ""  # stable identity across runs and unrelated edits (see with_fingerprints)

    def sort_key(self) -> tuple:
        return (*self.location.sort_key(), self.code, self.message)

    def with_(self, **changes: Any) -> "Finding":
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = self.severity.value
        loc = {k: v for k, v in data.pop("location").items() if v is not None and v != ""}
        if "cell" in loc:
            loc["cell"] = list(loc["cell"])
        if "table" in loc:  # the machine key stays; its name is what a reader calls the table
            loc["table_name"] = table_name(loc["table"])
        data["location"] = loc
        data["values"] = dict(self.values)
        return data


# Positions that move when a paragraph is inserted or a table moved: not part of a finding's identity
_POSITIONS = re.compile(r"第\s*\d+\s*(?:段|个|处)|第\s*\d+\s*行第\s*\d+\s*列|\d+(?:\.\d+)?\s*%")
_SPACE = re.compile(r"\s+")
# Tables were once named by their keys in messages (see _table_keys)
_TABLE_NAMES = re.compile(r"表([二三四ABC])")
_TABLE_KEYS = {"二": "A", "三": "B", "四": "C"}
FINGERPRINT_LENGTH = 16


def normalise_evidence(message: str) -> str:
    """A finding's message reduced to what it says, not where: NFKC, no whitespace, paragraph
    numbers and similarity percentages (which move with unrelated edits) replaced by ``#``."""
    text = unicodedata.normalize("NFKC", message)
    text = _POSITIONS.sub("#", text)
    return _SPACE.sub("", text)


def _table_keys(message: str) -> str:
    """A message with 表二/表三/表四 written as the tables' keys (表A/表B/表C), as messages once
    named them: what the fingerprint hashes, so decisions recorded before the rename still match."""
    return _TABLE_NAMES.sub(lambda m: "表" + _TABLE_KEYS.get(m.group(1), m.group(1)), message)


# Values that quote the text a finding is about (the repeated paragraph of last year, the
# sentence that contradicts a table, the citation): part of its evidence, so two findings of one
# rule in one part stay apart by what they quote rather than by where they sit
EVIDENCE_KEYS = ("text", "source_text", "sentence", "cited", "task", "problem")


def fingerprint_basis(f: Finding, subject: str = "") -> str:
    """What a fingerprint is made of: the rule, the report (``subject``: body and year), the
    stable location (part, table, row, column — never the paragraph index or the file name)
    and the normalised evidence (the message, and the text it quotes)."""
    loc = f.location
    quoted = [normalise_evidence(str(f.values[k])) for k in EVIDENCE_KEYS if isinstance(f.values.get(k), str)]
    bits = (
        f.code,
        unicodedata.normalize("NFKC", subject),
        str(loc.year or ""),
        loc.part or "",
        loc.table or "",
        loc.row or loc.row_label or "",
        loc.column or loc.column_label or "",
        normalise_evidence(_table_keys(f.message)),
        *quoted,
    )
    return "\x1f".join(bits)


def with_fingerprints(findings: list[Finding], subject: str = "") -> list[Finding]:
    """``findings`` (in document order) with their fingerprints set.  Two findings with the same
    basis (one leftover placeholder in two paragraphs of a part) get ``…-2``, ``…-3`` in the
    order they appear, so neither hides the other."""
    seen: dict[str, int] = {}
    out = []
    for f in findings:
        digest = hashlib.sha256(fingerprint_basis(f, subject).encode("utf-8")).hexdigest()[:FINGERPRINT_LENGTH]
        seen[digest] = seen.get(digest, 0) + 1
        out.append(f.with_(fingerprint=digest if seen[digest] == 1 else f"{digest}-{seen[digest]}"))
    return out


SHORT_LENGTH = 8  # what a person reads and types: the first 8 hex digits, more where needed


def short_fingerprints(findings: "list[Finding]", length: int = SHORT_LENGTH) -> dict[str, str]:
    """fingerprint → its short form, unique among ``findings``: the first ``length`` hex digits
    (more for two that share them), with the ``-2`` of a repeated finding kept.  ``dismiss``
    and ``accept`` take it as they take the whole fingerprint."""
    digests = sorted({f.fingerprint.partition("-")[0] for f in findings if f.fingerprint})
    need: dict[str, int] = {}  # digest -> how many digits tell it from its sorted neighbours
    for a, b in zip(digests, digests[1:]):
        common = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        for d in (a, b):
            need[d] = max(need.get(d, 0), common + 1)
    out: dict[str, str] = {}
    for f in findings:
        if not f.fingerprint or f.fingerprint in out:
            continue
        digest, dash, number = f.fingerprint.partition("-")
        n = min(len(digest), max(length, need.get(digest, 0)))
        out[f.fingerprint] = digest[:n] + dash + number
    return out


def matches_fingerprint(fingerprint: str, short: str) -> bool:
    """True when ``short`` (``3f2a9c1e`` or ``3f2a9c1e-2``) abbreviates ``fingerprint``."""
    digest, _, number = fingerprint.partition("-")
    want, _, want_number = short.strip().lower().partition("-")
    return bool(want) and digest.startswith(want) and number == want_number


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Stable, plugin-order independent order: by file, place, then code."""
    return sorted(findings, key=Finding.sort_key)


def count_by_severity(findings: list[Finding]) -> dict[str, int]:
    counts = {s.value: 0 for s in Severity}
    for f in findings:
        counts[f.severity.value] += 1
    return counts

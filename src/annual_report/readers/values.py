"""Cell values as drafts write them: 0, blank, “—”, “/”, “无”, full-width digits, “12件”,
“1,234”, “0.5万元”, “+12”, Chinese numerals."""

from __future__ import annotations

import re
from functools import lru_cache
import unicodedata

MISSING = {"", "-", "--", "—", "——", "―", "－", "–", "/", "\\", "无", "空", "×", "x", "X", "…", "...", "　", "不涉及", "不适用"}


def _units() -> re.Pattern:
    """The units a figure may carry in a cell (data/table_labels.toml [units]), longest first."""
    from ..resources import data_toml

    raw = data_toml("table_labels.toml").get("units", {})
    words = sorted({w for ws in raw.values() for w in ws}, key=len, reverse=True)
    return re.compile("(" + "|".join(map(re.escape, words)) + ")$")


_UNITS = _units()
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
_WAN = re.compile(r"^(\d+(?:\.\d+)?)万$")  # "1.5万" (件) — not "万元", which is a unit


def chinese_integer(text: str) -> int | None:
    """一百零五 → 105, 十二 → 12, 两 → 2 (the text rules' parser, so cells and prose agree)."""
    from ..text.numerals import chinese_to_int

    return chinese_to_int(text)


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").replace("\u3000", " ").strip()


@lru_cache(maxsize=4096)  # a draft repeats few cell texts ("0", "", "—"); each is read twice
def parse_value(text: str) -> tuple[object, bool]:
    """(value, ok): value is an int/float, or None for a missing cell; ok is False when the
    text is not a number at all (the reader reports it)."""
    t = normalise(text)
    t = re.sub(r"\s+", "", t)
    if t in MISSING or set(t) <= {"-", "—", "－", "/"}:
        return None, True
    t = re.sub(r"(?<=\d)[,，](?=\d{3}(?!\d))", "", t)  # thousands separators only: "1,23" is not a number
    t = _UNITS.sub("", t)
    wan = _WAN.match(t)
    if wan:
        number = float(wan.group(1)) * 10000
        return (int(number) if number.is_integer() else number), True
    if _NUMBER.match(t):
        number = float(t)
        return (int(number) if number.is_integer() and "." not in t else number), True
    cn = chinese_integer(t)
    if cn is not None:
        return cn, True
    return None, False


def is_figure(text: str) -> bool:
    """Whether a cell's text is a figure (a number as typed, not blank, "—" or a label)."""
    value, ok = parse_value(text)
    return ok and value is not None and bool(text.strip())

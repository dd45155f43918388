"""Cell values as drafts write them: 0, blank, “—”, “/”, “无”, full-width digits, “12件”,
“1,234”, “0.5万元”, “+12”, Chinese numerals."""

from __future__ import annotations

import re
import unicodedata

MISSING = {"", "-", "--", "—", "——", "―", "－", "–", "/", "\\", "无", "空", "×", "x", "X", "…", "...", "　"}
_UNITS = re.compile(r"(件|个|项|次|条|人次|万元|元|家)$")
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_integer(text: str) -> int | None:
    """一百零五 → 105, 十二 → 12, 两 → 2 (up to 千; None if not such a numeral)."""
    if not text or any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in text):
        return None
    total, digit = 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
    return total + (digit or 0)


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").replace("\u3000", " ").strip()


def parse_value(text: str) -> tuple[object, bool]:
    """(value, ok): value is an int/float, or None for a missing cell; ok is False when the
    text is not a number at all (the reader reports it)."""
    t = normalise(text)
    t = re.sub(r"\s+", "", t)
    if t in MISSING or set(t) <= {"-", "—", "－", "/"}:
        return None, True
    t = t.replace(",", "").replace("，", "")
    t = _UNITS.sub("", t)
    if _NUMBER.match(t):
        number = float(t)
        return (int(number) if number.is_integer() and "." not in t else number), True
    cn = chinese_integer(t)
    if cn is not None:
        return cn, True
    return None, False

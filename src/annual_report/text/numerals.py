"""Figures stated in Chinese prose: Arabic and full-width digits, Chinese numerals (十二,
一百零五, 两, 三千二百), with 万 (1.5万) and their unit (件, 起, 条, 万元 …).

A small own parser: the texts are short and only integers up to the 万s occur in reports;
cn2an (PyPI) converts numerals well but does not find them in running text with their
positions and units, which is what the rules need.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN = "零〇一二两三四五六七八九十百千万"
UNITS = ("万元", "人次", "件次", "件", "起", "条", "个", "次", "篇", "项", "份", "元", "家", "人", "场", "期")
FIGURE = re.compile(rf"(?P<num>\d+(?:\.\d+)?(?:万(?!元))?|[{_CN}]+?)\s*(?P<unit>{'|'.join(UNITS)})?(?![{_CN}])")


def chinese_to_int(text: str) -> int | None:
    """一百零五 → 105, 十二 → 12, 两 → 2, 三万二千 → 32000; None if ``text`` is not one."""
    if not text or any(ch not in _DIGITS and ch not in _SMALL and ch != "万" for ch in text):
        return None
    if "万" in text:
        high, _, low = text.partition("万")
        h = chinese_to_int(high) if high else 1
        l = chinese_to_int(low) if low else 0
        return None if h is None or l is None else h * 10000 + l
    total, digit = 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * _SMALL[ch]
            digit = None
    return total + (digit or 0)


@dataclass(frozen=True)
class Figure:
    value: float
    text: str
    unit: str
    start: int
    end: int

    @property
    def integer(self) -> int | None:
        return int(self.value) if float(self.value).is_integer() else None


def normalise(text: str) -> str:
    """NFKC (full-width digits → ASCII), thousands separators removed."""
    t = unicodedata.normalize("NFKC", text)
    return re.sub(r"(?<=\d),(?=\d{3})", "", t)


def figures(text: str) -> list[Figure]:
    """Every figure in ``text`` (already normalised or not) with its unit, in order.

    Chinese numerals are taken only with a unit, or as 十/百-numbers, so that words like
    一是、统一、一些 are not read as figures."""
    t = normalise(text)
    out = []
    for m in FIGURE.finditer(t):
        num, unit = m.group("num"), m.group("unit") or ""
        if num[0].isdigit():
            scale = 1
            if num.endswith("万"):
                num, scale = num[:-1], 10000
            value = float(num) * scale
        else:
            if not unit:
                continue
            before = t[m.start() - 1] if m.start() else ""
            if before and before in "第统唯同之逐每":  # 第一件, 统一, 逐一
                continue
            v = chinese_to_int(num)
            if v is None:
                continue
            value = float(v)
        out.append(Figure(value, m.group(0), unit, m.start(), m.end()))
    return out


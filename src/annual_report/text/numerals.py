"""Figures and dates stated in Chinese prose: Arabic and full-width digits, Chinese numerals
(十二, 一百零五, 一百一, 两, 三千二百, 一二三, 一点五), with 万 (1.5万, 一点五万) and their unit
(件, 起, 条, 万元 …); dates such as 2024年1月19日 and 二〇二四年一月十九日.

The finder here locates the spans (with their positions and units, which the rules need);
cn2an converts a Chinese numeral span once it is found — it knows the colloquial forms
(一百一 = 110, 二百五 = 250, 一二三 = 123) a hand-written parser gets wrong.  cn2an is imported
only when a Chinese numeral is met, so reports written in Arabic digits do not pay for it.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

CN_DIGITS = "零〇一二两三四五六七八九"
CN_UNITS = "十百千万亿"
CN_NUMERAL = CN_DIGITS + CN_UNITS
UNITS = ("万元", "人次", "件次", "件", "起", "宗", "条", "个", "次", "篇", "项", "份", "元", "家", "人", "场", "期")
_UNIT = "|".join(UNITS)
# A Chinese numeral: digits and units, optionally 点 and decimals, optionally a trailing 万/亿
# (一点五万) — but not the 万 of 万元, which is the unit.
_CHINESE = rf"[{CN_NUMERAL}]+?(?:点[{CN_DIGITS}]+(?:[万亿](?!元))?)?"
_ARABIC = r"\d+(?:\.\d+)?(?:万(?!元)|亿)?"
FIGURE = re.compile(rf"(?P<num>{_ARABIC}|{_CHINESE})\s*(?P<unit>{_UNIT})?(?![{CN_NUMERAL}点])")
_NOT_A_FIGURE_BEFORE = "第统唯同之逐每"  # 第一件, 统一, 逐一


@lru_cache(maxsize=4096)
def chinese_to_number(text: str) -> int | float | None:
    """一百零五 → 105, 一百一 → 110, 一二三 → 123, 两 → 2, 一点五万 → 15000, 三点一四 → 3.14;
    None if ``text`` is not a Chinese numeral."""
    if not text or any(ch not in CN_NUMERAL and ch != "点" for ch in text):
        return None
    if text.count("点") > 1 or text.startswith("点") or text.endswith("点"):
        return None
    import cn2an

    scale = 1
    if "点" in text and text[-1] in "万亿":  # cn2an does not read 一点五万
        text, scale = text[:-1], 10000 if text[-1] == "万" else 100000000
    try:
        value = cn2an.cn2an(text.replace("〇", "零"), "normal")
    except (ValueError, KeyError, IndexError):
        return None
    value = value * scale
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def chinese_to_int(text: str) -> int | None:
    """A whole Chinese numeral as an int (十二 → 12, 三万二千 → 32000); None otherwise."""
    value = chinese_to_number(text)
    return value if isinstance(value, int) else None


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

    @property
    def decimals(self) -> int:
        """Decimal places as written (1.50 → 2; 一点五 → 1)."""
        num = self.text.rstrip().removesuffix(self.unit).rstrip().rstrip("万亿")
        for sep in (".", "点"):
            if sep in num:
                return len(num.partition(sep)[2])
        return 0


def normalise(text: str) -> str:
    """NFKC (full-width digits → ASCII), thousands separators removed."""
    t = unicodedata.normalize("NFKC", text)
    return re.sub(r"(?<=\d),(?=\d{3})", "", t)


def figures(text: str) -> list[Figure]:
    """Every figure in ``text`` (already normalised or not) with its unit, in order.

    Chinese numerals are taken only with a unit, so that words like 一是、统一、一些 are not
    read as figures; an Arabic number needs none."""
    t = normalise(text)
    out = []
    for m in FIGURE.finditer(t):
        num, unit = m.group("num"), m.group("unit") or ""
        if num[0].isdigit():
            if m.start() and t[m.start() - 1].isdigit():
                continue
            scale = 1
            if num[-1] in "万亿":
                num, scale = num[:-1], 10000 if num[-1] == "万" else 100000000
            value = float(num) * scale
        else:
            if not unit:
                continue
            before = t[m.start() - 1] if m.start() else ""
            if before and before in _NOT_A_FIGURE_BEFORE:
                continue
            v = chinese_to_number(num)
            if v is None:
                continue
            value = float(v)
        out.append(Figure(value, m.group(0), unit, m.start(), m.end()))
    return out


_DATE_NUMERAL = rf"\d{{1,4}}|[{CN_NUMERAL}]{{1,4}}"
DATE = re.compile(rf"(?P<y>\d{{4}}|[〇零一二三四五六七八九]{{4}})\s*年\s*(?P<m>{_DATE_NUMERAL})\s*月\s*(?P<d>{_DATE_NUMERAL})\s*日")


def _date_part(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    return chinese_to_int(text)


def parse_date(text: str, whole: bool = True) -> datetime.date | None:
    """2024年1月19日, 二〇二四年一月十九日 → a date; None when there is none or it does not
    exist (2024年2月31日).  With ``whole`` the text must be the date and nothing else."""
    t = normalise(text).strip()
    m = DATE.fullmatch(t) if whole else DATE.search(t)
    if not m:
        return None
    y, mo, d = (_date_part(m.group(k)) for k in ("y", "m", "d"))
    if y is None or mo is None or d is None:
        return None
    try:
        return datetime.date(y, mo, d)
    except ValueError:
        return None

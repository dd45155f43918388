"""The title, preface, statistics period and the six parts of a draft, from its paragraphs."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Heading wordings of the format and their common variants, by part (data/part_headings.toml).
def _heading_keys() -> dict[str, tuple[str, ...]]:
    from ..resources import data_toml

    return {n: tuple(v) for n, v in data_toml("part_headings.toml").items()}


HEADING_KEYS = _heading_keys()
_NUMBER_PREFIX = re.compile(r"^\s*(?:第?[一二三四五六七八九十]+[、.．,，:：\s]|\d+[、.．]\s*)")
# A sub-heading's numbering: "（一）主动公开政府信息情况", "（一）概述", "(1)…" are never parts
_SUB_NUMBER = re.compile(r"^\s*[(（][一二三四五六七八九十\d]+[)）]")
_PERIOD = re.compile(r"统计期限.{0,6}?(\d{4})\s*年\s*1\s*月\s*1\s*日.{0,6}?(?:(\d{4})\s*年\s*)?12\s*月\s*31\s*日")
_PERIOD_LOOSE = re.compile(r"统计期限.{0,12}?(\d{4})\s*年")
_YEAR = re.compile(r"(20\d{2}|19\d{2})\s*年")
_FULL_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_KEY_INDEX = sorted(((k, n) for n, keys in HEADING_KEYS.items() for k in keys), key=lambda kv: -len(kv[0]))


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).replace("(", "（").replace(")", "）")


_PLAIN_KEYS: list[tuple[str, str]] = []


def _plain_keys() -> list[tuple[str, str]]:
    """The heading wordings as :func:`heading_part` compares them, made once (a page with
    thousands of short cells asks for every one)."""
    if not _PLAIN_KEYS:
        _PLAIN_KEYS.extend((_plain(key).replace("（", "(").replace("）", ")"), number) for key, number in _KEY_INDEX)
    return _PLAIN_KEYS


def heading_part(text: str) -> str | None:
    """The part a heading paragraph introduces, or None if the paragraph is not a heading."""
    t = unicodedata.normalize("NFKC", text).strip()
    if not t or len(t) > 40 or _SUB_NUMBER.match(t):
        return None
    stripped = _plain(_NUMBER_PREFIX.sub("", t, count=1)).rstrip("。:：")
    stripped = stripped.replace("（", "(").replace("）", ")")
    for k, number in _plain_keys():
        if stripped == k or (stripped.endswith(k) and len(stripped) - len(k) <= 6 and stripped.startswith("政府信息公开")):
            return number
    m = _NUMBER_PREFIX.match(t)
    if m and len(stripped) >= 4:
        return _near_heading(stripped, m.group(0).strip(" 第、.．,，:：\t"))
    return None


def _near_heading(stripped: str, numbered: str = "") -> str | None:
    """A numbered heading with a typo ("行政讼诉", a missing or doubled character): the part
    whose wording it is nearest, when it is near only one part."""
    from difflib import SequenceMatcher

    best: dict[str, float] = {}
    for key, number in _KEY_INDEX:
        k = _plain(key).replace("（", "(").replace("）", ")")
        if abs(len(k) - len(stripped)) > 3:
            continue
        ratio = SequenceMatcher(None, stripped, k).ratio()
        best[number] = max(best.get(number, 0.0), ratio)
    # a heading numbered as the part it is near may be a little further off ("一、总体状况")
    near = sorted(((r, n) for n, r in best.items() if r >= 0.8 or (r >= 0.7 and n == numbered)), reverse=True)
    if not near or (len(near) > 1 and near[1][0] >= near[0][0] - 0.05):
        return None
    return near[0][1]


@dataclass
class TitleInfo:
    title: str = ""
    body: str = ""
    year: int | None = None
    paragraphs: int = 0  # how many leading paragraphs form the title


MAX_TITLE_CHARS = 80  # the longest real title (a long body name on two lines) is ~50


# a note, a 文号, a date, the 红头 of a document (青山县教育局文件)
_NOT_TITLE = re.compile(r"^[（(【\[].*[）)】\]]$|〔\d{4}〕\s*\d+\s*号$|^\d{4}[-/年]|^\S{2,40}文件$")


def _sentence(text: str) -> bool:
    """A paragraph of prose, not a title line: it ends a sentence or is too long for one."""
    return "。" in text or len(text) > MAX_TITLE_CHARS or text.startswith(("本报告", "根据", "按照", "依据"))


def find_title(texts: list[str]) -> TitleInfo:
    """The title: the first paragraphs up to the one that says 报告 (within the first six),
    title lines only — a preface sentence (本报告根据……编制。) is never taken for the title."""
    lines = []
    for i, text in enumerate(texts[:6]):
        t = text.strip()
        if not t:
            continue
        if _sentence(t):
            if heading_part(t):
                break
            lines = []  # prose: whatever came before was not the title's first line
            continue
        if _NOT_TITLE.search(t) and "报告" not in t:
            continue  # （此件公开发布）, 青政办〔2024〕3号 above the title
        lines.append(t)
        if "报告" in t:
            title = re.sub(r"[\n\v]+", "", "".join(lines))  # manual line breaks in the title
            m = _YEAR.search(title.translate(_FULL_DIGITS))  # 1:1, so positions hold
            year = int(m.group(1)) if m else None
            body = title[: m.start()] if m else title.split("政府信息公开")[0]
            body = re.sub(r"\s+", "", re.sub(r"^关于", "", body))
            if not body and m:
                after = title[m.end():]
                body = re.split(r"度?政府信息公开", after)[0].lstrip("度").strip()
            return TitleInfo(title, body, year, i + 1)
        if heading_part(t):
            break
    return TitleInfo()


def find_period(text: str) -> tuple[int, int] | None:
    m = _PERIOD.search(text)
    if m:
        start = int(m.group(1))
        end = int(m.group(2)) if m.group(2) else start
        return start, end
    m = _PERIOD_LOOSE.search(text)
    if m:
        y = int(m.group(1))
        return y, y
    return None


def find_date(text: str) -> str | None:
    """A paragraph that is only a date (2024年1月19日, 二〇二四年一月十九日) as ISO; None for
    any other paragraph or a date that does not exist (2024年2月31日)."""
    from .numerals import parse_date

    date = parse_date(text)
    return date.isoformat() if date else None


def filename_year(stem: str) -> int | None:
    m = re.search(r"(?<!\d)(20\d{2})(?!\d)", unicodedata.normalize("NFKC", stem))
    return int(m.group(1)) if m else None

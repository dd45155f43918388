"""Near-verbatim reuse of paragraphs between years.

Chinese has no spaces, and a copied paragraph usually differs only in its numbers and year,
so texts are compared with numbers, years and dates masked, on character shingles (5
characters), by containment: the share of this year's shingles found in the older
paragraph.  Boilerplate phrases are removed first.  Paragraph counts are small (tens per
report), so exact sets beat MinHash here.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache

SHINGLE = 5
_NUMBERS = re.compile(r"[0-9]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千万]{2,}(?=[件个项次条篇人万元年月日])")
_PUNCT = re.compile(r"[\s，。、；：！？“”‘’（）《》〈〉,.;:!?\"'()\[\]【】…—\-]")


def mask(text: str, boilerplate: tuple[str, ...] = ()) -> str:
    t = unicodedata.normalize("NFKC", text)
    for phrase in boilerplate:
        if phrase:
            t = t.replace(unicodedata.normalize("NFKC", phrase), "")
    t = _NUMBERS.sub("#", t)
    return _PUNCT.sub("", t)


@lru_cache(maxsize=8192)
def masked_shingles(text: str, boilerplate: tuple[str, ...] = ()) -> tuple[str, frozenset[str]]:
    """(mask(text), its shingles), cached: the repetition rules compare the same paragraphs
    of the same earlier reports many times."""
    m = mask(text, boilerplate)
    return m, frozenset(shingles(m))


def shingles(masked: str, k: int = SHINGLE) -> set[str]:
    if len(masked) < k:
        return {masked} if masked else set()
    return {masked[i : i + k] for i in range(len(masked) - k + 1)}


def containment(a: set[str], b: set[str]) -> float:
    """Share of ``a`` found in ``b``."""
    return len(a & b) / len(a) if a else 0.0


def longest_shared(a: str, b: str, limit: int = 60) -> str:
    """The longest passage ``a`` and ``b`` share, as written in ``a`` (for the message)."""
    m = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    passage = a[m.a : m.a + m.size]
    return passage if len(passage) <= limit else passage[: limit - 1] + "…"


def mask_mapped(text: str, boilerplate: tuple[str, ...] = ()) -> tuple[str, list[int]]:
    """:func:`mask` with, for each masked character, its position in ``text`` (a masked
    number "#" points at the number's first digit), to quote a shared passage as written."""
    t = unicodedata.normalize("NFKC", text)
    if len(t) == len(text):
        index = list(range(len(t)))  # one character for one: the usual case
    else:
        chars, index = [], []
        for i, ch in enumerate(text):
            for c in unicodedata.normalize("NFKC", ch):
                chars.append(c)
                index.append(i)
        t = "".join(chars)
    keep = [True] * len(t)
    for phrase in boilerplate:
        p = unicodedata.normalize("NFKC", phrase)
        if not p:
            continue
        start = t.find(p)
        while start >= 0:
            for k in range(start, start + len(p)):
                keep[k] = False
            start = t.find(p, start + len(p))
    out, out_index = [], []
    spans = {m.start(): m.end() for m in _NUMBERS.finditer(t)}
    i = 0
    while i < len(t):
        if not keep[i]:
            i += 1
        elif i in spans:
            out.append("#")
            out_index.append(index[i])
            i = spans[i]
        elif _PUNCT.match(t[i]):
            i += 1
        else:
            out.append(t[i])
            out_index.append(index[i])
            i += 1
    return "".join(out), out_index


def shared_runs(masked: str, other: set[str], other_text: str, min_chars: int, k: int = SHINGLE) -> list[tuple[int, int]]:
    """Spans of ``masked`` (at least ``min_chars`` long) that occur verbatim in
    ``other_text``, found as runs of consecutive ``k``-shingles present in ``other``."""
    out, i, n = [], 0, len(masked) - k + 1
    while i < n:
        if masked[i : i + k] not in other:
            i += 1
            continue
        j = i
        while j + 1 < n and masked[j + 1 : j + 1 + k] in other:
            j += 1
        start, end = i, j + k
        if end - start >= min_chars:
            while end - start >= min_chars and masked[start:end] not in other_text:
                end -= 1  # the shingles matched in more than one place: keep the verbatim part
            if end - start >= min_chars:
                out.append((start, end))
        i = j + 1
    return out

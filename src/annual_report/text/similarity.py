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

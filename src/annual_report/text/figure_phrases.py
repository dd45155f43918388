"""Which table cells the figures of a paragraph state, read from the wording around them.

A figure (see :mod:`annual_report.text.numerals`) is tied to cells only when the words right
before it — back to the previous figure or punctuation — end with a phrase of the
vocabulary (data/text_figures.toml, extended by the workspace), or, for a few figures, when a
phrase follows it ("1件结转下年度继续办理").  Everything else is left untied: the rules never
compare a figure they cannot tie.

Also read: several phrases joined by 、/和/及 before one figure ("予以公开和部分公开8件": a sum);
"A、B、C分别为1件、2件、3件"; which of 行政复议 / 行政诉讼 a "结果维持2件" belongs to (the
nearest mention before it in the sentence); and lists — a total followed by 其中 / 包括 / a
colon / a parenthesis and its parts, the parts possibly in the next sentence ("共受理12件。
其中，……"), ending at the closing parenthesis, the sentence end or the first clause that is
not a part.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from .numerals import Figure, figures

BOUNDARY = set(",，;；:：(（)）。!！?？\n")  # NFKC turns the full-width ones into ASCII
SENTENCE_END = set("。;!?\n")
JOINERS = "、和及与"
_RESPECTIVELY = re.compile(r"(?:分别为|分别是|分别有|依次为|分别)$")
_MARKER = re.compile(r"^\s*[,。;]?\s*(?P<word>其中|包括|分别为|分别是)\s*[,:]?|^\s*(?P<paren>\()\s*(?:其中|包括)?\s*[,:]?|^\s*(?P<colon>:)")
_LIST_STOP = ("另", "此外", "同比", "较上年", "比上年", "其余", "剩余", "以上", "上述", "均", "已", "合计")
_LEADING = re.compile(r"^(?:其中|包括|另有|另)")


def phrase_pattern(phrase: str) -> str:
    """The regex of a phrase: literal text, ``[a|b]`` optional, ``(a|b)`` one of."""
    phrase = unicodedata.normalize("NFKC", phrase)
    out, i = [], 0
    while i < len(phrase):
        ch = phrase[i]
        if ch in "[(":
            close = "]" if ch == "[" else ")"
            j = phrase.find(close, i)
            if j < 0:
                raise ValueError(f"说法“{phrase}”中的括号不完整")
            alts = "|".join(re.escape(a) for a in phrase[i + 1 : j].split("|"))
            out.append(f"(?:{alts})" + ("?" if ch == "[" else ""))
            i = j + 1
        else:
            out.append(re.escape(ch))
            i += 1
    return "".join(out)


@lru_cache(maxsize=16)
def statement_patterns(statements: tuple) -> tuple:
    """((statement, (compiled pattern, …)), …), compiled once per set of reference data."""
    return tuple((st, tuple(re.compile(x) for x in st.patterns)) for st in statements)


@dataclass(frozen=True)
class Vocabulary:
    before: tuple  # (entry, compiled "(?:…)$")
    after: tuple  # (entry, compiled)
    link: re.Pattern
    subset: tuple[str, ...]
    cases: tuple  # (word, rows), longest words first
    families: dict = field(hash=False, compare=False)  # family -> entries


@lru_cache(maxsize=16)
def vocabulary(entries: tuple, cases: tuple, words: tuple) -> Vocabulary:
    """Compiled once per set of reference data (entries and lists are hashable)."""
    before, after, families = [], [], {}
    for e in entries:
        before.append((e, re.compile("(?:" + "|".join(phrase_pattern(p) for p in e.phrases) + ")$")))
        if e.after:
            after.append((e, re.compile("|".join(phrase_pattern(p) for p in e.after))))
        if e.family:
            families.setdefault(e.family, []).append(e)
    link_words, subset = [], []
    for name, ws in words:
        (link_words if name == "link" else subset).extend(ws)
    link_words = sorted(set(link_words), key=len, reverse=True)
    link = re.compile("(?:" + "|".join(map(re.escape, link_words)) + ")*$") if link_words else re.compile("$")
    case_words = sorted(((w, c.rows) for c in cases for w in c.words), key=lambda x: -len(x[0]))
    return Vocabulary(tuple(before), tuple(after), link, tuple(subset), tuple(case_words), families)


@dataclass
class Tie:
    figure: Figure
    entries: list  # the vocabulary entries summed (TextFigure)
    cells: list[str]  # cell paths, {case} resolved
    sentence: tuple[int, int]  # span of the sentence, in the normalised text
    how: str = "before"  # before | after | respectively | joined


@dataclass
class FigureList:
    total: int  # index into Reading.figures
    items: list[int]
    marker: str
    complete: bool = False  # the wording claims every part is listed


@dataclass
class Reading:
    text: str  # normalised
    original: str
    index: list[int]  # normalised position -> position in original
    sentences: list[tuple[int, int]]
    figures: list[Figure]
    ties: dict[int, Tie]
    lists: list[FigureList]

    def quote(self, span: tuple[int, int]) -> str:
        """The text of a normalised span as written."""
        a, b = span
        if a >= b:
            return ""
        return self.original[self.index[a] : self.index[b - 1] + 1].strip()

    def sentence_of(self, pos: int) -> tuple[int, int]:
        for s in self.sentences:
            if s[0] <= pos < s[1]:
                return s
        return (pos, pos)


def normalise_mapped(text: str) -> tuple[str, list[int]]:
    """NFKC per character with each output character's position in ``text``; thousands
    separators dropped (as :func:`numerals.normalise`)."""
    t = unicodedata.normalize("NFKC", text)
    if len(t) == len(text) and "," not in t:
        return t, list(range(len(t)))  # one character for one: the usual case
    out, index = [], []
    for i, ch in enumerate(text):
        n = unicodedata.normalize("NFKC", ch)
        for c in n:
            out.append(c)
            index.append(i)
    t = "".join(out)
    drop = {m.start() for m in re.finditer(r"(?<=\d),(?=\d{3})", t)}
    if drop:
        t = "".join(c for i, c in enumerate(t) if i not in drop)
        index = [x for i, x in enumerate(index) if i not in drop]
    return t, index


def _sentences(t: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for i, ch in enumerate(t):
        if ch in SENTENCE_END:
            if t[start:i].strip():
                out.append((start, i))
            start = i + 1
    if t[start:].strip():
        out.append((start, len(t)))
    return out


def _label_start(t: str, pos: int, floor: int) -> int:
    i = pos
    while i > floor and t[i - 1] not in BOUNDARY:
        i -= 1
    return i


class _Reader:
    def __init__(self, vocab: Vocabulary, edition: str | None):
        self.v = vocab
        self.edition = edition

    def resolve(self, label: str) -> list | None:
        """The entries a label names (several when joined by 、/和/及), or None."""
        label = _LEADING.sub("", label.lstrip(JOINERS + " ").rstrip())  # "申请 21 件": a PDF's spaces
        label = self.v.link.sub("", label)
        if not label:
            return None
        best = None
        for entry, rx in self.v.before:
            if self.edition and self.edition not in entry.editions:
                continue
            m = rx.search(label)
            if m and m.end() > m.start() and (best is None or m.start() < best[1].start()):
                if any(w in label for w in entry.exclude):
                    continue
                best = (entry, m)
        if best is None:
            return None
        entry, m = best
        q = label[: m.start()]
        if q and q[-1] in JOINERS:
            rest = self.resolve(q[:-1])
            return None if rest is None else rest + [entry]
        if any(w in q for w in self.v.subset):
            return None
        return [entry]

    def case_rows(self, t: str, start: int, pos: int) -> tuple[str, ...] | None:
        """The table C rows meant by the nearest 复议/诉讼 mention in t[start:pos]."""
        region = t[start:pos]
        best = None
        for word, rows in self.v.cases:
            k = region.rfind(word)
            if k >= 0:
                end = k + len(word)
                if best is None or end > best[0]:
                    best = (end, rows)
        return best[1] if best else None

    def cells(self, entries, t, case_start, pos) -> list[str] | None:
        out = []
        for e in entries:
            for path in e.cells:
                if "{case}" in path:
                    rows = self.case_rows(t, case_start, pos)
                    if rows is None:
                        return None
                    out += [path.replace("{case}", r) for r in rows]
                else:
                    out.append(path)
        return out


def read_paragraph(text: str, vocab: Vocabulary, edition: str | None = None) -> Reading:
    """The figures of one paragraph and the cells they are tied to."""
    t, index = normalise_mapped(text)
    sentences = _sentences(t)
    figs = figures(t)
    reading = Reading(t, text, index, sentences, figs, {}, [])
    r = _Reader(vocab, edition)
    taken: set[int] = set()

    def case_start(pos):
        s = reading.sentence_of(pos)
        start = s[0]
        if t[start:].lstrip().startswith("其中"):  # the parts of the previous sentence's total
            prev = [x for x in sentences if x[1] <= start]
            if prev:
                start = prev[-1][0]
        return start

    for i, f in enumerate(figs):
        if i in taken or not f.unit:
            continue
        floor = figs[i - 1].end if i else 0
        ls = _label_start(t, f.start, floor)
        raw = t[ls : f.start]
        sentence = reading.sentence_of(f.start)
        resp = _RESPECTIVELY.search(raw.rstrip())
        if resp:
            # "A、B、C分别为1件、2件、3件": the names before 分别, the figures after it
            names = re.split(f"[{JOINERS}]", raw[: resp.start()])
            group = [i]
            j = i + 1
            while j < len(figs) and len(group) < len(names):
                gap = t[figs[j - 1].end : figs[j].start]
                if figs[j].unit != f.unit or not re.fullmatch(rf"\s*[{JOINERS},]\s*", gap):
                    break
                group.append(j)
                j += 1
            taken.update(group)
            if len(group) != len(names):
                continue
            for k, name in zip(group, names):
                entries = r.resolve(name)
                if entries and figs[k].unit in entries[-1].units:
                    cells = r.cells(entries, t, case_start(figs[k].start), figs[k].start)
                    if cells:
                        reading.ties[k] = Tie(figs[k], entries, cells, reading.sentence_of(figs[k].start), "respectively")
            continue
        entries = r.resolve(raw)
        how = "joined" if entries and len(entries) > 1 else "before"
        if entries is None and vocab.after:
            nxt = figs[i + 1].start if i + 1 < len(figs) else len(t)
            end = min(nxt, sentence[1], f.end + 20)
            tail = t[f.end : end]
            if not any(w in raw for w in vocab.subset):
                for entry, rx in vocab.after:
                    if (not edition or edition in entry.editions) and rx.search(tail):
                        entries, how = [entry], "after"
                        break
        if not entries or any(f.unit not in e.units for e in entries):
            continue
        if any(e.context and not any(w in t[: f.start] for w in e.context) for e in entries):
            continue
        cells = r.cells(entries, t, case_start(f.start), f.start)
        if cells:
            reading.ties[i] = Tie(f, entries, cells, sentence, how)

    reading.lists = _lists(reading, vocab)
    # parts that are parts only of one total ("其中自然人4件" of the new applications)
    in_list = {}
    for lst in reading.lists:
        total = reading.ties.get(lst.total)
        for k in lst.items:
            in_list[k] = total
    for k, tie in list(reading.ties.items()):
        within = [e.within for e in tie.entries if e.within]
        if within:
            total = in_list.get(k)
            if total is None or any(w not in {e.name for e in total.entries} for w in within):
                del reading.ties[k]
    return reading


def _paren_spans(t: str) -> list[tuple[int, int]]:
    """(start, end) of every top-level parenthesis of the normalised text."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(t):
        if ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                out.append((start, i + 1))
    return out


def _lists(reading: Reading, vocab: Vocabulary) -> list[FigureList]:
    t, figs, out = reading.text, reading.figures, []
    used: set[int] = set()
    parens = _paren_spans(t)

    def inside(pos: int, after: int) -> tuple[int, int] | None:
        """The parenthesis (opened after ``after``) that holds ``pos``."""
        return next(((a, b) for a, b in parens if after <= a < pos < b), None)

    for i, f in enumerate(figs):
        if not f.unit or i + 1 >= len(figs):
            continue
        after = t[f.end : figs[i + 1].start]
        m = _MARKER.match(after)
        if not m:
            continue
        marker = m.group("word") or ("(" if m.group("paren") else ":")
        if i in used and marker != "(":
            continue  # a part is itself a total only of a breakdown in parentheses
        # "。其中，a；b；c": a list in its own sentence may be divided by semicolons
        own_sentence = marker in ("其中", "包括") and after[: m.start("word")].strip() in (".", "。")
        items: list[int] = []
        families: set[str] = set()
        prev_end = f.end + m.end()
        respectively = False
        for j in range(i + 1, len(figs)):
            g = figs[j]
            if marker != "(" and inside(g.start, prev_end):
                continue  # the figures of a nested breakdown: a list of their own
            gap = t[prev_end : g.start]
            if marker != "(":
                for a, b in parens:
                    if prev_end <= a and b <= g.start:
                        gap = gap.replace(t[a:b], "")
            if own_sentence:
                gap = gap.replace(";", "、", 1) if gap.count(";") == 1 and "," not in gap.replace(",", "", 0) else gap
            if g.unit != f.unit or not _item_gap(gap, first=not items, marker=marker):
                break
            tie = reading.ties.get(j)
            fam = {e.family for e in tie.entries if e.family} if tie else set()
            if fam and families and not fam & families:
                break
            if tie and families and not fam:  # "其中自然人10件、法人2件，办结12件"
                break
            if tie and reading.ties.get(i) and {e.name for e in tie.entries} & {e.name for e in reading.ties[i].entries}:
                break
            families |= fam
            items.append(j)
            respectively = respectively or (tie is not None and tie.how == "respectively") or "分别" in t[f.end : g.start]
            prev_end = g.end
        if not items:
            continue
        used.update(items)
        complete = respectively
        covered = {e.name for k in items if (tie := reading.ties.get(k)) for e in tie.entries}
        for fam in families:
            members = {e.name for e in vocab.families.get(fam, [])}
            if members and members <= covered:
                complete = True
        out.append(FigureList(i, items, marker, complete))
    return out


def _item_gap(gap: str, first: bool, marker: str) -> bool:
    """Whether the text between two figures (or the marker and the first figure) keeps a
    list going: one separator and a label, no sentence end, no parenthesis, no 另/同比…"""
    if any(ch in gap for ch in "。!?\n()"):
        return False
    if ";" in gap and marker != ":":
        return False
    if any(w in gap for w in _LIST_STOP):
        return False
    separators = sum(gap.count(ch) for ch in "、,;")
    if first:
        return separators <= 1
    if separators == 0:
        return bool(re.match(r"\s*[和及与]", gap))
    return separators == 1

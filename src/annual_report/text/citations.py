"""Finding cited documents in Chinese prose: titles in 《》, 文号 in every bracket style drafts
use, 国务院令第N号 — and the damaged forms seen in published reports.

Text is normalised with NFKC first (full-width digits and brackets, ﹝﹞ → 〔〕).  The standard
form (GB/T 9704-2012) is 机关代字〔年份〕序号号: no leading zeros, no 第.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

HAN = r"\u4e00-\u9fff"
OPEN, CLOSE = "〔[(【", "〕])】"
_NUMBER = re.compile(
    rf"(?P<prefix>[{HAN}]{{1,16}})\s*(?P<open>[{re.escape(OPEN)}])\s*(?P<year>(?:19|20)\d{{2}})\s*(?P<close>[{re.escape(CLOSE)}])"
    rf"(?P<gap>\s*)(?P<di>第)?\s*(?P<serial>\d{{1,5}})\s*号"
)
# damaged forms: no brackets at all, or an opening bracket that is never closed
_NO_BRACKET = re.compile(rf"(?P<prefix>[{HAN}]{{1,12}}?(?:发|函|字|办))\s*(?P<year>(?:19|20)\d{{2}})\s*(?P<serial>\d{{1,4}})\s*号")
_UNCLOSED = re.compile(rf"(?P<prefix>[{HAN}]{{1,16}})\s*[{re.escape(OPEN)}]\s*(?P<year>(?:19|20)\d{{2}})\s*(?P<serial>\d{{1,4}})\s*号")
_DECREE = re.compile(r"国务院令\s*(?P<di>第)?\s*(?P<serial>\d+)\s*号")
_TITLE = re.compile(r"《(?P<title>[^《》]{2,80})》")
_LEAD = re.compile(r"^(?:.*?(?:按照|根据|依据|依照|对照|落实|贯彻|印发|转发|执行|及|和|与|的|即|文件|通知|要求))")


@dataclass
class Citation:
    raw: str  # the text as written
    start: int
    end: int
    title: str | None = None
    prefix: str = ""  # 发文机关代字 as written (best guess)
    year: int | None = None
    serial: int | None = None
    decree: bool = False  # 国务院令第N号
    problems: list[str] = field(default_factory=list)  # format defects, Chinese
    style_only: bool = False  # the only defect is a non-standard bracket

    @property
    def number(self) -> str:
        """The number in standard form."""
        if self.decree:
            return f"国务院令第{self.serial}号"
        if self.year is None:
            return ""
        return f"{self.prefix}〔{self.year}〕{self.serial}号"


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _clean_prefix(prefix: str) -> str:
    p = _LEAD.sub("", prefix)
    return p or prefix


def find_citations(text: str) -> list[Citation]:
    t = normalise(text)
    out: list[Citation] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for m in _DECREE.finditer(t):
        c = Citation(m.group(0), m.start(), m.end(), prefix="国务院令", serial=int(m.group("serial")), decree=True)
        if not m.group("di"):
            c.problems.append("国务院令应写作“国务院令第N号”")
        out.append(c)
        taken.append((m.start(), m.end()))
    for m in _NUMBER.finditer(t):
        if not free(m.start(), m.end()):
            continue
        prefix = _clean_prefix(m.group("prefix"))
        cut = len(m.group("prefix")) - len(prefix)
        c = Citation(m.group(0)[cut:], m.start() + cut, m.end(), prefix=prefix, year=int(m.group("year")), serial=int(m.group("serial")))
        doubled = re.search(rf"([{HAN}]{{2,6}})\1$", prefix)
        if doubled:
            c.prefix = doubled.group(1)
            c.problems.append(f"发文机关代字重复（“{prefix}”）")
        if m.group("di"):
            c.problems.append("文号中不应有“第”")
        if m.group("serial").startswith("0"):
            c.problems.append("序号不应有前导 0")
        if m.group("gap") or re.search(r"\s", m.group(0)[len(m.group("prefix")):]):
            c.problems.append("文号中不应有空格")
        if m.group("open") != "〔" or m.group("close") != "〕":
            if not c.problems:
                c.style_only = True
            c.problems.append(f"年份应使用六角括号〔〕，而不是“{m.group('open')}{m.group('close')}”")
        out.append(c)
        taken.append((m.start(), m.end()))
    for pattern, problem in ((_UNCLOSED, "括号不完整"), (_NO_BRACKET, "年份缺少六角括号〔〕")):
        for m in pattern.finditer(t):
            if not free(m.start(), m.end()):
                continue
            prefix = _clean_prefix(m.group("prefix"))
            cut = len(m.group("prefix")) - len(prefix)
            c = Citation(m.group(0)[cut:], m.start() + cut, m.end(), prefix=prefix, year=int(m.group("year")), serial=int(m.group("serial")))
            c.problems.append(problem)
            out.append(c)
            taken.append((m.start(), m.end()))
    for m in _TITLE.finditer(t):
        title = m.group("title")
        follow = t[m.end(): m.end() + 3]
        attached = next((c for c in out if m.end() <= c.start <= m.end() + 2 and c.title is None and follow.strip("(（ ")), None)
        if attached is not None:
            attached.title = title
        else:
            out.append(Citation(m.group(0), m.start(), m.end(), title=title))
    return sorted(out, key=lambda c: c.start)


def title_key(title: str) -> str:
    """A title for comparison: NFKC, no spaces, quotes or 中华人民共和国, 〈〉 as 《》."""
    t = normalise(title).replace("〈", "《").replace("〉", "》")
    t = re.sub(r"[\s“”\"'《》]", "", t)
    return t.replace("中华人民共和国", "")

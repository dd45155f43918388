"""What kind of document a file read is: an annual report, a 解读/图解 of one, or anything
else (a memo, a notice, a work plan).

Every command asks this one question the same way: ``check`` runs only AR024 on a file that is
not a report, ``site`` leaves it out, ``extract`` and ``--history`` refuse it, and a batch never
takes it as another file's duplicate or history.  The words that mark a 解读 and the programs
whose pages are never reports are in data/document_kinds.toml.
"""

from __future__ import annotations

import functools

REPORT = "report"
INTERPRETATION = "interpretation"  # a 解读 or 图解 of a report (ours or somebody's)
OTHER = "other"  # a memo, a notice, a work plan: no title, no statutory table, few parts

# why a file is not a report, in the one wording every command uses (AR024, site, --history)
WHY_NOT_A_REPORT = {
    INTERPRETATION: "是年度报告的解读，不是报告本身",
    OTHER: "不是政府信息公开工作年度报告（没有年度报告的标题、法定表格，也不足四个部分）",
}

HEADING_LIMIT = 80  # a first paragraph longer than this is body text, not a heading


@functools.lru_cache(maxsize=1)
def _vocabulary() -> tuple[tuple[str, ...], tuple[str, ...]]:
    from ..resources import data_toml

    raw = data_toml("document_kinds.toml")
    return tuple(raw.get("interpretation_words", ())), tuple(raw.get("interpretation_generators", ()))


@functools.lru_cache(maxsize=1)
def final_version_words() -> tuple[str, ...]:
    """Words in a file name saying it is the final version of a report ("终稿", "定稿")."""
    from ..resources import data_toml

    return tuple(data_toml("document_kinds.toml").get("final_version_words", ()))


def _headings(report) -> list[str]:
    """The lines that name the document: its title, or (no title found) its first paragraph
    when that is short enough to be one."""
    if report.title:
        return [report.title]
    first = next((p.text.strip() for p in report.paragraphs() if p.text.strip()), "")
    return [first] if first and len(first) <= HEADING_LIMIT else []


def _names_a_report(title: str) -> bool:
    """A title that is a report's own: "…政府信息公开工作年度报告", perhaps with a bracketed
    note after it, never "关于报送…年度报告的通知"."""
    if "政府信息公开" not in title or "年度报告" not in title:
        return False
    rest = title.rsplit("年度报告", 1)[1].strip()
    return not rest or rest.startswith(("（", "(", "【", "[", "—", "-"))


def document_kind(report) -> str:
    """REPORT, INTERPRETATION or OTHER for a report model as a reader made it (a data file
    is a year's report by construction; a draft, a web page or a PDF is judged by its title,
    the program that wrote it, its tables and its parts)."""
    if report.source.kind == "json":
        return REPORT  # a yearly data file (or a model built in memory): a report by its schema
    words, generators = _vocabulary()
    generator = str(report.meta.get("generator", "")).strip()
    if generator and any(generator.startswith(g) for g in generators):
        return INTERPRETATION
    if any(w in line for line in _headings(report) for w in words):
        return INTERPRETATION
    if report.tables:
        return REPORT
    if _names_a_report(report.title or ""):
        return REPORT
    return REPORT if len(report.parts) >= 4 else OTHER

"""A tally as text for the terminal."""

from __future__ import annotations

from ..model.layout import table_layout
from ..model.register import Tally
from .messages import issue_text

MAX_LISTED = 10


def tally_text(t: Tally, edition: str = "2021") -> str:
    lines = [f"{t.year}年 按台账统计（{t.source}）", ""]
    for name, title in (("B", "表三"), ("C", "表四")):
        layout = table_layout(edition, name)
        cols = [c.id for c in layout.rows[0].columns]
        lines.append(f"{title} {layout.title}")
        lines.append("  " + _pad("项目", 34) + "".join(_pad(c, 14, right=True) for c in cols))
        for row in layout.rows:
            counts = [t.count(name, row.id, c) for c in cols]
            if name == "B" and row.group and not any(counts):
                continue  # an outcome row nobody had
            lines.append("  " + _pad(_clip(row.name, 16), 34) + "".join(_pad(str(n), 14, right=True) for n in counts))
        lines.append("")
    if t.calendar_note:
        lines.append(f"答复期限未核对：{t.calendar_note}")
    elif t.late:
        lines.append(f"逾期答复 {len(t.late)} 件（《政府信息公开条例》第三十三条）：")
        for x in t.late[:MAX_LISTED]:
            when = f"{x.answered} 答复" if x.answered else "年底仍未答复"
            lines.append(f"  {x.ref.sheet} {x.ref.label}：{x.start} 起算，期限 {x.due}，{when}（{x.working_days} 个工作日，允许 {x.allowed} 个）")
        if len(t.late) > MAX_LISTED:
            lines.append(f"  另有 {len(t.late) - MAX_LISTED} 件，见统计明细（--explain）")
    else:
        lines.append("答复期限：全部在法定期限内")
    if t.issues:
        left = sum(1 for i in t.issues if i.excluded)
        lines.append(f"\n台账中需要核对的 {len(t.issues)} 处（其中 {left} 行未计入统计）：")
        for issue in t.issues[:MAX_LISTED]:
            lines.append(f"  {issue_text(issue)}")
        if len(t.issues) > MAX_LISTED:
            lines.append(f"  另有 {len(t.issues) - MAX_LISTED} 处，见统计明细（--explain）")
    return "\n".join(lines)


def _clip(text: str, chars: int) -> str:
    return text[: chars - 1] + "…" if len(text) > chars else text


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    space = " " * max(width - _width(text), 1)
    return space + text if right else text + space


def documents_text(t) -> str:
    """A document tally (table A's 第二十条第（一）项) as text."""
    cols = ("本年制发件数", "本年废止件数", "现行有效件数")
    lines = ["", f"表二 第二十条第（一）项（{t.year}年，据文件登记表 {t.source}）", "  " + _pad("信息内容", 20) + "".join(_pad(c, 16, right=True) for c in cols)]
    for row in ("规章", "行政规范性文件"):
        lines.append("  " + _pad(row, 20) + "".join(_pad(str(t.count(row, c)), 16, right=True) for c in cols))
    prev = "，".join(f"{row} {len(refs)} 件" for row, refs in t.previous_current.items())
    lines.append(f"  上年年底现行有效：{prev}")
    if t.issues:
        lines.append(f"文件登记表中需要核对的 {len(t.issues)} 处：")
        for issue in t.issues[:MAX_LISTED]:
            lines.append(f"  {issue_text(issue)}")
    return "\n".join(lines)

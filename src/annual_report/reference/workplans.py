"""Reading a work plan (工作要点, 提升行动方案, 任务分解表; .txt or .docx) into its tasks."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from . import WorkPlan

_ITEM = re.compile(r"^\s*(?:[(（][一二三四五六七八九十\d]+[)）]|\d+[.．、](?!\d))\s*(?P<text>.+)$")
# Structural headings of a plan, not tasks
NOT_TASKS = ("总体要求", "工作目标", "实施步骤", "有关要求", "工作要求", "保障措施", "组织领导", "阶段", "指导思想", "基本原则", "工作安排", "时间安排")
_YEAR = re.compile(r"(20\d{2})\s*年")


def _task_title(text: str) -> str:
    text = text.strip()
    head = re.split(r"[。；;:：]", text, maxsplit=1)[0]
    return head[:60].strip()


def parse_plan(text: str, source: str = "") -> WorkPlan:
    text = unicodedata.normalize("NFKC", text)
    lines = [line for line in text.splitlines() if line.strip()]
    title = next((l.strip() for l in lines if ("要点" in l or "方案" in l or "分解" in l) and len(l.strip()) < 80), lines[0].strip() if lines else "")
    m = _YEAR.search(title) or _YEAR.search(" ".join(lines[:5]))
    year = int(m.group(1)) if m else None
    tasks: list[str] = []
    for line in lines:
        fields = [f.strip() for f in line.split("\t") if f.strip()]
        candidates = fields if len(fields) > 1 else [line]
        for field in candidates:
            item = _ITEM.match(field)
            if item is None:
                continue
            title_text = _task_title(item.group("text"))
            if len(title_text) < 4 or any(word in title_text for word in NOT_TASKS):
                continue
            if title_text not in tasks:
                tasks.append(title_text)
            break
    return WorkPlan(year, title, tuple(tasks), source)


def read_plan(path: Path) -> WorkPlan:
    path = Path(path)
    if path.suffix.lower() == ".docx":
        from ..ooxml.package import parse_xml, read_part
        from ..ooxml.xml import TR, P, cell_text, paragraph_text, w

        root = parse_xml(read_part(path), path)
        lines = []
        for el in root.iter(P, TR):
            if el.tag == TR:
                lines.append("\t".join(cell_text(tc) for tc in el.findall(w("tc"))))
            elif el.getparent() is not None and el.getparent().tag != w("tc"):
                lines.append(paragraph_text(el))
        text = "\n".join(lines)
    else:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("gb18030", errors="replace")
    plan = parse_plan(text, str(path))
    m = re.match(r"(20\d{2})", path.name)
    if m:
        plan = WorkPlan(int(m.group(1)), plan.title, plan.tasks, plan.source)
    return plan

"""Reading a work plan (工作要点, 提升行动方案, 任务分解表; .txt or .docx) into its tasks."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from . import WorkPlan

_ITEM = re.compile(r"^\s*(?:[(（][一二三四五六七八九十\d]+[)）]|\d+[.．、](?!\d))\s*(?P<text>.+)$")
# Structural headings of a plan, not tasks
NOT_TASKS = ("总体要求", "工作目标", "实施步骤", "有关要求", "工作要求", "保障措施", "组织领导", "阶段", "指导思想", "基本原则", "工作安排", "时间安排")
_YEAR = re.compile(r"(20\d{2})\s*年")
PLAN_SUFFIXES = (".txt", ".docx", ".md")  # the files of workplans/ read as plans


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


# --- the section of part 六 that answers the year's plans ------------------------------------

SECTION_HEADING = "落实年度政务公开工作要点情况"
PLACE = "【请填写落实情况】"  # the marked place an officer replaces with what was done
_SECTION_ITEM = re.compile(r"^\s*(?P<n>\d+)[.．、]\s*(?P<task>.+?)[：:]\s*(?P<answer>.*)$")
_PLAN_LINE = re.compile(r"^对照《(?P<title>.+)》")


def plans_in(folder: Path, year: int) -> list[WorkPlan]:
    """The plans of ``year`` among the work plan files in ``folder`` (unreadable ones are
    skipped here: rule AR006 reports them)."""
    from ..model.errors import UserError

    folder = Path(folder)
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in PLAN_SUFFIXES or path.name.lower().startswith("readme"):
            continue
        try:
            plan = read_plan(path)
        except (UserError, OSError):
            continue
        if plan.year == year and plan.tasks:
            out.append(plan)
    return out



def plan_name(plan: WorkPlan) -> str:
    """The plan's own name, without the covering notice's wording: ``关于印发《X》的通知`` → ``X``."""
    title = plan.title.lstrip("#").strip()
    quoted = re.search(r"《([^》]+)》", title)
    if quoted:
        title = quoted.group(1)
    else:
        title = re.sub(r"^.*?关于印发", "", title)
        title = re.sub(r"的通知$", "", title).split("》")[0].strip("《 ")
    return title or (Path(plan.source).stem if plan.source else "工作要点")


def section_paragraphs(plans: list[WorkPlan], answers: dict[str, str] | None = None) -> tuple[list[str], list[str]]:
    """The paragraphs of the section (heading, then per plan a line naming it and one numbered
    paragraph per task: ``1. 任务：落实情况`` or ``1. 任务：【请填写落实情况】``), and the keys of
    ``answers`` that name no task of the plans."""
    answers = {unicodedata.normalize("NFKC", k).strip(): v for k, v in (answers or {}).items()}
    used: set[str] = set()
    out = [SECTION_HEADING]
    for plan in plans:
        out.append(f"对照《{plan_name(plan)}》，逐项落实情况如下：")
        for n, task in enumerate(plan.tasks, start=1):
            key = unicodedata.normalize("NFKC", task).strip()
            answer = (answers.get(key) or "").strip()
            if answer:
                used.add(key)
            out.append(f"{n}. {task}：{answer or PLACE}")
    return out, [k for k in answers if k not in used]


@dataclass(frozen=True)
class SectionItem:
    task: str
    answer: str  # "" when the place is unfilled
    paragraph: int  # index of the paragraph in its part
    plan: str = ""

    @property
    def filled(self) -> bool:
        return bool(self.answer) and PLACE not in self.answer


def section_items(paragraphs) -> list[SectionItem]:
    """The task paragraphs of the section in part 六 (``paragraphs``: the part's Paragraph
    objects); [] when the part has no such section."""
    out: list[SectionItem] = []
    inside, plan = False, ""
    for p in paragraphs:
        text = unicodedata.normalize("NFKC", p.text).strip()
        if SECTION_HEADING in text and len(text) <= len(SECTION_HEADING) + 8:
            inside = True
            continue
        if not inside:
            if PLACE in text:  # a place left in a paragraph outside the section (moved by hand)
                out.append(SectionItem(text.replace(PLACE, "").strip("：: "), "", p.index))
            continue
        m = _PLAN_LINE.match(text)
        if m:
            plan = m.group("title")
            continue
        item = _SECTION_ITEM.match(text)
        if item is None:
            if PLACE in text:
                out.append(SectionItem(text.replace(PLACE, "").strip("：: "), "", p.index, plan))
                continue
            inside = False  # the section ended: the part goes on with other matters
            continue
        answer = item.group("answer").strip()
        out.append(SectionItem(item.group("task").strip(), "" if PLACE in answer else answer, p.index, plan))
    return out


def with_workplan_section(report, folder: Path | None):
    """``report`` with the section “落实年度政务公开工作要点情况” at the end of part 六: every
    task of the year's plans in ``folder`` with what the data's ``workplan`` says was done, or a
    marked place for the officer.  Unchanged when there is no plan for the year or part 六
    already has the section (written by hand, or taken from a built report by ``extract``)."""
    from dataclasses import replace

    from ..model.errors import DataError
    from ..model.report import Paragraph

    answers = dict(report.meta.get("workplan_answers") or {})
    plans = plans_in(folder, report.year) if folder is not None and report.year else []
    part = report.part("六")
    if part is None or any(SECTION_HEADING in p.text for p in part.paragraphs):
        return report
    if not plans:
        if answers:
            raise DataError(f"{report.source.path} 填写了 workplan（工作要点落实情况），但工作区 workplans/ 中没有 {report.year} 年的工作要点")
        return report
    texts, unknown = section_paragraphs(plans, answers)
    if unknown:
        tasks = "；".join(t for plan in plans for t in plan.tasks[:3])
        raise DataError(
            f"{report.source.path} 的 workplan 中有 {len(unknown)} 项不是 {report.year} 年工作要点中的任务（键应为任务原文，如：{tasks}……）",
            [f"“{k}”" for k in unknown],
        )
    start = len(part.paragraphs)
    added = tuple(Paragraph(t, "六", start + i) for i, t in enumerate(texts))
    parts = tuple(replace(p, paragraphs=p.paragraphs + added) if p is part else p for p in report.parts)
    return replace(report, parts=parts)

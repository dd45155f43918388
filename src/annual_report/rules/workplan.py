"""AR605: the year's work plan — which of its tasks the report never mentions; AR620: the
tasks of the section “落实年度政务公开工作要点情况” whose place for the officer is still unfilled.

Tasks are matched on character bigrams of their key words (generic verbs such as 加强、推进、
做好 and the words 信息公开、政务公开 removed): Chinese word segmentation (jieba) would add a
dependency and a dictionary load for little gain on phrases this short, and bigrams tolerate
the reworded phrasing reports use (“规划信息公开” ↔ “公开国土空间规划”)."""

from __future__ import annotations

import re
import unicodedata

from ..plugins.hookspecs import hookimpl
from ..plugins.rule_api import rule

GENERIC = (
    "进一步", "持续", "全面", "深入", "扎实", "切实", "不断", "加强", "加大", "推进", "推动", "深化", "强化", "做好", "抓好",
    "落实", "规范", "完善", "健全", "提升", "提高", "优化", "开展", "建立", "加快", "积极", "主动", "围绕", "重点", "相关",
    "信息公开", "政务公开", "政府信息", "工作", "力度", "机制", "建设", "方面", "情况", "领域", "精细化", "高标准", "规范化",
    "标准化", "的", "和", "及", "与", "等", "做", "好", "抓", "公开", "信息",
)
_PUNCT = re.compile(r"[\s，。、；：！？“”‘’（）《》〈〉,.;:!?\"'()\[\]【】…—\-\d]")


def key_text(task: str) -> str:
    t = unicodedata.normalize("NFKC", task)
    for word in sorted(GENERIC, key=len, reverse=True):
        t = t.replace(word, " ")
    return t


def bigrams(text: str) -> set[str]:
    out = set()
    for chunk in _PUNCT.split(text):
        chunk = chunk.strip()
        out.update(chunk[i : i + 2] for i in range(len(chunk) - 1))
    return out


def coverage(task: str, report_bigrams: set[str]) -> float:
    keys = bigrams(key_text(task))
    if not keys:
        return 1.0  # nothing specific to look for
    return len(keys & report_bigrams) / len(keys)


@rule(
    "AR605",
    "workplan-task-not-addressed",
    title="报告没有提及本年度工作要点中的任务",
    severity="warning",
    options={"threshold": 0.5},
)
def tasks_not_addressed(report, ctx):
    """
    ## 检查内容
    工作区 workplans/ 中放有本年度的工作要点（工作要点、提升行动方案、任务分解表，.txt 或 .docx，文件名以年份
    开头，如 2023-政务公开工作要点.docx）时，逐项看要点中的任务在报告文字中是否提到：去掉“加强、推进、做好、
    信息公开”等通用词后，任务关键词的二字片段有一半以上（默认）在报告中出现，视为提到。没提到的任务逐条列出。

    ## 为什么
    年报主要内容应与年度工作要点相对应（“年报与要点相符”是审核要求）；要点任务在年报中只字未提，要么没落实，
    要么没写。

    ## 示例
    本年度工作要点（2023-桃岭乡提升行动方案.txt）中的任务“就业领域信息公开”在报告中没有提及

    ## 配置
    [rules.options.AR605] threshold = 0.6（要求提到的关键词比例）
    """
    if report.year is None:
        return
    plans = [p for p in ctx.reference.items("workplan") if p.year == report.year]
    if not plans:
        return
    text = "".join(p.text for p in report.paragraphs())
    have = bigrams(unicodedata.normalize("NFKC", text))
    threshold = ctx.options["threshold"]
    for plan in plans:
        for task in plan.tasks:
            score = coverage(task, have)
            if score < threshold:
                name = plan.source.rsplit("/", 1)[-1] if plan.source else plan.title
                yield ctx.finding(
                    f"本年度工作要点（{name}）中的任务“{task}”在报告中没有提及",
                    part="六",
                    values={"task": task, "plan": plan.title, "coverage": round(score, 2)},
                )


@rule("AR620", "workplan-task-unfilled", title="工作要点落实情况中有任务尚未填写", severity="warning")
def tasks_unfilled(report, ctx):
    """
    ## 检查内容
    第六部分“落实年度政务公开工作要点情况”（annual-report build 按工作区 workplans/ 中本年度的工作要点逐项列出）
    中，某项任务后仍是“【请填写落实情况】”，或冒号后什么也没写。

    ## 为什么
    工作要点要求在年度报告中逐项报告落实情况；留着待填标记或空着的任务，说明这一项还没写，报告不能这样发布。

    ## 示例
    第六部分工作要点任务“规划信息公开”的落实情况尚未填写

    ## 配置
    在数据文件的 workplan 中按任务原文填写落实情况（{"规划信息公开": "……"}），生成时自动填入；也可在生成的
    .docx 中直接改写标记处。
    """
    from ..reference.workplans import section_items

    part = report.part("六")
    if part is None:
        return
    for item in section_items(part.paragraphs):
        if item.filled:
            continue
        plan = f"（{item.plan}）" if item.plan else ""
        yield ctx.finding(
            f"第六部分工作要点{plan}任务“{item.task}”的落实情况尚未填写",
            part="六",
            paragraph=item.paragraph,
            values={"task": item.task, "plan": item.plan},
        )


@hookimpl
def register_rules(register):
    register(tasks_not_addressed)
    register(tasks_unfilled)

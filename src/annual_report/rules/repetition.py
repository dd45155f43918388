"""AR4xx: work described, and problems repeated, in the same words year after year."""

from __future__ import annotations

from ..plugins.hookspecs import hookimpl
from ..plugins.rule_api import rule
from ..text.similarity import containment, longest_shared, mask, shingles

NARRATIVE = ("一", "五", "六")


def _prepared(report, parts, boilerplate, min_chars):
    out = []
    for p in report.paragraphs(parts):
        m = mask(p.text, boilerplate)
        if len(m) >= min_chars:
            out.append((p, m, shingles(m)))
    return out


def _matches(ctx, parts, threshold, min_chars, years_back):
    """(paragraph, best older paragraph, older report, score) over the history."""
    boilerplate = tuple(ctx.reference.items("boilerplate"))
    mine = _prepared(ctx.report, parts, boilerplate, min_chars)
    if not mine:
        return
    older = [h for h in ctx.history if h.year and ctx.report.year and 0 < ctx.report.year - h.year <= years_back]
    prepared = [(h, _prepared(h, parts, boilerplate, min_chars)) for h in sorted(older, key=lambda h: -h.year)]
    for p, m, sh in mine:
        best = None
        for h, theirs in prepared:
            for q, qm, qsh in theirs:
                score = containment(sh, qsh)
                if best is None or score > best[3]:
                    best = (p, q, h, score)
        if best is not None and best[3] >= threshold:
            yield best


def _message(p, q, h, score):
    passage = longest_shared(p.text, q.text)
    return (
        f"第{p.part}部分第{p.index + 1}段与{h.year}年度报告第{q.part}部分第{q.index + 1}段的表述 {score:.0%} 相同"
        f"（除数字、年份外），重复的文字如：【{passage}】"
    )


@rule(
    "AR401",
    "repeated-wording",
    title="工作情况与往年报告表述基本相同",
    severity="warning",
    needs="history",
    options={"threshold": 0.8, "years_back": 3, "min_chars": 30},
)
def repeated_wording(report, ctx):
    """
    ## 检查内容
    第一、六部分的段落与同一机关近几年（默认 3 年）的报告比较：把数字、年份、日期遮去后，按 5 个字的片段
    计算本段有多少内容在往年某段中出现过（包含度）。达到阈值（默认 80%）的段落视为照搬，报告相似度、
    来源年份和重复的文字。每份报告都有的固定表述（见 boilerplate.txt）不计入。

    ## 为什么
    “工作内容长期表述一致”是县级审核要求消除的问题：年报应写本年度的实际工作，而不是改几个数字沿用旧稿。

    ## 示例
    第一部分第3段与2022年度报告第一部分第3段的表述 92% 相同（除数字、年份外），重复的文字如：【严格落实“先审查、后公开”和“一事一审”要求】

    ## 配置
    [rules.options.AR401] threshold = 0.85、years_back = 2、min_chars = 40（短于此的段落不比较）
    """
    o = ctx.options
    for p, q, h, score in _matches(ctx, ("一", "六"), o["threshold"], o["min_chars"], o["years_back"]):
        yield ctx.finding(
            _message(p, q, h, score),
            part=p.part,
            paragraph=p.index,
            values={"similarity": round(score, 3), "year": h.year, "source_part": q.part, "source_paragraph": q.index, "source_text": q.text},
        )


@rule(
    "AR402",
    "repeated-problems",
    title="存在的问题和改进措施与往年雷同",
    severity="warning",
    needs="history",
    options={"threshold": 0.6, "years_back": 3, "min_chars": 20},
)
def repeated_problems(report, ctx):
    """
    ## 检查内容
    第五部分“存在的主要问题及改进情况”的段落与近几年报告的第五部分比较，方法同 AR401，但阈值更严（默认 60%）。

    ## 为什么
    同样的问题、同样的改进措施年年出现，是“存在问题多年雷同”的典型表现：要么问题没有整改，要么报告没有如实写。
    这是审核最常指出的缺陷。

    ## 示例
    第五部分第1段与2022年度报告第五部分第1段的表述 85% 相同（除数字、年份外），重复的文字如：【一是政策解读形式较为单一】

    ## 配置
    [rules.options.AR402] threshold = 0.5、years_back = 3、min_chars = 20
    """
    o = ctx.options
    for p, q, h, score in _matches(ctx, ("五",), o["threshold"], o["min_chars"], o["years_back"]):
        yield ctx.finding(
            _message(p, q, h, score),
            part=p.part,
            paragraph=p.index,
            values={"similarity": round(score, 3), "year": h.year, "source_text": q.text},
        )


@rule(
    "AR403",
    "report-reuse-share",
    title="整篇报告与上年报告重复的比例过高",
    severity="warning",
    needs="history",
    options={"max_share": 0.5},
)
def reuse_share(report, ctx):
    """
    ## 检查内容
    第一、五、六部分合起来，有多大比例的文字（按 5 字片段计，数字年份遮去、固定表述除外）在上一年度报告中
    出现过。超过上限（默认 50%）时报告这一比例。

    ## 为什么
    有的省份对年报与上年重复的比例打分，超过一半扣分。这个比例也帮助审核人判断逐段提示是否只是个别现象。

    ## 示例
    第一、五、六部分的文字有 68% 与2022年度报告相同（除数字、年份外），超过 50%

    ## 配置
    [rules.options.AR403] max_share = 0.4
    """
    prev = ctx.previous
    if prev is None:
        return
    boilerplate = tuple(ctx.reference.items("boilerplate"))
    mine = set().union(*[shingles(mask(p.text, boilerplate)) for p in report.paragraphs(NARRATIVE)] or [set()])
    theirs = set().union(*[shingles(mask(p.text, boilerplate)) for p in prev.paragraphs(NARRATIVE)] or [set()])
    if len(mine) < 50:
        return
    share = containment(mine, theirs)
    limit = ctx.options["max_share"]
    if share > limit:
        yield ctx.finding(
            f"第一、五、六部分的文字有 {share:.0%} 与{prev.year}年度报告相同（除数字、年份外），超过 {limit:.0%}",
            values={"share": round(share, 3), "year": prev.year},
        )


@hookimpl
def register_rules(register):
    for r in (repeated_wording, repeated_problems, reuse_share):
        register(r)

"""AR4xx: work described, and problems repeated, in the same words year after year."""

from __future__ import annotations

from ..plugins.hookspecs import hookimpl
from ..plugins.rule_api import rule
from ..text.similarity import containment, longest_shared, mask_mapped, masked_shingles, shared_runs

NARRATIVE = ("一", "五", "六")


def _prepared(report, parts, boilerplate, min_chars):
    out = []
    for p in report.paragraphs(parts):
        m, sh = masked_shingles(p.text, boilerplate)
        if len(m) >= min_chars:
            out.append((p, m, sh))
    return out


def _older(ctx, years_back):
    """Every earlier report of the history within ``years_back`` years, newest first."""
    older = [h for h in ctx.history if h.year and ctx.report.year and 0 < ctx.report.year - h.year <= years_back]
    return sorted(older, key=lambda h: -h.year)


def _matches(ctx, parts, threshold, min_chars, years_back):
    """(paragraph, best older paragraph, older report, score) over the history."""
    boilerplate = tuple(ctx.reference.items("boilerplate"))
    mine = _prepared(ctx.report, parts, boilerplate, min_chars)
    if not mine:
        return
    older = _older(ctx, years_back)
    prepared = [(h, _prepared(h, parts, boilerplate, min_chars)) for h in sorted(older, key=lambda h: -h.year)]
    for p, _m, sh in mine:
        best = None
        for h, theirs in prepared:
            for q, _qm, qsh in theirs:
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

    ## 严重程度
    警告：照搬旧稿是写作质量问题，需要改写，但不是数据错误，审核人不会只因此退回报告。

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

    ## 严重程度
    警告：问题和措施雷同要求改写并说明整改，但不是数据错误。

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
    options={"max_share": 0.5, "years_back": 3},
)
def reuse_share(report, ctx):
    """
    ## 检查内容
    第一、五、六部分合起来，有多大比例的文字（按 5 字片段计，数字年份遮去、固定表述除外）在往年某一年度的
    报告中出现过：与近几年（默认 3 年）给出的每一年分别比较，取比例最高的一年。超过上限（默认 50%）时报告
    这一比例和年份。

    ## 为什么
    有的省份对年报与上年重复的比例打分，超过一半扣分。这个比例也帮助审核人判断逐段提示是否只是个别现象。

    ## 严重程度
    警告：这是整篇的比例，帮助判断逐段提示是否只是个别现象，本身不是错误。

    ## 示例
    第一、五、六部分的文字有 68% 与2022年度报告相同（除数字、年份外），超过 50%

    ## 配置
    [rules.options.AR403] max_share = 0.4、years_back = 1（只与上一年比较）
    """
    older = _older(ctx, ctx.options["years_back"])
    if not older:
        return
    boilerplate = tuple(ctx.reference.items("boilerplate"))
    mine = set().union(*[masked_shingles(p.text, boilerplate)[1] for p in report.paragraphs(NARRATIVE)])
    if len(mine) < 50:
        return
    shares = []
    for h in older:
        theirs = set().union(*[masked_shingles(p.text, boilerplate)[1] for p in h.paragraphs(NARRATIVE)])
        shares.append((containment(mine, theirs), h.year))
    share, year = max(shares, key=lambda x: (x[0], x[1]))
    limit = ctx.options["max_share"]
    if share > limit:
        yield ctx.finding(
            f"第一、五、六部分的文字有 {share:.0%} 与{year}年度报告相同（除数字、年份外），超过 {limit:.0%}",
            values={"share": round(share, 3), "year": year, "shares": {y: round(x, 3) for x, y in shares}},
        )


@rule(
    "AR404",
    "repeated-problem-passage",
    title="存在的问题和改进措施中有长段文字与往年相同",
    severity="warning",
    needs="history",
    options={"min_chars": 40, "years_back": 3},
)
def repeated_passage(report, ctx):
    """
    ## 检查内容
    第五部分“存在的主要问题及改进情况”的段落中，有一段连续文字（把数字、年份遮去、标点不计后至少 40 个字）
    与近几年（默认 3 年）任一年报告的第五部分相同，即使所在段落的其他内容改过。引用这段文字并写明来自哪一年。
    整段已由 AR402 报告为雷同的段落不再重复报告。

    ## 为什么
    常见的做法是在旧段落前后加一两句新话，中间照搬上年的问题或措施；整段相似度因此不高，AR402 查不出来，
    但审核人一眼就能认出那段旧文字。

    ## 严重程度
    警告：与 AR402 相同，说明问题或措施没有更新，需要改写，但不是数据错误。

    ## 示例
    第五部分第2段中的“一是政策解读形式较为单一，图表、视频等解读形式运用较少；二是部分栏目信息更新不够及时”与2021年度报告第五部分第1段相同

    ## 配置
    [rules.options.AR404] min_chars = 50（遮去数字后的字数下限）、years_back = 2
    """
    o = ctx.options
    older = _older(ctx, o["years_back"])
    if not older:
        return
    boilerplate = tuple(ctx.reference.items("boilerplate"))
    config = getattr(ctx.config, "rules", None)
    ar402 = {**repeated_problems.options, **(config.options.get("AR402", {}) if config else {})}
    theirs = []
    for h in older:
        for q in h.paragraphs(("五",)):
            qm, qsh = masked_shingles(q.text, boilerplate)
            if qm:
                theirs.append((h, q, qm, qsh))
    for p in report.paragraphs(("五",)):
        m, index = mask_mapped(p.text, boilerplate)
        if len(m) < o["min_chars"]:
            continue
        sh = masked_shingles(p.text, boilerplate)[1]
        if any(containment(sh, qsh) >= ar402["threshold"] for _, _, _, qsh in theirs):
            continue  # the whole paragraph is AR402's
        seen: list[tuple[int, int]] = []
        for h, q, qm, qsh in theirs:
            for a, b in shared_runs(m, qsh, qm, o["min_chars"]):
                if any(a >= x and b <= y for x, y in seen):
                    continue  # already quoted from a newer year
                seen.append((a, b))
                passage = p.text[index[a] : index[b - 1] + 1]
                yield ctx.finding(
                    f"第五部分第{p.index + 1}段中的“{passage}”与{h.year}年度报告第五部分第{q.index + 1}段相同（除数字、年份外）",
                    part=p.part,
                    paragraph=p.index,
                    values={"passage": passage, "year": h.year, "source_paragraph": q.index, "chars": b - a},
                )


@hookimpl
def register_rules(register):
    for r in (repeated_wording, repeated_problems, reuse_share, repeated_passage):
        register(r)

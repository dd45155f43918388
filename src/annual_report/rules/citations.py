"""AR3xx: documents cited in the report — expired, another year's work plan, title and number
that do not match, damaged or non-standard 文号."""

from __future__ import annotations

import re

from ..plugins.hookspecs import hookimpl
from ..plugins.rule_api import rule
from ..text.citations import find_citations, title_key


def _paragraphs(report):
    """(part, index, text) of every paragraph, the preface included (part None)."""
    for p in report.paragraphs():
        yield p


def _where(ctx, p, c):
    """The paragraph of citation ``c``, and the citation itself (a comment is anchored to it)."""
    raw = c.raw.strip()
    quote = {"quote": raw, "quote_at": c.start + (len(c.raw) - len(c.raw.lstrip()))}
    if p.part is None:
        return {"docx_paragraph": p.source, **quote}
    return {"part": p.part, "paragraph": p.index, **quote}


def _lookup(ctx, c):
    """The registry entry a citation names (by number; by title when it has none)."""
    docs = ctx.reference.items("document")
    if c.serial is not None and (c.year is not None or c.decree):
        for d in docs:
            if d.number and _same_number(d.number, c):
                return d
    if c.title:
        key = title_key(c.title)
        matches = [d for d in docs if title_key(d.title) == key]
        if len(matches) == 1:
            return matches[0]
    return None


def _same_number(number: str, c) -> bool:
    from ..text.citations import find_citations as parse

    parsed = parse(number)
    if not parsed:
        return False
    d = parsed[0]
    if d.decree != c.decree or d.serial != c.serial or d.year != c.year:
        return False
    return c.decree or c.prefix.endswith(d.prefix) or d.prefix.endswith(c.prefix)


def _cited(c) -> str:
    parts = []
    if c.title:
        parts.append(f"《{c.title}》")
    if c.number:
        parts.append(f"（{c.raw.strip()}）" if c.title else c.raw.strip())
    return "".join(parts) or c.raw


@rule("AR301", "cites-expired-document", title="引用了已废止或已被替代的文件")
def expired(report, ctx):
    """
    ## 检查内容
    报告引用的文件在文件目录中登记为“已废止”或“被替代”，且对本报告年度已不适用：例如 2019 年度及以后的报告
    仍以 2007 年的《政府信息公开条例》（国务院令第492号）为依据；2021 年度及以后的报告仍按 2019 年的
    年度报告格式（国办公开办函〔2019〕60号）编制。

    ## 为什么
    “引用失效文件”是年报审核的常见扣分项，说明报告沿用了旧稿。

    ## 严重程度
    错误：以失效文件为依据是审核退回的常见原因，必须改正。

    ## 示例
    第1段引用了《中华人民共和国政府信息公开条例》（国务院令第492号），该文件已被国务院令第711号替代，2019年度起的报告不应再作为依据

    ## 配置
    文件目录可在工作区 reference/*.toml 中增补本地文件（见 docs/text-rules.md）。
    """
    if report.year is None:
        return
    for p in _paragraphs(report):
        for c in find_citations(p.text):
            d = _lookup(ctx, c)
            if d is None or d.status not in ("被替代", "已废止"):
                continue
            if d.invalid_from_year is not None and report.year < d.invalid_from_year:
                continue
            after = f"，该文件已被{d.replaced_by}替代" if d.replaced_by else "，该文件已废止"
            since = f"，{d.invalid_from_year}年度起的报告不应再作为依据" if d.invalid_from_year else ""
            yield ctx.finding(
                f"引用了{_cited(c)}{after}{since}",
                values={"cited": c.raw, "document": d.number or d.title, "replaced_by": d.replaced_by},
                hint=d.note,
                **_where(ctx, p, c),
            )


_PLAN_YEAR = re.compile(r"(20\d{2})\s*年")


@rule("AR302", "other-years-work-plan", title="把其他年度的政务公开工作要点当作本年度的引用")
def other_years_plan(report, ctx):
    """
    ## 检查内容
    政务公开工作要点只对所属年度有效。报告中引用的要点（国办发文号登记在文件目录中，或标题中写有年份的
    各级“……年政务公开工作要点”）不是本报告年度的。

    ## 为什么
    年报应说明“本年度”要点的落实情况；引用往年要点通常是套用旧稿没改。

    ## 严重程度
    错误：报告说明的是另一年度的任务落实，审核时会退回修改。

    ## 示例
    第六部分第2段引用了《2022年政务公开工作要点》（国办发〔2022〕8号），而本报告是2023年度

    ## 配置
    无选项。2023、2024 年国务院办公厅未以国办发文号印发全国要点，目录中没有这两年的全国条目。
    """
    if report.year is None:
        return
    for p in _paragraphs(report):
        for c in find_citations(p.text):
            d = _lookup(ctx, c)
            year = None
            if d is not None and d.kind == "要点" and d.year:
                year = d.year
            elif c.title and "要点" in c.title:
                m = _PLAN_YEAR.search(c.title)
                year = int(m.group(1)) if m else None
            if year is not None and year != report.year:
                yield ctx.finding(
                    f"引用了{_cited(c)}（{year}年的工作要点），而本报告是{report.year}年度",
                    values={"cited": c.raw, "plan_year": year},
                    **_where(ctx, p, c),
                )


@rule("AR303", "title-number-mismatch", title="引用文件的标题与文号不符", severity="warning")
def title_number(report, ctx):
    """
    ## 检查内容
    《标题》（文号）一并引用时，标题与文号应对应同一个文件。例如《关于全面推进政务公开工作的意见》是中办、
    国办联合印发的中办发〔2016〕8号，写成“国办发〔2016〕8号”是误引。

    ## 为什么
    标题和文号对不上，读者无从查找原文，也说明引用没有核对过。

    ## 严重程度
    警告：引用有误需要改正，但依据的文件本身是对的。

    ## 示例
    《关于全面推进政务公开工作的意见》的文号应为中办发〔2016〕8号，报告写作国办发〔2016〕8号

    ## 配置
    无选项。
    """
    docs = ctx.reference.items("document")
    for p in _paragraphs(report):
        for c in find_citations(p.text):
            if not c.title or (c.serial is None):
                continue
            key = title_key(c.title)
            by_title = [d for d in docs if title_key(d.title) == key and d.number]
            if not by_title or any(_same_number(d.number, c) for d in by_title):
                continue
            expected = "、".join(d.number for d in by_title)
            yield ctx.finding(
                f"《{c.title}》的文号应为{expected}，报告写作{c.number}",
                values={"title": c.title, "written": c.number, "expected": expected},
                **_where(ctx, p, c),
            )


@rule("AR304", "malformed-document-number", title="文号残缺或写法错误", severity="warning")
def malformed(report, ctx):
    """
    ## 检查内容
    文号应按 GB/T 9704-2012 书写：发文机关代字 + 六角括号内的年份 + 序号 + 号，序号不编虚位（不加前导 0），
    不加“第”；国务院令写作“国务院令第N号”。检查残缺的括号、丢失的括号、重复的机关代字、前导 0、“第”和多余空格。

    ## 为什么
    这些错误多来自复制粘贴，公开的报告中很常见，也影响读者检索原文。

    ## 严重程度
    警告：书写错误需要改正，不影响对报告内容的判断。

    ## 示例
    文号“国办公开办函202130 号”有误（年份缺少六角括号〔〕），应为国办公开办函〔2021〕30号

    ## 配置
    只用方括号、圆括号代替六角括号的，由 AR305 提示。
    """
    for p in _paragraphs(report):
        for c in find_citations(p.text):
            if not c.problems or c.style_only:
                continue
            problems = [x for x in c.problems if "应使用六角括号" not in x] or c.problems
            yield ctx.finding(
                f"文号“{c.raw.strip()}”有误（{'；'.join(problems)}），应为{c.number}",
                values={"written": c.raw, "standard": c.number},
                **_where(ctx, p, c),
            )


@rule("AR305", "nonstandard-bracket", title="文号年份未使用六角括号〔〕", severity="info")
def bracket_style(report, ctx):
    """
    ## 检查内容
    文号中的年份用了 [] () （） 【】 等括号，而不是 GB/T 9704-2012 规定的六角括号〔〕。

    ## 为什么
    属于格式问题，不影响理解，但正式发布的文本应规范。

    ## 严重程度
    提示：只是括号的写法，不影响理解。

    ## 示例
    文号“国办发[2016]80号”应写作国办发〔2016〕80号

    ## 配置
    可在 rules.disable 中关闭。
    """
    for p in _paragraphs(report):
        for c in find_citations(p.text):
            if c.style_only:
                yield ctx.finding(f"文号“{c.raw.strip()}”应写作{c.number}", values={"written": c.raw, "standard": c.number}, **_where(ctx, p, c))


@rule("AR306", "citation-needs-verification", title="引用的文件需核实是否仍适用", severity="info")
def verify(report, ctx):
    """
    ## 检查内容
    文件目录中状态为“待核实”的文件，例如依据 2007 年条例制定的国办发〔2008〕36号。

    ## 为什么
    条例修订后，这类文件的部分规定可能已不适用，作为依据引用前应核实。

    ## 严重程度
    提示：文件不一定失效，只请起草人核实。

    ## 示例
    引用了国办发〔2008〕36号：依据2007年条例制定，条例修订后部分内容已不适用，请核实引用是否恰当

    ## 配置
    无选项。
    """
    for p in _paragraphs(report):
        for c in find_citations(p.text):
            d = _lookup(ctx, c)
            if d is not None and d.status == "待核实":
                yield ctx.finding(f"引用了{_cited(c)}：{d.note or '请核实该文件是否仍适用'}", values={"cited": c.raw}, **_where(ctx, p, c))


@hookimpl
def register_rules(register):
    for r in (expired, other_years_plan, title_number, malformed, bracket_style, verify):
        register(r)

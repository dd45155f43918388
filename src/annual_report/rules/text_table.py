"""AR5xx: figures and statements in the text against the tables (spec check 8 and the
reviewers' statement checks).  Conservative by design: a sentence is compared only when its
wording says unambiguously which table figure it states."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..plugins.hookspecs import hookimpl
from ..plugins.rule_api import rule
from ..text.figure_refs import format_number
from ..text.numerals import normalise

NUM = r"(?P<n>\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万]+)"
SENTENCE = re.compile(r"[^。；;！!？?\n]+")  # split before normalising: ；→; and ！→! under NFKC


def _value(text: str) -> float | None:
    from ..text.numerals import chinese_to_int

    if text[0].isdigit():
        return float(text)
    v = chinese_to_int(text)
    return None if v is None else float(v)


@dataclass(frozen=True)
class Claim:
    name: str  # what the figure is, for the message
    pattern: re.Pattern
    cells: tuple[tuple[str, str, str], ...]  # summed table cells (table, row, col)
    alt: tuple[tuple[str, str, str], ...] = ()  # an accepted alternative reading
    alt_name: str = ""


B = "B"
CLAIMS = (
    Claim(
        "本年新收申请",
        re.compile(rf"(?:新收|收到|受理|接收)(?:到)?(?:各类)?(?:政府信息公开|依申请公开)?申请(?:共计|共|合计|总计)?{NUM}件"),
        ((B, "new", "总计"),),
        alt=((B, "new", "总计"), (B, "carried_in", "总计")),
        alt_name="新收与上年结转之和",
    ),
    Claim("上年结转", re.compile(rf"上年(?:度)?结转(?:的|政府信息公开申请)?{NUM}件"), ((B, "carried_in", "总计"),)),
    Claim("办结", re.compile(rf"(?:办结|已答复|答复办结)(?:政府信息公开申请|申请)?(?:共)?{NUM}件"), ((B, "total", "总计"),)),
    Claim("结转下年度", re.compile(rf"{NUM}件[^，,。；;]{{0,12}}结转下(?:一)?年度|结转下(?:一)?年度(?:继续办理)?{NUM.replace('?P<n>', '?P<n2>')}件"), ((B, "carried_out", "总计"),)),
    Claim("予以公开", re.compile(rf"(?<!部分)予以公开{NUM}件"), ((B, "open", "总计"),)),
    Claim("部分公开", re.compile(rf"部分公开{NUM}件"), ((B, "partial", "总计"),)),
    Claim("行政复议", re.compile(rf"行政复议(?:案件|申请)?{NUM}(?:件|起)"), (("C", "review", "总计"),)),
    Claim("行政诉讼", re.compile(rf"行政诉讼(?:案件)?{NUM}(?:件|起)"), (("C", "direct", "总计"), ("C", "after_review", "总计"))),
)
REGULATORY = re.compile(rf"(?:制发|印发|出台|发布)(?:行政)?规范性文件{NUM}件")
FEE = re.compile(rf"行政事业性收费[^。；;，,]{{0,10}}?{NUM}万元")


def _sum(report, cells) -> float | None:
    total = 0.0
    for t, r, c in cells:
        table = report.tables.get(t)
        if table is None or not table.layout.has_row(r):
            return None
        v = table.get(r, c)
        if not isinstance(v, (int, float)):
            return None
        total += v
    return total


def _sentences(report):
    """(paragraph, sentence as written, sentence normalised for matching)."""
    for p in report.paragraphs(("一", "二", "三", "四", "五", "六")):
        for m in SENTENCE.finditer(p.text):
            sentence = m.group(0).strip()
            if sentence:
                yield p, sentence, normalise(sentence)


def _where(p):
    return {"part": p.part, "paragraph": p.index}


def _figure(p, sentence: str, m, group: str) -> dict:
    """The figure a sentence states (match ``m`` of its normalised text), as the finding's quote:
    an annotated draft's comment is anchored to it rather than to the whole paragraph."""
    start = max(p.text.find(sentence), 0)
    return {"quote": m.group(group), "quote_at": start + m.start(group)}


def _cell_name(cells) -> str:
    names = {"new": "一、本年新收", "carried_in": "二、上年结转", "total": "（七）总计", "carried_out": "四、结转下年度", "open": "（一）予以公开", "partial": "（二）部分公开", "review": "行政复议", "direct": "未经复议直接起诉", "after_review": "复议后起诉"}
    return " + ".join(f"表{t}“{names.get(r, r)}”{c}" for t, r, c in cells)


@rule("AR501", "text-figure-differs-from-table", title="文字中的数字与表格不一致")
def figures_vs_tables(report, ctx):
    """
    ## 检查内容
    正文中写明的新收申请、上年结转、办结、结转下年度、予以公开、部分公开、行政复议、行政诉讼、制发规范性文件、
    行政事业性收费金额等数字（阿拉伯数字、全角数字或中文数字，如“十二件”“一百零五件”）应与表格中的相应数字相等。

    ## 为什么
    “表格数据与主要内容之间”要有逻辑关系；文字和表格对不上，说明其中之一写错了，或文字沿用了上年的数。

    ## 示例
    第一部分第2段“全年新收政府信息公开申请15件”，而表B“一、本年新收”总计为 14

    ## 配置
    “收到…申请N件”有时包括上年结转的申请：等于新收与上年结转之和时不报告。信息处理费（第六部分）不与表A的
    行政事业性收费比较。
    """
    for p, sentence, norm in _sentences(report):
        for claim in CLAIMS:
            for m in claim.pattern.finditer(norm):
                text = m.groupdict().get("n") or m.groupdict().get("n2")
                stated = _value(text) if text else None
                expected = _sum(report, claim.cells)
                if stated is None or expected is None or stated == expected:
                    continue
                if claim.alt and _sum(report, claim.alt) == stated:
                    continue
                compared = f"{_cell_name(claim.cells)} 为 {format_number(expected)}"
                if claim.alt:
                    compared += f"（{claim.alt_name}为 {format_number(_sum(report, claim.alt))}）"
                yield ctx.finding(
                    f"“{sentence}”中{claim.name} {format_number(stated)} 件，而{compared}",
                    values={"sentence": sentence, "stated": stated, "table": expected, "what": claim.name},
                    **_where(p),
                    **_figure(p, sentence, m, "n" if m.groupdict().get("n") else "n2"),
                )
        table_a = report.tables.get("A")
        if table_a is not None and table_a.edition == "2021":
            for m in REGULATORY.finditer(norm):
                stated, expected = _value(m.group("n")), table_a.get("行政规范性文件", "本年制发件数")
                if stated is not None and isinstance(expected, (int, float)) and stated != expected and "现行有效" not in norm[: m.start()][-6:]:
                    yield ctx.finding(
                        f"“{sentence}”中制发规范性文件 {format_number(stated)} 件，而表A“行政规范性文件”本年制发件数为 {format_number(expected)}",
                        values={"sentence": sentence, "stated": stated, "table": expected},
                        **_where(p),
                        **_figure(p, sentence, m, "n"),
                    )
            for m in FEE.finditer(norm):
                stated, expected = _value(m.group("n")), table_a.get("行政事业性收费", "本年收费金额（单位：万元）")
                if stated is not None and isinstance(expected, (int, float)) and abs(stated - expected) > 0.005:
                    yield ctx.finding(
                        f"“{sentence}”中行政事业性收费 {format_number(stated)} 万元，而表A为 {format_number(expected)} 万元",
                        values={"sentence": sentence, "stated": stated, "table": expected},
                        **_where(p),
                        **_figure(p, sentence, m, "n"),
                    )


STATEMENTS = (
    (re.compile(r"(?:所有|全部)(?:政府信息公开)?申请(?:均|都|全部)?已(?:经)?(?:按期|按时|依法)?(?:办结|答复完毕)|申请[^,，。；;]{0,8}?(?:均|全部|都)已(?:经)?(?:按期|按时|依法)?(?:办结|答复完毕)"), "carried_out", "结转下年度继续办理", lambda v: v > 0),
    (re.compile(r"(?:未|没有)(?:收到|受理)(?:任何)?(?:政府信息公开|依申请公开)?申请"), "new", "本年新收申请", lambda v: v > 0),
)
NO_LITIGATION = re.compile(r"(?:无|未发生|没有|未有)(?:因?政府信息公开(?:引起|引发)?的?)?(?:行政复议[、和及与或]行政诉讼|行政复议|行政诉讼)")


@rule("AR502", "statement-contradicts-table", title="文字表述与表格数字矛盾")
def statements(report, ctx):
    """
    ## 检查内容
    “所有申请均已办结”而表B结转下年度不为 0；“未收到政府信息公开申请”而表B本年新收不为 0；
    “无行政复议、行政诉讼”而表C有案件。

    ## 为什么
    这类句子常是从往年报告沿用下来的，与本年表格矛盾，读者会怀疑整份报告的准确性。

    ## 示例
    “所有申请均已按期办结”与表B“四、结转下年度继续办理”总计 2 矛盾

    ## 配置
    无选项。
    """
    b, c = report.tables.get("B"), report.tables.get("C")
    for p, sentence, norm in _sentences(report):
        if b is not None:
            for pattern, row, label, bad in STATEMENTS:
                if pattern.search(norm):
                    v = b.get(row, "总计")
                    if isinstance(v, (int, float)) and bad(v):
                        yield ctx.finding(f"“{sentence}”与表B“{label}”总计 {format_number(v)} 矛盾", values={"sentence": sentence, "table": v}, **_where(p))
        if c is not None:
            m = NO_LITIGATION.search(norm)
            if m:
                which = m.group(0)
                rows = []
                if "复议" in which:
                    rows.append("review")
                if "诉讼" in which:
                    rows += ["direct", "after_review"]
                total = sum(v for r in rows if isinstance(v := c.get(r, "总计"), (int, float)))
                if total > 0:
                    yield ctx.finding(f"“{sentence}”与表C矛盾：表C相应案件总计 {format_number(total)}", values={"sentence": sentence, "table": total}, **_where(p))


_TOTAL_THEN_PARTS = re.compile(rf"(?:共|共计|合计|总计|累计)[^，,。；;其]{{0,12}}?{NUM}(?:件|个|条|项|次)[^。；;]{{0,6}}其中(?P<rest>[^。；;]+)")
_PART_NUMBERS = re.compile(r"(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万]+)(?:件|个|条|项|次)")


@rule("AR503", "breakdown-exceeds-total", title="“其中”各项之和超过所述总数", severity="warning")
def breakdowns(report, ctx):
    """
    ## 检查内容
    “共……N件，其中……a件、……b件”一类句子，“其中”之后各项之和不应超过前面的总数。

    ## 为什么
    分项超过总数，说明总数或分项写错了（常见于改了总数忘了改分项）。

    ## 示例
    “共办理申请12件，其中予以公开8件、部分公开6件”：其中各项之和 14 超过总数 12

    ## 配置
    各项之和小于总数时不报告（分项可能只列了一部分）。
    """
    for p, sentence, norm in _sentences(report):
        for m in _TOTAL_THEN_PARTS.finditer(norm):
            total = _value(m.group("n"))
            parts = [_value(x) for x in _PART_NUMBERS.findall(m.group("rest"))]
            parts = [x for x in parts if x is not None]
            if total is not None and len(parts) >= 2 and sum(parts) > total:
                yield ctx.finding(
                    f"“{sentence}”：其中各项之和 {format_number(sum(parts))} 超过总数 {format_number(total)}",
                    values={"sentence": sentence, "total": total, "parts": parts},
                    **_where(p),
                )


@hookimpl
def register_rules(register):
    for r in (figures_vs_tables, statements, breakdowns):
        register(r)

"""AR5xx: figures and statements in the text against the tables (spec check 8 and the
reviewers' statement checks).  Conservative by design: a figure is compared only when the
words around it say which table figure it states (data/text_figures.toml); a figure that
cannot be tied to a cell is left alone."""

from __future__ import annotations

import re

from ..model.layout import table_name
from ..plugins.hookspecs import hookimpl
from ..plugins.rule_api import rule
from ..text.figure_refs import format_number

PARTS = ("一", "二", "三", "四", "五", "六")
MONEY = {"万元": 1.0, "元": 0.0001}  # to 万元, the unit of table A's 收费金额


# --- reading the paragraphs ------------------------------------------------------------------


def _vocabulary(ctx):
    from ..text.figure_phrases import vocabulary

    ref = ctx.reference
    return vocabulary(ref.items("text-figure"), ref.items("text-figure-case"), ref.items("text-figure-words"))


_LAST: list = []  # [(report, vocabulary, readings)]: AR501 and AR503 read the same report


def _readings(report, ctx):
    """(paragraph, Reading) for every paragraph of the six parts."""
    from ..text.figure_phrases import read_paragraph

    vocab = _vocabulary(ctx)
    if _LAST and _LAST[0][0] is report and _LAST[0][1] is vocab:
        return _LAST[0][2]
    readings = [(p, read_paragraph(p.text, vocab, report.edition)) for p in report.paragraphs(PARTS)]
    _LAST[:] = [(report, vocab, readings)]
    return readings


def _where(p):
    return {"part": p.part, "paragraph": p.index}


def _figure(p, reading, fig) -> dict:
    """The figure's number as written, as the finding's quote: an annotated draft's comment is
    anchored to it rather than to the whole paragraph."""
    digits = len(fig.text.removesuffix(fig.unit).rstrip()) if fig.unit else len(fig.text)
    a, b = reading.index[fig.start], reading.index[fig.start + digits - 1] + 1
    quote = p.text[a:b].rstrip()
    return {"quote": quote, "quote_at": a} if quote else {}


# --- table cells -------------------------------------------------------------------------------


def _terms(report, path: str) -> list[tuple[str, str, str]] | None:
    """``B.deny.总计`` → the cells summed: a group stands for its items, the column
    法人或其他组织 for the five kinds of organisation.  None when the report has no such cell."""
    from ..model.layout import B_ORG_COLUMNS

    table, _, rest = path.partition(".")
    row, _, col = rest.rpartition(".")
    data = report.tables.get(table)
    if data is None:
        return None
    layout = data.layout
    if layout.has_row(row):
        rows = [row]
    else:
        rows = [r.id for r in layout.rows if r.group == row]
        if not rows:
            return None
    cols = list(B_ORG_COLUMNS) if col == "法人或其他组织" else [col]
    for r in rows:
        if not {c for c in cols} <= {c.id for c in layout.row(r).columns}:
            return None
    return [(table, r, c) for r in rows for c in cols]


def _has_numbers(data) -> bool:
    return any(isinstance(v, (int, float)) and not isinstance(v, bool) for v in data.values.values())


def _parts_sum(report, table, row):
    """The sum of a row's columns other than 总计, blank cells as 0; None when a cell is not a
    number or none is filled."""
    data = report.tables[table]
    parts = [data.get(row, c.id) for c in data.layout.row(row).columns if c.id != "总计"]
    if any(x is not None and not isinstance(x, (int, float)) for x in parts) or all(x is None for x in parts):
        return None
    return sum(x for x in parts if x is not None)


def _cell(report, table, row, col):
    """(value, how it was read): a blank 总计 is the sum of its row's other columns
    ("parts"); another blank cell of a table that has figures is 0 ("blank"), as a reviewer
    reads it; a cell that holds text is not compared."""
    data = report.tables[table]
    v = data.get(row, col)
    if isinstance(v, (int, float)):
        return v, ""
    if v is not None:
        return None, ""
    if col == "总计":
        s = _parts_sum(report, table, row)
        return (s, "parts") if s is not None else (None, "")
    if _has_numbers(data):
        return 0, "blank"
    return None, ""


def _expected(report, paths):
    """(sum, [notes]) of the cells ``paths`` name, or None when one cannot be read."""
    total, notes = 0, []
    for path in paths:
        terms = _terms(report, path)
        if terms is None:
            return None
        for t, r, c in terms:
            v, how = _cell(report, t, r, c)
            if v is None:
                return None
            if how == "parts":
                notes.append(f"{table_name(t)}“{report.tables[t].layout.row(r).name}”总计未填，按各列之和 {format_number(v)} 计")
            elif how == "blank" and "空白格按 0 计" not in notes:
                notes.append("空白格按 0 计")
            total += v
    return total, notes


def _by_parts(report, paths):
    """The same figure summed from the rows' columns instead of their 总计 cells, blank cells
    as 0: (sum, [(row name, 总计, parts)] of the rows whose 总计 differs from its parts), or
    None when no row's total disagrees with its parts."""
    total, wrong = 0, []
    for path in paths:
        terms = _terms(report, path)
        if terms is None:
            return None
        for t, r, c in terms:
            v, _ = _cell(report, t, r, c)
            if v is None:
                return None
            if c == "总计":
                parts = _parts_sum(report, t, r)
                if parts is None:
                    return None
                if abs(parts - v) > 1e-9:
                    wrong.append((t, report.tables[t].layout.row(r).name, v, parts))
                v = parts
            total += v
    return (total, wrong) if wrong else None


def _self_check(wrong) -> str:
    return "；".join(f"{table_name(t)}“{name}”行总计 {format_number(v)} 与各列之和 {format_number(p)} 不符" for t, name, v, p in wrong)


def _describe(report, paths) -> str:
    """表三“一、本年新收申请”行“总计”列, 表三“（三）不予公开”各项“总计”列之和 …"""
    out = []
    for path in paths:
        table, _, rest = path.partition(".")
        row, _, col = rest.rpartition(".")
        layout = report.tables[table].layout
        if layout.has_row(row):
            where, summed = f"“{layout.row(row).name}”行", False
        else:
            where, summed = f"“{layout.group(row).label}”各项", True
        if col == "法人或其他组织":
            what, summed = "法人或其他组织各列", True
        else:
            what = f"“{col}”列"
        out.append(f"{table_name(table)}{where}{what}{'之和' if summed else ''}")
    return " + ".join(out)


def _cells_of(report, paths):
    """(table, row, col) of the first cell compared, for the finding's values."""
    terms = _terms(report, paths[0]) or []
    return [list(x) for p in paths for x in (_terms(report, p) or [])] if terms else []


def _stated(fig):
    return fig.value * MONEY[fig.unit] if fig.unit in MONEY else fig.value


def _unit_word(fig):
    return fig.unit if fig.unit else ""


@rule("AR501", "text-figure-differs-from-table", title="文字中的数字与表格不一致")
def figures_vs_tables(report, ctx):
    """
    ## 检查内容
    正文中写明的新收申请、上年结转、办结、结转下年度、予以公开、部分公开、不予公开、无法提供、不予处理、
    其他处理、申请人构成、行政复议、行政诉讼及其结果（维持、纠正、尚未审结）、制发和现行有效规范性文件、
    行政事业性收费金额等数字，应与表格中相应的单元格相等。数字可以是阿拉伯数字、全角数字或中文数字
    （“十二件”“一百一十件”“一点五万元”）。读得懂的写法包括：“予以公开及部分公开8件”（两行之和）、
    “共受理……。其中，……”（分项在下一句）、“包括……”“（其中……）”列表、“A、B分别为1件、2件”、
    “复议1件、诉讼2件”“行政复议1件，结果维持”“结果维持1件、纠错1件”（按句中最近提到的复议或诉讼取行）。
    提示引用原句，并写明比较的是哪个单元格。

    ## 为什么
    “表格数据与主要内容之间”要有逻辑关系；文字和表格对不上，说明其中之一写错了，或文字沿用了上年的数。

    ## 严重程度
    错误：正文与法定表格中的同一个数对不上，审核时会退回修改。只比较措辞明确对应某个单元格的数字，
    说法对不上任何单元格的数字一律不比较，所以不会因为读不懂而报错。

    ## 示例
    “全年共收到政府信息公开申请15件”中本年新收申请 15 件，而表三“一、本年新收申请”“总计”为 14

    ## 配置
    说法与单元格的对应在 data/text_figures.toml 中，工作区可在 reference/*.toml 中增补 [[figure]]。
    “收到……申请N件”有时包括上年结转的申请：等于新收与上年结转之和时不报告。表格“总计”未填而各列都填了时，
    与各列之和比较，提示中说明。信息处理费（第六部分）不与表二的行政事业性收费比较。
    """
    for p, reading in _readings(report, ctx):
        for tie in reading.ties.values():
            expected = _expected(report, tie.cells)
            if expected is None:
                continue
            value, notes = expected
            stated = _stated(tie.figure)
            if abs(stated - value) < 1e-6:
                continue
            parts = _by_parts(report, tie.cells)  # only for a figure that differs from the cells
            if parts is not None and abs(stated - parts[0]) < 1e-6:
                continue  # the table disagrees with itself and the text agrees with its parts: AR505
            also = []
            accepted = False
            for e in tie.entries:
                for alt in e.also:
                    got = _expected(report, list(alt))
                    if got is not None:
                        if abs(got[0] - stated) < 1e-6 and len(tie.entries) == 1:
                            accepted = True
                        also.append((alt, got[0]))
            if accepted:
                continue
            name = "与".join(e.name for e in tie.entries) if len(tie.entries) > 1 else tie.entries[0].name
            sentence = reading.quote(tie.sentence)
            unit = "万元" if tie.figure.unit in MONEY else ""
            compared = f"{_describe(report, tie.cells)}为 {format_number(value)}{unit}"
            if len(tie.entries) == 1 and also:
                compared += "（" + "；".join(f"{_describe(report, list(a))}为 {format_number(v)}" for a, v in also) + "）"
            if notes:
                compared += "（" + "；".join(notes) + "）"
            if parts is not None:
                compared += f"（表格本身也不一致：{_self_check(parts[1])}）"
            if tie.figure.unit == "元" and abs(tie.figure.value - value) < 1e-6:
                compared += "（该列以万元为单位，表中数字似按元填写）"
            elif tie.figure.unit == "万元" and value and abs(tie.figure.value * 10000 - value) < 1e-6:
                compared += "（该列以万元为单位，表中数字似按元填写）"
            written = f"{format_number(tie.figure.value)} {tie.figure.unit}"
            yield ctx.finding(
                f"“{sentence}”中{name} {written}，而{compared}",
                values={
                    "sentence": sentence,
                    "stated": tie.figure.value,
                    "unit": tie.figure.unit,
                    "table": value,
                    "what": name,
                    "cells": _cells_of(report, tie.cells),
                    "from_parts": any("总计未填" in n for n in notes),
                },
                **_where(p),
                **_figure(p, reading, tie.figure),
            )


@rule("AR505", "text-follows-one-side-of-a-wrong-total", title="表格总计与分项不符，文字与其中一方一致", severity="info")
def text_follows_one_side(report, ctx):
    """
    ## 检查内容
    正文中的数字对应的表格行，“总计”与该行各列之和（空白格按 0 计）本身就不一致（AR101、AR106 报告的
    错误），而文字与其中之一相符。提示说明文字与哪一个数一致，便于确定改哪一处。

    ## 为什么
    表格自相矛盾时，文字与总计不同并不说明文字错了：常见的是总计抄错、文字按分项写的。先改正表格，
    再按改正后的表格核对文字；文字从来不因为与写错的总计不同而被当作错误。

    ## 严重程度
    提示：错误在表格（由表格规则报告），文字只是与其中一方一致。

    ## 示例
    “全年予以公开13件”与表三“（一）予以公开”行各列之和 13 一致，而该行总计为 14：表格本身不一致，请先改正表格

    ## 配置
    无选项。
    """
    for p, reading in _readings(report, ctx):
        for tie in reading.ties.values():
            expected = _expected(report, tie.cells)
            if expected is None:
                continue
            parts = _by_parts(report, tie.cells)
            if parts is None:
                continue
            stated, value = _stated(tie.figure), expected[0]
            if abs(stated - parts[0]) < 1e-6:
                side = f"与{_describe(report, tie.cells).replace('“总计”列', '各列')}之和 {format_number(parts[0])} 一致，而表格总计为 {format_number(value)}"
            elif abs(stated - value) < 1e-6:
                side = f"与{_describe(report, tie.cells)}的总计 {format_number(value)} 一致，而该行各列之和为 {format_number(parts[0])}"
            else:
                continue  # neither: AR501
            sentence = reading.quote(tie.sentence)
            yield ctx.finding(
                f"“{sentence}”{side}：表格本身不一致，请先改正表格",
                values={"sentence": sentence, "stated": tie.figure.value, "total": value, "parts": parts[0], "rows": [w[1] for w in parts[1]]},
                **_where(p),
                **_figure(p, reading, tie.figure),
            )


# --- statements ------------------------------------------------------------------------------------


def _statement_patterns(ctx, edition):
    """(statement, compiled patterns) of the report's edition, from the reference data."""
    from ..text.figure_phrases import statement_patterns

    return statement_patterns(tuple(s for s in ctx.reference.items("text-statement") if edition in s.editions))


NO_LITIGATION = re.compile(r"(?:无|未发生|没有|未有)(?:因?政府信息公开(?:引起|引发)?的?)?(?:行政复议[、和及与或]行政诉讼|行政复议|行政诉讼)")
ALL_UPHELD = re.compile(r"(?:均|全部|都)(?:获|被|予以|得到|已被)?(?:依法)?维持")
SENTENCE = re.compile(r"[^。；;！!？?\n]+")


def _sentences(report):
    from ..text.numerals import normalise

    for p in report.paragraphs(PARTS):
        for m in SENTENCE.finditer(p.text):
            sentence = m.group(0).strip()
            if sentence:
                yield p, sentence, normalise(sentence)


def _case_rows(vocab, sentence: str) -> set[str]:
    """Table C rows a sentence is about (every 复议/诉讼 mention, longest words first)."""
    rows: set[str] = set()
    rest = sentence
    for word, which in vocab.cases:
        if word in rest:
            rows |= set(which)
            rest = rest.replace(word, "")
    return rows


@rule("AR502", "statement-contradicts-table", title="文字表述与表格数字矛盾")
def statements(report, ctx):
    """
    ## 检查内容
    “所有申请均已办结”“全部按期答复”“无结转”而表三结转下年度不为 0；“未收到政府信息公开申请”而表三本年新收
    不为 0；“均已审结”而表四有尚未审结的案件；“未发生行政处罚”“未收取行政事业性收费”“未制发规范性文件”
    而表二相应格不为 0；“无行政复议、行政诉讼”而表四有案件；“均获维持”而表四相应行有纠正、其他结果或尚未审结的案件。

    ## 为什么
    这类句子常是从往年报告沿用下来的，与本年表格矛盾，读者会怀疑整份报告的准确性。

    ## 严重程度
    错误：文字明确说了一件与法定表格相反的事，审核时会退回修改。

    ## 示例
    “所有申请均已按期办结”与表三“四、结转下年度”行“总计”列为 2 矛盾

    ## 配置
    无选项。表述与单元格的对应见 data/text_figures.toml 的 [[statement]]，复议、诉讼的说法见 [[case]]；
    工作区可在 reference/*.toml 中增补。
    """
    c = report.tables.get("C")
    vocab = _vocabulary(ctx) if c is not None else None
    said = _statement_patterns(ctx, report.edition)
    for p, sentence, norm in _sentences(report):
        for st, patterns in said:
            if not any(x.search(norm) for x in patterns):
                continue
            got = _expected(report, st.cells)
            if got is None:
                continue
            v = got[0]
            if (st.says == "zero") == (abs(v) > 1e-9):
                where = _describe(report, st.cells)
                yield ctx.finding(f"“{sentence}”与{where}为 {format_number(v)} 矛盾", values={"sentence": sentence, "table": v, "what": st.name}, **_where(p))
        if c is None:
            continue
        m = NO_LITIGATION.search(norm)
        if m:
            which = m.group(0)
            rows = []
            if "复议" in which:
                rows.append("review")
            if "诉讼" in which:
                rows += ["direct", "after_review"]
            total = sum(v for r in rows if isinstance(v := _cell(report, "C", r, "总计")[0], (int, float)))
            if total > 0:
                yield ctx.finding(f"“{sentence}”与表四矛盾：表四相应案件总计 {format_number(total)}", values={"sentence": sentence, "table": total}, **_where(p))
        upheld = ALL_UPHELD.search(norm)
        if upheld:
            before = norm[: upheld.start()]
            clause = re.split(r"[,，、]", before)[-1]  # "行政复议均获维持": the clause says which
            for r in sorted(_case_rows(vocab, clause) or _case_rows(vocab, before)):
                other = {col: c.get(r, col) for col in ("结果纠正", "其他结果", "尚未审结")}
                bad = {k: v for k, v in other.items() if isinstance(v, (int, float)) and v > 0}
                if bad:
                    listed = "、".join(f"{k} {format_number(v)}" for k, v in bad.items())
                    yield ctx.finding(
                        f"“{sentence}”与表四“{c.layout.row(r).name}”行矛盾：{listed}",
                        values={"sentence": sentence, "row": r, "table": bad},
                        **_where(p),
                    )


# --- lists -----------------------------------------------------------------------------------------------


@rule("AR503", "breakdown-exceeds-total", title="“其中”各项之和与所述总数不符", severity="warning")
def breakdowns(report, ctx):
    """
    ## 检查内容
    “共……N件，其中……a件、……b件”一类列表（也包括“包括……”、冒号和括号中的列表，分项写在下一句
    “其中，……”的也算），分项之和不应超过前面的总数；列表声称列全了（“分别为”，或列出了一组的全部分项，
    如予以公开、部分公开、不予公开、无法提供、不予处理、其他处理六项都写了）时，分项之和也不应少于总数。
    列表在右括号、句号或第一个不是分项的分句处结束。

    ## 为什么
    分项之和超过总数，可能是总数或分项写错了（常见于改了总数忘了改分项），也可能是渠道之间有重复。
    单独一项就大于总数、或声称列全的分项之和大于总数的，由 AR506 按错误报告，不在此重复。

    ## 严重程度
    警告：渠道可能重叠，分项之和大于总数不一定是错；审核人要核对，但单凭这一条通常不退回。

    ## 示例
    “共答复申请13件，其中予以公开8件、部分公开6件”：其中各项之和 14 超过总数 13

    ## 配置
    分项之和小于总数、而列表没有声称列全时不报告（分项可能只列了一部分）。
    """
    for p, reading, lst, total, parts, sentence in _lists(report, ctx):
        s = sum(parts)
        if max(parts) > total.value + 1e-9 or (lst.complete and s > total.value + 1e-9) or len(parts) < 2:
            continue  # AR506
        values = {"sentence": sentence, "total": total.value, "parts": parts, "complete": lst.complete}
        where = {**_where(p), **_figure(p, reading, total)}
        if s > total.value + 1e-9:
            yield ctx.finding(f"“{sentence}”：其中各项之和 {format_number(s)} 超过总数 {format_number(total.value)}", values=values, **where)
        elif lst.complete and s < total.value - 1e-9:
            yield ctx.finding(f"“{sentence}”：列出的全部分项之和 {format_number(s)} 少于总数 {format_number(total.value)}", values=values, **where)


def _lists(report, ctx):
    """(paragraph, reading, list, total figure, part values, quoted sentence) of every list."""
    for p, reading in _readings(report, ctx):
        for lst in reading.lists:
            total = reading.figures[lst.total]
            parts = [reading.figures[k].value for k in lst.items]
            first = reading.sentence_of(total.start)
            last = reading.sentence_of(reading.figures[lst.items[-1]].start)
            yield p, reading, lst, total, parts, reading.quote((first[0], last[1]))


@rule("AR506", "part-exceeds-whole", title="文字中的分项大于总数")
def part_exceeds_whole(report, ctx):
    """
    ## 检查内容
    “共……N条，其中/包括……”一类列表（括号中的嵌套列表也算）中，某一个分项就大于前面的总数；或者列表写明
    “分别为”、列出了一组的全部分项，而分项之和大于总数。

    ## 为什么
    一个分项不可能多于它所属的总数，多半是总数或分项少写、多写了一位，或改了一处忘了另一处。渠道之间
    可能重复（一条信息同时在网站和新媒体发布），所以几项加起来超过总数只作提示（AR503）；但单独一项
    超过总数，或声称列全了的分项加起来超过总数，就是错的。

    ## 严重程度
    错误：文字本身的数字自相矛盾，审核时会退回修改。

    ## 示例
    “主动公开政府信息70条。其中，通过门户网站52条；通过公开栏75条”：分项“通过公开栏”75 大于总数 70

    ## 配置
    无选项。列表的读法同 AR503。
    """
    for p, reading, lst, total, parts, sentence in _lists(report, ctx):
        values = {"sentence": sentence, "total": total.value, "parts": parts, "complete": lst.complete}
        where = {**_where(p), **_figure(p, reading, total)}
        biggest = max(parts)
        if biggest > total.value + 1e-9:
            k = lst.items[parts.index(biggest)]
            fig = reading.figures[k]
            prev = reading.figures[k - 1].end if k else 0
            label = re.split(r"[,，、;；:：(（。]", reading.text[prev : fig.start])[-1].strip()
            named = ("分项" + label if "“" in label else f"分项“{label}”") if label else "分项"
            yield ctx.finding(f"“{sentence}”：{named} {format_number(biggest)} 大于总数 {format_number(total.value)}", values=values, **where)
        elif lst.complete and sum(parts) > total.value + 1e-9:
            yield ctx.finding(f"“{sentence}”：列全的各分项之和 {format_number(sum(parts))} 大于总数 {format_number(total.value)}", values=values, **where)


# --- amounts ---------------------------------------------------------------------------------------------

_FEE_WORDS = ("收费", "信息处理费", "费用")


@rule("AR504", "implausible-fee-amount", title="收费金额的精度或单位不合常理", severity="warning")
def fee_amounts(report, ctx):
    """
    ## 检查内容
    正文中的行政事业性收费、信息处理费金额：以万元为单位却写到元以下（小数超过 4 位，如“0.123456万元”），
    以元为单位却写到分以下（小数超过 2 位）。

    ## 为什么
    这样的金额几乎总是单位写错（把元当作万元）或从表格计算结果直接粘贴，读者无法判断实际收了多少钱。

    ## 严重程度
    警告：不一定是错的数字，但需要核实单位和金额。

    ## 示例
    “本年度收取信息处理费0.00355万元”：金额以万元为单位却精确到元以下（小数 5 位）

    ## 配置
    无选项。
    """
    from ..text.numerals import figures

    for p, sentence, norm in _sentences(report):
        if not any(w in norm for w in _FEE_WORDS):
            continue
        for f in figures(norm):
            if f.unit not in MONEY or not any(w in norm[: f.start] for w in _FEE_WORDS):
                continue
            limit = 4 if f.unit == "万元" else 2
            if f.decimals > limit:
                finer = "元" if f.unit == "万元" else "分"
                yield ctx.finding(
                    f"“{sentence}”：金额 {f.text.strip()} 以{f.unit}为单位却精确到{finer}以下（小数 {f.decimals} 位）",
                    values={"sentence": sentence, "amount": f.value, "unit": f.unit, "decimals": f.decimals},
                    **_where(p),
                )


@hookimpl
def register_rules(register):
    for r in (figures_vs_tables, statements, breakdowns, fee_amounts, text_follows_one_side, part_exceeds_whole):
        register(r)

"""AR1xx: the arithmetic of tables A, B and C within one report (spec identities 1–5, 9–11)."""

from __future__ import annotations

import re
from typing import Iterable

from ..model.layout import B_COMPONENT_COLUMNS, B_ORG_COLUMNS, C_RESULT_COLUMNS, table_name
from ..plugins.hookspecs import hookimpl
from ..plugins.rule_api import rule
from ..text.figure_refs import format_number


def _n(v) -> str:
    return "空" if v is None else format_number(v)


def _sum_text(parts: Iterable[tuple[str, object]]) -> str:
    """The summed cells as a person checks them: the non-zero ones, then "其余为 0"."""
    parts = list(parts)
    shown = [(k, v) for k, v in parts if v]
    if not shown:
        return "各项均为 0"
    text = " + ".join(f"{k} {_n(v)}" for k, v in shown)
    return text + ("，其余为 0" if len(shown) < len(parts) else "")


def _complete(values) -> bool:
    return all(v is not None for v in values)


def _numbers(values) -> bool:
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)


def _item_name(row, width: int = 14) -> str:
    """A result row as named in a sum: "（一）予以公开", "（三）6.属于四类过程性信息",
    "（六）1.申请人无正当理由逾期不补正…"."""
    if row.group == "result":
        return row.name
    label = row.label if len(row.label) <= width else row.label[: width - 1] + "…"
    return row.short[:3] + label


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _sum_with_blanks(parts, totals):
    """A sum as a reviewer checks it: blank cells (None) count as 0.

    ``parts`` are (name, value) pairs and ``totals`` the values the sum is compared with.
    Returns (sum, names of the blank parts), or None when the sum cannot be checked: a total
    is blank (AR109 or AR108 speak of it) or a cell holds something that is not a number
    (AR107)."""
    if any(not _is_number(t) for t in totals):
        return None
    if any(v is not None and not _is_number(v) for _, v in parts):
        return None
    blanks = [k for k, v in parts if v is None]
    return sum(v for _, v in parts if v is not None), blanks


def _blank_prefix(blanks, expected, total) -> str:
    """What a sum with blank cells is: filled parts that already exceed the total are wrong
    whatever the blanks hold; otherwise the total agrees only if a blank is not 0."""
    if not blanks:
        return ""
    return "已填分项之和已超过总计，" if expected > total else "空白格按 0 计，"


def _blank_suffix(blanks, limit: int = 3) -> str:
    if not blanks:
        return ""
    shown = "、".join(blanks[:limit]) + ("等" if len(blanks) > limit else "")
    return f"；空白格：{shown}"


def _unknown_total(table, row_id: str, col: str) -> bool:
    """A blank 总计 whose row has non-zero parts: it is not 0 but missing (AR109), so the
    sums that use it are not checked."""
    if col != "总计" or table.get(row_id, col) is not None:
        return False
    return any(_is_number(v) and v for c in table.layout.row(row_id).columns if c.id != "总计" for v in [table.get(row_id, c.id)])


def _result_rows(layout):
    return [r for r in layout.rows if r.group is not None and r.id != "total"]


def _row_totals(report, ctx, name: str, components, wording: str):
    """Each row's 总计 against the sum of its ``components`` (tables B and C), blank cells
    counted as 0; a blank 总计 or a cell that is not a number is left to AR107–AR109."""
    table = report.tables.get(name)
    if table is None:
        return
    for row in table.layout.rows:
        parts = [(c, table.get(row.id, c)) for c in components]
        total = table.get(row.id, "总计")
        checked = _sum_with_blanks(parts, [total])
        if checked is None:
            continue
        expected, blanks = checked
        if total != expected:
            yield ctx.finding(
                _blank_prefix(blanks, expected, total)
                + f"{table_name(name)}“{row.name}”"
                + wording.format(total=_n(total), expected=_n(expected))
                + f"（{_sum_text(parts)}{_blank_suffix(blanks)}）",
                table=name,
                row=row.id,
                column="总计",
                values={"expected": expected, "actual": total, "cells": dict(parts), "blank": blanks},
            )


@rule("AR101", "table-b-row-total", title="表三 各行“总计”列应等于自然人与各类法人或其他组织之和")
def row_totals(report, ctx):
    """
    ## 检查内容
    表三每一行的“总计”列 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他（勾稽关系 1）。

    ## 为什么
    “总计”是横向合计，填表时最常见的错误是改了某一列却忘了改总计，或把小计列也加进了总计。

    ## 示例
    表三“（一）予以公开”行：总计 12 ≠ 自然人至其他各列之和 11（自然人 8 + 商业企业 3，其余为 0）

    ## 配置
    无选项。空白格（或“—”“/”等）按 0 计：已填各列之和已超过总计的，无论空白格是什么都是错误；
    只有空白格不为 0 才能对上的，提示以“空白格按 0 计”开头。“总计”本身未填写的由 AR108/AR109 报告。
    """
    yield from _row_totals(report, ctx, "B", B_COMPONENT_COLUMNS, "行：总计 {total} ≠ 自然人至其他各列之和 {expected}")


@rule("AR102", "table-b-group-subtotal", title="草稿自加的分组小计行应等于该组各项之和")
def group_subtotals(report, ctx):
    """
    ## 检查内容
    法定表格中（三）不予公开、（四）无法提供、（五）不予处理、（六）其他处理没有小计行，但不少草稿自行加了
    一行小计。凡有小计行的，每一列的小计应等于该组各项之和（勾稽关系 2）。

    ## 为什么
    小计行不在法定格式中，却常被当作分项参与（七）总计的计算，或与分项不符。

    ## 示例
    表三“（三）不予公开”小计行“自然人”列：小计 3 ≠ 分项之和 2（3.危及“三安全一稳定” 1 + 4.保护第三方合法权益 1）

    ## 配置
    无选项。
    """
    table = report.tables.get("B")
    if table is None or not table.subtotals:
        return
    layout = table.layout
    for (group, col), subtotal in sorted(table.subtotals.items()):
        items = layout.items(group) if group != "result" else ()
        if not items or subtotal is None:
            continue
        parts = [(r.label, table.get(r.id, col)) for r in items]
        checked = _sum_with_blanks(parts, [subtotal])
        if checked is None:
            continue
        expected, blanks = checked
        if subtotal != expected:
            label = layout.group(group).label
            yield ctx.finding(
                f"{_blank_prefix(blanks, expected, subtotal)}表三“{label}”小计行“{col}”列：小计 {_n(subtotal)} ≠ 分项之和 {_n(expected)}（{_sum_text(parts)}{_blank_suffix(blanks)}）",
                table="B",
                row=group,
                column=col,
                values={"expected": expected, "actual": subtotal, "cells": dict(parts), "blank": blanks},
            )


@rule("AR103", "table-b-grand-total", title="表三（七）总计应等于（一）至（六）各项之和")
def grand_total(report, ctx):
    """
    ## 检查内容
    每一列的“（七）总计” = （一）予以公开 + （二）部分公开 + （三）至（六）的全部分项（勾稽关系 3）。

    ## 为什么
    （七）总计是本年度办结的申请数，后面的收支平衡（AR104）和与上年、下年的衔接都以它为准。

    ## 示例
    表三“（七）总计”行“自然人”列：总计 10 ≠ 办理结果各项之和 9（（一）予以公开 5 + …）

    ## 配置
    无选项。
    """
    table = report.tables.get("B")
    if table is None:
        return
    rows = _result_rows(table.layout)
    for col in [c.id for c in table.layout.row("total").columns]:
        if any(_unknown_total(table, r.id, col) for r in rows):
            continue
        parts = [(_item_name(r), table.get(r.id, col)) for r in rows]
        total = table.get("total", col)
        checked = _sum_with_blanks(parts, [total])
        if checked is None:
            continue
        expected, blanks = checked
        if total != expected:
            yield ctx.finding(
                f"{_blank_prefix(blanks, expected, total)}表三“（七）总计”行“{col}”列：总计 {_n(total)} ≠ 办理结果各项之和 {_n(expected)}（{_sum_text(parts)}{_blank_suffix(blanks)}）",
                table="B",
                row="total",
                column=col,
                values={"expected": expected, "actual": total, "cells": dict(parts), "blank": blanks},
            )


@rule("AR104", "table-b-balance", title="表三 收支应平衡：一 + 二 = 三（七）+ 四")
def balance(report, ctx):
    """
    ## 检查内容
    表三左上角注明的勾稽关系：本年新收（一）+ 上年结转（二）= 本年度办结（三（七））+ 结转下年度（四），逐列核对
    （勾稽关系 4）。

    ## 为什么
    每一件申请要么办结，要么结转下年，不能凭空多出或消失。

    ## 示例
    表三“自然人”列：新收 10 + 上年结转 2 = 12，办结 9 + 结转下年度 2 = 11，相差 1

    ## 配置
    无选项。
    """
    table = report.tables.get("B")
    if table is None:
        return
    for col in [c.id for c in table.layout.row("new").columns]:
        if any(_unknown_total(table, r, col) for r in ("new", "carried_in", "total", "carried_out")):
            continue
        new, cin, done, cout = (table.get(r, col) for r in ("new", "carried_in", "total", "carried_out"))
        values = [new, cin, done, cout]
        if all(v is None for v in values) or any(v is not None and not _is_number(v) for v in values):
            continue
        blank = any(v is None for v in values)
        new, cin, done, cout = (0 if v is None else v for v in values)
        left, right = new + cin, done + cout
        if left != right:
            yield ctx.finding(
                ("空白格按 0 计，" if blank else "") + f"表三“{col}”列：新收 {_n(new)} + 上年结转 {_n(cin)} = {_n(left)}，办结 {_n(done)} + 结转下年度 {_n(cout)} = {_n(right)}，相差 {_n(abs(left - right))}",
                table="B",
                row="carried_out",
                column=col,
                values={"new": new, "carried_in": cin, "handled": done, "carried_out": cout, "blank": blank},
            )


@rule("AR105", "table-b-handled-exceeds-received", title="表三 办结数不应超过新收与上年结转之和")
def handled_not_more_than_received(report, ctx):
    """
    ## 检查内容
    每一列的（七）总计 ≤ 一 + 二：办结的申请不可能多于本年新收加上年结转。

    ## 为什么
    办结数超过可办理的申请，说明（七）总计或某个分项多计了，或新收、结转少计了。

    ## 示例
    表三“自然人”列：办结 15 > 新收 10 + 上年结转 2 = 12

    ## 配置
    无选项。
    """
    table = report.tables.get("B")
    if table is None:
        return
    for col in [c.id for c in table.layout.row("new").columns]:
        if any(_unknown_total(table, r, col) for r in ("new", "carried_in")):
            continue
        new, cin, done = (table.get(r, col) for r in ("new", "carried_in", "total"))
        if not _is_number(done) or any(v is not None and not _is_number(v) for v in (new, cin)):
            continue
        blank = new is None or cin is None
        new, cin = (0 if v is None else v for v in (new, cin))
        if done > new + cin:
            yield ctx.finding(
                ("空白格按 0 计，" if blank else "") + f"表三“{col}”列：办结 {_n(done)} > 新收 {_n(new)} + 上年结转 {_n(cin)} = {_n(new + cin)}",
                table="B",
                row="total",
                column=col,
                values={"new": new, "carried_in": cin, "handled": done},
            )


@rule("AR106", "table-c-total", title="表四 各“总计”应等于结果维持、结果纠正、其他结果、尚未审结之和")
def table_c_totals(report, ctx):
    """
    ## 检查内容
    行政复议、未经复议直接起诉、复议后起诉三组，每组的总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结（勾稽关系 5）。

    ## 为什么
    表四只有一行十五个数，最容易把某组总计写成另一组的数。

    ## 示例
    表四“行政复议”：总计 3 ≠ 各项之和 2（结果维持 1 + 结果纠正 1）

    ## 配置
    无选项。
    """
    yield from _row_totals(report, ctx, "C", C_RESULT_COLUMNS, "：总计 {total} ≠ 各项之和 {expected}")


@rule("AR107", "value-not-count", title="件数应为非负整数，金额应为非负数")
def value_kinds(report, ctx):
    """
    ## 检查内容
    三张表中的件数必须是非负整数，金额必须是非负数；2019年版表二的“本年增/减”可以为负，但必须是整数。

    ## 为什么
    负数、小数件数或把文字填进数字格，多是录入错误，也会让其他核对失去意义。

    ## 示例
    表三“（二）部分公开”行“自然人”列：件数应为非负整数，实际为 -1

    ## 配置
    无选项。
    """
    for name, table in sorted(report.tables.items()):
        for row in table.layout.rows:
            for col in row.columns:
                v = table.get(row.id, col.id)
                if v is None:
                    continue
                raw = table.raw.get((row.id, col.id))
                shown = raw if raw else _n(v) if isinstance(v, (int, float)) else repr(v)
                bad = None
                if not isinstance(v, (int, float)) or isinstance(v, bool):
                    bad = "应为数字"
                elif col.kind == "count" and (v < 0 or v != int(v)):
                    bad = "件数应为非负整数"
                elif col.kind == "amount" and v < 0:
                    bad = "金额应为非负数"
                elif col.kind == "signed" and v != int(v):
                    bad = "增减数应为整数"
                if bad:
                    yield ctx.finding(
                        f"{table_name(name)}“{row.name}”行“{col.label}”列：{bad}，实际为 {shown}",
                        table=name,
                        row=row.id,
                        column=col.id,
                        values={"actual": v},
                    )


def _blank_cells(report):
    """Cells left blank; not those of a row the document does not have at all (a table read
    from a document whose row is missing is reported once, as a missing row, by AR015)."""
    for name, table in sorted(report.tables.items()):
        for row in table.layout.rows:
            if table.sources and not any((row.id, c.id) in table.sources for c in row.columns):
                continue
            for col in row.columns:
                if table.get(row.id, col.id) is None:
                    yield name, table, row, col


NOT_APPLICABLE = {"/", "不涉及", "不适用"}  # how a draft says a row does not apply to the body (NFKC, no spaces)


def _not_applicable(ctx, name: str, row, raw: str | None) -> bool:
    """A “/” or “不涉及” in a row that does not apply to the body's level (表二“规章” for a body
    that does not make 规章): “not applicable”, not a blank left to fill."""
    import unicodedata

    if re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw or "")) not in NOT_APPLICABLE:
        return False
    level = ctx.body_level.level
    return name == "A" and row.id == "规章" and bool(level) and level != "其他" and level not in RULE_MAKERS


def _known_components(table, row) -> list:
    return [v for c in row.columns if c.id != "总计" for v in [table.get(row.id, c.id)] if _numbers([v]) and v is not None]


def _total_contradicted(table, row, col) -> bool:
    """A blank 总计 whose filled components are not all zero (AR109's case)."""
    return col.id == "总计" and any(v != 0 for v in _known_components(table, row))


BLANKS_SHOWN = 4  # blank cells named in AR108's message; the rest are counted


@rule("AR108", "missing-value", title="表格中有未填写的单元格（空白、“—”、“/”等）", severity="warning")
def missing_value(report, ctx):
    """
    ## 检查内容
    表格中的单元格是空白，或填了“—”“-”“/”“无”等。各合计、平衡关系核对时**按 0 计**（审核人也这样读）：
    只有空白格不为 0 才能对上的合计，由相应规则以“空白格按 0 计”报告错误（在此说明一次）。
    每张表报告一次：未填写的格数，以及前几格所在的行和列（批注标在第一格上）。

    ## 为什么
    法定格式要求每个单元格都填数字，没有的填 0。空白格在核对时无法判断是 0 还是漏填。

    ## 示例
    表三有 12 格未填写：“一、本年新收申请”行“商业企业”列（原文“—”）、“一、本年新收申请”行“科研机构”列（原文“—”）等，合计已按空白格为 0 核对，请填写 0

    ## 配置
    无选项。“总计”未填写而已填分项不全为 0 的，是实质性漏填，由 AR109 按错误报告，不计入本规则。
    与本机关层级无关的行写“/”“不涉及”“不适用”（如乡镇、县级部门等不制定规章的机关在表二“规章”行写“/”），
    是“不适用”的常见写法，不算未填写。

    ## 严重程度
    警告：很多机关习惯把没有发生的事项留空或写“—”，意思是 0；审核时会要求改填 0，但不会因此退回报告。
    """
    by_table: dict[str, list] = {}
    for name, table, row, col in _blank_cells(report):
        if _total_contradicted(table, row, col):
            continue  # AR109
        if _not_applicable(ctx, name, row, table.raw.get((row.id, col.id))):
            continue
        by_table.setdefault(name, []).append((table, row, col))
    for name, cells in by_table.items():
        def original(table, row, col) -> str:
            raw = table.raw.get((row.id, col.id))
            return f"（原文“{raw}”）" if raw and raw.strip() else ""

        def place(table, row, col) -> str:
            return f"“{row.name}”行“{col.label}”列{original(table, row, col)}"

        table, row, col = cells[0]
        if len(cells) == 1:
            message = f"{table_name(name)}“{row.name}”行“{col.label}”列未填写{original(table, row, col)}，合计已按空白格为 0 核对，请填写 0"
        else:
            shown = "、".join(place(*c) for c in cells[:BLANKS_SHOWN]) + ("等" if len(cells) > BLANKS_SHOWN else "")
            message = f"{table_name(name)}有 {len(cells)} 格未填写：{shown}，合计已按空白格为 0 核对，请填写 0"
        yield ctx.finding(
            message,
            table=name,
            row=row.id,
            column=col.id,
            values={"count": len(cells), "cells": [[r.id, c.id] for _, r, c in cells], "raw": table.raw.get((row.id, col.id)) or ""},
        )


@rule("AR109", "missing-total", title="“总计”未填写，而已填的分项不全为 0")
def missing_total(report, ctx):
    """
    ## 检查内容
    表三或表四某行的“总计”未填写（空白、“—”、“/”等），但同一行已填的分项中有不为 0 的数。

    ## 为什么
    有申请（或复议、诉讼）却不填总计，是实质性漏填，不只是格式问题。分项全为 0 或也未填写时，
    只按缺项（AR108，警告）报告。

    ## 示例
    表三“一、本年新收申请”行“总计”未填写，而已填分项之和为 12

    ## 配置
    无选项。

    ## 严重程度
    错误：总计是报告使用者最先看的数，有分项却没有总计，审核时会退回补填。
    """
    for name, table, row, col in _blank_cells(report):
        if not _total_contradicted(table, row, col):
            continue
        known = _known_components(table, row)
        blanks = sum(1 for c in row.columns if c.id != "总计" and table.get(row.id, c.id) is None)
        rest = f"（另有 {blanks} 个分项也未填写）" if blanks else ""
        yield ctx.finding(
            f"{table_name(name)}“{row.name}”行“总计”未填写，而已填分项之和为 {_n(sum(known))}{rest}",
            table=name,
            row=row.id,
            column=col.id,
            values={"components": sum(known), "blank_components": blanks},
        )


FEE_COLUMN = {"2021": "本年收费金额（单位：万元）"}


@rule(
    "AR110",
    "fee-looks-like-yuan",
    title="行政事业性收费金额过大，可能误以“元”为单位填写",
    severity="warning",
    options={"threshold": 10000},
    editions=("2021",),
)
def fee_unit(report, ctx):
    """
    ## 检查内容
    2021年版表二“行政事业性收费”的“本年收费金额”单位是**万元**。金额达到阈值（默认 10000 万元，即 1 亿元）时提示核实。

    ## 为什么
    把“元”当“万元”填写会使金额放大一万倍，是常见的单位错误。

    ## 示例
    表二“行政事业性收费”本年收费金额 35000 万元，超过 10000 万元，请核实单位是否为万元

    ## 配置
    [rules.options.AR110] threshold = 50000（设区的市、省级部门收费规模大时可调高）
    """
    table = report.tables.get("A")
    if table is None or table.edition != "2021":
        return
    col = FEE_COLUMN["2021"]
    v = table.get("行政事业性收费", col)
    threshold = ctx.options.get("threshold", 10000)
    if isinstance(v, (int, float)) and v >= threshold:
        yield ctx.finding(
            f"表二“行政事业性收费”本年收费金额 {_n(v)} 万元，超过 {_n(threshold)} 万元，请核实单位是否为万元",
            table="A",
            row="行政事业性收费",
            column=col,
            values={"actual": v, "threshold": threshold},
        )


def _decimals(raw: str, value) -> int:
    """Decimal places of a cell as typed ("86.314725" → 6), or of its value when the text is
    not kept."""
    import unicodedata

    text = unicodedata.normalize("NFKC", raw or "").strip()
    text = text.rstrip("万元").strip() if text else ""
    if text and "." in text:
        return len(text.partition(".")[2].rstrip())
    if isinstance(value, float) and not value.is_integer():
        return len(repr(value).partition(".")[2])
    return 0


AMOUNT_CELLS = {
    "2021": (("行政事业性收费", "本年收费金额（单位：万元）"),),
    "2019": (("政府集中采购", "采购总金额"),),
}


@rule("AR114", "amount-cell-precision", title="表格中的金额精度不合常理（万元写到元以下）", severity="warning")
def amount_precision(report, ctx):
    """
    ## 检查内容
    表二中以万元为单位的金额（2021年版“行政事业性收费”本年收费金额，2019年版“政府集中采购”采购总金额）
    写到了小数点后 5 位以上，即精确到元以下，如“86.314725”。

    ## 为什么
    以万元为单位时小数 4 位已是“元”。更多位数几乎总是单位写错（把元当作万元后又换算），或从表格公式结果
    直接粘贴，读者无法判断实际金额。正文中的同类金额由 AR504 检查。

    ## 示例
    表二“行政事业性收费”本年收费金额 86.314725 万元：以万元为单位却精确到元以下（小数 6 位）

    ## 配置
    无选项。

    ## 严重程度
    警告：金额不一定错，但需要核实单位和数值。
    """
    table = report.tables.get("A")
    if table is None:
        return
    for row_id, col in AMOUNT_CELLS.get(table.edition, ()):
        if not table.layout.has_row(row_id):
            continue
        v = table.get(row_id, col)
        if not _is_number(v):
            continue
        raw = table.raw.get((row_id, col)) or ""
        places = _decimals(raw, v)
        if places > 4:
            shown = raw.strip() or _n(v)
            yield ctx.finding(
                f"表二“{row_id}”{col.split('（')[0]} {shown} 万元：以万元为单位却精确到元以下（小数 {places} 位）",
                table="A",
                row=row_id,
                column=col,
                values={"actual": v, "decimals": places},
            )


RULE_MAKERS = ("国务院部门", "省级政府", "市级政府")


@rule(
    "AR111",
    "rules-by-non-rule-maker",
    title="非规章制定机关填报了规章",
    severity="warning",
    options={"rule_makers": list(RULE_MAKERS)},
)
def rules_by_non_maker(report, ctx):
    """
    ## 检查内容
    只有国务院部门和省、自治区、直辖市及设区的市、自治州人民政府可以制定规章。其他机关（乡镇、县级政府及部门、
    市级部门等）在表二“规章”行填了大于 0 的数，应核实。

    ## 为什么
    常见的情形是把本机关转发的上级规章、或本机关的规范性文件误填为规章。

    ## 示例
    乡镇/街道 的报告表二“规章”本年制发件数为 2，该层级不制定规章

    ## 配置
    机关层级依次取 check --level、报告数据的 body.level、按标题和机关名称推断的层级（AR021 说明）、
    工作区配置 [body] level。层级为“其他”或不明时不检查。[rules.options.AR111] rule_makers = ["国务院部门", "省级政府", "市级政府"] 是制定规章的层级
    （默认即此三项）。

    ## 严重程度
    警告：多半是把转发的上级规章或本机关的规范性文件误填为规章，需要核实改正；层级可能是按名称推断的
    （县级市按“市级政府”推断则不报告），所以不按错误报告。
    """
    table = report.tables.get("A")
    if table is None or not table.layout.has_row("规章"):
        return
    level = ctx.body_level.level
    makers = ctx.options.get("rule_makers", RULE_MAKERS)
    if not level or level == "其他" or level in makers:
        return
    for col in table.layout.row("规章").columns:
        v = table.get("规章", col.id)
        if isinstance(v, (int, float)) and v > 0:
            yield ctx.finding(
                f"{level} 的报告表二“规章”行“{col.label}”为 {_n(v)}，该层级不制定规章",
                table="A",
                row="规章",
                column=col.id,
                values={"level": level, "actual": v},
            )


@rule("AR112", "table-b-org-subtotal-column", title="草稿自加的“法人或其他组织 小计”列应等于五类之和")
def org_subtotal_column(report, ctx):
    """
    ## 检查内容
    有的草稿在“法人或其他组织”下加了“小计”列。凡有此列，每行的小计 = 商业企业 + 科研机构 + 社会公益组织 +
    法律服务机构 + 其他。

    ## 为什么
    小计列不在法定格式中，且常被误加进“总计”。

    ## 示例
    表三“一、本年新收申请”行：法人或其他组织小计 3 ≠ 五类之和 2（商业企业 2）

    ## 配置
    无选项。
    """
    table = report.tables.get("B")
    if table is None or not table.extra_columns:
        return
    for row in table.layout.rows:
        subtotal = table.extra_columns.get((row.id, "小计"))
        if subtotal is None:
            continue
        parts = [(c, table.get(row.id, c)) for c in B_ORG_COLUMNS]
        checked = _sum_with_blanks(parts, [subtotal])
        if checked is None:
            continue
        expected, blanks = checked
        if subtotal != expected:
            yield ctx.finding(
                f"{_blank_prefix(blanks, expected, subtotal)}表三“{row.name}”行：法人或其他组织小计 {_n(subtotal)} ≠ 五类之和 {_n(expected)}（{_sum_text(parts)}{_blank_suffix(blanks)}）",
                table="B",
                row=row.id,
                column="小计",
                values={"expected": expected, "actual": subtotal},
            )


@rule("AR113", "table-a-2019-items-negative", title="2019年版表二：上一年项目数量加本年增减不应为负", editions=("2019",))
def items_2019(report, ctx):
    """
    ## 检查内容
    2019年版表二第（五）（六）（八）项中，上一年项目数量 + 本年增/减 是本年的项目数量，不能小于 0。

    ## 为什么
    本年增/减填成了减少的绝对数或符号填反时会出现这种情况。

    ## 示例
    表二“行政许可”：上一年项目数量 3 + 本年增/减 -5 = -2，项目数量不能为负

    ## 配置
    无选项。仅适用于 2019、2020 年度报告。
    """
    table = report.tables.get("A")
    if table is None:
        return
    for row in table.layout.rows:
        cols = {c.id for c in row.columns}
        if not {"上一年项目数量", "本年增/减"} <= cols:
            continue
        last, delta = table.get(row.id, "上一年项目数量"), table.get(row.id, "本年增/减")
        if _complete([last, delta]) and _numbers([last, delta]) and last + delta < 0:
            yield ctx.finding(
                f"表二“{row.name}”：上一年项目数量 {_n(last)} + 本年增/减 {_n(delta)} = {_n(last + delta)}，项目数量不能为负",
                table="A",
                row=row.id,
                column="本年增/减",
                values={"last": last, "delta": delta},
            )



RULES = (
    row_totals,
    group_subtotals,
    grand_total,
    balance,
    handled_not_more_than_received,
    table_c_totals,
    value_kinds,
    missing_value,
    missing_total,
    fee_unit,
    amount_precision,
    rules_by_non_maker,
    org_subtotal_column,
    items_2019,
)


@hookimpl
def register_rules(register):
    for r in RULES:
        register(r)

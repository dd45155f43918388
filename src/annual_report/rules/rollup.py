"""AR623/AR624: the roll-up — a 本级政府 report whose tables are the sum of the reports of the
bodies it covers (its 部门 and 乡镇), checked in a batch where the mapping file names them.

:func:`rollup_differences` is the arithmetic over reports; the rules report it cell by cell."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Sequence

from ..model.layout import layouts, table_name
from ..model.report import Report
from ..plugins.hookspecs import hookimpl
from ..plugins.rule_api import rule

AMOUNT_TOLERANCE = 0.005  # 万元 with two decimals


@dataclass(frozen=True)
class CellDifference:
    table: str
    row: str
    column: str
    stated: float | int
    total: float | int
    parts: tuple[tuple[str, float | int | None], ...]  # (body, value) per covered report

    @property
    def difference(self) -> float | int:
        diff = self.stated - self.total
        return round(diff, 4) if isinstance(diff, float) else diff


def rollup_differences(covering: Report, covered: Sequence[Report], tables: Sequence[str] = ("A", "B", "C")) -> list[CellDifference]:
    """Every cell of ``tables`` where ``covering`` states a value other than the sum of
    ``covered`` (blank cells of the covered reports count as nothing; a blank cell of the
    covering report is not compared).  Reports in another edition than ``covering`` are left out
    by the caller."""
    out = []
    edition = covering.edition or "2021"
    for name, layout in layouts(edition).items():
        if name not in tables:
            continue
        mine = covering.tables.get(name)
        if mine is None:
            continue
        for row in layout.rows:
            for col in row.columns:
                stated = mine.get(row.id, col.id)
                if stated is None:
                    continue
                values = []
                for r in covered:
                    t = r.tables.get(name)
                    values.append((r.body.name, t.get(row.id, col.id) if t is not None else None))
                total = sum(v for _, v in values if v is not None)
                tolerance = AMOUNT_TOLERANCE if col.kind == "amount" else 0
                if abs(stated - total) > tolerance:
                    if isinstance(total, float):
                        total = round(total, 4)
                    out.append(CellDifference(name, row.id, col.id, stated, total, tuple(values)))
    return out


def says_summary(report: Report, phrases: Sequence[str]) -> bool:
    """Whether the preface or part 一 says the tables are a roll-up of the covered bodies."""
    first = report.part("一")
    text = "".join(p.text for p in report.preface) + (first.text if first is not None else "")
    text = unicodedata.normalize("NFKC", text).replace(" ", "")
    return any(unicodedata.normalize("NFKC", phrase) in text for phrase in phrases)


def _number(v) -> str:
    from ..text.figure_refs import format_number

    return format_number(v)


@rule("AR623", "rollup-cell-differs", title="汇总报告的表格数字与所涵盖机关报告之和不符", severity="error")
def rollup_cells(report, ctx):
    """
    ## 检查内容
    批量检查时，机关对照文件（--mapping）的 [covers."某县人民政府"] 可以写明这份报告涵盖哪些机关的报告
    （县政府本级、各部门、各乡镇）。报告自己说明表格是汇总数据（引言或第一部分有“汇总数据”“含各乡镇”等说法，
    见 data/rollup-phrases.txt），或对照文件写明 summary = true 时，逐格核对：本报告表二、表三、表四 的每个
    已填单元格应等于所涵盖各份报告同一单元格之和（金额允许 0.005 万元的舍入差）。每个不符的单元格一条，列出各机关的数。

    ## 为什么
    本级政府年报的统计数据是全县（区、市）汇总的，和部门、乡镇各自公布的年报对不上，说明汇总漏了、重了或抄错了，
    上级审核会退回。

    ## 示例
    表三“（一）予以公开”行“自然人”列：本报告为 57，所涵盖 20 份报告之和为 58（相差 -1）

    ## 配置
    对照文件中 [covers."机关"] 的 bodies（所涵盖的机关）、summary（是否汇总报告）、tables（核对哪些表，默认
    ["A", "B", "C"]）。所涵盖机关的报告不全时不逐格核对，由 AR624 列出缺少的机关。
    """
    cov = ctx.coverage
    if cov is None or not cov.bodies or cov.missing:
        return
    phrases = ctx.reference.items("rollup-phrase") if ctx.reference is not None else ()
    if not (cov.summary or says_summary(report, phrases)):
        return
    same = [r for r in cov.reports if r.edition == report.edition]
    other = [r.body.name for r in cov.reports if r.edition != report.edition]
    for d in rollup_differences(report, same, cov.tables):
        layout = report.tables[d.table].layout
        label = layout.row(d.row).name
        note = f"；{len(other)} 份报告格式版本不同，未计入（{'、'.join(other)}）" if other else ""
        sign = "+" if d.difference > 0 else ""
        yield ctx.finding(
            f"{table_name(d.table)}“{label}”行“{d.column}”列：本报告为 {_number(d.stated)}，所涵盖 {len(same)} 份报告之和为 {_number(d.total)}（相差 {sign}{_number(d.difference)}）{note}",
            table=d.table,
            row=d.row,
            column=d.column,
            values={"stated": d.stated, "total": d.total, "difference": d.difference, "by_body": {b: v for b, v in d.parts}},
        )


@rule("AR624", "rollup-reports-missing", title="汇总报告所涵盖的机关中有报告缺失", severity="warning")
def rollup_missing(report, ctx):
    """
    ## 检查内容
    批量检查时，机关对照文件说这份报告涵盖某些机关，而本批次中没有其中一些机关同一年度的报告（或无法读取）。

    ## 为什么
    缺了报告就无法核对汇总数（AR623 因此不逐格核对），也可能是这些机关没有按时报送年报。

    ## 示例
    本报告涵盖的 21 个机关中，本批次缺少 2 个机关的 2023 年度报告：县统计局、石门乡人民政府

    ## 配置
    对照文件中 [covers."机关"] 的 bodies。
    """
    cov = ctx.coverage
    if cov is None or not cov.missing:
        return
    names = "、".join(cov.missing)
    yield ctx.finding(
        f"本报告涵盖的 {len(cov.bodies)} 个机关中，本批次缺少 {len(cov.missing)} 个机关的 {report.year or ''} 年度报告：{names}",
        values={"missing": list(cov.missing), "covered": list(cov.bodies)},
    )


@hookimpl
def register_rules(register):
    register(rollup_cells)
    register(rollup_missing)

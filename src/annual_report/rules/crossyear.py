"""AR2xx: consistency between consecutive years of one body (spec identities 6–7)."""

from __future__ import annotations

from ..model.layout import FIRST_YEAR
from ..model.report import same_body
from ..plugins.hookspecs import hookimpl
from ..plugins.rule_api import rule
from ..text.figure_refs import format_number

IN_FORCE_ROWS = ("规章", "行政规范性文件")


def _num(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


@rule("AR201", "carry-over-mismatch", title="本年“上年结转”应等于上年报告的“结转下年度继续办理”", needs="history")
def carry_over(report, ctx):
    """
    ## 检查内容
    本年表三“二、上年结转政府信息公开申请数量”逐列等于上一年度报告表三“四、结转下年度继续办理”（勾稽关系 6）。
    2020 与 2021 年度之间格式有变化，但这两行在两版中相同，照常核对。

    ## 为什么
    上年没办完的申请今年接着办，两份报告的数字必须接得上，否则就有申请“丢失”或“多出”。

    ## 示例
    表三“二、上年结转申请”行“自然人”列为 2，而2022年度报告“四、结转下年度”为 3

    ## 配置
    需要上一年度的报告（工作区中的上年数据，或 --history 给出的上年报告）。
    """
    prev = ctx.previous
    this = report.tables.get("B")
    if prev is None or this is None or prev.tables.get("B") is None:
        return
    last = prev.tables["B"]
    for col in [c.id for c in this.layout.row("carried_in").columns]:
        now, before = this.get("carried_in", col), last.get("carried_out", col)
        if _num(now) and _num(before) and now != before:
            yield ctx.finding(
                f"表三“二、上年结转申请”行“{col}”列为 {format_number(now)}，而{prev.year}年度报告“四、结转下年度”为 {format_number(before)}",
                table="B",
                row="carried_in",
                column=col,
                values={"this_year": now, "last_year": before, "last_year_file": prev.source.path},
            )


@rule(
    "AR202",
    "in-force-roll-forward",
    title="现行有效件数与上年现行有效、本年制发、本年废止对不上",
    severity="warning",
    needs="history",
    editions=("2021",),
    options={"tolerance": 0},
)
def roll_forward(report, ctx):
    """
    ## 检查内容
    本年现行有效件数 ≈ 上年现行有效件数 + 本年制发件数 − 本年废止件数（规章、行政规范性文件分别核对，勾稽关系 7）。

    ## 为什么
    这是**提示**而非错误：制发数常含修订，规范性文件有效期届满自动失效而不“废止”，机构改革也会重新清理基数。
    对不上时，报告文字中应当说明原因。

    ## 示例
    表二“行政规范性文件”现行有效 12，而上年现行有效 10 + 本年制发 3 − 本年废止 0 = 13

    ## 配置
    [rules.options.AR202] tolerance = 2（允许的差额，默认 0）。仅比较两年均为 2021 年版格式的报告。
    """
    prev = ctx.previous
    this = report.tables.get("A")
    if prev is None or this is None or prev.edition != "2021" or prev.tables.get("A") is None:
        return
    last = prev.tables["A"]
    tolerance = ctx.options.get("tolerance", 0)
    for row in IN_FORCE_ROWS:
        before = last.get(row, "现行有效件数")
        made, repealed, now = (this.get(row, c) for c in ("本年制发件数", "本年废止件数", "现行有效件数"))
        if not all(_num(v) for v in (before, made, repealed, now)):
            continue
        expected = before + made - repealed
        if abs(now - expected) > tolerance:
            yield ctx.finding(
                f"表二“{row}”现行有效 {format_number(now)}，而上年现行有效 {format_number(before)} + 本年制发 {format_number(made)} − 本年废止 {format_number(repealed)} = {format_number(expected)}",
                table="A",
                row=row,
                column="现行有效件数",
                values={"last_in_force": before, "made": made, "repealed": repealed, "in_force": now, "expected": expected},
                hint="如因有效期届满失效、机构改革清理等原因，请在报告文字中说明",
            )


@rule(
    "AR203",
    "repealed-exceeds-available",
    title="本年废止件数超过上年现行有效与本年制发之和",
    severity="warning",
    needs="history",
    editions=("2021",),
)
def repealed_not_more_than_available(report, ctx):
    """
    ## 检查内容
    本年废止件数 ≤ 上年现行有效件数 + 本年制发件数（规章、行政规范性文件分别核对）。

    ## 为什么
    废止的文件必须是此前有效的文件；超过可废止的总数，说明废止数或上年的现行有效数有误。

    ## 示例
    表二“行政规范性文件”本年废止 9，多于上年现行有效 5 + 本年制发 2 = 7

    ## 配置
    仅比较两年均为 2021 年版格式的报告。
    """
    prev = ctx.previous
    this = report.tables.get("A")
    if prev is None or this is None or prev.edition != "2021" or prev.tables.get("A") is None:
        return
    last = prev.tables["A"]
    for row in IN_FORCE_ROWS:
        before = last.get(row, "现行有效件数")
        made, repealed = this.get(row, "本年制发件数"), this.get(row, "本年废止件数")
        if all(_num(v) for v in (before, made, repealed)) and repealed > before + made:
            yield ctx.finding(
                f"表二“{row}”本年废止 {format_number(repealed)}，多于上年现行有效 {format_number(before)} + 本年制发 {format_number(made)} = {format_number(before + made)}",
                table="A",
                row=row,
                column="本年废止件数",
                values={"last_in_force": before, "made": made, "repealed": repealed},
            )


@rule("AR204", "history-year-missing", title="缺少上一年度报告，跨年度衔接未检查", severity="info", needs="history")
def history_missing(report, ctx):
    """
    ## 检查内容
    跨年度规则需要上一年度的报告。工作区没有上年数据、或 --history 没有给出上年报告时，说明哪一年缺失，
    不做推测。

    ## 为什么
    审核人需要知道哪些核对没有做，而不是误以为都通过了。

    ## 示例
    未提供2022年度报告，上年结转、现行有效件数等跨年度衔接未检查

    ## 配置
    在工作区 data/ 中放入上年数据，或用 --history 指定上年报告。2019 年度报告不提示：2018 年度及以前的
    报告采用条例修订前的旧格式，无法逐项衔接。
    """
    if report.year is None or report.year <= FIRST_YEAR or ctx.previous is not None:
        return
    yield ctx.finding(
        f"未提供{report.year - 1}年度报告，上年结转、现行有效件数等跨年度衔接未检查",
        values={"missing_year": report.year - 1},
    )


@rule("AR205", "history-body-differs", title="往年报告的机关名称与本报告不同", severity="warning", needs="history")
def history_body(report, ctx):
    """
    ## 检查内容
    用作对照的往年报告应当是同一机关的。名称不同时提示，以免拿别的机关的报告来比；比较时不计空格，
    也不计名称末尾的“人民政府”“政府”“办事处”和名称前的地区（“青溪镇”“青山县青溪镇人民政府”与“青溪镇人民政府”是同一机关）。

    ## 为什么
    批量审核时文件命名五花八门，给错往年报告会产生大量无意义的跨年度问题。机构更名时可忽略此提示。

    ## 示例
    往年报告（2022年度）的机关为“青溪乡人民政府”，本报告为“青溪镇人民政府”

    ## 配置
    无选项。
    """
    for prev in ctx.history:
        if report.body.name.strip() and prev.body.name.strip() and not same_body(report.body.name, prev.body.name):
            yield ctx.finding(
                f"往年报告（{prev.year}年度）的机关为“{prev.body.name}”，本报告为“{report.body.name}”",
                values={"history_file": prev.source.path, "history_body": prev.body.name},
            )


@hookimpl
def register_rules(register):
    for r in (carry_over, roll_forward, repealed_not_more_than_available, history_missing, history_body):
        register(r)

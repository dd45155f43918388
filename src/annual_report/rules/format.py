"""AR12x: the format edition and the report year (spec checks 12 and 14)."""

from __future__ import annotations

from ..model.layout import edition_for_year, table_name
from ..plugins.hookspecs import hookimpl
from ..plugins.rule_api import rule

SOURCE_NAMES = {"title": "标题", "period": "统计期限", "filename": "文件名", "data": "数据文件"}


@rule("AR120", "edition-year-mismatch", title="报告所用格式版本与年度不符")
def edition_matches_year(report, ctx):
    """
    ## 检查内容
    2019、2020 年度报告使用 2019 年版格式（国办公开办函〔2019〕60号）；2021 年度起使用 2021 年版格式
    （国办公开办函〔2021〕30号）。草稿的表格按哪一版填写，由表格的行列判断。

    ## 为什么
    2021 年版改了表二（按第二十条各项列出制发、废止、现行有效件数）和表三“（六）其他处理”（分为三项）。
    用旧表填新年度，数据口径就不对。

    ## 示例
    2023年度报告使用了2019年版格式的表格，应使用2021年版（国办公开办函〔2021〕30号）

    ## 配置
    无选项。
    """
    if report.year is None or report.edition is None:
        return
    expected = edition_for_year(report.year)
    if report.edition != expected:
        doc = "国办公开办函〔2021〕30号" if expected == "2021" else "国办公开办函〔2019〕60号"
        yield ctx.finding(
            f"{report.year}年度报告使用了{report.edition}年版格式的表格，应使用{expected}年版（{doc}）",
            values={"year": report.year, "edition": report.edition, "expected": expected},
        )


@rule("AR123", "table-editions-mixed", title="同一份报告的表格新旧格式混用")
def editions_mixed(report, ctx):
    """
    ## 检查内容
    三张表应按同一版格式填写。某张表按 2019 年版（如表二仍是“本年新制作数量、本年新公开数量、对外公开总数量”），
    其他表按 2021 年版时报告（勾稽关系 12）。

    ## 为什么
    换用新格式时只替换了部分表格，是套用旧报告修改时的常见遗漏；混用后同一报告内的口径不一致。

    ## 示例
    表二按2019年版格式填写，其他表格按2021年版，新旧格式混用

    ## 配置
    无选项。
    """
    if report.edition is None:
        return
    for name, table in sorted(report.tables.items()):
        if table.edition != report.edition:
            yield ctx.finding(
                f"{table_name(name)}按{table.edition}年版格式填写，其他表格按{report.edition}年版，新旧格式混用",
                table=name,
                values={"table": name, "edition": table.edition, "report_edition": report.edition},
            )


@rule("AR121", "statistics-period-year", title="统计期限应为报告年度的 1 月 1 日至 12 月 31 日")
def statistics_period(report, ctx):
    """
    ## 检查内容
    引言中“本报告中所列数据的统计期限自YYYY年1月1日起至YYYY年12月31日止”的年份应等于报告年度。

    ## 为什么
    套用上一年报告修改时，统计期限的年份最容易漏改。

    ## 示例
    统计期限写的是2022年，报告年度为2023年

    ## 配置
    无选项。没有统计期限句的报告由完整性规则提示。
    """
    period = report.meta.get("period")
    if not period or report.year is None:
        return
    start, end = period
    if start != report.year or end != report.year:
        shown = f"{start}年" if start == end else f"{start}年至{end}年"
        yield ctx.finding(
            f"统计期限写的是{shown}，报告年度为{report.year}年",
            part=None,
            docx_paragraph=report.meta.get("period_paragraph"),
            values={"period": list(period), "year": report.year},
        )


@rule("AR122", "year-claims-disagree", title="标题、统计期限、文件名中的年度互相矛盾")
def year_claims(report, ctx):
    """
    ## 检查内容
    报告的年度从内容判断（标题、统计期限），不看文件名。标题、统计期限和文件名中出现的年度不一致时报告。

    ## 为什么
    文件名写“2023年报”而内容是 2022 年的，或标题改了年份而统计期限没改，审核时容易把报告张冠李戴。

    ## 示例
    报告年度不一致：标题为2023年，统计期限为2022年，文件名为2023年

    ## 配置
    无选项。
    """
    claims = report.meta.get("year_claims") or {}
    years = {y for y in claims.values() if y}
    if len(years) > 1:
        shown = "，".join(f"{SOURCE_NAMES.get(k, k)}为{v}年" for k, v in claims.items() if v)
        yield ctx.finding(f"报告年度不一致：{shown}", values={"claims": dict(claims)})


@hookimpl
def register_rules(register):
    for r in (edition_matches_year, statistics_period, year_claims, editions_mixed):
        register(r)

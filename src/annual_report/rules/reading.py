"""AR01x: what the reader met in a draft and could not map (turned into findings here, since
a reader never judges)."""

from __future__ import annotations

from ..hookspecs import hookimpl
from ..registry import rule


def _issues(report, *kinds):
    return [i for i in report.issues if i.kind in kinds]


def _finding(ctx, issue, **extra):
    f = ctx.finding(issue.message, table=issue.table, row=issue.row, column=issue.column, part=issue.part, **extra)
    if issue.cell is not None and f.location.cell is None:
        from dataclasses import replace

        f = f.with_(location=replace(f.location, cell=(issue.cell.table, issue.cell.row, issue.cell.cell)))
    return f


@rule("AR010", "unmapped-table-content", title="表格中有无法对应到法定格式的行或单元格")
def unmapped(report, ctx):
    """
    ## 检查内容
    草稿表格中有读取器无法对应到法定格式的行（行名不在格式中）、重复的行、或不是数字的单元格内容。
    这些内容没有读入，相关核对可能因此不完整。

    ## 为什么
    行名改动、自创的行或单元格里写了文字，都会使表格与法定格式不一致；本工具不会悄悄丢弃它们。

    ## 示例
    第2个表格第9行第4格的内容“约3件”不是数字

    ## 配置
    无选项。
    """
    for issue in _issues(report, "unmapped_row", "bad_value", "duplicate_row"):
        yield _finding(ctx, issue)


@rule("AR011", "table-incomplete", title="没有找到某张法定表格，或表格缺少行、列")
def table_incomplete(report, ctx):
    """
    ## 检查内容
    三张法定表格（表A 主动公开、表B 依申请公开、表C 复议诉讼）是否都找到；找到的表格是否有法定格式的全部行和列。

    ## 为什么
    漏掉整张表或删掉了“无数据”的行，是报告不完整的表现；缺的数无法核对。

    ## 示例
    没有找到表C（四、政府信息公开行政复议、行政诉讼情况）

    ## 配置
    无选项。
    """
    for issue in _issues(report, "table_not_found", "missing_row", "missing_cell", "table_too_long"):
        yield _finding(ctx, issue)


@rule("AR012", "unaccepted-tracked-changes", title="草稿中有未接受的修订", severity="warning")
def tracked_changes(report, ctx):
    """
    ## 检查内容
    草稿含有 Word 的修订标记（插入、删除、移动）。检查时按“全部接受修订”后的内容读取。

    ## 为什么
    带修订的稿件发布前必须接受或拒绝全部修订，否则公开的文本可能与审定稿不同。

    ## 示例
    草稿中有未接受的修订，已按接受全部修订后的内容检查

    ## 配置
    无选项。
    """
    if report.source.tracked_changes:
        yield ctx.finding("草稿中有未接受的修订，已按接受全部修订后的内容检查，发布前请在 Word 中接受或拒绝全部修订")


@rule("AR013", "title-not-found", title="没有找到报告标题", severity="warning")
def title_missing(report, ctx):
    """
    ## 检查内容
    报告开头应有标题：机关名称 + 年度 + “政府信息公开工作年度报告”。

    ## 为什么
    标题确定报告是哪个机关、哪一年的；没有标题时只能从统计期限或文件名推断年度，机关名称无从得知。

    ## 示例
    没有找到报告标题（应含机关名称、年度和“政府信息公开工作年度报告”）

    ## 配置
    无选项。
    """
    for issue in _issues(report, "title_not_found"):
        yield _finding(ctx, issue)


@hookimpl
def register_rules(register):
    for r in (unmapped, table_incomplete, tracked_changes, title_missing):
        register(r)

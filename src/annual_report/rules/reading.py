"""AR010–AR029: what the reader met in a draft and could not map.  The reader never judges; it
records :class:`~annual_report.model.report.ReadIssue` objects, and one rule per kind of issue turns
them into findings here, so nothing it met is dropped in silence.

Year claims that disagree (title, statistics period, file name) are rule AR122 of the format
rules; the six parts' completeness is AR6xx.
"""

from __future__ import annotations

from dataclasses import replace

from ..model.layout import table_name
from ..plugins.hookspecs import hookimpl
from ..plugins.rule_api import rule
from ..text.document_kind import INTERPRETATION, OTHER, WHY_NOT_A_REPORT, document_kind

# ReadIssue kinds reported by a rule of this module; any other kind goes to AR019
KINDS = {
    "unmapped_row": "AR010",
    "table_not_found": "AR011",
    "title_not_found": "AR013",
    "bad_value": "AR014",
    "missing_row": "AR015",
    "missing_cell": "AR015",
    "table_too_long": "AR016",
    "duplicate_row": "AR017",
    "unknown_table": "AR018",
    "header_not_understood": "AR020",
    "table_image": "AR022",
    "page_image": "AR022",
    "pages_not_saved": "AR022",
    "label_note": "AR023",
}


def issue_message(issue) -> str:
    """The Chinese statement of what the reader met (a ReadIssue records only the facts)."""
    d, c = issue.data, issue.cell
    where = f"第{c.table + 1}个表格第{c.row + 1}行" if c is not None else ""
    kind = issue.kind
    if kind == "paragraph_too_long":
        return f"有一段超过 {d['limit']} 个字符，远超正常段落，只读取了前 {d['limit']} 个字符"
    if kind == "title_not_found":
        return "没有找到报告标题（应含机关名称、年度和“政府信息公开工作年度报告”）"
    if kind == "table_too_long":
        return f"第{c.table + 1}个表格有 {d['rows']} 行，远超法定表格，只读取了前 {d['read']} 行"
    if kind == "unknown_table":
        return f"第{c.table + 1}个表格不是三张法定表格之一，其内容已作为正文读取，未参与表格核对"
    if kind == "bad_value":
        return f"{where}第{c.cell + 1}格的内容“{d['text']}”不是数字"
    if kind == "table_not_found":
        from ..model.layout import table_layout

        return f"没有找到{table_name(issue.table)}（{table_layout(d['edition'], issue.table).title}）"
    if kind == "table_image":
        on = f"（第 {'、'.join(map(str, d['pages']))} 页）" if d.get("pages") else ""
        return (
            f"第{issue.part}部分的表格（{table_name(issue.table)}）是图片{on}，无法读取其中的数字，该表未核对；"
            "请向发布单位索取 Word 原稿，或把表中数字填入统计表（annual-report workbook）后再检查"
        )
    if kind == "page_image":
        pages = d["pages"]
        return (
            f"第 {'、'.join(map(str, pages))} 页是图片（扫描或拍照，没有文字层），其中的文字和表格无法读取，"
            "这些页上的内容未核对；请向发布单位索取 Word 原稿或可复制文字的 PDF"
        )
    if kind == "pages_not_saved":
        return (
            f"网页上的报告分为多页（有“上一页”“下一页”链接），只读取了已保存的 {d['read']} 页，其余各页未读取、未核对；"
            "请在浏览器中把每一页都另存到同一文件夹（保留原文件名）后再读取"
        )
    if kind == "missing_row" and "items" in d:  # a group given as one row
        return f"{table_name(issue.table)}“{d['group']}”只填了一行，缺少其下 {len(d['items'])} 个细分行：{'；'.join(d['items'])}"
    if kind == "missing_row":
        return f"{table_name(issue.table)}缺少“{d['row_name']}”行"
    if kind == "missing_cell" and "cells" in d:  # one issue per table
        cells = d["cells"]
        shown = "、".join(f"“{r}”行“{col}”列" for r, col in cells[:4]) + ("等" if len(cells) > 4 else "")
        return f"{table_name(issue.table)}缺少 {len(cells)} 格：{shown}"
    if kind == "header_not_understood":
        groups = []
        for group, cols in d["missing"]:
            if not group:
                groups.append("、".join(cols))
            elif len(cols) == 5:
                groups.append(f"{group}各")
            else:
                groups.append(f"{group}的" + "、".join(cols))
        heard = "、".join(d["header"]) or "（空）"
        return (
            f"{table_name(issue.table)}（{where}起）的表头无法完全对应到法定格式：没有找到{'；'.join(groups)}列"
            f"（表头文字为：{heard[:80]}），这些列的数未读取"
        )
    if kind == "missing_cell":
        return f"{table_name(issue.table)}“{d['row_name']}”行缺少“{d['column_label']}”列"
    if kind == "label_note":
        return f"{table_name(issue.table)}{where}行名“{d['label'][:50]}”中留有填表说明“（{d['note'][:40]}）”，发布前应删去（该行已按法定行读取）"
    if kind == "duplicate_row":
        return f"{table_name(issue.table)}“{d['label']}”行出现了两次，取第一次的数"
    if kind == "unmapped_row":
        if c is None:  # a row the table's other edition has
            return f"{table_name(issue.table)}的“{issue.row}”行不属于{d['edition']}年版格式"
        if issue.table is None:  # a table with figures that is none of the three
            return f"{where}“{d['label'][:30]}”不属于可识别的法定表格，未读取"
        if "edition" in d:
            return f"{table_name(issue.table)}{where}“{d['label'][:30]}”无法对应到{d['edition']}年版{table_name(issue.table)}的行，未读取"
        return f"{table_name(issue.table)}中{where}“{d['label'][:40]}”无法对应到法定格式的行，未读取"
    return issue.message or f"读取时遇到无法处理的内容（{kind}）"


def _findings(report, ctx, *kinds):
    for issue in report.issues:
        if issue.kind in kinds:
            yield _finding(ctx, issue)


def _finding(ctx, issue):
    f = ctx.finding(
        issue_message(issue),
        table=issue.table,
        row=issue.row,
        column=issue.column,
        part=issue.part,
        docx_paragraph=issue.paragraph,
    )
    if issue.cell is not None and f.location.cell is None:
        f = f.with_(location=replace(f.location, cell=(issue.cell.table, issue.cell.row, issue.cell.cell)))
    if issue.kind == "missing_row" and "group" in issue.data:  # a group filled as one row: that row is the group's
        f = f.with_(location=replace(f.location, row_label=issue.data["group"]))
    return f


@rule("AR010", "unmapped-table-row", title="表格中有无法对应到法定格式的行")
def unmapped_row(report, ctx):
    """
    ## 检查内容
    草稿表格中有读取器无法对应到法定格式的行：行名不在格式之中（自创的行、改写过的行名），
    或者带数字的表格不属于三张法定表格中的任何一张。这些行没有读入。

    ## 为什么
    表格的行名和顺序由国办公开办函〔2021〕30号统一规定，改写行名会使各地报告无法汇总比对；
    没有读入的行，其数字也就无法核对。本工具不会悄悄丢弃它们。

    ## 示例
    表三中第2个表格第5行“二、本年自创的一行”无法对应到法定格式的行，未读取

    ## 配置
    无选项。行名中的空格、全角/半角括号、“1.”“1、”“（1）”等编号差异不会触发本规则。

    ## 严重程度
    错误：带数字的行不在法定格式中，这些数既不合格式也没有核对，审核时会要求按格式改正。
    """
    yield from _findings(report, ctx, "unmapped_row")


@rule("AR011", "table-not-found", title="没有找到法定表格")
def table_not_found(report, ctx):
    """
    ## 检查内容
    三张法定表格（表二：第二部分 主动公开；表三：第三部分 依申请公开；表四：第四部分 行政复议和行政诉讼）是否都在草稿中。
    表格按表头文字识别（如“信息内容”“申请人情况”“行政复议”“行政诉讼”），不按位置。

    ## 为什么
    三张表是年度报告的法定内容，没有数据也要照表填 0，不能删除或改成文字叙述。

    ## 示例
    没有找到表四（四、政府信息公开行政复议、行政诉讼情况）

    ## 配置
    无选项。整张留空的表也算找到了（空白格由 AR108 报告）。

    ## 严重程度
    错误：缺少法定表格的报告不合格式，审核时一定退回。
    """
    yield from _findings(report, ctx, "table_not_found")


@rule("AR012", "unaccepted-tracked-changes", title="草稿中有未接受的修订", severity="warning")
def tracked_changes(report, ctx):
    """
    ## 检查内容
    草稿含有 Word 的修订标记（插入、删除、移动）。检查时按“接受全部修订”后的内容读取。

    ## 为什么
    带修订的稿件发布前必须接受或拒绝全部修订，否则公开的文本可能与审定稿不同，
    已删除的内容也可能随文件一起公开。

    ## 示例
    草稿中有未接受的修订，已按接受全部修订后的内容检查，发布前请在 Word 中接受或拒绝全部修订

    ## 配置
    无选项。
    """
    if report.source.tracked_changes:
        yield ctx.finding("草稿中有未接受的修订，已按接受全部修订后的内容检查，发布前请在 Word 中接受或拒绝全部修订")


@rule("AR013", "title-not-found", title="没有找到报告标题", severity="warning")
def title_missing(report, ctx):
    """
    ## 检查内容
    报告开头应有标题：机关名称 + 年度 + “政府信息公开工作年度报告”（可以分两行）。

    ## 为什么
    标题确定报告是哪个机关、哪一年的；没有标题时只能从统计期限或文件名推断年度，机关名称无从得知。

    ## 示例
    没有找到报告标题（应含机关名称、年度和“政府信息公开工作年度报告”）

    ## 配置
    无选项。
    """
    yield from _findings(report, ctx, "title_not_found")


@rule("AR014", "cell-not-a-number", title="表格单元格的内容不是数字")
def bad_value(report, ctx):
    """
    ## 检查内容
    法定表格的数据单元格应填写数字（可带“件”“万元”等单位，全角数字、千分位逗号也可读取）。
    写了“约3件”“若干”“见附件”之类文字的单元格无法读取。

    ## 为什么
    表格中的数是统计数，不能估计或用文字代替；读不出的数也无法参与合计、跨年度衔接等核对。

    ## 示例
    第2个表格第6行第4格的内容“约3件”不是数字

    ## 配置
    无选项。空白、“—”“/”“无”作为未填写读取（不按 0 计），由 AR108 报告，不由本规则报告。
    “12件次”“3.5万元”等带单位的数照常读取（单位见 data/table_labels.toml）。

    ## 严重程度
    错误：统计表中写文字，数字无从核对，审核时会要求填写确切的数。
    """
    yield from _findings(report, ctx, "bad_value")


@rule("AR015", "table-rows-missing", title="法定表格缺少行或列")
def rows_missing(report, ctx):
    """
    ## 检查内容
    找到的法定表格是否有格式规定的全部行和列，例如表三的“（三）不予公开”各项、表四的“复议后起诉”各列。

    ## 为什么
    没有发生的事项也要保留行、填 0；删掉的行列使报告与法定格式不一致，缺的数无法核对。

    ## 示例
    表三缺少“（七）总计”行

    ## 配置
    无选项。一张表缺的格合为一条报告（格数和前几格）；表头无法识别的表由 AR020 说明，不再逐行报告。

    ## 严重程度
    错误：删去法定行列的报告不合格式，审核时会退回。
    """
    yield from _findings(report, ctx, "missing_row", "missing_cell")


@rule("AR016", "table-too-long", title="表格行数远超法定表格，只读取了一部分", severity="warning")
def table_too_long(report, ctx):
    """
    ## 检查内容
    草稿中某个 Word 表格有数百上千行，远多于法定表格（都不到 40 行）。读取器只读取其前面一部分。

    ## 为什么
    这样的表格多半是粘贴时带入的附表或误操作，应从报告中移除；读取上限也保护检查不被异常文件拖慢。

    ## 示例
    第4个表格有 10000 行，远超法定表格，只读取了前 300 行

    ## 配置
    无选项。
    """
    yield from _findings(report, ctx, "table_too_long")


@rule("AR017", "duplicate-table-row", title="法定表格中同一行出现了两次")
def duplicate_row(report, ctx):
    """
    ## 检查内容
    同一法定行（如表三“（二）部分公开”）在草稿的表格中出现两次；读取器取第一次出现的数。

    ## 为什么
    重复的行通常是复制粘贴留下的，两处的数可能不同，读者无法判断哪个是准确的。

    ## 示例
    表三“（二）部分公开”行出现了两次，取第一次的数

    ## 配置
    无选项。
    """
    yield from _findings(report, ctx, "duplicate_row")


@rule("AR018", "unknown-table", title="草稿中有不属于法定表格的数字表格", severity="info")
def unknown_table(report, ctx):
    """
    ## 检查内容
    草稿中有带数字、但不是三张法定表格之一的表格（表头中没有“信息内容”“申请人情况”“行政复议”等法定表头）。
    它的文字作为正文读取，数字不参与表格核对。

    ## 为什么
    自加的统计表（如政务新媒体情况）可以保留，但不能代替法定表格；如果它其实是改了表头的法定表格，
    表格核对就漏掉了它，需要人工核对。

    ## 示例
    第5个表格不是三张法定表格之一，其内容已作为正文读取，未参与表格核对

    ## 配置
    无选项。只有文字、用于排版的表格（例如把全文放进一个表格）不会触发本规则。
    """
    yield from _findings(report, ctx, "unknown_table")


@rule("AR020", "table-header-not-understood", title="法定表格的表头无法对应到法定格式")
def header_not_understood(report, ctx):
    """
    ## 检查内容
    草稿中有一张看起来是法定表格的表（表头中有“申请人情况”“自然人”“行政复议”“结果维持”等），但它的表头
    不能完全对应到格式规定的列：例如表四没有“复议后起诉”各列，或表三的“总计”列改了名。
    每张表只报告一次，说明没有找到哪些列、表头写的是什么；这些列下的数没有读入，也就没有核对。

    ## 为什么
    表头由国办公开办函〔2021〕30号统一规定。列改名、合并或删去，读者和汇总单位就无法知道每个数的口径；
    读取器也不按位置猜测，以免把数对错列。

    ## 示例
    表四（第3个表格第1行起）的表头无法完全对应到法定格式：没有找到行政诉讼复议后起诉“结果维持”等列（表头文字为：行政复议、结果维持……），这些列的数未读取

    ## 配置
    无选项。表头文字的常见变体（“结果纠正的”“法人或其他组织小计”“其它”等）已能识别，可在
    src/annual_report/data/table_labels.toml 中增补本地写法。

    ## 严重程度
    错误：表头不合法定格式，或整列的数读不出来，审核时都会退回修改。
    """
    yield from _findings(report, ctx, "header_not_understood")


@rule("AR022", "published-content-not-read", title="已发布的报告中有读不到的内容（图片形式的表格或页面、未保存的分页）")
def pictures(report, ctx):
    """
    ## 检查内容
    网页或 PDF 中的法定表格是图片（截图、扫描件贴在文中），PDF 的某些页没有文字层、只是一张图片，
    或者网页上的报告分为多页（“第1页 下一页”）而其余各页没有保存在同一文件夹。这些内容无法读取，
    报告一次：哪一部分、哪几页没有读到，怎么办。

    ## 为什么
    不少门户网站把表格截图发布。读不到的内容不能当作“缺少”处理：本规则说明一次读不到什么，
    不再报告“缺少某部分”“缺少某行”或“新旧格式混用”。

    ## 示例
    第三部分的表格（表三）是图片（第 3 页），无法读取其中的数字，该表未核对；请向发布单位索取 Word 原稿，或把表中数字填入统计表（annual-report workbook）后再检查

    ## 配置
    无选项。
    """
    yield from _findings(report, ctx, "table_image", "page_image", "pages_not_saved")


@rule("AR023", "guidance-left-in-label", title="表格行名中留有填表说明", severity="warning")
def label_note(report, ctx):
    """
    ## 检查内容
    法定表格的行名后面留着括号中的填表说明，例如上级下发的模板中“1.属于国家秘密（乡镇、街道不填）”
    “行政许可（填写本年度作出的许可决定数，不含办件量）”。去掉括号后能对应到法定行的，该行照常读取和核对，
    同时提示删去说明。法定行名自带的括号（“（二）部分公开（区分处理的，只计这一情形，不计其他情形）”）不算。

    ## 为什么
    填表说明是给填报人看的，留在发布的报告里说明表格没有按法定格式整理；审核时会要求删去。

    ## 示例
    表三第2个表格第8行行名“1.属于国家秘密(乡镇.街道不填)”中留有填表说明“（乡镇.街道不填）”，发布前应删去（该行已按法定行读取）

    ## 配置
    无选项。

    ## 严重程度
    警告：数字照常核对，只是格式问题。
    """
    yield from _findings(report, ctx, "label_note")


@rule("AR024", "not-an-annual-report", title="文件不是政府信息公开工作年度报告")
def not_a_report(report, ctx):
    """
    ## 检查内容
    要检查的文件是不是年度报告本身：标题或开头写明“解读”“图解”的（包括本工具 interpret 生成的解读、
    site 生成的网页），是报告的解读；既没有报告标题和法定表格、六个部分也不足四个的（通知、便函、工作要点等），
    不是年度报告。这样的文件只报告这一条，不再逐项检查。

    ## 为什么
    解读、便函放在报告的文件夹里很常见。把它们当作报告检查，会列出几十条“缺少某部分”“缺少法定表格”，
    淹没真正的问题；解读还可能被当作同一机关同一年度的“最新”报告，顶替了报告原文。批量检查时，这样的文件
    不会被选作重复报告中采用的一份，也不会作为其他报告的往年对比。

    ## 示例
    这是年度报告的解读，不是报告本身，未作检查；请检查报告原文

    这不是政府信息公开工作年度报告（没有年度报告的标题、法定表格，也不足四个部分），未作检查

    ## 配置
    无选项。表示解读的说法见 src/annual_report/data/document_kinds.toml，可按本地写法增补。
    关闭本规则后，这样的文件按报告逐项检查。

    ## 严重程度
    错误：文件没有作为报告检查，请确认要检查的是报告原文。
    """
    kind = document_kind(report)
    if kind == INTERPRETATION:
        yield ctx.finding(f"这{WHY_NOT_A_REPORT[kind]}，未作检查；请检查报告原文", values={"kind": kind})
    elif kind == OTHER:
        yield ctx.finding(f"这{WHY_NOT_A_REPORT[kind]}，未作检查", values={"kind": kind})


@rule("AR019", "unread-content", title="读取草稿时遇到的其他问题")
def other_issues(report, ctx):
    """
    ## 检查内容
    读取器遇到、但不属于 AR010–AR018 任何一类的问题（例如第三方读取插件报告的问题）。

    ## 为什么
    读取器不会悄悄丢弃读不懂的内容；所有未能读入的内容都作为问题列出，以便人工核对原稿。

    ## 示例
    第3个表格第2行的内容无法读取

    ## 配置
    无选项。
    """
    for issue in report.issues:
        if issue.kind not in KINDS:
            yield _finding(ctx, issue)


@hookimpl
def register_rules(register):
    for r in (unmapped_row, table_not_found, tracked_changes, title_missing, bad_value, rows_missing, table_too_long, duplicate_row, unknown_table, header_not_understood, pictures, label_note, not_a_report, other_issues):
        register(r)

"""本地规则示例：乡镇/街道的报告，表二“规章”各项应填 0。

一个县政务公开办可以这样写自己的规则：复制到工作区的 plugins/ 文件夹即可生效，
用本单位自己的编号前缀（这里是 XQ）。
"""

from annual_report import hookimpl, rule


@rule("XQ101", "town-rules-must-be-zero", title="乡镇报告的规章各项应为 0", severity="error")
def town_rules_zero(report, ctx):
    """
    ## 检查内容
    本县要求：乡镇、街道的报告，表二“规章”一行的本年制发、本年废止、现行有效件数都填 0。

    ## 为什么
    乡镇人民政府和街道办事处不制定规章，常见错误是把转发的上级规章填进来。

    ## 示例
    乡镇报告表二“规章”本年制发件数应为 0，实际为 1

    ## 配置
    无选项。机关层级依次取 check --level、报告数据、按机关名称推断的层级、工作区 annual-report.toml 的 [body] level。
    """
    level = ctx.body_level.level
    if level != "乡镇/街道":
        return
    table = report.tables.get("A")
    if table is None or not table.layout.has_row("规章"):
        return
    for col in table.layout.row("规章").columns:
        value = table.get("规章", col.id)
        if value not in (0, None):  # None: not filled in, reported by AR108
            yield ctx.finding(
                f"乡镇报告表二“规章”{col.label}应为 0，实际为 {value}",
                table="A",
                row="规章",
                column=col.id,
                values={"actual": value},
            )


@hookimpl
def register_rules(register):
    register(town_rules_zero)

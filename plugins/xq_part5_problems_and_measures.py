"""本地规则示例：第五部分既要写存在的问题，也要写改进措施。"""

from annual_report import hookimpl, rule

PROBLEM_WORDS = ("问题", "不足", "短板", "差距")
MEASURE_WORDS = ("改进", "整改", "措施", "下一步")


@rule("XQ102", "part5-problems-and-measures", title="第五部分应同时写明存在的问题和改进措施", severity="warning")
def part5_has_both(report, ctx):
    """
    ## 检查内容
    本县要求：第五部分“存在的主要问题及改进情况”既要有写问题的段落，也要有写改进措施的段落。

    ## 为什么
    只列问题不写措施，或只写措施不写问题，审核时都会被退回。

    ## 示例
    第五部分没有写改进措施（未出现“改进”“整改”“措施”“下一步”等字样）

    ## 配置
    无选项。
    """
    part = report.part("五")
    if part is None:
        return
    text = part.text
    if not any(w in text for w in PROBLEM_WORDS):
        yield ctx.finding("第五部分没有写存在的问题（未出现“问题”“不足”等字样）", part="五")
    if not any(w in text for w in MEASURE_WORDS):
        yield ctx.finding("第五部分没有写改进措施（未出现“改进”“整改”“措施”“下一步”等字样）", part="五")


@hookimpl
def register_rules(register):
    register(part5_has_both)

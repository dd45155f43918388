"""本地规则示例：第五部分既要有写存在问题的段落，也要有写改进措施的段落。

演示规则选项：用哪些词判断“问题”“措施”，可在工作区 annual-report.toml 中改：

    [rules.options.XQ102]
    measure_words = ["改进", "整改", "措施", "下一步", "将"]
"""

from annual_report import hookimpl, rule


@rule(
    "XQ102",
    "part5-problems-and-measures",
    title="第五部分应分别写明存在的问题和改进措施",
    severity="warning",
    options={
        "problem_words": ["问题", "不足", "短板", "差距"],
        "measure_words": ["改进", "整改", "措施", "下一步"],
    },
)
def part5_has_both(report, ctx):
    """
    ## 检查内容
    本县要求：第五部分“存在的主要问题及改进情况”既要有写问题的段落，也要有写改进措施的段落
    （两段可以相邻，不能缺一，也不能只用一句话带过）。

    ## 为什么
    只列问题不写措施，或只写措施不写问题，审核时都会被退回。

    ## 示例
    第五部分没有写改进措施的段落（共 2 段，没有一段出现“改进”“整改”“措施”“下一步”）

    ## 配置
    [rules.options.XQ102] problem_words、measure_words：判断用的词。
    """
    part = report.part("五")
    if part is None or not part.paragraphs:
        return  # a missing part is reported by the completeness rules
    problem_words, measure_words = ctx.options["problem_words"], ctx.options["measure_words"]
    problems = [p for p in part.paragraphs if any(w in p.text for w in problem_words)]
    measures = [p for p in part.paragraphs if any(w in p.text for w in measure_words)]
    count = len(part.paragraphs)
    if not problems:
        words = "”“".join(problem_words)
        yield ctx.finding(f"第五部分没有写存在问题的段落（共 {count} 段，没有一段出现“{words}”）", part="五")
    if not measures:
        words = "”“".join(measure_words)
        yield ctx.finding(f"第五部分没有写改进措施的段落（共 {count} 段，没有一段出现“{words}”）", part="五")
    if problems and measures and count == 1:
        yield ctx.finding("第五部分只有一段，问题和改进措施应分段写明", part="五", paragraph=0)


@hookimpl
def register_rules(register):
    register(part5_has_both)

"""AR021: the body level that level-dependent rules use, when the report itself does not say."""

from __future__ import annotations

from ..plugins.hookspecs import hookimpl
from ..plugins.rule_api import rule


@rule("AR021", "body-level", title="机关层级（按名称推断或未知）", severity="info")
def body_level(report, ctx):
    """
    ## 检查内容
    与机关层级有关的检查（如 AR111 非规章制定机关填报规章）用哪个层级：依次取 check --level、报告数据的
    body.level、按标题和机关名称推断的层级（乡/镇人民政府、街道办事处 → 乡镇/街道；县、区人民政府 → 县级政府；
    …县/区…局、委、办公室 → 县级部门；市人民政府 → 市级政府，等等；不带“人民政府”的“东山县白沙镇”“××街道”
    也按地名结尾推断；标题中的年份和“政府信息公开工作年度报告”不影响推断）、工作区配置 [body] level，
    最后是正文的自称（“本镇”“我乡”“本街道” → 乡镇/街道）。
    层级是推断的或无从得知、而报告中有与层级有关的数（表二“规章”行不为 0）时，在此说明一次
    （check 输出的开头也总是说明推断的层级）。

    ## 为什么
    .docx 草稿中不写层级；推断错了（例如县级市按“市级政府”推断），与层级有关的检查也会错，所以要让审核人看到。

    ## 示例
    机关层级按名称“桃岭乡人民政府”推断为“乡镇/街道”，如不对请用 --level 指定

    ## 配置
    check --level 指定层级；推断所用的名称规律在 src/annual_report/data/body_levels.toml，可增补。

    ## 严重程度
    提示：这是对检查口径的说明，不是报告的问题。
    """
    table = report.tables.get("A")
    if table is None or not table.layout.has_row("规章") or not any(v for v in table.row_values("规章").values() if isinstance(v, (int, float))):
        return  # nothing in the report depends on the level
    level = ctx.body_level
    if level.source == "name":
        yield ctx.finding(f"机关层级按名称“{level.basis}”推断为“{level.level}”，如不对请用 --level 指定", values={"level": level.level, "name": level.basis})
    elif level.source == "words":
        yield ctx.finding(f"标题和机关名称看不出机关层级，按正文中的“{level.basis}”推断为“{level.level}”，如不对请用 --level 指定", values={"level": level.level, "word": level.basis})
    elif not level.level and report.source.kind != "json":
        yield ctx.finding("从标题和机关名称看不出机关层级，与层级有关的检查（如 AR111）未进行，可用 --level 指定", values={"level": ""})


@hookimpl
def register_rules(register):
    register(body_level)

"""AR622: the report published after its deadline.

The deadline depends on who publishes (《政府信息公开条例》第四十九条, 2019 revision): a 县级以上
人民政府部门 by 31 January of the following year, the 本级政府 report (published by the level's
主管部门) by 31 March.  The statute fixes no date for 乡镇/街道 reports: local notices set one, so
that deadline is configuration (off by default)."""

from __future__ import annotations

import datetime as dt
import re

from ..plugins.hookspecs import hookimpl
from ..plugins.rule_api import rule

DEPARTMENT, GOVERNMENT, TOWNSHIP = "部门", "本级政府", "乡镇/街道"
_TOWNSHIP_NAME = re.compile(r"(?:[乡镇]人民政府|街道办事处|街道)$")


def deadline_kind(level: str, name: str) -> str:
    """部门, 本级政府 or 乡镇/街道: from the body's level when known, else from its name."""
    level = level or ""
    if level == "乡镇/街道":
        return TOWNSHIP
    if level.endswith("政府"):
        return GOVERNMENT
    if level.endswith("部门"):
        return DEPARTMENT
    name = re.sub(r"\s+", "", name or "")
    if _TOWNSHIP_NAME.search(name):
        return TOWNSHIP
    if name.endswith("人民政府"):
        return GOVERNMENT
    return DEPARTMENT


def parse_month_day(text: str, option: str) -> tuple[int, int] | None:
    """``"01-31"`` → (1, 31); ``""`` → None (no deadline)."""
    text = str(text or "").strip()
    if not text:
        return None
    m = re.fullmatch(r"(\d{1,2})-(\d{1,2})", text)
    if not m or not (1 <= int(m.group(1)) <= 12 and 1 <= int(m.group(2)) <= 31):
        raise ValueError(f"AR622 的选项 {option} 应为“月-日”，如 \"01-31\"，或 \"\"（不检查），实际为 {text!r}")
    return int(m.group(1)), int(m.group(2))


def _date_text(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


@rule(
    "AR622",
    "published-after-deadline",
    title="报告发布日期晚于规定期限",
    severity="warning",
    options={"department_deadline": "01-31", "government_deadline": "03-31", "township_deadline": ""},
)
def published_late(report, ctx):
    """
    ## 检查内容
    报告写明了日期（文末落款）或批量检查的机关对照文件给出了发布日期时，看它是否晚于下一年度的公布期限：
    县级以上人民政府部门为 1 月 31 日，县级以上地方人民政府的本级政府年报为 3 月 31 日（《条例》第四十九条）。
    机关类别按数据文件的机关层级判断，没有层级时按名称（“××乡/镇人民政府”“××街道办事处”为乡镇/街道，
    其他“××人民政府”为本级政府，其余为部门）。

    ## 为什么
    逾期公布年度报告不符合《条例》第四十九条，政务公开考核中通常扣分。《条例》对乡镇、街道的年报没有规定日期，
    各地通知另有要求（多为 1 月 31 日前），所以乡镇的期限默认不检查，由本地配置。

    ## 示例
    报告落款日期为2024年2月6日，晚于《条例》第四十九条规定的部门年报公布期限2024年1月31日

    ## 配置
    [rules.options.AR622]
    department_deadline = "01-31"   # 部门
    government_deadline = "03-31"   # 本级政府
    township_deadline = "01-31"     # 乡镇/街道：按本地通知填写；默认 ""（不检查）
    """
    iso = report.meta.get("publication_date")
    if not iso or report.year is None:
        return
    try:
        published = dt.date.fromisoformat(str(iso))
    except ValueError:
        return
    kind = deadline_kind(report.body.level or str(report.meta.get("body_level") or ""), report.body.name)
    option = {DEPARTMENT: "department_deadline", GOVERNMENT: "government_deadline", TOWNSHIP: "township_deadline"}[kind]
    month_day = parse_month_day(ctx.options[option], option)
    if month_day is None:
        return
    deadline = dt.date(report.year + 1, month_day[0], min(month_day[1], 28 if month_day[0] == 2 else 30 if month_day[0] in (4, 6, 9, 11) else 31))
    if published <= deadline:
        return
    where = "机关对照文件所列发布日期" if report.meta.get("publication_date_source") == "mapping" else "报告落款日期"
    basis = "本地规定的乡镇/街道年报公布期限" if kind == TOWNSHIP else f"《条例》第四十九条规定的{kind}年报公布期限"
    yield ctx.finding(
        f"{where}为{_date_text(published)}，晚于{basis}{_date_text(deadline)}",
        values={"published": published.isoformat(), "deadline": deadline.isoformat(), "kind": kind, "days_late": (published - deadline).days},
    )


@hookimpl
def register_rules(register):
    register(published_late)

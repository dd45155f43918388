"""How a register issue reads to an officer (one Chinese statement naming the cell)."""

from __future__ import annotations

from ..model.register import RegisterIssue

FIELD_NAMES = {
    "received": "收到日期", "applicant": "申请人类型", "outcome": "办理结果", "answered": "答复日期",
    "correction_received": "补正收到日期", "number": "编号", "published": "公布日期", "document_kind": "类别",
}
KIND_NAMES = {"document_kind": "文件类别（规章、行政规范性文件）", "applicant": "申请人类型", "outcome": "办理结果", "case_result": "复议或诉讼结果", "yes_no": "是或否", "days": "工作日数"}


def where(issue: RegisterIssue) -> str:
    if issue.ref is None:
        return ""
    col = f"“{issue.column}”列" if issue.column else ""
    return f"{issue.ref.sheet} {issue.ref.label}{col}"


def issue_text(issue: RegisterIssue) -> str:
    w = where(issue)
    text = f"“{issue.text}”" if issue.text else ""
    left = "，该行未计入统计" if issue.excluded else ""
    k = issue.kind
    if k == "bad_date":
        return f"{w}{text}不是日期（应写作 2024-01-05、2024/1/5 或 2024年1月5日）{left}"
    if k == "no_year":
        return f"{w}{text}没有写年份，无法确定是哪一年{left}"
    if k == "bad_value":
        kind = KIND_NAMES.get(issue.detail, issue.detail)
        return f"{w}{text}无法对应到{kind}的法定分类（可在工作区 ledger/mapping.toml 中补充对照）{left}"
    if k == "missing":
        return f"{w}缺少{FIELD_NAMES.get(issue.detail, issue.detail)}{left}"
    if k == "answer_before_receipt":
        return f"{w}答复日期{text}早于收到日期 {issue.detail}{left}"
    if k == "duplicate_number":
        same = "与" + issue.detail + "完全相同，按重复登记处理" if issue.excluded else "与" + issue.detail + "编号相同但内容不同，两行都已计入，请核对"
        return f"{w}编号{text}{same}{left}"
    if k == "formula":
        return f"{w}是公式，按表格保存的计算结果读取（未在 Excel 中重新计算过的公式没有结果，按空白处理）"
    if k == "missing_column":
        return f"{issue.ref.sheet if issue.ref else ''} 表头（第{issue.ref.row if issue.ref else '?'}行）没有“{FIELD_NAMES.get(issue.detail, issue.detail)}”列，各行无法计入统计"
    if k == "too_many_rows":
        return f"{w}起超过 {issue.detail} 行，其后各行未读取"
    return f"{w}{text}{k}{left}"

"""The XLSX files of the register: the template to keep all year (``annual-report ledger``)
and the explanation of a tally (``annual-report tally``: every cell with its register rows)."""

from __future__ import annotations

import io
from datetime import date
from ..model.layout import B_COMPONENT_COLUMNS, table_layout
from ..model.register import Application, Tally

# (field, header, width, note) — headers are names the register reader knows
TEMPLATE_COLUMNS = (
    ("number", "编号", 14, "每件申请一个编号，不重复，如 2024-001"),
    ("received", "收到日期", 12, "《条例》第三十一条：当面提交的为提交之日；邮寄的为签收之日（平常信函为与申请人确认之日）；网络、传真提交的为双方确认之日"),
    ("applicant", "申请人类型", 14, "从下拉列表选择：自然人，或法人或其他组织中的商业企业、科研机构、社会公益组织、法律服务机构、其他"),
    ("content", "申请内容", 36, "申请公开的政府信息的名称或内容描述"),
    ("correction", "是否补正", 10, "《条例》第三十条：申请内容不明确的，在收到申请之日起7个工作日内一次性告知补正"),
    ("correction_received", "补正收到日期", 12, "收到补正后的申请之日，答复期限自此日起算；告知补正但申请人逾期未补正的留空"),
    ("extended", "是否延期", 10, "《条例》第三十三条：需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长不超过20个工作日"),
    ("extension_days", "延期工作日", 10, "批准延长的工作日数（不超过20）；留空按20个工作日计"),
    ("consult_days", "征求意见工作日", 12, "征求第三方或者其他机关意见所需时间，不计算在答复期限内（第三十三条第三款）"),
    ("answered", "答复日期", 12, "作出答复（出具告知书）之日；尚未答复的留空，年底未答复的计入“结转下年度继续办理”"),
    ("outcome", "办理结果", 22, "从下拉列表选择，与年报表三“三、本年度办理结果”各行一一对应"),
    ("review_filed", "行政复议提起日期", 12, "申请人就本件答复申请行政复议的日期；没有的留空"),
    ("review_result", "行政复议结果", 12, "维持、纠正、其他或尚未审结"),
    ("review_decided", "行政复议结果日期", 12, "复议决定之日：结果计入决定作出当年，此前各年计为“尚未审结”"),
    ("litigation_filed", "行政诉讼提起日期", 12, "就本件提起行政诉讼的日期；先复议后起诉的，计入“复议后起诉”"),
    ("litigation_result", "行政诉讼结果", 12, "维持、纠正、其他或尚未审结"),
    ("litigation_decided", "行政诉讼结果日期", 12, "判决、裁定生效之日"),
    ("note", "备注", 24, "其他需要说明的情况，如提交方式（当面、邮寄、网络、传真）、转办、撤回等"),
)

OUTCOME_CHOICES = (
    ("open", "予以公开"), ("partial", "部分公开"),
    ("deny.1", "属于国家秘密"), ("deny.2", "其他法律行政法规禁止公开"), ("deny.3", "危及“三安全一稳定”"),
    ("deny.4", "保护第三方合法权益"), ("deny.5", "属于三类内部事务信息"), ("deny.6", "属于四类过程性信息"),
    ("deny.7", "属于行政执法案卷"), ("deny.8", "属于行政查询事项"),
    ("unable.1", "本机关不掌握相关政府信息"), ("unable.2", "没有现成信息需要另行制作"), ("unable.3", "补正后申请内容仍不明确"),
    ("noprocess.1", "信访举报投诉类申请"), ("noprocess.2", "重复申请"), ("noprocess.3", "要求提供公开出版物"),
    ("noprocess.4", "无正当理由大量反复申请"), ("noprocess.5", "要求行政机关确认或重新出具已获取信息"),
    ("other.1", "逾期不补正"), ("other.2", "逾期未缴费"), ("other.3", "其他"),
)
OUTCOME_LABEL = dict(OUTCOME_CHOICES)
CASE_CHOICES = ("维持", "纠正", "其他", "尚未审结")
CASE_LABEL = {"结果维持": "维持", "结果纠正": "纠正", "其他结果": "其他"}
DATE_FIELDS = {"received", "correction_received", "answered", "review_filed", "review_decided", "litigation_filed", "litigation_decided"}


def template_bytes(year: int, carried: list[Application] = ()) -> bytes:
    """The register template for ``year``: headers with notes, drop-down lists, date cells
    validated, and ``carried`` (applications still open on 31 December of the year before)."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = f"{year}年登记"
    lists = wb.create_sheet("取值")
    for col, (title, values) in enumerate((("申请人类型", B_COMPONENT_COLUMNS), ("办理结果", [v for _, v in OUTCOME_CHOICES]), ("复议诉讼结果", CASE_CHOICES), ("是否", ("是", "否"))), start=1):
        lists.cell(1, col, title).font = Font(bold=True)
        for r, v in enumerate(values, start=2):
            lists.cell(r, col, v)
    lists.sheet_state = "hidden"
    last = 2 + 20000
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    letter = {}
    for i, (fld, header, width, note) in enumerate(TEMPLATE_COLUMNS, start=1):
        cell = ws.cell(1, i, header)
        cell.font = Font(bold=True)
        cell.fill = head_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.comment = Comment(note, "annual-report", width=300, height=120)
        letter[fld] = get_column_letter(i)
        ws.column_dimensions[letter[fld]].width = width
    ws.freeze_panes = "B2"
    ws.row_dimensions[1].height = 30

    def choose(fields, ref, title):
        dv = DataValidation(type="list", formula1=ref, allow_blank=True, showErrorMessage=True, errorTitle="取值不对", error=f"请从下拉列表中选择{title}")
        ws.add_data_validation(dv)
        for f in fields:
            dv.add(f"{letter[f]}2:{letter[f]}{last}")

    choose(("applicant",), f"取值!$A$2:$A${1 + len(B_COMPONENT_COLUMNS)}", "申请人类型")
    choose(("outcome",), f"取值!$B$2:$B${1 + len(OUTCOME_CHOICES)}", "办理结果")
    choose(("review_result", "litigation_result"), f"取值!$C$2:$C${1 + len(CASE_CHOICES)}", "结果")
    choose(("correction", "extended"), "取值!$D$2:$D$3", "是或否")
    dates = DataValidation(type="date", operator="between", formula1="DATE(2000,1,1)", formula2="DATE(2100,12,31)", allow_blank=True, showErrorMessage=True, errorTitle="日期不对", error="请填写日期，如 2024-01-05")
    ws.add_data_validation(dates)
    days = DataValidation(type="whole", operator="between", formula1="0", formula2="366", allow_blank=True, showErrorMessage=True, errorTitle="工作日数不对", error="请填写工作日数（整数）")
    ws.add_data_validation(days)
    for f in DATE_FIELDS:
        dates.add(f"{letter[f]}2:{letter[f]}{last}")
        ws.column_dimensions[letter[f]].number_format = "yyyy-mm-dd"
    for f in ("extension_days", "consult_days"):
        days.add(f"{letter[f]}2:{letter[f]}{last}")
    for r, app in enumerate(carried, start=2):
        values = _row_values(app)
        for i, (fld, *_rest) in enumerate(TEMPLATE_COLUMNS, start=1):
            v = values.get(fld)
            if v is not None:
                c = ws.cell(r, i, v)
                if isinstance(v, date):
                    c.number_format = "yyyy-mm-dd"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _row_values(app: Application) -> dict:
    out = {
        "number": app.ref.number or None, "received": app.received, "applicant": app.applicant, "content": app.content or None,
        "correction": "是" if app.correction_asked else None, "correction_received": app.correction_received,
        "extended": "是" if app.extended else None, "extension_days": app.extension_days, "consult_days": app.consult_days or None,
        "note": f"上年结转（原台账 {app.ref.sheet} {app.ref.label}）",
    }
    for prefix, case in (("review", app.review), ("litigation", app.litigation)):
        if case is not None:
            out[f"{prefix}_filed"] = case.filed
            out[f"{prefix}_result"] = CASE_LABEL.get(case.result or "", "尚未审结")
            out[f"{prefix}_decided"] = case.decided
    return out


def explanation_bytes(t: Tally | None, edition: str = "2021", documents=None, published=None) -> bytes:
    """An XLSX that shows tables B and C as tallied, and for every cell the register rows
    that make it; then the late answers and the rows left out; and, when given, table A's
    documents and the published items by column."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    bold = Font(bold=True)
    if t is not None:
        _applications(wb, t, edition, bold, Alignment)
    if documents is not None:
        ws = wb.create_sheet("表二（文件登记表）")
        ws.append(["信息内容", "列", "数量", "文件登记表行（文号）"])
        for cell in ws[1]:
            cell.font = bold
        for (row, col), refs in documents.cells.items():
            ws.append([row, col, len(refs), "、".join(r.label for r in refs)])
        for row, refs in documents.previous_current.items():
            ws.append([row, f"{documents.year - 1}年底现行有效", len(refs), "、".join(r.label for r in refs)])
    if published is not None:
        ws = wb.create_sheet("主动公开（发布清单）")
        ws.append(["栏目", "条数", "发布清单行"])
        for cell in ws[1]:
            cell.font = bold
        ws.append(["合计", len(published.total), ""])
        for name, refs in sorted(published.by_column.items(), key=lambda kv: -len(kv[1])):
            ws.append([name, len(refs), "、".join(r.label for r in refs)])
    if len(wb.worksheets) > 1 and wb.worksheets[0].max_row == 1 and wb.worksheets[0].max_column == 1 and wb.worksheets[0]["A1"].value is None:
        wb.remove(wb.worksheets[0])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _applications(wb, t: Tally, edition: str, bold, Alignment) -> None:
    first = True
    for name, title in (("B", "表三"), ("C", "表四")):
        layout = table_layout(edition, name)
        ws = wb.active if first else wb.create_sheet()
        first = False
        ws.title = f"{title}（台账统计）"
        cols = [c.id for c in layout.rows[0].columns]
        ws.append([layout.title + f"（{t.year}年，据台账统计）"])
        ws.append(["项目", *cols])
        for cell in ws[2]:
            cell.font = bold
        for row in layout.rows:
            ws.append([row.name, *[t.count(name, row.id, c) for c in cols]])
        ws.column_dimensions["A"].width = 48
    detail = wb.create_sheet("每格的台账行")
    detail.append(["表", "项目", "列", "数量", "台账（工作表）", "台账行（编号）"])
    for cell in detail[1]:
        cell.font = bold
    for name, title in (("B", "表三"), ("C", "表四")):
        layout = table_layout(edition, name)
        for row in layout.rows:
            for c in row.columns:
                refs = t.rows(name, row.id, c.id)
                if refs:
                    sheets = "、".join(sorted({r.sheet for r in refs}))
                    detail.append([title, row.name, c.id, len(refs), sheets, "、".join(r.label for r in refs)])
    detail.column_dimensions["B"].width = 40
    detail.column_dimensions["F"].width = 80
    for cell in detail["F"]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    late = wb.create_sheet("逾期答复")
    late.append(["台账（工作表）", "台账行（编号）", "起算日", "答复期限", "答复日期", "已用工作日", "允许工作日"])
    for cell in late[1]:
        cell.font = bold
    if t.calendar_note:
        late.append([t.calendar_note])
    for x in t.late:
        late.append([x.ref.sheet, x.ref.label, x.start, x.due, x.answered or "年底仍未答复", x.working_days, x.allowed])
    left = wb.create_sheet("未计入或需核对的行")
    left.append(["台账（工作表）", "行", "列", "单元格内容", "问题", "是否计入"])
    for cell in left[1]:
        cell.font = bold
    from .messages import issue_text

    for issue in t.issues:
        ref = issue.ref
        left.append([ref.sheet if ref else "", ref.label if ref else "", issue.column, issue.text, issue_text(issue), "未计入" if issue.excluded else "已计入"])

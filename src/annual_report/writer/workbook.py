"""The statistics workbook an officer fills in Excel or WPS 表格 (``annual-report workbook``).

One sheet per statutory table, laid out as the report prints it (the same merged header and
label cells), labels locked, number cells limited by data validation, totals by formula, a
comment on each header; a sheet for the body and year, and one for the narrative.  The
layout is :mod:`annual_report.model.workbook_layout`, shared with the workbook reader.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..model.layout import B_COMPONENT_COLUMNS, NARRATIVE_PARTS, edition_for_year, part_heading, table_layout
from ..model.workbook_layout import (
    INFO_ROWS,
    INFO_SHEET,
    PREFACE_LABEL,
    SHEET_NAMES,
    TEXT_HEADER,
    TEXT_SHEET,
    SheetPlan,
    column_letter,
    ref,
    sheet_plan,
)


def header_notes() -> dict[str, str]:
    """The comment of each header label (src/annual_report/data/workbook-notes.toml)."""
    import tomllib

    from ..resources import data_dir

    with open(data_dir() / "workbook-notes.toml", "rb") as fh:
        return dict(tomllib.load(fh)["notes"])


# --- values ---------------------------------------------------------------------------------


def table_values(data: dict | None, table: str, edition: str) -> dict[tuple[str, str], Any]:
    """(row_id, col_id) -> value of a data dict's table (rows in layout order), {} without data."""
    if not data or data.get("edition", edition_for_year(data.get("year", 2021))) != edition:
        return {}
    rows = ((data.get("tables") or {}).get(table) or {}).get("rows") or []
    out = {}
    for row, entry in zip(table_layout(edition, table).rows, rows):
        for col in row.columns:
            if isinstance(entry, dict) and entry.get(col.id) is not None:
                out[(row.id, col.id)] = entry[col.id]
    return out


def carried_values(previous: dict | None, edition: str) -> tuple[dict, dict]:
    """What the previous year's data carries into this year: table B 上年结转 per column, and
    table A 上年现行有效件数 per row (2021 format)."""
    if not previous:
        return {}, {}
    prev_edition = previous.get("edition") or edition_for_year(previous.get("year", 2021))
    b = table_values(previous, "B", prev_edition)
    carried_in = {col: b[("carried_out", col)] for col in B_COMPONENT_COLUMNS if ("carried_out", col) in b}
    in_force = {}
    if prev_edition == edition == "2021":
        a = table_values(previous, "A", "2021")
        for row_id in ("规章", "行政规范性文件"):
            if (row_id, "现行有效件数") in a:
                in_force[row_id] = a[(row_id, "现行有效件数")]
    return carried_in, in_force


# --- narrative from another file ------------------------------------------------------------


def narrative_from_file(path: Path) -> dict[str, list[str]]:
    """The preface and parts 一、五、六 of a .docx report or a .txt with the 一、…六、 headings."""
    from ..model.errors import UserError
    from ..readers.docx.parts import heading_part

    path = Path(path)
    if not path.is_file():
        raise UserError(f"找不到文字材料 {path}")
    out: dict[str, list[str]] = {}
    if path.suffix.lower() == ".docx":
        from ..readers.docx import read_docx

        report = read_docx(path)
        if not report.parts:
            raise UserError(f"{path} 中没有找到“一、总体情况”等部分标题，无法取出文字")
        if report.preface:
            out[PREFACE_LABEL] = [p.text for p in report.preface]
        for number in NARRATIVE_PARTS:
            part = report.part(number)
            if part is not None:
                out[number] = [p.text for p in part.paragraphs]
        return out
    if path.suffix.lower() != ".txt":
        raise UserError(f"文字材料只能是 .docx 或 .txt 文件，{path} 不是")
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UserError(f"{path} 既不是 UTF-8 也不是 GBK 编码的文本")
    current = None
    found = False
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        number = heading_part(line)
        if number is not None:
            current, found = number, True
            continue
        if current is None:
            continue  # the title and anything above part 一
        if current in NARRATIVE_PARTS:
            out.setdefault(current, []).append(line)
    if not found:
        raise UserError(f"{path} 中没有“一、总体情况”…“六、其他需要报告的事项”这样的部分标题，无法分出各部分的文字")
    return out


# --- writing --------------------------------------------------------------------------------


def write_workbook(
    target: Path,
    *,
    year: int,
    body: dict,
    data: dict | None = None,
    previous: dict | None = None,
    narrative: dict[str, list[str]] | None = None,
) -> dict:
    """Write the workbook for ``year`` to ``target`` (atomically); ``data`` is the year's data
    where it exists (pre-filled), ``previous`` the year before (carried figures).  Returns
    what was pre-filled, for the command's message."""
    from openpyxl import Workbook

    from ..files.writing import write_atomic

    edition = (data or {}).get("edition") or edition_for_year(year)
    wb = Workbook()
    info = wb.active
    info.title = INFO_SHEET
    notes = header_notes()
    filled = {"data": bool(data), "carried": False}
    _info_sheet(info, year, edition, body, data)
    carried_in, in_force = carried_values(previous, edition)
    for table in ("A", "B", "C"):
        ws = wb.create_sheet(SHEET_NAMES[table])
        values = table_values(data, table, edition)
        extra_formulas = {}
        if table == "B":
            for col, v in carried_in.items():
                values.setdefault(("carried_in", col), v)
                filled["carried"] = True
        if table == "A":
            plan = sheet_plan(edition, "A")
            for row_id, v in in_force.items():
                key = (row_id, "现行有效件数")
                if key not in values:
                    r, c = plan.inputs[key]
                    made, repealed = ref(r, c - 2), ref(r, c - 1)
                    extra_formulas[(r, c)] = f"{v}+{made}-{repealed}"
                filled["carried"] = True
        _table_sheet(ws, sheet_plan(edition, table), values, extra_formulas, notes, previous)
    _text_sheet(wb.create_sheet(TEXT_SHEET), data, narrative)
    import io

    buffer = io.BytesIO()
    wb.save(buffer)
    write_atomic(Path(target), buffer.getvalue())
    return filled


def _styles():
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="000000")
    return {
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "label_font": Font(name="宋体", size=10, bold=True),
        "font": Font(name="宋体", size=10),
        "wrap": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "left": Alignment(horizontal="left", vertical="center", wrap_text=True),
        "input_fill": PatternFill("solid", fgColor="FFF9E5"),
        "total_fill": PatternFill("solid", fgColor="E8F0FA"),
    }


def _info_sheet(ws, year: int, edition: str, body: dict, data: dict | None) -> None:
    from openpyxl.styles import Protection

    s = _styles()
    values = {
        "name": body.get("name", ""),
        "level": body.get("level", ""),
        "region": body.get("region", ""),
        "year": year,
        "edition": edition,
        "title": (data or {}).get("title", ""),
        "publication_date": (data or {}).get("publication_date", ""),
    }
    for i, (label, key) in enumerate(INFO_ROWS, start=1):
        a = ws.cell(i, 1, label)
        a.font, a.border = s["label_font"], s["border"]
        b = ws.cell(i, 2, values[key] if values[key] != "" else None)
        b.border, b.font, b.alignment = s["border"], s["font"], s["left"]
        if key not in ("year", "edition"):
            b.protection = Protection(locked=False)
            b.fill = s["input_fill"]
        if key == "publication_date":
            b.number_format = "@"
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 60
    ws.cell(len(INFO_ROWS) + 2, 1, "说明：黄色单元格可填写；表二至表四的表头和行名已锁定（工作表保护未设密码）；合计由公式自动计算。").font = s["font"]
    ws.cell(len(INFO_ROWS) + 3, 1, "填好后运行：annual-report extract 本文件.xlsx -o data/年度.json").font = s["font"]
    ws.protection.sheet = True


def _table_sheet(ws, plan: SheetPlan, values: dict, extra_formulas: dict, notes: dict[str, str], previous: dict | None) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    s = _styles()
    for (r, c), text in plan.labels.items():
        cell = ws.cell(r, c, text)
        cell.font, cell.alignment = s["label_font"], s["wrap"] if plan.table != "B" or c > 3 or r <= 3 else s["left"]
        note = notes.get(text)
        if note and (r, c) in plan.headers:
            comment = Comment(note, "annual-report")
            comment.width, comment.height = 300, 110
            cell.comment = comment
    for r1, c1, r2, c2 in plan.merges:
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                ws.cell(r, c).border = s["border"]
        ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
    for (r, c) in plan.labels:
        ws.cell(r, c).border = s["border"]
    counts = DataValidation(
        type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
        showErrorMessage=True, errorTitle="应为非负整数", error="请填写 0 或正整数（没有发生的填 0）",
        showInputMessage=False,
    )
    amounts = DataValidation(
        type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
        showErrorMessage=True, errorTitle="应为以万元计的金额", error="请填写以万元为单位的非负金额，如 1.25",
        showInputMessage=True, promptTitle="单位：万元", prompt="以万元为单位，如 1.25 表示 12500 元",
    )
    signed = DataValidation(type="whole", allow_blank=True, operator="between", formula1="-1000000", formula2="1000000", showErrorMessage=True, errorTitle="应为整数", error="请填写整数，减少的填负数")
    for dv in (counts, amounts, signed):
        ws.add_data_validation(dv)
    for key, (r, c) in plan.inputs.items():
        cell = ws.cell(r, c)
        formula = extra_formulas.get((r, c))
        cell.value = f"={formula}" if formula else values.get(key)
        cell.protection = Protection(locked=False)
        cell.fill, cell.border, cell.font, cell.alignment = s["input_fill"], s["border"], s["font"], s["wrap"]
        kind = plan.kinds[(r, c)]
        if kind == "amount":
            cell.number_format = "0.00"
            amounts.add(cell.coordinate)
        elif kind == "signed":
            signed.add(cell.coordinate)
        else:
            cell.number_format = "0"
            counts.add(cell.coordinate)
        if key == ("carried_in", key[1]) and previous and key in values:
            cell.comment = Comment(f"取自{previous.get('year', '上')}年度数据“四、结转下年度继续办理”", "annual-report")
        if formula:
            cell.comment = Comment(f"按{previous.get('year', '上')}年度现行有效件数预填：上年现行有效 + 本年制发 − 本年废止，可按实际改写", "annual-report")
    for (r, c), formula in plan.formulas.items():
        cell = ws.cell(r, c, f"={formula}")
        cell.fill, cell.border, cell.font, cell.alignment = s["total_fill"], s["border"], s["font"], s["wrap"]
        cell.number_format = "0"
    widths = {"A": {1: 26}, "B": {1: 14, 2: 18, 3: 34}, "C": {}}[plan.table]
    for c in range(1, plan.width + 1):
        ws.column_dimensions[column_letter(c)].width = widths.get(c, 14 if plan.table == "A" else 10)
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # widths may be changed; structure may not


def _text_sheet(ws, data: dict | None, narrative: dict[str, list[str]] | None) -> None:
    s = _styles()
    source: dict[str, list[str]] = {}
    if data:
        if data.get("preface"):
            source[PREFACE_LABEL] = list(data["preface"])
        for number in NARRATIVE_PARTS:
            source[number] = list((data.get("parts") or {}).get(number) or [])
    if narrative:
        source.update(narrative)
    for c, text in enumerate(TEXT_HEADER, start=1):
        cell = ws.cell(1, c, text)
        cell.font, cell.border = s["label_font"], s["border"]
    r = 2
    for key in (PREFACE_LABEL, *NARRATIVE_PARTS):
        paragraphs = source.get(key) or []
        if key == PREFACE_LABEL and not paragraphs:
            continue  # the format's preface is used when none is written
        label = PREFACE_LABEL if key == PREFACE_LABEL else part_heading(key)
        for i, text in enumerate(paragraphs or [None]):
            ws.cell(r, 1, label if i == 0 else None).font = s["label_font"]
            cell = ws.cell(r, 2, text)
            cell.alignment, cell.font = s["left"], s["font"]
            r += 1
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 100
    ws.freeze_panes = "A2"

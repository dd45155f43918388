"""Reading the statistics workbook (``annual-report workbook``) back into yearly data.

The table sheets are turned into grids (merged cells as spans and continuations, like Word's
gridSpan/vMerge) and mapped by their labels with the same :class:`TableMapper` as a .docx.
The workbook is a data file, so it is read strictly: a sheet renamed or deleted, merged
cells broken, a cell that is not a number of its kind, a formula that errors — each is listed
by sheet and cell ("表三 D12：应为非负整数，实为“十二”") and the file is refused.

Formulas are taken at the value Excel, WPS or LibreOffice last computed; a workbook never
opened in a spreadsheet program (no computed values) has its formulas computed here (the
sums this tool writes: SUM, COUNT, IF, + and −).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from pathlib import Path

from ..model.errors import UserError
from ..model.layout import NARRATIVE_PARTS, edition_for_year, table_layout
from ..model.report import Report, Source
from ..model.limits import MAX_XLSX_BYTES, MAX_XLSX_COLUMNS, MAX_XLSX_ROWS
from .grid import Grid, GridCell
from ..plugins.hookspecs import hookimpl
from .values import parse_value

_KIND_WANTED = {"count": "应为非负整数", "amount": "应为以万元计的非负金额", "signed": "应为整数"}


class XlsxReader:
    name = "xlsx"
    suffixes = (".xlsx", ".xlsm")  # what a folder is searched for

    def accepts(self, path: Path) -> bool:
        return Path(path).suffix.lower() in self.suffixes

    def read(self, path: Path) -> Report:
        from ..text.figure_refs import ReferenceError_
        from .jsondata import report_from_data

        data = self.read_data(path)
        try:
            report = report_from_data(data, path, validate=False)
        except ReferenceError_ as exc:
            raise UserError(f"{path} 的文字部分引用了不存在的数字：{exc}") from None
        return replace(report, source=Source(str(path), "xlsx"))

    def read_data(self, path: Path) -> dict:
        """The yearly data dict of the workbook; :class:`UserError` listing every bad cell."""
        return _Workbook(Path(path)).data()


@hookimpl
def register_readers(register):
    register(XlsxReader())


# --- cell values -------------------------------------------------------------------------------


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def strict_value(value, kind: str):
    """(value, problem): a cell's number as the data file holds it, or why it is not one.
    A typed "0", full-width digits, "12件" read as in a .docx draft; blank, "—", "/", "无"
    are missing (None); words ("十二"), dates, negative or fractional counts are problems."""
    if value is None:
        return None, None
    wanted = _KIND_WANTED[kind]
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None, f"{wanted}，实为“{_shown(value)}”"
    number = value
    if isinstance(value, str):
        parsed, ok = parse_value(value)
        if ok and parsed is None:
            return None, None
        if not ok or not re.search(r"\d", unicodedata.normalize("NFKC", value)):
            return None, f"{wanted}，实为“{value.strip()}”"
        number = parsed
    if kind != "amount":
        if isinstance(number, float) and not number.is_integer():
            return None, f"{wanted}，实为“{_shown(value)}”"
        number = int(number)
    if kind != "signed" and number < 0:
        return None, f"{wanted}，实为“{_shown(value)}”"
    return number, None


# --- formulas ----------------------------------------------------------------------------------

_TOKEN = re.compile(r"\s*(?:(\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)|(\d+(?:\.\d+)?)|(\"[^\"]*\")|([A-Z]+)\s*\(|([-+=(),]))")
_CELL = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")


class FormulaError(Exception):
    pass


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _cells(reference: str) -> list[tuple[int, int]]:
    ends = [_CELL.fullmatch(part) for part in reference.split(":")]
    (c1, r1), (c2, r2) = [(_col_number(m.group(1)), int(m.group(2))) for m in (ends[0], ends[-1])]
    return [(r, c) for r in range(min(r1, r2), max(r1, r2) + 1) for c in range(min(c1, c2), max(c1, c2) + 1)]


def evaluate(formula: str, value_of) -> object:
    """The value of one of the workbook's own formulas (``=SUM(D4:I4)``, ``=IF(COUNT(…)=0,"",…)``,
    ``=57+B3-C3``); ``value_of((row, col))`` gives a referenced cell's number or None."""
    tokens = []
    text = formula.lstrip("=").upper()
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise FormulaError(formula)
        pos = m.end()
        ref, number, string, func, op = m.groups()
        if ref:
            tokens.append(("ref", ref))
        elif number:
            tokens.append(("num", float(number) if "." in number else int(number)))
        elif string:
            tokens.append(("str", string[1:-1]))
        elif func:
            tokens.append(("func", func))
        elif op:
            tokens.append(("op", op))
    tokens.append(("end", None))
    i = 0

    def peek():
        return tokens[i]

    def take(kind=None, value=None):
        nonlocal i
        tok = tokens[i]
        if (kind and tok[0] != kind) or (value is not None and tok[1] != value):
            raise FormulaError(formula)
        i += 1
        return tok

    def numbers(args) -> list:
        out = []
        for a in args:
            out.extend(v for v in (a if isinstance(a, list) else [a]) if isinstance(v, (int, float)))
        return out

    def primary():
        kind, value = peek()
        if kind == "num" or kind == "str":
            take()
            return value
        if kind == "ref":
            take()
            cells = [value_of(c) for c in _cells(value)]
            return cells if ":" in value else cells[0]
        if kind == "func":
            take()
            args = [comparison()]
            while peek() == ("op", ","):
                take()
                args.append(comparison())
            take("op", ")")
            if value == "SUM":
                return sum(numbers(args))
            if value == "COUNT":
                return len(numbers(args))
            if value == "IF" and len(args) == 3:
                return args[1] if args[0] else args[2]
            raise FormulaError(formula)
        if (kind, value) == ("op", "("):
            take()
            result = comparison()
            take("op", ")")
            return result
        if (kind, value) == ("op", "-"):
            take()
            return -number(primary())
        raise FormulaError(formula)

    def number(v):
        if v is None or v == "":
            return 0
        if isinstance(v, (int, float)):
            return v
        raise FormulaError(formula)

    def additive():
        result = primary()
        while peek() in (("op", "+"), ("op", "-")):
            op = take()[1]
            right = primary()
            result = number(result) + number(right) if op == "+" else number(result) - number(right)
        return result

    def comparison():
        left = additive()
        if peek() == ("op", "="):
            take()
            return left == additive()
        return left

    result = comparison()
    take("end")
    if isinstance(result, list):
        raise FormulaError(formula)
    return result


# --- the workbook --------------------------------------------------------------------------------


class _Workbook:
    def __init__(self, path: Path) -> None:
        from ..model.workbook_layout import SHEET_NAMES

        self.path = path
        self.problems: list[str] = []
        self.formulas, self.values = self._open()
        missing = [name for name in ("基本信息", *SHEET_NAMES.values()) if name not in self.formulas.sheetnames]
        if missing:
            have = "、".join(f"“{n}”" for n in self.formulas.sheetnames)
            raise UserError(
                f"{path} 中没有工作表{'、'.join(f'“{n}”' for n in missing)}（现有：{have}）；"
                "请不要重命名或删除工作表，可用 annual-report workbook 重新生成"
            )

    def _open(self):
        import zipfile

        from openpyxl import load_workbook

        path = self.path
        if not path.is_file():
            raise UserError(f"找不到文件 {path}")
        if path.stat().st_size > MAX_XLSX_BYTES:
            raise UserError(f"{path} 过大，不像年报统计工作簿，已拒绝读取")
        head = path.read_bytes()[:8]
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise UserError(f"{path} 是旧版 Excel 文件或已加密，请在 Excel/WPS 中取消密码并另存为 .xlsx 后再读取")
        from ..ooxml.package import check_parts

        check_parts(path)  # openpyxl would inflate and parse every part it is given
        try:
            return load_workbook(path, data_only=False), load_workbook(path, data_only=True)
        except (zipfile.BadZipFile, EOFError):
            raise UserError(f"{path} 已损坏（压缩包不完整，可能下载或拷贝时被截断），请重新获取文件") from None
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a broken file
            raise UserError(f"{path} 不是有效的 .xlsx 工作簿（{type(exc).__name__}），请在 Excel/WPS 中打开后另存为 .xlsx") from None

    def short(self, sheet: str) -> str:
        return sheet.split()[0]

    # cell values (formulas computed), memoised per sheet
    def cell_value(self, sheet: str, cell: tuple[int, int], kind: str | None, cache: dict, stack: frozenset = frozenset()):
        if cell in cache:
            return cache[cell]
        from openpyxl.utils import get_column_letter

        r, c = cell
        where = f"{self.short(sheet)} {get_column_letter(c)}{r}"
        raw = self.formulas[sheet].cell(r, c).value
        problem = None
        if isinstance(raw, str) and raw.startswith("="):
            cached = self.values[sheet].cell(r, c).value
            if isinstance(cached, str) and cached.startswith("#"):
                cache[cell] = None
                self.problems.append(f"{where}：公式 {raw} 出错（{cached}）")
                return None
            if cached is None and cell not in stack:
                try:
                    cached = evaluate(raw, lambda ref: self.cell_value(sheet, ref, None, cache, stack | {cell}))
                except (FormulaError, RecursionError):
                    cache[cell] = None
                    self.problems.append(f"{where}：公式 {raw} 无法计算，请在 Excel 或 WPS 中打开并保存后再读取")
                    return None
            raw = None if cached == "" else cached
        if kind is None:  # a cell a formula refers to
            value, _ = strict_value(raw, "signed") if not isinstance(raw, str) or re.search(r"\d", raw) else (None, None)
            return value
        value, problem = strict_value(raw, kind)
        if problem:
            self.problems.append(f"{where}：{problem}")
        cache[cell] = value
        return value

    def data(self) -> dict:
        from ..model.workbook_layout import SHEET_NAMES, sheet_plan
        from ..model.schema_gen import SCHEMA_ID
        from .tables import TableMapper

        info = self._info()
        year, edition = info["year"], info["edition"]
        mapper = TableMapper()
        where: dict[tuple[int, int, int], tuple[str, tuple[int, int]]] = {}
        caches: dict[str, dict] = {}
        plans = {}
        for index, (table, sheet) in enumerate(SHEET_NAMES.items()):
            plan = plans[table] = sheet_plan(edition, table)
            self._check_structure(sheet, plan)
            cache = caches[sheet] = {}
            kinds = plan.kinds
            grid = Grid(index)
            ws = self.formulas[sheet]
            merged = {}
            for rng in ws.merged_cells.ranges:
                for r in range(rng.min_row, rng.max_row + 1):
                    for c in range(rng.min_col, rng.max_col + 1):
                        merged[(r, c)] = rng
            for r in range(1, min(ws.max_row, MAX_XLSX_ROWS) + 1):
                row: list[GridCell] = []
                for c in range(1, min(ws.max_column, MAX_XLSX_COLUMNS) + 1):
                    rng = merged.get((r, c))
                    if rng is not None and c != rng.min_col:
                        continue
                    anchor = (rng.min_row, rng.min_col) if rng is not None else (r, c)
                    span = rng.max_col - rng.min_col + 1 if rng is not None else 1
                    if anchor in kinds:
                        text = _shown(self.cell_value(sheet, anchor, kinds[anchor], cache))
                    else:
                        text = _shown(ws.cell(*anchor).value)
                    where[(index, r - 1, len(row))] = (sheet, anchor)
                    row.append(GridCell(c - 1, span, text, len(row), continued=anchor[0] != r))
                grid.rows.append(row)
            mapper.end_context()
            mapper.feed(grid)
        result = mapper.result(edition)
        for issue in result.issues:
            if issue.kind in ("bad_value", "missing_row", "missing_cell"):
                continue  # values judged strictly above, by sheet and cell; a blank row is missing data
            sheet = SHEET_NAMES.get(issue.table or "", "")
            self.problems.append(f"{self.short(sheet) + '：' if sheet else ''}{issue.message}")
        tables = {}
        for table, sheet in SHEET_NAMES.items():
            layout = table_layout(edition, table)
            data_table = result.tables.get(table)
            rows = []
            for row in layout.rows:
                entry = {layout.label_key: row.label}
                for col in row.columns:
                    value = None
                    ref = data_table.sources.get((row.id, col.id)) if data_table else None
                    if ref is not None:
                        s, anchor = where[(ref.table, ref.row, ref.cell)]
                        if anchor in plans[table].kinds:
                            value = caches[s].get(anchor)
                    entry[col.id] = value
                rows.append(entry)
            tables[table] = {"rows": rows}
        parts, preface = self._text()
        if self.problems:
            raise UserError(f"无法读取工作簿 {self.path}：有 {len(self.problems)} 处问题，未写出任何文件", self.problems)
        data = {"$schema": SCHEMA_ID, "year": year, "edition": edition, "body": info["body"]}
        for key in ("title", "publication_date"):
            if info.get(key):
                data[key] = info[key]
        if preface:
            data["preface"] = preface
        data["parts"] = parts
        data["tables"] = tables
        return data

    def _check_structure(self, sheet: str, plan) -> None:
        from openpyxl.utils import get_column_letter

        def name(r1, c1, r2, c2):
            return f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r2}"

        ws = self.formulas[sheet]
        for (r, c), label in sorted(plan.labels.items()):
            text = _shown(ws.cell(r, c).value)
            if "".join(text.split()) != "".join(label.split()):
                self.problems.append(f"{self.short(sheet)} {get_column_letter(c)}{r}：应为“{label}”，实为“{text}”（表头和行名不能改动）")
        have = {(m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges}
        want = set(plan.merges)
        for m in sorted(want - have):
            self.problems.append(f"{self.short(sheet)} {name(*m)}：合并单元格已被拆分（应与法定表格一致，请撤销拆分或重新生成工作簿）")
        for m in sorted(have - want):
            self.problems.append(f"{self.short(sheet)} {name(*m)}：多出了法定表格中没有的合并单元格")

    def _info(self) -> dict:
        from ..model.workbook_layout import INFO_ROWS, INFO_SHEET

        ws = self.formulas[INFO_SHEET]
        found = {}
        labels = {label: key for label, key in INFO_ROWS}
        for r in range(1, min(ws.max_row, 50) + 1):
            label = ws.cell(r, 1).value
            if isinstance(label, str) and label.strip() in labels:
                found[labels[label.strip()]] = (r, ws.cell(r, 2).value)
        out: dict = {"body": {}}
        for label, key in INFO_ROWS:
            if key not in found:
                self.problems.append(f"{INFO_SHEET}：缺少“{label}”一行")
        r, year = found.get("year", (0, None))
        text = unicodedata.normalize("NFKC", _shown(year)).strip().removesuffix("年")
        if not (text.isdigit() and len(text) == 4):
            raise UserError(f"无法读取工作簿 {self.path}：{INFO_SHEET} B{r or 4}：应为四位数字的报告年度，实为“{_shown(year)}”")
        out["year"] = int(text)
        edition = _shown(found.get("edition", (0, None))[1]).strip()
        out["edition"] = edition if edition in ("2019", "2021") else edition_for_year(out["year"])
        for key in ("name", "level", "region"):
            value = _shown(found.get(key, (0, None))[1]).strip()
            if value or key != "region":
                out["body"][key] = value
        for key in ("title", "publication_date"):
            value = found.get(key, (0, None))[1]
            if hasattr(value, "date"):  # typed as a date in the spreadsheet
                value = value.date().isoformat()
            out[key] = _shown(value).strip()
        return out

    def _text(self) -> tuple[dict, list]:
        from ..model.workbook_layout import PREFACE_LABEL, TEXT_SHEET
        from .docx.parts import heading_part

        parts: dict[str, list[str]] = {n: [] for n in NARRATIVE_PARTS}
        preface: list[str] = []
        if TEXT_SHEET not in self.formulas.sheetnames:
            return parts, preface
        ws = self.formulas[TEXT_SHEET]
        current = None
        for r in range(2, ws.max_row + 1):
            label, text = ws.cell(r, 1).value, ws.cell(r, 2).value
            if label is not None and str(label).strip():
                label = str(label).strip()
                current = "前言" if label == PREFACE_LABEL else heading_part(label)
                if current is None or (current != "前言" and current not in NARRATIVE_PARTS):
                    self.problems.append(f"{TEXT_SHEET} A{r}：“{label}”不是前言或第一、五、六部分的标题")
                    current = None
                    continue
            if text is None or not str(text).strip():
                continue
            if current is None:
                self.problems.append(f"{TEXT_SHEET} B{r}：这段文字不属于任何部分（A 列应写“前言”或部分标题）")
                continue
            (preface if current == "前言" else parts[current]).append(_shown(text))
        return parts, preface

"""Registers of applications as offices keep them → :class:`~annual_report.model.register.Register`.

Reads the template ``annual-report ledger`` writes, the exports of 依申请公开 platforms and
hand-kept sheets: XLSX (every sheet that has a header row), CSV in UTF-8, UTF-8 with BOM or
GBK.  Column names and cell values are matched through ``data/ledger_columns.toml`` and a
workspace's ``ledger/mapping.toml``.  A cell that cannot be mapped becomes a
:class:`~annual_report.model.register.RegisterIssue` naming sheet, row and column, and its row
is left out (never guessed); the reader judges nothing else (deadlines and counts are the
tally's business).
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, timedelta
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..model.errors import UserError
from ..model.limits import MAX_REGISTER_BYTES, MAX_REGISTER_ROWS
from ..model.register import Application, Case, Register, RegisterIssue, RowRef

SUFFIXES = (".xlsx", ".xlsm", ".csv")
REQUIRED = ("received", "applicant")
HEADER_SCAN_ROWS = 10
_DROP = re.compile(r"[\s　:：*＊]|（[^）]*）|\([^)]*\)|【[^】]*】")


def _norm(text: Any) -> str:
    return _DROP.sub("", str(text or "")).strip().lower()


class Mapping:
    """Column aliases and value mappings: bundled data, extended by a workspace file."""

    def __init__(self, extra: dict | None = None) -> None:
        from ..resources import data_toml

        data = data_toml("ledger_columns.toml")
        self.columns: dict[str, str] = {}  # normalised alias -> field
        self.document_columns: dict[str, str] = {}  # the same for a register of documents
        self.published_columns: dict[str, str] = {}  # and for a list of published items
        self.values: dict[str, dict[str, str]] = {}  # kind -> normalised alias -> value
        self._memo: dict[tuple[str, str], str | None] = {}
        for source in (data, extra or {}):
            for fld, aliases in (source.get("columns") or {}).items():
                for alias in _as_list(aliases):
                    self.columns[_norm(alias)] = fld
            for fld, aliases in (source.get("document_columns") or {}).items():
                for alias in _as_list(aliases):
                    self.document_columns[_norm(alias)] = fld
            for fld, aliases in (source.get("published_columns") or {}).items():
                for alias in _as_list(aliases):
                    self.published_columns[_norm(alias)] = fld
            for kind, table in (source.get("values") or {}).items():
                target = self.values.setdefault(kind, {})
                for value, aliases in (table or {}).items():
                    for alias in [value, *_as_list(aliases)]:
                        target[_norm(alias)] = value

    @classmethod
    def for_workspace(cls, root: Path | None) -> "Mapping":
        path = Path(root) / "ledger" / "mapping.toml" if root else None
        if path is None or not path.is_file():
            return cls()
        from ..model.toml_files import read_toml

        return cls(read_toml(path, "台账对照文件"))

    def value(self, kind: str, text: str) -> str | None:
        key = (kind, text)
        if key not in self._memo:
            self._memo[key] = self.values.get(kind, {}).get(_norm(text))
        return self._memo[key]


def _as_list(value) -> list[str]:
    return [value] if isinstance(value, str) else [str(v) for v in (value or [])]


# --- dates -------------------------------------------------------------------------------------

_FULL = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+\d{1,2}[:：]\d{1,2}(?:[:：]\d{1,2}(?:\.\d+)?)?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_NO_YEAR = re.compile(r"^(\d{1,2})\s*[月/.-]\s*(\d{1,2})\s*日?$")
EXCEL_EPOCH = date(1899, 12, 30)


class DateError(ValueError):
    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def parse_date(value: Any) -> date | None:
    """A date as offices type it: a spreadsheet date, an Excel serial number, 2024-1-5,
    2024/01/05, 2024.1.5, 2024年1月5日, 20240105 (a time after it is ignored); None when
    blank.  Raises :class:`DateError` ("bad_date", or "no_year" for “1月5日”)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel's serial numbers (1900 date system)
            return EXCEL_EPOCH + timedelta(days=int(value))
        raise DateError("bad_date")
    text = str(value).strip()
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    text = text.translate(_FULLWIDTH)
    if not text or text in ("—", "-", "/", "无"):
        return None
    m = _FULL.match(text) or _COMPACT.match(text)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            raise DateError("bad_date") from None
    if re.fullmatch(r"\d{5}(\.\d+)?", text):
        return parse_date(float(text))
    if _NO_YEAR.match(text):
        raise DateError("no_year")
    raise DateError("bad_date")


_FULLWIDTH = str.maketrans("０１２３４５６７８９－／．", "0123456789-/.")


# --- cells -------------------------------------------------------------------------------------


def _rows_of_xlsx(path: Path) -> Iterator[tuple[str, Iterator[tuple[int, tuple]]]]:
    """(sheet name, rows) of each sheet; formulas give their saved result (or None)."""
    from zipfile import BadZipFile

    import openpyxl

    try:
        book = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError) as exc:
        raise UserError(f"{path.name} 不是可以读取的 Excel 文件（.xlsx）：文件已损坏，或实际是旧版 .xls、改了扩展名的其他文件；请在 Excel 或 WPS 表格中另存为 .xlsx") from exc
    try:
        for ws in book.worksheets:
            if ws.sheet_state != "visible":
                continue  # the template's hidden lists of values, a sheet someone hid
            yield ws.title, ((n, row) for n, row in enumerate(ws.iter_rows(values_only=True), start=1))
    finally:
        book.close()


def _formula_cells(path: Path, sheet: str, first: int, limit: int) -> set[tuple[int, int]]:
    """(row, column index) of the cells holding a formula in the header area's data rows
    (looked at only in the first ``limit`` rows: enough to say the register uses formulas)."""
    import openpyxl

    book = openpyxl.load_workbook(str(path), read_only=True, data_only=False)
    try:
        out = set()
        for n, row in enumerate(book[sheet].iter_rows(values_only=True, max_row=first + limit), start=1):
            if n <= first:
                continue
            for i, v in enumerate(row):
                if isinstance(v, str) and v.startswith("="):
                    out.add((n, i))
        return out
    finally:
        book.close()


def decode_csv(raw: bytes) -> tuple[str, str]:
    """The text of a CSV file and its encoding: UTF-8 (with or without BOM), else GBK (GB18030,
    as Excel in China saves it)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "UTF-8（带BOM）"
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), "GBK"
    except UnicodeDecodeError as exc:
        raise UserError(f"无法识别文件编码（既不是 UTF-8 也不是 GBK），第 {exc.start} 字节附近有无法解码的内容；请在 Excel 中另存为“CSV UTF-8”") from exc


def _rows_of_csv(path: Path) -> tuple[str, Iterator[tuple[int, tuple]]]:
    raw = path.read_bytes()
    text, encoding = decode_csv(raw)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    return encoding, ((n, tuple(row)) for n, row in enumerate(reader, start=1))


# --- the register ------------------------------------------------------------------------------


def _sheets(path: Path) -> Iterable[tuple[str, Iterator[tuple[int, tuple]]]]:
    """(sheet name, numbered rows) of a CSV file (one sheet, named after the file) or a workbook."""
    return [(path.name, _rows_of_csv(path)[1])] if path.suffix.lower() == ".csv" else _rows_of_xlsx(path)


def _data_rows(head: list[tuple[int, tuple]], header_row: int, rows: Iterator[tuple[int, tuple]]) -> Iterator[tuple[int, tuple]]:
    """The rows below ``header_row`` (those already taken into ``head`` to find it, then the
    rest), blank rows skipped."""
    for n, row in [*((n, r) for n, r in head if n > header_row), *rows]:
        if not all(v is None or str(v).strip() == "" for v in row):
            yield n, row


def read_register(path: Path, mapping: Mapping | None = None) -> Register:
    """Read one register file (raises :class:`UserError` when it cannot be used at all)."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"找不到台账文件：{path}")
    if path.suffix.lower() not in SUFFIXES:
        raise UserError(f"{path.name}：台账应为 .xlsx 或 .csv 文件（旧版 .xls 请在 Excel 或 WPS 表格中另存为 .xlsx）")
    if path.stat().st_size > MAX_REGISTER_BYTES:
        raise UserError(f"{path.name} 有 {path.stat().st_size // 1024 // 1024} MB，超过台账文件的上限 {MAX_REGISTER_BYTES // 1024 // 1024} MB")
    mapping = mapping or Mapping()
    apps: list[Application] = []
    issues: list[RegisterIssue] = []
    columns: list[tuple[str, str]] = []
    encoding = ""
    if path.suffix.lower() == ".csv":
        encoding, rows = _rows_of_csv(path)
        sheets: Iterable = [(path.name, rows)]
    else:
        sheets = _rows_of_xlsx(path)
    found = False
    for sheet, rows in sheets:
        got = _read_sheet(path, sheet, rows, mapping, apps, issues)
        if got:
            found = True
            columns.extend(got)
    if not found:
        names = "、".join(sorted({a for a, f in mapping.columns.items() if f in REQUIRED})[:6])
        raise UserError(f"{path.name}：没有找到台账的表头行（前 {HEADER_SCAN_ROWS} 行中应有“收到日期”“申请人类型”等列，可用的列名如 {names}）；列名不同时可在工作区 ledger/mapping.toml 中对照")
    _mark_duplicates(apps, issues)
    bad = {i.ref for i in issues if i.excluded and i.ref is not None}
    kept = tuple(a for a in apps if a.ref not in bad)
    return Register(str(path), kept, tuple(issues), tuple(columns), encoding)


def _header(rows: list[tuple[int, tuple]], mapping: Mapping, columns: dict | None = None, key: str = "received", required: tuple = REQUIRED) -> tuple[int, dict[int, tuple[str, str]]] | None:
    """The header row (its number) and column index -> (field, header text): the row among the
    first few matching most known names, each cell read together with the (merged) cell above
    it, so that a “行政复议” spanning “提起日期 | 结果” gives “行政复议提起日期”."""
    best: tuple[int, int, dict] | None = None
    above: list[str] = []
    for n, row in rows:
        texts = ["" if v is None else str(v) for v in row]
        filled_above = _forward_fill(above, len(texts))
        found: dict[int, tuple[str, str]] = {}
        for i, text in enumerate(texts):
            for candidate in (filled_above[i] + text, text, filled_above[i] if not text else ""):
                fld = (columns if columns is not None else mapping.columns).get(_norm(candidate)) if candidate else None
                if fld and all(f != fld for f, _ in found.values()):
                    found[i] = (fld, candidate)
                    break
        score = sum(1 for f, _ in found.values() if f in required) * 10 + len(found)
        if found and (best is None or score > best[0]):
            best = (score, n, found)
        above = texts
    if best is None or not any(f == key for f, _ in best[2].values()):
        return None
    return best[1], best[2]


def _forward_fill(texts: list[str], width: int) -> list[str]:
    out, last = [], ""
    for i in range(width):
        t = texts[i] if i < len(texts) else ""
        last = t or last
        out.append(last)
    return out


def _read_sheet(path: Path, sheet: str, rows: Iterator, mapping: Mapping, apps: list, issues: list) -> list[tuple[str, str]]:
    head: list[tuple[int, tuple]] = []
    for item in rows:
        head.append(item)
        if len(head) >= HEADER_SCAN_ROWS:
            break
    found = _header(head, mapping)
    if found is None:
        return []
    header_row, cols = found
    fields = {f for f, _ in cols.values()}
    for fld in REQUIRED:
        if fld not in fields:
            issues.append(RegisterIssue("missing_column", RowRef(sheet, header_row), detail=fld))
    formulas: set = set()
    if path.suffix.lower() != ".csv":
        formulas = _formula_cells(path, sheet, header_row, 2000)
    reported_formula = False

    def body() -> Iterator[tuple[int, tuple]]:
        for n, row in head:
            if n > header_row:
                yield n, row
        yield from rows

    for n, row in body():
        if n - header_row > MAX_REGISTER_ROWS:
            issues.append(RegisterIssue("too_many_rows", RowRef(sheet, n), detail=str(MAX_REGISTER_ROWS)))
            break
        if all(v is None or str(v).strip() == "" for v in row):
            continue
        if formulas and not reported_formula and any((n, i) in formulas for i in cols):
            i = next(i for i in cols if (n, i) in formulas)
            issues.append(RegisterIssue("formula", RowRef(sheet, n), cols[i][1]))
            reported_formula = True
        app = _application(sheet, n, row, cols, mapping, issues)
        if app is not None:
            apps.append(app)
    return [(f, h) for f, h in cols.values()]


def _application(sheet: str, n: int, row: tuple, cols: dict, mapping: Mapping, issues: list) -> Application | None:
    cell: dict[str, tuple[Any, str]] = {}
    for i, (fld, header) in cols.items():
        cell[fld] = (row[i] if i < len(row) else None, header)
    number = _text(cell.get("number", (None, ""))[0])
    ref = RowRef(sheet, n, number)
    before = len(issues)

    def bad(kind: str, fld: str, detail: str = "") -> None:
        value, header = cell.get(fld, (None, ""))
        issues.append(RegisterIssue(kind, ref, header or fld, _text(value), excluded=True, detail=detail or fld))

    def when(fld: str) -> date | None:
        value = cell.get(fld, (None, ""))[0]
        if value is None or value == "":
            return None
        try:
            return parse_date(value)
        except DateError as exc:
            bad(exc.kind, fld)
            return None

    def choice(fld: str, kind: str) -> str | None:
        text = _text(cell.get(fld, (None, ""))[0])
        if not text:
            return None
        value = mapping.value(kind, text)
        if value is None:
            bad("bad_value", fld, kind)
        return value

    def flag(fld: str) -> bool:
        return choice(fld, "yes_no") == "是"

    def days(fld: str) -> int | None:
        text = _text(cell.get(fld, (None, ""))[0])
        if not text:
            return None
        m = re.fullmatch(r"(\d{1,3})(?:\.0+)?\s*(?:个)?(?:工作日|天|日)?", text.translate(_FULLWIDTH))
        if not m:
            bad("bad_value", fld, "days")
            return None
        return int(m.group(1))

    received = when("received")
    applicant = choice("applicant", "applicant")
    correction = flag("correction")
    correction_received = when("correction_received")
    extended = flag("extended")
    extension_days = days("extension_days")
    consult = days("consult_days") or 0
    answered = when("answered")
    outcome = choice("outcome", "outcome")
    review = _case(cell, "review", when, choice)
    litigation = _case(cell, "litigation", when, choice)
    if received is None and not any(i.ref == ref and i.detail == "received" for i in issues[before:]):
        bad("missing", "received")
    if applicant is None and not _text(cell.get("applicant", (None, ""))[0]):
        bad("missing", "applicant")
    if answered is not None and outcome is None and not _text(cell.get("outcome", (None, ""))[0]):
        bad("missing", "outcome")
    if received is not None and answered is not None and answered < received:
        issues.append(RegisterIssue("answer_before_receipt", ref, cell["answered"][1], _text(cell["answered"][0]), excluded=True, detail=received.isoformat()))
    if len(issues) > before and any(i.excluded for i in issues[before:]):
        return None
    return Application(
        ref, received, applicant, _text(cell.get("content", (None, ""))[0])[:200], correction or correction_received is not None,
        correction_received, extended, extension_days, consult, answered, outcome, review, litigation,
    )


def _case(cell: dict, prefix: str, when, choice) -> Case | None:
    filed = when(f"{prefix}_filed")
    result = choice(f"{prefix}_result", "case_result")
    decided = when(f"{prefix}_decided")
    if filed is None:
        return None
    if result == "尚未审结":
        result, decided = None, None
    return Case(filed, result, decided)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


def _mark_duplicates(apps: list[Application], issues: list[RegisterIssue], file_of=None) -> None:
    """A number written twice: a later row identical to an earlier one is left out (entered
    twice); different rows with one number are both counted and named.  With ``file_of`` (a
    row's file), only a number written in two different files is looked at."""
    seen: dict[str, Application] = {}
    for app in apps:
        if not app.ref.number:
            continue
        first = seen.get(app.ref.number)
        if first is None:
            seen[app.ref.number] = app
            continue
        if file_of is not None and file_of(first) == file_of(app):
            continue  # within one file: said when that file was read
        same = (first.received, first.applicant, first.answered, first.outcome, first.content) == (app.received, app.applicant, app.answered, app.outcome, app.content)
        issues.append(RegisterIssue("duplicate_number", app.ref, "编号", app.ref.number, excluded=same, detail=first.ref.label if first.ref.sheet == app.ref.sheet else f"{first.ref.sheet} {first.ref.label}"))


def register_files(folder: Path) -> list[Path]:
    """The register files of a workspace's ``ledger/`` folder (temporary Office files skipped)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and not p.name.startswith(("~$", ".")) and p.is_file())


def read_registers(paths: list[Path], mapping: Mapping | None = None) -> Register:
    """Several register files (e.g. one per year) read as one."""
    mapping = mapping or Mapping()
    parts = [read_register(p, mapping) for p in paths]
    if len(parts) == 1:
        return parts[0]
    parts = [_with_file(r, Path(p).name) for r, p in zip(parts, paths)]
    files = {a.ref: r.path for r in parts for a in r.applications}
    apps = [a for r in parts for a in r.applications]
    issues = [i for r in parts for i in r.issues]
    before = len(issues)
    _mark_duplicates(apps, issues, file_of=lambda a: files[a.ref])  # one number in two files
    bad = {i.ref for i in issues[before:] if i.excluded}
    kept = tuple(a for a in apps if a.ref not in bad)
    return Register("、".join(r.path for r in parts), kept, tuple(issues), tuple(c for r in parts for c in r.columns))


def _with_file(register: Register, name: str) -> Register:
    """``register`` with every row named by its file as well as its sheet: read together with
    other files, "第10行" alone would not say which file the row is in."""
    def ref(r: RowRef | None) -> RowRef | None:
        if r is None or r.sheet == name:  # a CSV's sheet is its file name
            return r
        return replace(r, sheet=f"{name}/{r.sheet}")

    apps = tuple(replace(a, ref=ref(a.ref)) for a in register.applications)
    issues = tuple(replace(i, ref=ref(i.ref)) for i in register.issues)
    return replace(register, applications=apps, issues=issues)


# --- the register of documents (规章, 行政规范性文件) ------------------------------------------


def register_kind(path: Path, mapping: Mapping | None = None) -> str:
    """What a file holds, by its header: "applications", "documents" (文号, 类别, 公布日期 …),
    "published" (标题, 栏目, 发布日期) or "" (none of them)."""
    mapping = mapping or Mapping()
    path = Path(path)
    sheets = _sheets(path)
    for _sheet, rows in sheets:
        head = [item for _, item in zip(range(HEADER_SCAN_ROWS), rows)]
        if _header(head, mapping):
            return "applications"
        found = _header(head, mapping, mapping.published_columns, "column", ("column", "published"))
        if found and "published" in {f for f, _ in found[1].values()}:
            return "published"
        if _header(head, mapping, mapping.document_columns, "published", ("published", "kind")):
            return "documents"
    return ""


def read_published(path: Path, year: int, mapping: Mapping | None = None):
    """A list of published items → the PublishedTally of ``year`` (rows with a publication date
    in the year, by 栏目)."""
    from ..model.register import PublishedTally

    mapping = mapping or Mapping()
    path = Path(path)
    sheets = _sheets(path)
    by_column: dict[str, list] = {}
    total, issues = [], []
    for sheet, rows in sheets:
        head = [item for _, item in zip(range(HEADER_SCAN_ROWS), rows)]
        found = _header(head, mapping, mapping.published_columns, "column", ("column", "published"))
        if found is None:
            continue
        header_row, cols = found
        index = {f: (i, h) for i, (f, h) in cols.items()}
        if "published" not in index:
            continue
        for n, row in _data_rows(head, header_row, rows):
            i, header = index["published"]
            value = row[i] if i < len(row) else None
            ref = RowRef(sheet, n)
            try:
                when = parse_date(value)
            except DateError as exc:
                issues.append(RegisterIssue(exc.kind, ref, header, _text(value), excluded=True))
                continue
            if when is None or when.year != year:
                continue
            ci = index["column"][0]
            column = _text(row[ci] if ci < len(row) else None) or "（未写栏目）"
            by_column.setdefault(column, []).append(ref)
            total.append(ref)
    return PublishedTally(year, path.name, {k: tuple(v) for k, v in by_column.items()}, tuple(total), tuple(issues))


def read_documents(path: Path, mapping: Mapping | None = None):
    """A register of 规章 and 行政规范性文件 → (documents, issues)."""
    from ..model.register import Document

    mapping = mapping or Mapping()
    path = Path(path)
    sheets = _sheets(path)
    docs, issues = [], []
    for sheet, rows in sheets:
        head = [item for _, item in zip(range(HEADER_SCAN_ROWS), rows)]
        found = _header(head, mapping, mapping.document_columns, "published", ("published", "kind"))
        if found is None:
            continue
        header_row, cols = found
        for n, row in _data_rows(head, header_row, rows):
            cell = {fld: (row[i] if i < len(row) else None, header) for i, (fld, header) in cols.items()}
            ref = RowRef(sheet, n, _text(cell.get("number", (None, ""))[0]))
            bad = False
            dates = {}
            for fld in ("written", "published", "repealed"):
                value, header = cell.get(fld, (None, ""))
                try:
                    dates[fld] = parse_date(value)
                except DateError as exc:
                    issues.append(RegisterIssue(exc.kind, ref, header, _text(value), excluded=fld == "published", detail=fld))
                    bad = bad or fld == "published"
                    dates[fld] = None
            kind_text = _text(cell.get("kind", (None, ""))[0])
            kind = mapping.value("document_kind", kind_text) if kind_text else None
            if kind is None:
                issues.append(RegisterIssue("bad_value" if kind_text else "missing", ref, cell.get("kind", (None, "类别"))[1], kind_text, excluded=True, detail="document_kind"))
                bad = True
            if dates["published"] is None and not bad:
                issues.append(RegisterIssue("missing", ref, cell.get("published", (None, "公布日期"))[1], "", excluded=True, detail="published"))
                bad = True
            if not bad:
                docs.append(Document(ref, ref.number, _text(cell.get("title", (None, ""))[0]), kind, dates["published"], dates["written"], dates["repealed"]))
    return docs, issues

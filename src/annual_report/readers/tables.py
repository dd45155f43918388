"""Mapping the tables of a draft (any file format, as :class:`~.grid.Grid`) onto tables A, B and C
by their row and column labels.

All table rows of the document are processed as one stream, so a statutory table split over
two Word tables (page breaks), or all three tables in one Word table, read the same way: a
header row sets the context (which table, which grid column holds which column), data rows
are mapped by their labels within that context.  Nothing is mapped by position alone.
"""

from __future__ import annotations

import re
from functools import lru_cache
import unicodedata
from dataclasses import dataclass, field

from ..model.layout import B_COMPONENT_COLUMNS, B_HEADER_NOTE, C_RESULT_COLUMNS, table_layout
from ..model.report import CellRef, FrozenDict, ReadIssue, TableData
from .grid import Grid, GridCell
from .values import parse_value

B_COLUMN_NAMES = set(B_COMPONENT_COLUMNS) | {"总计"}
SUBTOTAL_NAMES = {"小计", "合计"}
GROUP_CORES = {"不予公开": "deny", "无法提供": "unable", "不予处理": "noprocess", "其他处理": "other"}
_NUMBERING = re.compile(r"^(?:[(（]?[一二三四五六七八九十]+[)）、.．]|[(（]?\d+[)）、.．]|[(（][一二三四五六七八九十\d]+[)）])")
_QUOTES = str.maketrans("", "", "“”\"'‘’「」『』 \t\n\r")


@lru_cache(maxsize=4096)
def norm(text: str) -> str:
    """Label text for matching: NFKC (full-width → half-width), no spaces, no quotes."""
    t = unicodedata.normalize("NFKC", text or "").translate(_QUOTES)
    return t.replace("、", ".").replace("．", ".").replace("。", "")


def core(text: str) -> str:
    """A label without its numbering: "(三)不予公开" → "不予公开", "1.属于国家秘密" → "属于国家秘密"."""
    t = norm(text)
    for _ in range(2):
        t = _NUMBERING.sub("", t)
    return t


def _load_variants() -> dict[str, dict[str, str]]:
    """The label variants of data/table_labels.toml, by table ("B", "C"): normalised draft
    wording → the format's wording."""
    from ..resources import data_toml

    raw = data_toml("table_labels.toml")
    return {table: {norm(k): norm(v) for k, v in entries.items()} for table, entries in raw.get("columns", {}).items()}


VARIANTS = _load_variants()


def canonical(text: str, kind: str) -> str:
    """A normalised header label in the format's wording ("结果纠正的" → "结果纠正")."""
    return VARIANTS.get(kind, {}).get(text, text)


B_ITEM_CORES: dict[tuple[str, str], str] = {}
for _edition in ("2019", "2021"):
    for _row in table_layout(_edition, "B").rows:
        if _row.group not in (None, "result"):
            B_ITEM_CORES[(_row.group, core(_row.label))] = _row.id

A_ROWS = {
    "2021": {core(r.label): r.id for r in table_layout("2021", "A").rows},
    "2019": {core(r.label): r.id for r in table_layout("2019", "A").rows},
}
A_HEADER_2021 = {"本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量"}
A_HEADER_2019 = {"本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减", "处理决定数量", "采购项目数量", "采购总金额"}


_NOTE = re.compile(r"\(([^()]{2,60})\)$")  # a note typed after a row's label: "行政许可(填写…)"


def _without_note(label: str) -> tuple[str, str]:
    """(label, note): a trailing parenthesised note split off ("" when there is none)."""
    m = _NOTE.search(label)
    return (label[: m.start()], m.group(1)) if m and m.start() > 0 else (label, "")


def _as_written(text: str, note: str) -> tuple[str, str]:
    """(label, note) as the draft writes them, for the message (the matching forms are normalised)."""
    text = re.sub(r"\s+", "", text or "")
    m = re.search(r"[（(]([^（）()]{2,60})[）)]$", text)
    return text, (m.group(1) if m else note)


def _top_level_b(c: str) -> str | None:
    if "新收" in c:
        return "new"
    if "上年结转" in c:
        return "carried_in"
    if "结转下年度" in c or "结转下一年度" in c:
        return "carried_out"
    if "部分公开" in c:
        return "partial"
    if c.startswith("予以公开"):
        return "open"
    if c in ("总计", "合计总计") or c.startswith("总计"):
        return "total"
    return None


HEADER_MARKS = {"信息内容", "申请人情况", "自然人", "法人或其他组织", "商业企业", "结果维持", "结果纠正", "尚未审结", "行政复议", "行政诉讼"}
# Labels that make a row (without figures) a header row of table B or C by themselves, and
# every label a header row of that table may hold (a continuation row repeats some of them).
STRONG = {
    "B": {"申请人情况", "自然人", "法人或其他组织", "商业企业"},
    "C": {"结果维持", "未经复议直接起诉", "复议后起诉"},
}
B_NOTE = norm(B_HEADER_NOTE)
HEADER_LABELS = {
    "B": B_COLUMN_NAMES | SUBTOTAL_NAMES | {"申请人情况", "法人或其他组织", B_NOTE},
    "C": set(C_RESULT_COLUMNS) | {"总计", "行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉"},
}
# Group labels that cover the unmerged empty cells to their right in a flat header
GROUP_LABELS = {"申请人情况", "法人或其他组织", "行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉"}
C_COLS = C_RESULT_COLUMNS + ("总计",)
C_TARGETS = {(r, c) for r in ("review", "direct", "after_review") for c in C_COLS}


def is_statutory(grid: Grid) -> bool:
    """Whether a Word table holds (the start of) a statutory table: a cell of it is one of the
    header labels of tables A, B or C."""
    for row in grid.rows:
        for cell in row:
            t = norm(cell.text)
            if t in HEADER_MARKS or canonical(t, "C") in HEADER_MARKS or t.startswith("第二十条"):
                return True
    return False


def has_figures(grid: Grid) -> bool:
    return any(TableMapper._has_numbers(row) for row in grid.rows)


@dataclass
class _Cell:
    value: object
    raw: str
    ref: CellRef


@dataclass
class TablesResult:
    tables: dict[str, TableData] = field(default_factory=dict)
    issues: list[ReadIssue] = field(default_factory=list)
    edition: str | None = None


@dataclass
class _State:
    kind: str | None = None
    header_paths: dict[int, list[str]] = field(default_factory=dict)
    in_header: bool = False
    columns: dict = field(default_factory=dict)  # grid col -> column id (B), (row, col) (C), label (A)
    group: str | None = None
    header_at: tuple[int, int] | None = None  # (table index, row) of the header's first row
    header_issue: bool = False  # the header was reported as not understood (its cells are lost)


class TableMapper:
    def __init__(self) -> None:
        self.state = _State()
        self.b: dict[str, dict[str, _Cell]] = {}  # row id -> col -> cell
        self.b_subtotals: dict[str, dict[str, _Cell]] = {}
        self.b_extra: dict[str, _Cell] = {}  # row id -> 小计 cell
        self.b_other_row: dict[str, _Cell] | None = None  # a valued "（六）其他处理" row
        self.a_rows: list[tuple[str, list[tuple[str, _Cell]]]] = []  # (row core, [(header, cell)])
        self.a_editions: set[str] = set()
        self.c: dict[tuple[str, str], _Cell] = {}
        self.issues: list[ReadIssue] = []
        self.seen: set[str] = set()
        self.blank_c_rows = 0  # all-blank data rows of table C (its values left empty)

    def end_context(self) -> None:
        """A new part begins: the next rows belong to no table until a header says which."""
        self.state = _State()

    # --- row classification -------------------------------------------------------------
    def feed(self, grid: Grid) -> None:
        for r, row in enumerate(grid.rows):
            texts = [norm(c.text) for c in row]
            joined = "".join(texts)
            if not joined:
                if self.state.kind == "C" and self.state.columns:
                    self._data(grid, r, row, texts)  # an all-blank row of table C: its cells are blank
                continue
            numbers = self._has_numbers(row)
            kind = None if numbers else self._header_kind(row, texts)
            if kind is not None:
                self._header(grid, r, row, kind)
            elif any(t.startswith("第二十条") for t in texts) and not numbers:
                self._set_kind("A")
                self.seen.add("A")
            elif any(t == "信息内容" for t in texts):
                self._set_kind("A")
                self.seen.add("A")
                self.state.columns = {}
                for cell in row:
                    for c in range(cell.col, cell.col + cell.span):
                        self.state.columns[c] = norm(cell.text)
                labels = {norm(c.text) for c in row}
                if labels & A_HEADER_2021:
                    self.a_editions.add("2021")
                if labels & A_HEADER_2019:
                    self.a_editions.add("2019")
            else:
                self._data(grid, r, row, texts)

    def _header_kind(self, row: list[GridCell], texts: list[str]) -> str | None:
        """"B" or "C" when a row without figures is a header row of that table: it holds one of
        the table's distinctive labels, or (inside that table's header, which may run over
        several rows, continuation cells repeating the label above) one of its labels."""
        fresh = [canonical(t, "C") for t, c in zip(texts, row) if t and not c.continued]
        b_fresh = [canonical(t, "B") for t, c in zip(texts, row) if t and not c.continued]
        if any(t in STRONG["B"] for t in b_fresh):
            return "B"
        labels = {canonical(t, "C") for t in texts}
        if any(t in STRONG["C"] for t in fresh) or ("行政复议" in labels and "行政诉讼" in labels):
            return "C"
        state = self.state
        if state.in_header and state.kind in ("B", "C") and not self._complete(state.kind):
            names = b_fresh if state.kind == "B" else fresh
            if any(t in HEADER_LABELS[state.kind] for t in names):
                return state.kind  # a label it does not know is reported with the header
        return None

    def _complete(self, kind: str) -> bool:
        """Whether the header read so far names every column of the table."""
        cols = set(self.state.columns.values())
        if kind == "B":
            return B_COLUMN_NAMES <= cols
        if any(r is not None for r, _ in cols):
            return C_TARGETS <= cols
        return {(None, c) for c in C_RESULT_COLUMNS + ("总计",)} <= cols  # turned round: kinds as rows

    @staticmethod
    def _has_numbers(row: list[GridCell]) -> bool:
        for cell in row:
            value, ok = parse_value(cell.text)
            if ok and value is not None and norm(cell.text):
                return True
        return False

    def _set_kind(self, kind: str) -> None:
        if self.state.kind != kind:
            self.state = _State(kind=kind)

    def _header(self, grid: Grid, r: int, row: list[GridCell], kind: str) -> None:
        if self.state.kind != kind or not self.state.in_header:
            self.state = _State(kind=kind, in_header=True, header_at=(grid.index, r))
        self.seen.add(kind)
        last = ""
        for cell in row:
            # a flat (unmerged) header writes a group label once: it covers the empty cells
            # to its right in the same row (a column label does not)
            text = canonical(norm(cell.text), kind) or last
            last = text if text in GROUP_LABELS else ""
            for c in range(cell.col, cell.col + cell.span):
                path = self.state.header_paths.setdefault(c, [])
                if text and (not path or path[-1] != text):
                    path.append(text)
        self.state.columns = self._columns(kind)

    def _columns(self, kind: str) -> dict:
        out = {}
        for c, path in self.state.header_paths.items():
            if kind == "B":
                for label in reversed(path):
                    if label in B_COLUMN_NAMES:
                        out[c] = label
                        break
                    if label in SUBTOTAL_NAMES:
                        out[c] = "小计"
                        break
            else:
                col = next((l for l in reversed(path) if l in C_RESULT_COLUMNS or l == "总计"), None)
                if col is None:
                    continue
                joined = "".join(path)
                if "复议后起诉" in joined:
                    row = "after_review"
                elif "未经复议" in joined or "直接起诉" in joined:
                    row = "direct"
                elif "行政复议" in joined:
                    row = "review"
                else:
                    row = None
                out[c] = (row, col)
        return out

    # --- data rows ------------------------------------------------------------------------
    def _cell(self, grid: Grid, r: int, cell: GridCell) -> _Cell:
        value, ok = parse_value(cell.text)
        ref = CellRef(grid.index, r, cell.tc)
        if not ok:
            self.issues.append(
                ReadIssue("bad_value", cell=ref, data=FrozenDict(text=cell.text.strip()))
            )
        return _Cell(value, cell.text.strip(), ref)

    def _split(self, row: list[GridCell]):
        """(labels, values): the cells under a column of the header are values; the row's
        labels are the cells left of the first of them (cells right of the table's columns,
        an empty extra column or a note, are neither)."""
        labels, values = [], []
        for cell in row:
            if any(c in self.state.columns for c in range(cell.col, cell.col + cell.span)):
                values.append(cell)
            elif not values:
                labels.append(cell)
        return labels, values

    def _data(self, grid: Grid, r: int, row: list[GridCell], texts: list[str]) -> None:
        kind = self.state.kind
        if self.state.in_header and kind in ("B", "C"):
            self._check_header(kind)
        self.state.in_header = False
        if kind == "B":
            self._data_b(grid, r, row)
        elif kind == "C":
            self._data_c(grid, r, row)
        elif kind == "A":
            self._data_a(grid, r, row)
        elif self._has_numbers(row):
            self.issues.append(
                ReadIssue("unmapped_row", cell=CellRef(grid.index, r, 0), data=FrozenDict(label="".join(texts)))
            )

    def _check_header(self, kind: str) -> None:
        """The header just read names every column of the table, or one issue says which it
        does not (the table's cells under them are not read)."""
        if self._complete(kind):
            return
        found = set(self.state.columns.values())
        # the columns not found, as (group of the format, its columns): ("", (...)) for table B
        # and a table C turned round, ("行政诉讼（复议后起诉）", (...)) for a group of table C
        if kind == "B":
            missing = [("", tuple(c for c in B_COMPONENT_COLUMNS + ("总计",) if c not in found))]
        elif not any(r is not None for r, _ in found):
            missing = [("", tuple(c for c in C_COLS if (None, c) not in found))]
        else:
            names = {"review": "行政复议", "direct": "行政诉讼（未经复议直接起诉）", "after_review": "行政诉讼（复议后起诉）"}
            missing = [(name, tuple(c for c in C_COLS if (row_id, c) not in found)) for row_id, name in names.items()]
        t, r = self.state.header_at or (0, 0)
        heard = tuple(dict.fromkeys(l for path in self.state.header_paths.values() for l in path if l))
        self.state.header_issue = True
        self.issues.append(
            ReadIssue(
                "header_not_understood",
                table=kind,
                cell=CellRef(t, r, 0),
                data=FrozenDict(missing=tuple((g, cols) for g, cols in missing if cols), header=heard),
            )
        )

    def _unmapped(self, table: str, grid: Grid, r: int, label: str) -> None:
        self.issues.append(
            ReadIssue("unmapped_row", table=table, cell=CellRef(grid.index, r, 0), data=FrozenDict(label=label))
        )

    def _data_b(self, grid: Grid, r: int, row: list[GridCell]) -> None:
        labels, values = self._split(row)
        label_texts = []
        for cell in labels:
            t = norm(cell.text)
            if t and (not label_texts or label_texts[-1] != t):
                label_texts.append(t)
        if not label_texts or not values:
            return
        cores = [core(t) for t in label_texts]
        for c in cores[:-1]:
            if c in GROUP_CORES:
                self.state.group = GROUP_CORES[c]
            elif c.startswith("本年度办理结果"):
                self.state.group = self.state.group or "result"
        last = cores[-1]
        cells = {}
        for cell in values:
            col = self.state.columns.get(cell.col)
            if col is not None:
                cells[col] = self._cell(grid, r, cell)
        extra = cells.pop("小计", None)
        if last in GROUP_CORES:
            group = GROUP_CORES[last]
            self.state.group = group
            if group == "other":
                self.b_other_row = cells
            else:
                self.b_subtotals[group] = cells
            return
        if last in SUBTOTAL_NAMES:
            if self.state.group in GROUP_CORES.values():
                self.b_subtotals[self.state.group] = cells
            return
        row_id = self._b_row(last)
        note = ""
        if row_id is None:
            # guidance left inside the label ("1.属于国家秘密（乡镇、街道不填）"): the row is
            # read, and the note is a fact for the reading rules
            stripped, note = _without_note(last)
            row_id = self._b_row(stripped) if note else None
        if row_id is None:
            row_id = _numbered_item(self.state.group, label_texts[-1], last)
        if row_id is None:
            self._unmapped("B", grid, r, label_texts[-1])
            return
        if note:
            written, said = _as_written(labels[-1].text, note)
            self.issues.append(ReadIssue("label_note", table="B", row=row_id, cell=CellRef(grid.index, r, 0), data=FrozenDict(label=written, note=said)))
        if row_id in ("new", "carried_in", "carried_out", "open", "partial"):
            self.state.group = None if row_id in ("new", "carried_in", "carried_out") else "result"
        if row_id in self.b:
            self.issues.append(ReadIssue("duplicate_row", table="B", row=row_id, cell=CellRef(grid.index, r, 0), data=FrozenDict(label=label_texts[-1])))
            return
        self.b[row_id] = cells
        if extra is not None:
            self.b_extra[row_id] = extra

    def _b_row(self, last: str) -> str | None:
        row_id = _top_level_b(last)
        if row_id is None:
            row_id = B_ITEM_CORES.get((self.state.group, last))
            if row_id is None:
                matches = {rid for (g, c), rid in B_ITEM_CORES.items() if c == last}
                if len(matches) == 1:
                    row_id = matches.pop()
                    self.state.group = row_id.split(".")[0]
        return row_id

    def _data_c(self, grid: Grid, r: int, row: list[GridCell]) -> None:
        labels, values = self._split(row)
        label = "".join(canonical(norm(c.text), "C") for c in labels)
        row_hint = None
        if "复议后起诉" in label:
            row_hint = "after_review"
        elif "未经复议" in label or "直接起诉" in label:
            row_hint = "direct"
        elif "行政复议" in label:
            row_hint = "review"
        lost = False
        for cell in values:
            target = self.state.columns.get(cell.col)
            if target is None:
                continue
            row_id, col = target
            row_id = row_id or row_hint
            if row_id is None:
                lost = lost or bool(norm(cell.text))
                continue
            known = self.c.get((row_id, col))
            if known is not None and (known.raw or not norm(cell.text)):
                continue  # the first filled cell counts; an empty extra row changes nothing
            self.c[(row_id, col)] = self._cell(grid, r, cell)
        if lost and not self.state.header_issue:
            self._unmapped("C", grid, r, label or "（无行名）")

    def _data_a(self, grid: Grid, r: int, row: list[GridCell]) -> None:
        if not row:
            return
        first = core(row[0].text)
        entries = []
        for cell in row[1:]:
            header = self.state.columns.get(cell.col, "")
            entries.append((header, self._cell(grid, r, cell)))
        if not first:
            return
        if not any(first in rows for rows in A_ROWS.values()):
            stripped, note = _without_note(first)
            if note and any(stripped in rows for rows in A_ROWS.values()):
                first = stripped
                written, said = _as_written(row[0].text, note)
                self.issues.append(ReadIssue("label_note", table="A", cell=CellRef(grid.index, r, 0), data=FrozenDict(label=written, note=said)))
        if first in ("规范性文件",):
            self.a_editions.add("2019")
        self.a_rows.append((first, entries, grid.index, r))

    # --- results ----------------------------------------------------------------------------
    def b_edition(self) -> str | None:
        if any(rid.startswith("other.") for rid in self.b):
            return "2021"
        if self.b_other_row is not None:
            return "2019"
        return None

    def result(self, fallback_edition: str | None) -> TablesResult:
        if self.state.in_header and self.state.kind in ("B", "C"):
            self._check_header(self.state.kind)
            self.state.in_header = False
        a_edition = "2021" if "2021" in self.a_editions and "2019" not in self.a_editions else ("2019" if "2019" in self.a_editions else None)
        b_edition = self.b_edition()
        if b_edition == "2019" and a_edition == "2021":
            # one "（六）其他处理" row is all that differs between the editions' table B: beside a
            # 2021 table A it is a 2021 table B whose three sub-rows were left out
            b_edition = "2021"
        edition = a_edition or b_edition or fallback_edition or "2021"
        out = TablesResult(edition=edition)
        out.issues = self.issues
        if "B" in self.seen:
            out.tables["B"] = self._table_b(b_edition or edition)
        if "A" in self.seen:
            out.tables["A"] = self._table_a(a_edition or edition)
        if "C" in self.seen:
            out.tables["C"] = self._table_c(edition)
        for name in ("A", "B", "C"):
            if name not in out.tables:
                out.issues.append(ReadIssue("table_not_found", table=name, data=FrozenDict(edition=edition)))
        return out

    def _fill(self, name: str, edition: str, cells: dict[tuple[str, str], _Cell], collapsed: str | None = None, **extra) -> TableData:
        """``collapsed``: a group given as one row instead of its items (reported once)."""
        layout = table_layout(edition, name)
        values, raw, sources = {}, {}, {}
        explained = any(i.kind == "header_not_understood" and i.table == name for i in self.issues)
        lost: list[str] = []
        for row in layout.rows:
            present = any((row.id, c.id) in cells for c in row.columns)
            if not present and not explained and collapsed and row.group == collapsed:
                if row.id == f"{collapsed}.1":
                    items = tuple(r.label for r in layout.rows if r.group == collapsed)
                    group_name = row.name[: -len(row.label)] if row.name.endswith(row.label) else row.name
                    self.issues.append(ReadIssue("missing_row", table=name, row=row.id, data=FrozenDict(row_name=group_name, group=group_name, items=items)))
            elif not present and not explained:
                self.issues.append(ReadIssue("missing_row", table=name, row=row.id, data=FrozenDict(row_name=row.name)))
            for col in row.columns:
                cell = cells.get((row.id, col.id))
                if cell is None:
                    values[(row.id, col.id)] = None
                    if present:
                        lost.append((row.name, col.label))
                    continue
                values[(row.id, col.id)] = cell.value
                raw[(row.id, col.id)] = cell.raw
                sources[(row.id, col.id)] = cell.ref
        if lost and not explained:
            self.issues.append(ReadIssue("missing_cell", table=name, data=FrozenDict(cells=tuple(lost))))
        return TableData(name, edition, FrozenDict(values), FrozenDict(raw), FrozenDict(sources), **extra)

    def _table_b(self, edition: str) -> TableData:
        cells = {(rid, col): cell for rid, cols in self.b.items() for col, cell in cols.items()}
        subtotals = {(g, col): cell.value for g, cols in self.b_subtotals.items() for col, cell in cols.items()}
        if self.b_other_row is not None:
            if edition == "2019":
                cells.update({("other", col): cell for col, cell in self.b_other_row.items()})
            else:
                subtotals.update({("other", col): cell.value for col, cell in self.b_other_row.items()})
        extra = {(rid, "小计"): cell.value for rid, cell in self.b_extra.items()}
        for rid in list(self.b):
            if not table_layout(edition, "B").has_row(rid):
                self.issues.append(ReadIssue("unmapped_row", table="B", row=rid, data=FrozenDict(edition=edition)))
        collapsed = "other" if edition == "2021" and self.b_other_row is not None and not any(r.startswith("other.") for r in self.b) else None
        return self._fill("B", edition, cells, collapsed, subtotals=FrozenDict(subtotals), extra_columns=FrozenDict(extra))

    def _table_c(self, edition: str) -> TableData:
        return self._fill("C", edition, dict(self.c))

    def _table_a(self, edition: str) -> TableData:
        layout = table_layout(edition, "A")
        rows = A_ROWS[edition]
        cells: dict[tuple[str, str], _Cell] = {}
        for first, entries, t, r in self.a_rows:
            row_id = rows.get(first)
            if row_id is None:
                self.issues.append(ReadIssue("unmapped_row", table="A", cell=CellRef(t, r, 0), data=FrozenDict(label=first, edition=edition)))
                continue
            columns = layout.row(row_id).columns
            used = set()
            leftovers = []
            for header, cell in entries:
                col = _a_column(header, columns)
                if col is not None and col not in used:
                    cells[(row_id, col)] = cell
                    used.add(col)
                else:
                    leftovers.append(cell)
            # cells under no recognisable header: by order, into the row's remaining columns
            for col, cell in zip([c.id for c in columns if c.id not in used], [c for c in leftovers if c.raw or c.value is not None]):
                cells[(row_id, col)] = cell
        return self._fill("A", edition, cells)


def _numbered_item(group: str | None, label: str, label_core: str) -> str | None:
    """The item of ``group`` a numbered label stands for when its wording is a near miss of
    the format's ("2.其他法律行政止公开", a word dropped in typing): the item with its number,
    if most of the format's wording is there in order."""
    from difflib import SequenceMatcher

    m = re.match(r"[(（]?(\d+)", norm(label))
    if group is None or m is None:
        return None
    row_id = f"{group}.{m.group(1)}"
    expected = next((c for (g, c), rid in B_ITEM_CORES.items() if rid == row_id), None)
    if expected is None or SequenceMatcher(None, label_core, expected).ratio() < 0.75:
        return None
    return row_id


def _a_column(header: str, columns) -> str | None:
    if not header:
        return None
    for col in columns:
        label = norm(col.label)
        if header == label or header.split("(")[0] == label.split("(")[0]:
            return col.id
    return None

"""The statutory table layouts of both format editions, as data.

Everything that knows which rows and columns a table has — the JSON Schema generator, the
writer, the docx reader and the rules — takes them from here, so the editions are defined
once.  Labels are verbatim from the national format (国办公开办函〔2021〕30号 and
〔2019〕60号).  Rows and columns have a stable ``id`` used in code and in findings, and the
verbatim ``label`` used in the JSON data, the built report and messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FIRST_YEAR = 2019  # the first report year in the current statute's formats


def edition_for_year(year: int) -> str:
    """The format edition a report for ``year`` must use (2019–2020: 2019; 2021 on: 2021)."""
    return "2019" if year <= 2020 else "2021"


@dataclass(frozen=True)
class Column:
    id: str
    label: str
    kind: str = "count"  # count (non-negative int) | amount (non-negative number) | signed (int)


@dataclass(frozen=True)
class Row:
    id: str
    label: str
    columns: tuple[Column, ...]
    group: str | None = None  # id of the group a row is an item of (table B (三)–(六), table A blocks)
    short: str = ""  # a short name for messages, e.g. "一、本年新收"

    @property
    def name(self) -> str:
        return self.short or self.label


@dataclass(frozen=True)
class Group:
    id: str
    label: str
    parent: str | None = None


@dataclass(frozen=True)
class TableLayout:
    name: str  # "A" | "B" | "C"
    title: str
    part: str  # the part (一…六) the table belongs to
    rows: tuple[Row, ...]
    groups: tuple[Group, ...] = ()
    label_key: str = "项目"
    _by_id: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id.update({r.id: r for r in self.rows})

    def row(self, row_id: str) -> Row:
        return self._by_id[row_id]

    def has_row(self, row_id: str) -> bool:
        return row_id in self._by_id

    def group(self, group_id: str) -> Group:
        for g in self.groups:
            if g.id == group_id:
                return g
        raise KeyError(group_id)

    def items(self, group_id: str) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if r.group == group_id)

    def column(self, row_id: str, col_id: str) -> Column:
        for c in self.row(row_id).columns:
            if c.id == col_id:
                return c
        raise KeyError((row_id, col_id))


def _cols(*labels: str, kind: str = "count") -> tuple[Column, ...]:
    return tuple(Column(label, label, kind) for label in labels)


# --- Table B: 收到和处理政府信息公开申请情况 (both editions) -------------------------------

B_ORG_COLUMNS = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
B_COMPONENT_COLUMNS = ("自然人",) + B_ORG_COLUMNS
B_COLUMNS = _cols(*B_COMPONENT_COLUMNS, "总计")
B_HEADER_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
B_COLUMN_GROUP = "申请人情况"
B_ORG_GROUP = "法人或其他组织"

B_GROUPS = (
    Group("result", "三、本年度办理结果"),
    Group("deny", "（三）不予公开", parent="result"),
    Group("unable", "（四）无法提供", parent="result"),
    Group("noprocess", "（五）不予处理", parent="result"),
    Group("other", "（六）其他处理", parent="result"),
)

_DENY = (
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
)
_UNABLE = (
    "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
)
_NOPROCESS = (
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
)
_OTHER_2021 = (
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
)


def _items(group: str, group_label: str, labels: tuple[str, ...]) -> list[Row]:
    return [
        Row(f"{group}.{i}", label, B_COLUMNS, group=group, short=f"{group_label}{label}")
        for i, label in enumerate(labels, start=1)
    ]


def _table_b(edition: str) -> TableLayout:
    rows = [
        Row("new", "一、本年新收政府信息公开申请数量", B_COLUMNS, short="一、本年新收申请"),
        Row("carried_in", "二、上年结转政府信息公开申请数量", B_COLUMNS, short="二、上年结转申请"),
        Row("open", "（一）予以公开", B_COLUMNS, group="result"),
        Row(
            "partial",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            B_COLUMNS,
            group="result",
            short="（二）部分公开",
        ),
        *_items("deny", "（三）不予公开", _DENY),
        *_items("unable", "（四）无法提供", _UNABLE),
        *_items("noprocess", "（五）不予处理", _NOPROCESS),
    ]
    if edition == "2021":
        rows += _items("other", "（六）其他处理", _OTHER_2021)
        groups = B_GROUPS
    else:
        # The 2019 format has one row for （六）其他处理, not a group of items.
        rows.append(Row("other", "（六）其他处理", B_COLUMNS, group="result"))
        groups = B_GROUPS[:-1]
    rows += [
        Row("total", "（七）总计", B_COLUMNS, group="result"),
        Row("carried_out", "四、结转下年度继续办理", B_COLUMNS, short="四、结转下年度"),
    ]
    return TableLayout("B", "三、收到和处理政府信息公开申请情况", "三", tuple(rows), groups)


# --- Table A: 主动公开政府信息情况 ---------------------------------------------------------

A_BLOCKS_2021 = (
    Group("20.1", "第二十条第（一）项"),
    Group("20.5", "第二十条第（五）项"),
    Group("20.6", "第二十条第（六）项"),
    Group("20.8", "第二十条第（八）项"),
)

_A1_2021 = _cols("本年制发件数", "本年废止件数", "现行有效件数")
_DECISIONS = _cols("本年处理决定数量")


def _table_a_2021() -> TableLayout:
    rows = (
        Row("规章", "规章", _A1_2021, group="20.1"),
        Row("行政规范性文件", "行政规范性文件", _A1_2021, group="20.1"),
        Row("行政许可", "行政许可", _DECISIONS, group="20.5"),
        Row("行政处罚", "行政处罚", _DECISIONS, group="20.6"),
        Row("行政强制", "行政强制", _DECISIONS, group="20.6"),
        Row(
            "行政事业性收费",
            "行政事业性收费",
            _cols("本年收费金额（单位：万元）", kind="amount"),
            group="20.8",
        ),
    )
    return TableLayout("A", "二、主动公开政府信息情况", "二", rows, A_BLOCKS_2021, label_key="信息内容")


A_BLOCKS_2019 = A_BLOCKS_2021 + (Group("20.9", "第二十条第（九）项"),)
_A1_2019 = _cols("本年新制作数量", "本年新公开数量", "对外公开总数量")
_ITEMS_2019 = (
    Column("上一年项目数量", "上一年项目数量"),
    Column("本年增/减", "本年增/减", "signed"),
    Column("处理决定数量", "处理决定数量"),
)


def _table_a_2019() -> TableLayout:
    rows = (
        Row("规章", "规章", _A1_2019, group="20.1"),
        Row("规范性文件", "规范性文件", _A1_2019, group="20.1"),
        Row("行政许可", "行政许可", _ITEMS_2019, group="20.5"),
        Row("其他对外管理服务事项", "其他对外管理服务事项", _ITEMS_2019, group="20.5"),
        Row("行政处罚", "行政处罚", _ITEMS_2019, group="20.6"),
        Row("行政强制", "行政强制", _ITEMS_2019, group="20.6"),
        Row("行政事业性收费", "行政事业性收费", _ITEMS_2019[:2], group="20.8"),
        Row(
            "政府集中采购",
            "政府集中采购",
            (Column("采购项目数量", "采购项目数量"), Column("采购总金额", "采购总金额", "amount")),
            group="20.9",
        ),
    )
    return TableLayout("A", "二、主动公开政府信息情况", "二", rows, A_BLOCKS_2019, label_key="信息内容")


# --- Table C: 政府信息公开行政复议、行政诉讼情况 (both editions) -----------------------------

C_RESULT_COLUMNS = ("结果维持", "结果纠正", "其他结果", "尚未审结")
C_COLUMNS = _cols(*C_RESULT_COLUMNS, "总计")
C_GROUPS = (
    Group("review", "行政复议"),
    Group("litigation", "行政诉讼"),
)


def _table_c() -> TableLayout:
    rows = (
        Row("review", "行政复议", C_COLUMNS, group="review"),
        Row("direct", "未经复议直接起诉", C_COLUMNS, group="litigation", short="行政诉讼（未经复议直接起诉）"),
        Row("after_review", "复议后起诉", C_COLUMNS, group="litigation", short="行政诉讼（复议后起诉）"),
    )
    return TableLayout("C", "四、政府信息公开行政复议、行政诉讼情况", "四", rows, C_GROUPS)


_LAYOUTS = {
    "2019": {"A": _table_a_2019(), "B": _table_b("2019"), "C": _table_c()},
    "2021": {"A": _table_a_2021(), "B": _table_b("2021"), "C": _table_c()},
}


def table_layout(edition: str, table: str) -> TableLayout:
    """The layout of ``table`` ("A", "B" or "C") in ``edition`` ("2019" or "2021")."""
    return _LAYOUTS[edition][table]


def layouts(edition: str) -> dict[str, TableLayout]:
    return dict(_LAYOUTS[edition])


# --- The six parts --------------------------------------------------------------------------

PART_NUMBERS = ("一", "二", "三", "四", "五", "六")
PART_TITLES = {
    "一": "总体情况",
    "二": "主动公开政府信息情况",
    "三": "收到和处理政府信息公开申请情况",
    "四": "政府信息公开行政复议、行政诉讼情况",
    "五": "存在的主要问题及改进情况",
    "六": "其他需要报告的事项",
}
NARRATIVE_PARTS = ("一", "五", "六")
TABLE_OF_PART = {"二": "A", "三": "B", "四": "C"}
PART_OF_TABLE = {v: k for k, v in TABLE_OF_PART.items()}


def table_name(table: str) -> str:
    """What a reader calls a statutory table: 表二, 表三 or 表四, after the part it belongs to.

    The national format numbers no table; county reviews and the workbook name each after its
    part (表二 = 第二部分 主动公开, 表三 = 第三部分 依申请公开, 表四 = 第四部分 复议诉讼), so every
    output does too.  "A", "B" and "C" stay the machine keys (JSON, config, SARIF rule data).
    """
    part = PART_OF_TABLE.get(table)
    return "表" + (part or table)


def part_heading(number: str) -> str:
    return f"{number}、{PART_TITLES[number]}"

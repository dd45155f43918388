"""Rules: what a plugin registers, and the context a rule's check receives.

A rule is a function decorated with :func:`rule`; its docstring is the explanation that
``annual-report rules CODE`` prints (headings ``## 检查内容``, ``## 为什么``, ``## 示例``,
``## 配置``).  A plugin registers it from its ``register_rules`` hook::

    from annual_report import hookimpl, rule

    @rule("SZ101", "town-no-rules", title="乡镇报告的规章数应为 0", severity="warning")
    def town_no_rules(report, ctx):
        \"\"\"## 检查内容 …\"\"\"
        ...
        yield ctx.finding("乡镇不制定规章，表二“规章”本年制发件数应为 0，实际为 2", table="A", row="规章")

    @hookimpl
    def register_rules(register):
        register(town_no_rules)
"""

from __future__ import annotations

import inspect
import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

from ..model.findings import Finding, Location, Severity
from ..model.report import Report

CODE_PATTERN = re.compile(r"^[A-Z]{1,3}[0-9]{3}$")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")

FAMILIES = {
    "AR0": "引擎、插件与读取",
    "AR1": "表格数据与格式",
    "AR2": "跨年度衔接",
    "AR3": "引用文件",
    "AR4": "表述重复",
    "AR5": "文字与表格一致",
    "AR6": "工作要点与完整性",
}


def family_of(code: str) -> str:
    return FAMILIES.get(code[:3], "本地规则")


@dataclass(frozen=True)
class Rule:
    code: str  # stable ID, never reused: "AR101"
    name: str  # kebab-case symbol: "table-b-row-total"
    title: str  # one line, Chinese
    severity: Severity  # the default; the workspace config may change it
    check: Callable[..., Iterable[Finding]] = field(repr=False, compare=False)
    explanation: str = ""  # Chinese, markdown-ish, from the docstring
    needs: str = "report"  # "report", or "history" (earlier reports of the same body)
    editions: tuple[str, ...] = ("2019", "2021")
    options: Mapping[str, Any] = field(default_factory=dict)  # defaults; config overrides
    plugin: str = ""  # set when registered: the plugin's name or file

    @property
    def family(self) -> str:
        return family_of(self.code)

    def describe(self) -> str:
        """The text ``annual-report rules CODE`` prints."""
        lines = [f"# {self.code} {self.name}", "", self.title, ""]
        lines.append(f"- 默认严重程度：{self.severity.label}（{self.severity.value}）")
        lines.append(f"- 类别：{self.family}")
        lines.append("- 适用格式：" + "、".join(f"{e}年版" for e in self.editions))
        lines.append(f"- 需要往年报告：{'是' if self.needs == 'history' else '否'}")
        if self.options:
            opts = "，".join(f"{k} = {v!r}" for k, v in self.options.items())
            lines.append(f"- 选项及默认值：{opts}")
        lines.append(f"- 来自插件：{self.plugin or '（未注册）'}")
        if self.explanation:
            lines += ["", self.explanation.strip()]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "title": self.title,
            "severity": self.severity.value,
            "family": self.family,
            "needs": self.needs,
            "editions": list(self.editions),
            "options": dict(self.options),
            "plugin": self.plugin,
            "explanation": self.explanation.strip(),
        }


def rule(
    code: str,
    name: str,
    *,
    title: str,
    severity: str | Severity = "error",
    needs: str = "report",
    editions: tuple[str, ...] = ("2019", "2021"),
    options: Mapping[str, Any] | None = None,
) -> Callable[[Callable], Rule]:
    """Decorate a check function ``(report, ctx) -> Iterable[Finding]`` into a :class:`Rule`."""

    def wrap(fn: Callable) -> Rule:
        return Rule(
            code=code,
            name=name,
            title=title,
            severity=Severity.parse(severity),
            check=fn,
            explanation=inspect.cleandoc(fn.__doc__ or ""),
            needs=needs,
            editions=tuple(editions),
            options=dict(options or {}),
        )

    return wrap


def validate_rule(r: Any) -> str | None:
    """Why ``r`` cannot be registered (Chinese), or None."""
    if not isinstance(r, Rule):
        return f"注册的对象不是规则（应使用 @rule 装饰检查函数），而是 {type(r).__name__}"
    if not CODE_PATTERN.match(r.code):
        return f"规则编号“{r.code}”格式不对，应为 1–3 个大写字母加 3 位数字，如 SZ101"
    if not NAME_PATTERN.match(r.name):
        return f"规则 {r.code} 的名称“{r.name}”应为小写英文短横线形式，如 town-no-rules"
    if r.needs not in ("report", "history"):
        return f"规则 {r.code} 的 needs 应为 report 或 history"
    if not r.title:
        return f"规则 {r.code} 缺少一句话标题"
    return None


@dataclass(frozen=True)
class Coverage:
    """What a report covers, from a batch's mapping file: the bodies it speaks for (a 县政府
    report and its 部门 and 乡镇) and those bodies' reports of the same year that the batch holds."""

    bodies: tuple[str, ...]
    reports: tuple[Report, ...] = ()
    summary: bool = False  # the mapping says the report's tables are the sum of theirs
    tables: tuple[str, ...] = ("A", "B", "C")  # the tables to sum
    found: tuple[str, ...] = ()  # for each of ``reports``, the body it was found for

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(b for b in self.bodies if b not in self.found)


@dataclass(frozen=True)
class CheckContext:
    """What a rule's check receives besides the report.

    ``history`` holds the same body's earlier reports, newest first, as far back as the
    config allows (possibly with gaps: use :meth:`report_for`).  ``options`` are the rule's
    options (defaults merged with the workspace config).  ``reference`` is the reference
    data (documents, boilerplate phrases, work plans) from plugins and the workspace.
    ``coverage`` is set in a batch whose mapping file says which bodies this report covers."""

    rule: Rule
    report: Report
    history: tuple[Report, ...] = ()
    options: Mapping[str, Any] = field(default_factory=dict)
    reference: Any = None  # annual_report.reference.ReferenceData
    config: Any = None  # annual_report.files.config.Config
    coverage: Coverage | None = None  # in a batch: the bodies this report covers (roll-up rules)

    def report_for(self, year: int) -> Report | None:
        for r in self.history:
            if r.year == year:
                return r
        return None

    @property
    def body_level(self):
        """The body's level for level-dependent rules (:class:`annual_report.model.levels.Level`:
        ``.level`` and ``.source``): ``--level``, the data's ``body.level``, the level the
        title or 机关名称 shows, or the workspace's ``[body] level``, in that order."""
        from ..model.levels import body_level

        return body_level(self.report, self.config)

    @property
    def previous(self) -> Report | None:
        """Last year's report, when the history has it."""
        return self.report_for(self.report.year - 1) if self.report.year else None

    def finding(
        self,
        message: str,
        *,
        part: str | None = None,
        table: str | None = None,
        row: str | None = None,
        column: str | None = None,
        paragraph: int | None = None,
        docx_paragraph: int | None = None,
        quote: str | None = None,
        quote_at: int | None = None,
        report: Report | None = None,
        values: Mapping[str, Any] | None = None,
        hint: str = "",
        severity: Severity | str | None = None,
    ) -> Finding:
        """A finding of this rule, located in ``report`` (default: the checked report).

        Give a table cell by ``table``/``row``/``column`` ids: labels, the part and the
        draft's cell position are filled in from the layout and the report.  ``quote`` (and
        ``quote_at``, its offset in the paragraph's text) names the words of a paragraph the
        finding is about: an annotated draft's comment is anchored to them."""
        from ..model.layout import PART_OF_TABLE

        _check_finding_args(
            self.rule.code, message=message, part=part, table=table, row=row, column=column, paragraph=paragraph,
            docx_paragraph=docx_paragraph, report=report, values=values, hint=hint, severity=severity,
        )
        rep = report or self.report
        row_label = column_label = None
        cell = None
        if table:
            part = part or PART_OF_TABLE.get(table)
            data = rep.tables.get(table)
            if data is not None and row:
                layout = data.layout
                if layout.has_row(row):
                    row_label = layout.row(row).name
                else:
                    try:
                        row_label = layout.group(row).label
                    except KeyError:
                        row_label = row
                if column:
                    column_label = column
                    ref = data.sources.get((row, column))
                    if ref is not None:
                        cell = (ref.table, ref.row, ref.cell)
        if paragraph is not None and part is not None and docx_paragraph is None:
            p = rep.part(part)
            if p is not None and 0 <= paragraph < len(p.paragraphs):
                docx_paragraph = p.paragraphs[paragraph].source
        loc = Location(
            file=rep.source.path,
            year=rep.year,
            part=part,
            table=table,
            row=row,
            row_label=row_label,
            column=column,
            column_label=column_label,
            paragraph=paragraph,
            cell=cell,
            docx_paragraph=docx_paragraph,
            quote=quote,
            quote_at=quote_at,
        )
        return Finding(
            code=self.rule.code,
            severity=Severity.parse(severity) if severity else self.rule.severity,
            message=message,
            location=loc,
            rule_name=self.rule.name,
            values=dict(values or {}),
            hint=hint,
            plugin=self.rule.plugin,
        )


class FindingError(TypeError):
    """A plugin called :meth:`CheckContext.finding` with arguments no finding can hold (the
    engine reports it as AR003 naming the rule, like any other rule failure)."""


def _check_finding_args(code: str, **args: Any) -> None:
    """Every argument of ``ctx.finding`` of the type it documents, checked where the plugin
    creates the finding — not later, in an output that cannot serialise it."""
    text = ("message", "part", "table", "row", "column", "hint")
    for name in text:
        value = args[name]
        if name == "message" and not isinstance(value, str):
            raise FindingError(f"ctx.finding 的 message 应为文字，实际为 {type(value).__name__}")
        if value is not None and not isinstance(value, str):
            raise FindingError(f"ctx.finding 的 {name} 应为文字或 None，实际为 {type(value).__name__}")
    for name in ("paragraph", "docx_paragraph"):
        value = args[name]
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            raise FindingError(f"ctx.finding 的 {name} 应为非负整数或 None，实际为 {value!r:.40}")
    if args["report"] is not None and not isinstance(args["report"], Report):
        raise FindingError(f"ctx.finding 的 report 应为报告（ctx.report 或 ctx.history 中的一份），实际为 {type(args['report']).__name__}")
    values = args["values"]
    if values is not None:
        if not isinstance(values, Mapping):
            raise FindingError(f"ctx.finding 的 values 应为字典，实际为 {type(values).__name__}")
        try:
            json.dumps(dict(values), ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise FindingError(f"ctx.finding 的 values 只能含文字、数字、列表和字典（要写入 JSON/SARIF）：{exc}") from None
    severity = args["severity"]
    if severity is not None:
        try:
            Severity.parse(severity)
        except (ValueError, TypeError, AttributeError):
            raise FindingError(f"ctx.finding 的 severity 应为 error、warning 或 info，实际为 {severity!r:.40}") from None

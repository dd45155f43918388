"""Yearly JSON data files: read, validate and turn into the :class:`~annual_report.model.report.Report`
model, and back (for ``extract``)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..files.reading import Bounds, read_bounded
from ..model.errors import DataError
from ..model.layout import (
    NARRATIVE_PARTS,
    PART_NUMBERS,
    edition_for_year,
    layouts,
    part_heading,
)
from ..model.report import Body, FrozenDict, Paragraph, Part, Report, Source, TableData
from ..model.schema_gen import SCHEMA_ID
from ..plugins.hookspecs import hookimpl
from ..text.figure_refs import ReferenceError_, references_in, resolve

from ..model.limits import MAX_JSON_BYTES, MAX_JSON_DEPTH, MAX_NUMBER_DIGITS, MAX_PARAGRAPH_CHARS


def default_title(body_name: str, year: int) -> str:
    return f"{body_name}{year}年政府信息公开工作年度报告"


def default_preface(body_name: str, year: int) -> list[str]:
    """The preface the national format prescribes (with the statistics period)."""
    return [
        f"本报告由{body_name}根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和"
        "《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）要求编制。"
        if year >= 2021
        else f"本报告由{body_name}根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和"
        "《中华人民共和国政府信息公开工作年度报告格式（试行）》"
        "（国办公开办函〔2019〕60号）要求编制。",
        "全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
        "政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项六个部分。",
        f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
    ]


def _depth(obj: Any, limit: int) -> int:
    stack = [(obj, 1)]
    deepest = 0
    while stack:
        item, d = stack.pop()
        deepest = max(deepest, d)
        if d > limit:
            return d
        if isinstance(item, dict):
            stack.extend((v, d + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, d + 1) for v in item)
    return deepest


BOUNDS = Bounds(
    MAX_JSON_BYTES,
    "{path} 过大（{mb} MB），不像年度报告数据文件",
    empty="{path} 是空文件",
    missing="找不到数据文件 {path}",
    folder="{path} 是文件夹，不是数据文件",
    error=DataError,
)


def read_json(path: Path) -> Any:
    """Parse a data file, with a Chinese message for every way it can be unusable."""
    path = Path(path)
    raw = read_bounded(path, BOUNDS)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        hint = ""
        try:
            raw.decode("gb18030")
            hint = "（看起来是 GBK/GB18030 编码，请用记事本或编辑器另存为 UTF-8）"
        except UnicodeDecodeError:
            pass
        raise DataError(f"{path} 不是 UTF-8 编码的文本，第 {exc.start} 字节无法解码{hint}") from None
    try:
        data = json.loads(text, parse_int=_parse_int)
    except RecursionError:
        raise DataError(f"{path} 嵌套层数过深，不是年度报告数据") from None
    except json.JSONDecodeError as exc:
        raise DataError(f"{path} 不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列，{_json_reason(exc.msg)}") from None
    if _depth(data, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        raise DataError(f"{path} 嵌套层数过深，不是年度报告数据")
    if re.search(r"\\u00[01][0-9a-fA-F]|\\u007[fF]", text):  # an escaped control character
        where = _control_character(data)
        if where:
            raise DataError(f"{path} 的 {where} 中有控制字符（如 \\u0000、\\u001b），不能写入报告，请删除后再读取")
    if "\\ud" in text.lower():  # a \uD800-style escape may leave half a character
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as exc:
            bad = exc.object[exc.start : exc.end]
            raise DataError(f"{path} 中有无效的字符转义 \\u{ord(bad[0]):04x}（半个 Unicode 字符，不能单独出现），请改正后再读取") from None
    return data


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _control_character(data: Any, where: str = "") -> str:
    """Where in ``data`` a string holds a control character (tab and line breaks aside), or ''."""
    if isinstance(data, str):
        return (where or "内容") if _CONTROL.search(data) else ""
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        if isinstance(key, str) and _CONTROL.search(key):
            return f"{where}.{key}".lstrip(".")
        found = _control_character(value, f"{where}.{key}" if isinstance(key, str) else f"{where}[{key}]")
        if found:
            return found.lstrip(".")
    return ""


def _parse_int(digits: str) -> int | str:
    """A JSON integer; one too long to be a count stays the text it is, so that validation
    reports it at its place (Python refuses to convert more than 4,300 digits at all)."""
    if len(digits.lstrip("-")) > MAX_NUMBER_DIGITS:
        return digits if len(digits) <= 40 else digits[:20] + f"…（共 {len(digits)} 位）"
    return int(digits)


def _json_reason(msg: str) -> str:
    table = {
        "Expecting ',' delimiter": "缺少逗号",
        "Expecting ':' delimiter": "缺少冒号",
        "Expecting value": "缺少值（或多了逗号）",
        "Expecting property name enclosed in double quotes": "键名应使用英文双引号（或末尾多了逗号）",
        "Unterminated string starting at": "字符串没有结束的引号",
        "Extra data": "文件末尾有多余内容",
        "Invalid control character at": "字符串中有不允许的控制字符",
    }
    for key, reason in table.items():
        if msg.startswith(key):
            return reason
    return msg


def check_references(data: dict) -> list[str]:
    """Narrative references that name no cell, as ``path: message`` lines."""
    problems: list[str] = []
    year = data.get("year")
    edition = data.get("edition") or edition_for_year(year)
    tables = _tables(data, edition)

    def cell(t: str, r: str, c: str):
        return tables[t].values.get((r, c))

    for key, paras in [("preface", data.get("preface") or [])] + [
        (f"parts.{n}", data["parts"].get(n, [])) for n in NARRATIVE_PARTS
    ]:
        for i, text in enumerate(paras):
            for ref in references_in(text):
                try:
                    resolve("{{" + ref + "}}", edition, year, cell)
                except ReferenceError_ as exc:
                    problems.append(f"{key}[{i}]: {exc}")
    return problems


def _too_long(data: Any) -> list[str]:
    """Paragraphs past the paragraph cap, as ``path: message`` lines (checked before the schema,
    whose patterns would take long on them)."""
    if not isinstance(data, dict):
        return []
    lists = [("preface", data.get("preface"))]
    if isinstance(data.get("parts"), dict):
        lists += [(f"parts.{n}", v) for n, v in data["parts"].items()]
    out = []
    for key, paras in lists:
        if not isinstance(paras, list):
            continue
        for i, text in enumerate(paras):
            if isinstance(text, str) and len(text) > MAX_PARAGRAPH_CHARS:
                out.append(f"{key}[{i}]: 段落有 {len(text)} 个字符，超过 {MAX_PARAGRAPH_CHARS} 字的上限，请分段")
    return out


def validate_data(data: Any, path: Path | str = "") -> None:
    """Raise :class:`DataError` listing every problem (schema and references) at once."""
    from ..model.schema import validate

    errors = _too_long(data) or validate(data)
    if not errors and isinstance(data, dict):
        errors = check_references(data)
    if errors:
        where = f"{path} " if path else ""
        raise DataError(f"数据文件 {where}有 {len(errors)} 处不符合要求：", errors)


def _tables(data: dict, edition: str) -> dict[str, TableData]:
    out = {}
    for name, layout in layouts(edition).items():
        rows = data["tables"][name]["rows"]
        values = {}
        for row, row_data in zip(layout.rows, rows):
            for col in row.columns:
                values[(row.id, col.id)] = row_data.get(col.id)
        subtotals = {}
        for group, cols in (data["tables"][name].get("subtotals") or {}).items():
            for col, v in cols.items():
                subtotals[(group, col)] = v
        out[name] = TableData(name, edition, FrozenDict(values), subtotals=FrozenDict(subtotals))
    return out


def report_from_data(data: dict, path: Path | str = "", *, validate: bool = True) -> Report:
    """The model of a (valid) yearly data dict; narrative references are resolved."""
    if validate:
        validate_data(data, path)
    year = data["year"]
    edition = data.get("edition") or edition_for_year(year)
    body = Body(data["body"]["name"], data["body"].get("level", ""), data["body"].get("region", ""))
    tables = _tables(data, edition)

    def cell(t: str, r: str, c: str):
        return tables[t].values.get((r, c))

    def paras(texts: list[str], part: str | None) -> tuple[Paragraph, ...]:
        return tuple(Paragraph(resolve(t, edition, year, cell), part, i) for i, t in enumerate(texts))

    # the default preface is our text with the body's name in it: nothing in it is a reference
    preface = paras(data["preface"], None) if data.get("preface") else tuple(Paragraph(t, None, i) for i, t in enumerate(default_preface(body.name, year)))
    parts = []
    for number in PART_NUMBERS:
        texts = data["parts"].get(number, []) if number in NARRATIVE_PARTS else []
        parts.append(Part(number, part_heading(number), paras(texts, number)))
    return Report(
        body=body,
        year=year,
        edition=edition,
        title=data.get("title") or default_title(body.name, year),
        preface=preface,
        parts=tuple(parts),
        tables=FrozenDict(tables),
        source=Source(str(path), "json"),
        meta=FrozenDict(
            {
                "period": (year, year),
                "year_claims": FrozenDict({"data": year}),
                "declared_edition": data.get("edition"),
                "publication_date": data.get("publication_date"),
                "workplan_answers": FrozenDict(data.get("workplan") or {}),
            }
        ),
    )


def load_report(path: Path | str) -> Report:
    """Read, validate and model one yearly data file."""
    data = read_json(Path(path))
    return report_from_data(data, path)


def data_from_report(report: Report) -> dict:
    """The yearly data dict of a report (e.g. one read from a .docx draft), for ``extract``.

    Missing cells become ``null``; the result validates when the draft was complete."""
    edition = report.edition or (edition_for_year(report.year) if report.year else "2021")
    tables: dict[str, Any] = {}
    for name, layout in layouts(edition).items():
        table = report.tables.get(name)
        rows = []
        for row in layout.rows:
            entry: dict[str, Any] = {layout.label_key: row.label}
            for col in row.columns:
                entry[col.id] = table.get(row.id, col.id) if table is not None else None
            rows.append(entry)
        tables[name] = {"rows": rows}
        if table is not None and table.subtotals:
            subtotals: dict[str, dict] = {}
            for (group, col), v in table.subtotals.items():
                subtotals.setdefault(group, {})[col] = v
            tables[name]["subtotals"] = subtotals
    data: dict[str, Any] = {
        "$schema": SCHEMA_ID,
        "year": report.year,
        "edition": edition,
        "body": {"name": report.body.name, "level": report.body.level or "其他"},
    }
    if report.body.region:
        data["body"]["region"] = report.body.region
    if report.title:
        data["title"] = report.title
    if report.meta.get("publication_date"):
        data["publication_date"] = report.meta["publication_date"]
    if report.preface:
        data["preface"] = [p.text for p in report.preface]
    data["parts"] = {
        n: [p.text for p in (report.part(n).paragraphs if report.part(n) else ())] for n in NARRATIVE_PARTS
    }
    data["tables"] = tables
    if report.meta.get("workplan_answers"):
        data["workplan"] = dict(report.meta["workplan_answers"])
    return data


@hookimpl
def register_readers(register):
    from . import Reader

    register(Reader("json", (".json",), load_report))

"""Turning a .docx report into a yearly data dict (for ``extract``), with its problems."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..model.errors import UserError
from ..model.layout import table_name
from .session import refuse_not_report

def extract_data(path: Path, level: str | None = None) -> tuple[dict, list[str], list[str]]:
    """(data, problems, notes): the data dict of the report at ``path``, everything that keeps
    it from being a valid, complete data file (reader issues, missing cells, schema errors),
    and what was inferred rather than read."""
    from ..model.schema import validate
    from ..readers import DataEntryReader, find_reader, read_report
    from ..readers.jsondata import check_references, data_from_report
    from ..rules.reading import issue_message

    reader = find_reader(Path(path))
    if isinstance(reader, DataEntryReader):
        # a data-entry format (the statistics workbook): its data as written, checked like JSON
        data = reader.read_data(Path(path))
        errors = [_in_report_words(e) for e in validate(data) if "实际为 null" not in e] if data["year"] else []
        problems = _blank_cells(data) + (errors or check_references(data))
        return data, problems, []
    report = read_report(path)
    if report.source.kind == "json":
        raise UserError(f"{path} 已经是数据文件，不需要提取")
    refuse_not_report(report)  # a 解读 or a memo would become a year's data
    notes = []
    if not level:
        from ..model.levels import infer_level

        level = infer_level(report.body.name, certain_only=True)
        if level:
            notes.append(f"机关层级按名称“{report.body.name}”推断为“{level}”，如不对请用 --level 指定")
    if level:
        report = replace(report, body=replace(report.body, level=level))
    problems = [issue_message(issue) for issue in report.issues]
    if report.year is None:
        problems.append("无法确定报告年度（标题、统计期限、文件名中都没有）")
    data = data_from_report(report)
    if not level:
        problems.append("报告中没有机关层级，已暂填“其他”，请用 --level 指定或在数据文件中修改 body.level")
    problems += _blank_cells(data)
    if report.year is not None:
        # what jsondata.validate_data checks (schema, then narrative references), less the
        # blank cells already listed above
        errors = [_in_report_words(e) for e in validate(data) if "实际为 null" not in e]
        problems += errors or check_references(data)
    return data, problems, notes


# the data file's fields as the report names them: a schema message about "parts.一" is about
# the report's 第一部分 to a person extracting a report
FIELD_WORDS = {"body.name": "机关名称", "body.level": "机关层级", "body.region": "所在地区", "year": "年度", "title": "标题", "publication_date": "发布日期"}


def _in_report_words(line: str) -> str:
    """A schema message ("parts.一: 至少应有一段文字，实际 0 项") in the report's own words
    ("第一部分：至少应有一段文字，实际 0 项"), for someone who never saw the data file."""
    path, sep, message = line.partition(": ")
    if not sep:
        return line
    if path.startswith("parts."):
        part, _, rest = path[len("parts."):].partition("[")
        return f"第{part}部分" + (f"第{int(rest.split(']')[0]) + 1}段" if rest[:1].isdigit() else "") + f"：{message}"
    if path.startswith("tables."):
        key, _, rest = path[len("tables."):].partition(".")
        return f"{table_name(key)}" + (f"（{rest}）" if rest else "") + f"：{message}"
    return f"{FIELD_WORDS.get(path, path)}：{message}"


BLANK_ROWS_LISTED = 10  # rows with blank cells named one by one; the rest are counted


def _blank_cells(data: dict) -> list[str]:
    """The blank cells, a line per table left wholly blank, else a line per row naming its blank
    columns (the first ``BLANK_ROWS_LISTED`` rows; the others counted in one line)."""
    out, more_rows, more_cells = [], 0, 0
    for name, table in data["tables"].items():
        rows = table["rows"]
        cells = [(row, key) for row in rows for key, value in row.items() if value is None]
        total = sum(len(row) - 1 for row in rows)
        if cells and len(cells) >= total:
            out.append(f"{table_name(name)}全部未填写（{len(cells)} 格，记为空）")
            continue
        for row in rows:
            blank = [key for key, value in row.items() if value is None]
            if not blank:
                continue
            if len(out) >= BLANK_ROWS_LISTED:
                more_rows += 1
                more_cells += len(blank)
                continue
            label = next(iter(row.values()))
            where = "整行" if len(blank) >= len(row) - 1 else "“" + "”“".join(blank) + "”列"
            out.append(f"{table_name(name)}“{label}”行{where}未填写（记为空）")
    if more_rows:
        out.append(f"另有 {more_rows} 行共 {more_cells} 格未填写（记为空）")
    return out

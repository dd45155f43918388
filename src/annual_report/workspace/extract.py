"""Turning a .docx report into a yearly data dict (for ``extract``), with its problems."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from ..model.errors import UserError

_LEVEL_BY_NAME = (
    (re.compile(r"(乡|镇)人民政府$|街道办事处$|街道$"), "乡镇/街道"),
    (re.compile(r"县人民政府(办公室)?$"), "县级政府"),
    (re.compile(r"(省|自治区)人民政府(办公厅)?$"), "省级政府"),
)


def guess_level(name: str) -> str | None:
    """The body's level where its name leaves no doubt (a 区人民政府 or 市人民政府 may be of
    county or city level, so those are not guessed)."""
    name = re.sub(r"\s+", "", name or "")
    for pattern, level in _LEVEL_BY_NAME:
        if pattern.search(name):
            return level
    return None


def extract_data(path: Path, level: str | None = None) -> tuple[dict, list[str], list[str]]:
    """(data, problems, notes): the data dict of the report at ``path``, everything that keeps
    it from being a valid, complete data file (reader issues, missing cells, schema errors),
    and what was inferred rather than read."""
    from ..model.schema import validate
    from ..readers import read_report
    from ..readers.jsondata import check_references, data_from_report
    from ..rules.reading import issue_message

    report = read_report(path)
    if report.source.kind != "docx":
        raise UserError(f"extract 只用于 .docx 报告，{path} 不是")
    notes = []
    if not level:
        level = guess_level(report.body.name)
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
    for name, table in data["tables"].items():
        for i, row in enumerate(table["rows"]):
            for key, value in row.items():
                if value is None:
                    problems.append(f"表{name}“{next(iter(row.values()))}”行“{key}”列未填写（记为 null）")
    if report.year is not None:
        # what jsondata.validate_data checks (schema, then narrative references), less the
        # blank cells already listed above
        errors = [e for e in validate(data) if "实际为 null" not in e]
        problems += errors or check_references(data)
    return data, problems, notes

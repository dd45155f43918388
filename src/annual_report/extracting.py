"""Turning a .docx report into a yearly data dict (for ``extract``), with its problems."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .errors import UserError


def extract_data(path: Path, level: str | None = None) -> tuple[dict, list[str]]:
    """(data, problems): the data dict of the report at ``path`` and everything that keeps it
    from being a valid, complete data file (reader issues, missing cells, schema errors)."""
    from .inputs import read_report
    from .jsondata import data_from_report
    from .schema import validate

    report = read_report(path)
    if report.source.kind != "docx":
        raise UserError(f"extract 只用于 .docx 报告，{path} 不是")
    if level:
        report = replace(report, body=replace(report.body, level=level))
    problems = [issue.message for issue in report.issues]
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
        problems += [e for e in validate(data) if "应为非负整数，实际为 null" not in e and "实际为 null" not in e]
    return data, problems

"""Generate ``schemas/report-data.schema.json`` from the table layouts.

The schema is a committed file (users and editors read it); this module produces it from
:mod:`annual_report.model.layout` so the two cannot drift apart — a test compares them.  Run
``python -m annual_report.model.schema_gen`` after changing the layout.
"""

from __future__ import annotations

import json
from pathlib import Path

from .layout import NARRATIVE_PARTS, PART_TITLES, TableLayout, table_layout, table_name
from .levels import LEVELS

SCHEMA_ID = "https://annual-report.local/schemas/report-data.schema.json"

_VALUE_REFS = {"count": "#/$defs/count", "amount": "#/$defs/amount", "signed": "#/$defs/signed"}


def _row_schema(layout: TableLayout, row) -> dict:
    props: dict = {
        layout.label_key: {
            "const": row.label,
            "x-expect": f"应为“{row.label}”（行的顺序和名称须与法定格式一致）",
        }
    }
    for col in row.columns:
        props[col.id] = {"$ref": _VALUE_REFS[col.kind]}
    return {
        "type": "object",
        "title": row.name,
        "required": [layout.label_key, *[c.id for c in row.columns]],
        "properties": props,
        "additionalProperties": False,
    }


def _table_schema(edition: str, name: str) -> dict:
    layout = table_layout(edition, name)
    rows = [_row_schema(layout, r) for r in layout.rows]
    schema: dict = {
        "type": "object",
        "title": f"{table_name(name)}：{layout.title}",
        "required": ["rows"],
        "properties": {
            "rows": {
                "type": "array",
                "description": f"共{len(rows)}行，顺序与法定格式一致",
                "prefixItems": rows,
                "items": False,
                "minItems": len(rows),
                "x-expect": f"应有{len(rows)}行",
            }
        },
        "additionalProperties": False,
    }
    if name == "B":
        group_ids = [g.id for g in layout.groups if g.parent == "result"]
        schema["properties"]["subtotals"] = {
            "type": "object",
            "description": "草稿自行加入的小计行（法定格式无此行），按分组记录，可省略",
            "propertyNames": {"enum": group_ids},
            "additionalProperties": {
                "type": "object",
                "additionalProperties": {"$ref": "#/$defs/count"},
            },
        }
    return schema


def _tables(edition: str) -> dict:
    return {
        "type": "object",
        "title": f"{edition}年版格式的三张表",
        "required": ["A", "B", "C"],
        "properties": {n: _table_schema(edition, n) for n in ("A", "B", "C")},
        "additionalProperties": False,
    }


def build_schema() -> dict:
    paragraphs = {
        "type": "array",
        "items": {"type": "string", "minLength": 1, "x-expect": "应为非空的段落文字"},
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "政府信息公开工作年度报告数据",
        "description": (
            "一个机关一年的年度报告数据：三张法定表格（表二、表三、表四）与第一、五、六部分的文字。"
            "文字中可用 {{新收申请}}、{{B.new.总计}} 等引用表格数字，生成报告时自动填入。"
        ),
        "type": "object",
        "required": ["year", "body", "tables", "parts"],
        "properties": {
            "$schema": {"type": "string"},
            "year": {
                "type": "integer",
                "minimum": 2019,
                "maximum": 2100,
                "title": "报告年度",
                "x-expect": "应为 2019 年及以后的年份（整数）",
            },
            "edition": {
                "enum": ["2019", "2021"],
                "title": "格式版本",
                "description": "2019、2020年度报告用2019年版（国办公开办函〔2019〕60号），2021年度起用2021年版（国办公开办函〔2021〕30号）；可省略，按年度推定",
                "x-expect": "应为 \"2019\" 或 \"2021\"",
            },
            "body": {
                "type": "object",
                "title": "报告机关",
                "required": ["name", "level"],
                "properties": {
                    "name": {"type": "string", "minLength": 2, "title": "机关名称", "x-expect": "应为机关全称"},
                    "level": {
                        "enum": list(LEVELS),
                        "title": "机关层级",
                        "x-expect": "应为以下之一：" + "、".join(LEVELS),
                    },
                    "region": {"type": "string", "title": "所在地区"},
                },
                "additionalProperties": False,
            },
            "title": {"type": "string", "title": "报告标题", "description": "省略时为“<机关名称><年度>年政府信息公开工作年度报告”"},
            "publication_date": {
                "type": "string",
                "format": "date",
                "title": "发布日期",
                "x-expect": "应为日期，如 2024-01-20",
            },
            "preface": {**paragraphs, "title": "引言", "description": "省略时按法定格式生成（含统计期限）"},
            "workplan": {
                "type": "object",
                "title": "工作要点落实情况",
                "description": "生成第六部分“落实年度政务公开工作要点情况”时，按任务填入落实情况：键为工作区 workplans/ 中本年度要点的任务原文，值为落实情况；未填的任务留出“【请填写落实情况】”",
                "additionalProperties": {"type": "string", "minLength": 1, "x-expect": "应为落实情况的文字"},
                "x-expect": "应为 {\"任务\": \"落实情况\"} 形式的对象",
            },
            "parts": {
                "type": "object",
                "title": "文字部分",
                "required": list(NARRATIVE_PARTS),
                "properties": {
                    n: {**paragraphs, "title": f"{n}、{PART_TITLES[n]}", "minItems": 1, "x-expect": "至少应有一段文字"}
                    for n in NARRATIVE_PARTS
                },
                "additionalProperties": False,
            },
            "tables": {"type": "object", "title": "三张法定表格"},
        },
        "additionalProperties": False,
        "allOf": [
            {
                "if": {"properties": {"year": {"maximum": 2020}}},
                "then": {
                    "properties": {
                        "edition": {
                            "const": "2019",
                            "x-expect": "2019、2020年度报告应使用2019年版格式（国办公开办函〔2019〕60号），应为 \"2019\"",
                        },
                        "tables": {"$ref": "#/$defs/tables2019"},
                    }
                },
                "else": {
                    "properties": {
                        "edition": {
                            "const": "2021",
                            "x-expect": "2021年度及以后的报告应使用2021年版格式（国办公开办函〔2021〕30号），应为 \"2021\"",
                        },
                        "tables": {"$ref": "#/$defs/tables2021"},
                    }
                },
            }
        ],
        "$defs": {
            "count": {
                "type": ["integer", "null"],
                "minimum": 0,
                "title": "件数",
                "description": "非负整数；未填写（空白、“—”）记为 null，检查时报告为缺项，不按 0 计",
                "x-expect": "应为非负整数",
            },
            "amount": {
                "type": ["number", "null"],
                "minimum": 0,
                "title": "金额",
                "description": "非负数，单位万元；未填写记为 null",
                "x-expect": "应为非负数（单位：万元）",
            },
            "signed": {
                "type": ["integer", "null"],
                "title": "增减数",
                "description": "整数，可为负",
                "x-expect": "应为整数（可为负）",
            },
            "tables2019": _tables("2019"),
            "tables2021": _tables("2021"),
        },
    }


def schema_text() -> str:
    return json.dumps(build_schema(), ensure_ascii=False, indent=2) + "\n"


def main() -> None:
    from ..resources import schemas_dir

    path = Path(schemas_dir()) / "report-data.schema.json"
    path.write_text(schema_text(), encoding="utf-8")
    print(f"已写入 {path}")


if __name__ == "__main__":
    main()

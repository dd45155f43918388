"""Validate yearly data files against ``schemas/report-data.schema.json``, with messages in
Chinese and JSON paths (``tables.B.rows[3].自然人: 应为非负整数，实际为 -1``)."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any, Iterable

from ..resources import schemas_dir


@lru_cache(maxsize=1)
def load_schema() -> dict:
    return json.loads((schemas_dir() / "report-data.schema.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _validator():
    import jsonschema

    schema = load_schema()
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def json_path(path: Iterable[Any]) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "（根）"


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


def _message(error) -> str:
    """One Chinese sentence for one jsonschema error."""
    v = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    expect = schema.get("x-expect")
    if v == "required":
        missing = [p for p in error.validator_value if isinstance(error.instance, dict) and p not in error.instance]
        return "缺少必填项 " + "、".join(f"“{m}”" for m in missing)
    if v == "additionalProperties" or v == "unevaluatedProperties":
        extra = sorted(set(error.instance) - set(schema.get("properties", {})))
        return "有法定格式以外的项目 " + "、".join(f"“{e}”" for e in extra)
    if v == "propertyNames":
        return f"“{error.instance}”不是可用的分组名"
    if v in ("items", "maxItems") and isinstance(error.instance, list):
        return f"行数过多：{expect or ''}，实际 {len(error.instance)} 行".replace("：，", "：")
    if v == "minItems":
        return f"{expect or '项目不足'}，实际 {len(error.instance)} 项"
    if v == "format":
        return f"{expect or '格式不正确'}，实际为 {_show(error.instance)}"
    if expect:
        return f"{expect}，实际为 {_show(error.instance)}"
    if v == "type":
        return f"类型不对，实际为 {_show(error.instance)}"
    if v == "enum":
        return "应为以下之一：" + "、".join(map(str, error.validator_value)) + f"，实际为 {_show(error.instance)}"
    if v == "const":
        return f"应为 {_show(error.validator_value)}，实际为 {_show(error.instance)}"
    return f"不符合要求（{v}），实际为 {_show(error.instance)}"


def _leaves(errors) -> Iterable:
    """jsonschema nests errors of if/then and $ref; report the most precise ones."""
    for err in errors:
        if err.context:
            yield from _leaves(err.context)
        else:
            yield err


def validate(data: Any) -> list[str]:
    """Every schema violation in ``data`` as ``path: message``, sorted by path; [] if valid."""
    errors = _validator().iter_errors(data)
    seen: set[str] = set()
    out: list[tuple[tuple, str]] = []
    for err in _leaves(errors):
        line = f"{json_path(err.absolute_path)}: {_message(err)}"
        if line not in seen:
            seen.add(line)
            out.append((tuple(str(p) for p in err.absolute_path), line))
    return [line for _, line in sorted(out, key=lambda x: x[0])]

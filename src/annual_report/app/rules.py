"""``annual-report rules [CODE]``: the rules of this workspace explained in the terminal (text or
JSON), each with the severity and state its configuration gives it."""

from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path

from ..model.errors import UserError
from ..plugins.rule_api import FAMILIES


def show_rules(code: str | None, fmt: str, workspace: Path | None) -> int:
    from ..check.engine import workspace_checker

    checker = workspace_checker(workspace)
    rules = checker.rules
    if code:
        code = code.strip().upper()
        r = rules.get(code)
        if r is None:
            fixed = code[:2] + code[2:].replace("O", "0").replace("I", "1").replace("L", "1")
            close = [fixed] if fixed in rules else []
            close += [c for c in difflib.get_close_matches(code, list(rules), n=3, cutoff=0.5) if c not in close]
            hint = f"；是否要找：{'、'.join(close)}" if close else ""
            raise UserError(f"没有编号为 {code} 的规则{hint}（annual-report rules 列出全部规则）")
        if fmt == "json":
            sys.stdout.write(json.dumps(r.to_dict(), ensure_ascii=False, indent=2) + "\n")
        else:
            sys.stdout.write(r.describe() + "\n")
        return 0
    if fmt == "json":
        sys.stdout.write(json.dumps([r.to_dict() for r in sorted(rules.values(), key=lambda r: r.code)], ensure_ascii=False, indent=2) + "\n")
        return 0
    groups: dict[str, list] = {}
    for r in sorted(rules.values(), key=lambda r: r.code):
        groups.setdefault(r.family, []).append(r)
    order = list(FAMILIES.values())
    lines = []
    for family in sorted(groups, key=lambda f: (order.index(f) if f in order else 99, f)):
        lines.append(f"{family}")
        for r in groups[family]:
            severity = checker.severity_of(r)
            state = "" if checker.enabled(r.code) else "（已关闭）"
            changed = f"（配置为{severity.label}）" if severity is not r.severity else ""
            lines.append(f"  {r.code}  {r.severity.label}{changed}{state}  {r.title}  [{r.name}]")
        lines.append("")
    lines.append(f"共 {len(rules)} 条规则。annual-report rules <编号> 查看详细说明")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0

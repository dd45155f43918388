"""``annual-report rules`` and ``annual-report plugins``: what is loaded, explained."""

from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path

from ..model.errors import UserError
from ..plugins.rule_api import FAMILIES
from ..workspace.config import find_workspace, load_config

ORIGINS = {"builtin": "内置", "entry-point": "已安装", "workspace": "工作区"}


def _checker(workspace: Path | None, plugin_dirs=()):
    from ..check.engine import make_checker

    root = workspace or find_workspace()
    return make_checker(load_config(root) if root else None, plugin_dirs)


def show_rules(code: str | None, fmt: str, workspace: Path | None) -> int:
    checker = _checker(workspace)
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


def show_plugins(fmt: str, workspace: Path | None, plugin_dirs) -> int:
    checker = _checker(workspace, plugin_dirs)
    ps = checker.plugins
    failed = {(f.plugin, f.location): f for f in ps.failures}
    if fmt == "json":
        doc = {
            "plugins": [
                {"name": p.name, "origin": p.origin, "location": p.location, "rules": p.rules, "outputs": p.outputs}
                for p in ps.plugins
            ],
            "failures": [
                {"plugin": f.plugin, "location": f.location, "stage": f.stage, "error": f.error, "code": f.code}
                for f in ps.failures
            ],
        }
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        return 1 if ps.failures else 0
    lines = []
    for p in ps.plugins:
        rules = "、".join(p.rules) if p.rules else "（加载失败，见下）" if (p.name, p.location) in failed else "（无规则）"
        lines.append(f"{p.name}  [{ORIGINS.get(p.origin, p.origin)}]  {p.location}")
        if p.rules or not p.outputs:
            lines.append(f"    规则：{rules}")
        if p.outputs:
            kinds = {"interpret": "解读", "site": "展示"}
            said = "、".join(f"{kinds[k]} {n}" for k, n in (o.split(":", 1) for o in p.outputs))
            lines.append(f"    输出格式：{said}（annual-report interpret/site --format 名称）")
    if ps.failures:
        lines.append("")
        lines.append("加载失败：")
        for f in ps.failures:
            lines.append(f"  {f.plugin}（{f.location}）：{f.error}")
    lines.append("")
    lines.append(f"共 {len(ps.plugins)} 个插件，{len(ps.failures)} 个问题")
    sys.stdout.write("\n".join(lines) + "\n")
    return 1 if ps.failures else 0

"""``annual-report plugins``: which plugins are loaded, from where, what each registered, and
what failed to load."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ORIGINS = {"builtin": "内置", "entry-point": "已安装", "workspace": "工作区"}


def show_plugins(fmt: str, workspace: Path | None, plugin_dirs) -> int:
    from ..check.engine import workspace_checker

    checker = workspace_checker(workspace, plugin_dirs)
    ps = checker.plugins
    failed = {(f.plugin, f.location): f for f in ps.failures}
    if fmt == "json":
        doc = {
            "plugins": [
                {"name": p.name, "origin": p.origin, "location": p.location, "rules": p.rules, "readers": p.readers, "outputs": p.outputs}
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
        if p.readers:
            lines.append(f"    读取：{'、'.join(p.readers)}")
        if p.rules or not (p.readers or p.outputs):
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

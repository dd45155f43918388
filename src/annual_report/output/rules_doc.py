"""The rules explained in docs/rules.md, generated from the registry (``python -m annual_report.output.rules_doc``;
a test checks that the committed file is current)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..plugins.rule_api import FAMILIES


def render() -> str:
    from ..check.engine import make_checker

    checker = make_checker(entry_points=False)
    rules = sorted(checker.rules.values(), key=lambda r: r.code)
    lines = [
        "# 检查规则 / Rules",
        "",
        "本文件由 `python -m annual_report.output.rules_doc` 根据规则注册表生成，请勿手工修改。",
        "`annual-report rules <编号>` 在终端中显示同样的说明。",
        "",
        "| 编号 | 名称 | 默认严重程度 | 说明 |",
        "|---|---|---|---|",
    ]
    lines += [f"| {r.code} | `{r.name}` | {r.severity.label} | {r.title} |" for r in rules]
    for family_prefix, family in FAMILIES.items():
        members = [r for r in rules if r.code.startswith(family_prefix)]
        if not members:
            continue
        lines += ["", f"## {family_prefix}xx {family}"]
        for r in members:
            lines += ["", f"### {r.code} {r.name}", "", f"**{r.title}**（默认：{r.severity.label}；需要往年报告：{'是' if r.needs == 'history' else '否'}）"]
            if r.options:
                lines.append("")
                lines.append("选项：" + "，".join(f"`{k} = {v!r}`" for k, v in r.options.items()))
            body = r.explanation.replace("## ", "#### ")
            lines += ["", body]
    return "\n".join(lines) + "\n"


def main() -> None:
    path = Path(__file__).resolve().parents[3] / "docs" / "rules.md"
    path.write_text(render(), encoding="utf-8")
    print(f"已写入 {path}")


if __name__ == "__main__":
    main()

"""The arrows between the folders of src/annual_report, derived from the imports (module level
and inside functions): ``python bench/import_arrows.py`` prints each arrow with the number of
imports behind it, and marks a pair of folders that import each other.  ``-v`` lists the
imports behind every arrow."""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "annual_report"


def _module(path: Path, package: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def _targets(node: ast.AST, module: str, is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    if isinstance(node, ast.ImportFrom):
        if not node.level:
            return [node.module or ""]
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        return [".".join(base + ([node.module] if node.module else []))]
    return []


def _folder(module: str) -> str:
    bits = module.split(".")
    return bits[1] if len(bits) > 1 else "(package)"


def folder_arrows(package: Path = PACKAGE) -> dict[tuple[str, str], list[str]]:
    """(from folder, to folder) → the imports behind the arrow ("module → target:line")."""
    root = package.name
    arrows: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in sorted(package.rglob("*.py")):
        module, is_package = _module(path, package)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            for target in _targets(node, module, is_package):
                if target.startswith(root + "."):
                    a, b = _folder(module), _folder(target)
                    if a != b:
                        arrows[(a, b)].append(f"{module} → {target}:{node.lineno}")
    return dict(arrows)


def main() -> None:
    arrows = folder_arrows()
    for (a, b), imports in sorted(arrows.items()):
        both = "  ⇄ (both ways)" if (b, a) in arrows else ""
        print(f"{a:>10} → {b:<10} {len(imports):3d}{both}")
        if "-v" in sys.argv:
            for line in imports:
                print("               ", line)
    print(f"{len(arrows)} arrows, {sum(1 for a, b in arrows if (b, a) in arrows) // 2} pairs both ways")


if __name__ == "__main__":
    main()

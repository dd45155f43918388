"""The layers of docs/architecture.md hold: the import-linter contract in pyproject.toml is kept
(an import that points back up a layer fails the suite), and every folder of the package has its
place in the contract."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "annual_report"


def _contract() -> dict:
    with open(ROOT / "pyproject.toml", "rb") as fh:
        contracts = tomllib.load(fh)["tool"]["importlinter"]["contracts"]
    (layers,) = [c for c in contracts if c["type"] == "layers"]
    return layers


def test_the_layers_contract_is_kept():
    run = subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "BROKEN" not in run.stdout and "0 broken" in run.stdout


def test_every_folder_has_its_layer():
    named = {part.strip() for layer in _contract()["layers"] for part in layer.split("|")}
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders == named, f"folders without a layer: {sorted(folders - named)}; layers without a folder: {sorted(named - folders)}"


def test_the_folder_arrows_point_down_only():
    """The house drawn from the imports (bench/import_arrows.py) agrees with the contract: every
    arrow between folders goes from a higher layer to a lower one, or to a root module."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from import_arrows import folder_arrows
    finally:
        sys.path.pop(0)
    rank = {part.strip(): i for i, layer in enumerate(_contract()["layers"]) for part in layer.split("|")}
    arrows = folder_arrows(PACKAGE)
    assert ("app", "check") in arrows and ("readers", "model") in arrows
    back = [f"{a} → {b}" for a, b in arrows if a in rank and b in rank and rank[a] >= rank[b]]
    assert not back, back

"""The workspace and its ``annual-report.toml``.

A workspace is a folder holding ``annual-report.toml``, ``data/<year>.json``, ``plugins/``,
``templates/``, ``reference/``, ``workplans/`` and ``out/``.  Commands find it by walking up
from the current folder (like git), or take ``--workspace``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from ..model.errors import UserError, toml_problem
from ..model.findings import Severity
from ..model.limits import Limits

CONFIG_NAME = "annual-report.toml"

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


@dataclass(frozen=True)
class RuleSettings:
    disabled: frozenset[str] = frozenset()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def mentioned(self) -> set[str]:
        """Every rule code the config names (to report unknown ones)."""
        return set(self.disabled) | set(self.severity) | set(self.options)


@dataclass(frozen=True)
class Config:
    root: Path | None = None  # the workspace folder; None outside a workspace
    body_name: str = ""
    body_level: str = ""
    body_region: str = ""
    level_override: str = ""  # check --level: the level of every report checked, whatever it says
    output_name: str = "{year}年政府信息公开工作年度报告.docx"
    history_years: int = 3
    rules: RuleSettings = field(default_factory=RuleSettings)
    raw: Mapping[str, Any] = field(default_factory=dict)
    path: Path | None = None

    # --- folders of the workspace --------------------------------------------------------
    def folder(self, name: str) -> Path | None:
        return self.root / name if self.root else None

    @property
    def data_dir(self) -> Path | None:
        return self.folder("data")

    @property
    def plugins_dir(self) -> Path | None:
        return self.folder("plugins")

    @property
    def out_dir(self) -> Path | None:
        return self.folder("out")

    def data_file(self, year: int) -> Path:
        if self.root is None:
            raise UserError("当前不在工作区中：请在 annual-report init 创建的文件夹里运行，或用 --workspace 指定")
        return self.root / "data" / f"{year}.json"

    def section(self, name: str) -> Mapping[str, Any]:
        value = self.raw.get(name, {})
        return value if isinstance(value, dict) else {}

    @property
    def limits(self) -> Limits:
        """What plugin code may use in this workspace (``[check]`` rule_timeout, worker_memory_mb)."""
        return Limits.of(self.section("check"))


def find_workspace(start: Path | None = None) -> Path | None:
    """The nearest folder at or above ``start`` holding ``annual-report.toml``."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return None


def _rule_settings(raw: Mapping[str, Any], path: Path) -> RuleSettings:
    section = raw.get("rules", {})
    if not isinstance(section, dict):
        raise UserError(f"{path} 中的 [rules] 应为表")
    disabled = section.get("disable", [])
    if not isinstance(disabled, list) or not all(isinstance(c, str) for c in disabled):
        raise UserError(f"{path} 中 rules.disable 应为规则编号列表，如 [\"AR401\"]")
    severity: dict[str, Severity] = {}
    for code, value in (section.get("severity") or {}).items():
        try:
            severity[code] = Severity.parse(value)
        except ValueError as exc:
            raise UserError(f"{path} 中 rules.severity.{code}：{exc}") from None
    options = section.get("options") or {}
    if not isinstance(options, dict) or not all(isinstance(v, dict) for v in options.values()):
        raise UserError(f"{path} 中 [rules.options.<规则编号>] 应为表，如 [rules.options.AR202] tolerance = 2")
    return RuleSettings(frozenset(disabled), severity, {k: dict(v) for k, v in options.items()})


def _check_limits(check: Mapping[str, Any], path: Path) -> None:
    """[check] rule_timeout (seconds) and worker_memory_mb: positive numbers."""
    for key, kind, low, high, example in (
        ("rule_timeout", (int, float), 0.1, 3600, "30"),
        ("worker_memory_mb", (int,), 256, 1024 * 1024, "2048"),
    ):
        if key not in check:
            continue
        value = check[key]
        if isinstance(value, bool) or not isinstance(value, kind) or not low <= value <= high:
            unit = "秒数" if key.endswith("timeout") else "兆字节数（整数）"
            raise UserError(f"{path} 中 check.{key} 应为 {low:g} 到 {high:g} 之间的{unit}，如 {key} = {example}，实际为 {value!r}")


def _leaves_folder(name: str) -> bool:
    """A relative file name that would be written outside the folder it is joined to."""
    from pathlib import PurePosixPath, PureWindowsPath

    for pure in (PurePosixPath(name), PureWindowsPath(name)):
        if pure.is_absolute() or pure.anchor or ".." in pure.parts:
            return True
    return False


def load_config(root: Path | None) -> Config:
    """The config of the workspace at ``root`` (defaults when ``root`` is None)."""
    if root is None:
        return Config()
    path = Path(root) / CONFIG_NAME
    if not path.is_file():
        return Config(root=Path(root))
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise UserError(f"{path} 不是 UTF-8 编码，请另存为 UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"配置文件 {path} 格式有误：{toml_problem(exc)}") from None
    body = raw.get("body", {}) if isinstance(raw.get("body"), dict) else {}
    build = raw.get("build", {}) if isinstance(raw.get("build"), dict) else {}
    check = raw.get("check", {}) if isinstance(raw.get("check"), dict) else {}
    history_years = check.get("history_years", 3)
    if not isinstance(history_years, int) or not 0 <= history_years <= 10:
        raise UserError(f"{path} 中 check.history_years 应为 0 到 10 的整数")
    _check_limits(check, path)
    output_name = build.get("output", Config.output_name)
    if not isinstance(output_name, str) or "{year}" not in output_name or not output_name.endswith(".docx"):
        raise UserError(f"{path} 中 build.output 应为含 {{year}} 的 .docx 文件名，如 \"{{year}}年政府信息公开工作年度报告.docx\"")
    if _leaves_folder(output_name):
        raise UserError(f"{path} 中 build.output = \"{output_name}\" 指向工作区的 out/ 文件夹之外；只能写文件名（可含 out/ 下的子文件夹），如 \"{{year}}年政府信息公开工作年度报告.docx\"")
    return Config(
        root=Path(root),
        body_name=str(body.get("name", "")),
        body_level=str(body.get("level", "")),
        body_region=str(body.get("region", "")),
        output_name=output_name,
        history_years=history_years,
        rules=_rule_settings(raw, path),
        raw=raw,
        path=path,
    )

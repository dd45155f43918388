"""Loading plugins: built-ins, entry points and a workspace's ``plugins/`` folder.

Built-in plugins are the modules named in :data:`DEFAULT_PLUGINS` (the readers and the rules),
registered through the same path as outside ones: a new built-in reader or rule family is one
line there.  Entry points come from the group ``annual_report``; the environment
variable ``ANNUAL_REPORT_LOAD_PLUGINS`` limits them to a comma-separated list of entry-point
or distribution names (empty: none).  A workspace's ``plugins/*.py`` files are imported under
``annual_report_local.<name>``.

Nothing here raises because of a plugin: every failure (import error, a hook that raises, a
bad or clashing rule code) is collected as a :class:`PluginFailure`, which the engine reports
as a finding (AR001/AR002) while the other plugins keep working.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pluggy

from . import hookspecs

ENTRY_POINT_GROUP = "annual_report"
ALLOWLIST_ENV = "ANNUAL_REPORT_LOAD_PLUGINS"


@dataclass
class PluginInfo:
    name: str  # module name, entry point name or file stem
    origin: str  # "builtin" | "entry-point" | "workspace"
    location: str  # module path / dist name / file path
    rules: list[str] = field(default_factory=list)
    readers: list[str] = field(default_factory=list)  # names of the readers it registered
    outputs: list[str] = field(default_factory=list)  # "interpret:docx", "site:html" …


@dataclass
class PluginFailure:
    plugin: str
    location: str
    stage: str  # "import" | "hooks" | "register_rules" | "register_reference_data" | "register_readers" | "register_outputs" | "rule"
    error: str  # one line, e.g. "ModuleNotFoundError: No module named 'foo'"
    code: str = "AR001"  # AR001 plugin failed, AR002 bad or clashing rule
    detail: str = ""  # traceback, for --verbose


@dataclass
class PluginSet:
    """Everything the loaded plugins registered."""

    plugins: list[PluginInfo] = field(default_factory=list)
    rules: dict[str, Any] = field(default_factory=dict)  # code -> Rule, in registration order
    reference: list[tuple[str, Any, str]] = field(default_factory=list)  # (kind, item, plugin)
    readers: list[Any] = field(default_factory=list)
    outputs: list[Any] = field(default_factory=list)  # interpret and site formats (register_outputs)
    failures: list[PluginFailure] = field(default_factory=list)


def plugin_output():
    """While plugin code runs (imports, hooks, rule checks): what it prints goes to stderr, so
    that stdout stays the document the user asked for (``--format json``, SARIF)."""
    import contextlib

    return contextlib.redirect_stdout(sys.stderr)


def _guarded(fn, *args, memory: int | None = None, **kwargs):
    """Run plugin code with its output on stderr, under the import time limit and, with
    ``memory`` (bytes), the memory limit of a checking process."""
    from ..model.limits import DEFAULT_IMPORT_TIMEOUT, memory_limit, time_limit

    with time_limit(DEFAULT_IMPORT_TIMEOUT), memory_limit(memory), plugin_output():
        return fn(*args, **kwargs)


def _error_line(exc: BaseException) -> str:
    from ..model.limits import RuleTimeout

    if isinstance(exc, RuleTimeout):
        from ..model.limits import DEFAULT_IMPORT_TIMEOUT

        return f"运行超过 {DEFAULT_IMPORT_TIMEOUT:g} 秒，已中止（插件在导入或注册时不应做耗时的工作）"
    return f"{type(exc).__name__}: {exc}"


DEFAULT_PLUGINS = (
    "annual_report.readers.jsondata",
    "annual_report.readers.docx",
    "annual_report.readers.xlsx",  # the statistics workbook
    "annual_report.readers.html",  # reports published as web pages
    "annual_report.readers.pdf",  # reports published as PDF (with a text layer)
    "annual_report.rules.body",
    "annual_report.rules.citations",
    "annual_report.rules.completeness",
    "annual_report.rules.crossyear",
    "annual_report.rules.dates",
    "annual_report.rules.format",
    "annual_report.rules.ledger",
    "annual_report.rules.reading",
    "annual_report.rules.refdata",
    "annual_report.rules.repetition",
    "annual_report.rules.rollup",
    "annual_report.rules.tables",
    "annual_report.rules.text_table",
    "annual_report.rules.workplan",
    "annual_report.output.formats",  # the built-in 解读 and site formats
)


def default_readers() -> list:
    """The readers the built-in plugins register (for reading without loading every plugin)."""
    out: list = []
    for modname in DEFAULT_PLUGINS:
        hook = getattr(importlib.import_module(modname), "register_readers", None)
        if hook is not None:
            hook(register=out.append)
    return out


def _entry_points() -> list:
    from importlib.metadata import entry_points

    eps = list(entry_points(group=ENTRY_POINT_GROUP))
    allow = os.environ.get(ALLOWLIST_ENV)
    if allow is None:
        return eps
    names = {n.strip() for n in allow.split(",") if n.strip()}
    return [ep for ep in eps if ep.name in names or (ep.dist and ep.dist.name in names)]


def _import_file(path: Path):
    name = f"annual_report_local.{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"无法导入 {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module


def _hook_problem(pm: pluggy.PluginManager, module: Any) -> str | None:
    """Why ``module``'s hook implementations do not fit the hook specifications (Chinese),
    or None.  Checked before registering: pluggy would raise half-way through registering
    (a hook with an argument the spec lacks), or only at the end for every plugin at once
    (a misspelt hook name)."""
    import inspect

    known = sorted(name for name in dir(hookspecs) if pm.parse_hookspec_opts(hookspecs, name) is not None)
    for attr in dir(module):
        try:
            opts = pm.parse_hookimpl_opts(module, attr)
        except Exception:  # noqa: BLE001 - an attribute that breaks on access
            continue
        if opts is None:
            continue
        hook = opts.get("specname") or attr
        if hook not in known:
            return f"没有名为 {hook} 的钩子（可用的钩子：{'、'.join(known)}）"
        if opts.get("optionalhook"):
            continue
        spec_args = set(getattr(pm.hook, hook).spec.argnames)
        try:
            params = inspect.signature(getattr(module, attr)).parameters.values()
        except (TypeError, ValueError):
            continue
        extra = [p.name for p in params if p.default is inspect.Parameter.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.name not in spec_args]
        if extra:
            return f"钩子 {hook} 的参数 {'、'.join(extra)} 不存在（{hook} 可用的参数：{'、'.join(sorted(spec_args))}）"
    return None


def load_plugins(
    plugin_dirs: list[Path] | tuple[Path, ...] = (),
    *,
    entry_points: bool = True,
    workspace: Path | None = None,
    memory: int | None = None,
) -> PluginSet:
    """Import and register every plugin; collect what they register.  ``workspace`` is passed
    to ``register_reference_data`` so plugins can read the workspace's reference files;
    ``memory`` (bytes) caps this process's address space while plugin code runs, as a
    checking process is capped (the import time limit applies always)."""
    result = PluginSet()
    pm = pluggy.PluginManager("annual_report")
    pm.add_hookspecs(hookspecs)
    candidates: list[tuple[PluginInfo, Any]] = []

    def add(info: PluginInfo, load) -> None:
        try:
            module = _guarded(load, memory=memory)
        except BaseException as exc:  # noqa: BLE001 - a plugin may raise anything, even SystemExit
            if isinstance(exc, KeyboardInterrupt):
                raise
            result.failures.append(
                PluginFailure(info.name, info.location, "import", _error_line(exc), detail=traceback.format_exc())
            )
            result.plugins.append(info)
            return
        problem = _hook_problem(pm, module)
        if problem is None:
            try:
                pm.register(module, name=f"{info.origin}:{info.name}")
            except Exception as exc:  # noqa: BLE001 - e.g. the same file given twice
                problem = _error_line(exc)
        if problem is not None:
            result.failures.append(PluginFailure(info.name, info.location, "hooks", problem))
            result.plugins.append(info)
            return
        candidates.append((info, module))
        result.plugins.append(info)

    for modname in DEFAULT_PLUGINS:
        add(PluginInfo(modname.rsplit(".", 1)[1], "builtin", modname), lambda m=modname: importlib.import_module(m))
    if entry_points:
        try:
            eps = _entry_points()
        except Exception as exc:  # broken metadata of some installed package
            eps = []
            result.failures.append(PluginFailure("entry-points", ENTRY_POINT_GROUP, "import", _error_line(exc)))
        for ep in eps:
            where = f"{ep.dist.name if ep.dist else '?'} ({ep.value})"
            add(PluginInfo(ep.name, "entry-point", where), ep.load)
    seen_dirs: set[Path] = set()
    seen_files: dict[str, Path] = {}
    for folder in plugin_dirs:
        folder = Path(folder)
        if not folder.is_dir() or folder.resolve() in seen_dirs:  # the same folder given twice
            continue
        seen_dirs.add(folder.resolve())
        for path in sorted(folder.glob("*.py")):
            if path.name.startswith("_"):
                continue
            info = PluginInfo(path.stem, "workspace", str(path))
            if path.stem in seen_files:
                problem = f"与已加载的本地插件 {seen_files[path.stem]} 同名，未加载（请改用另一个文件名）"
                result.failures.append(PluginFailure(info.name, info.location, "import", problem))
                result.plugins.append(info)
                continue
            seen_files[path.stem] = path
            add(info, lambda p=path: _import_file(p))

    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        result.failures.append(PluginFailure(str(exc.plugin), "", "import", _error_line(exc)))

    by_module = {id(module): info for info, module in candidates}
    _collect_rules(pm, by_module, result, memory)
    _collect_simple(pm, "register_reference_data", by_module, result, lambda info, kind, item: result.reference.append((kind, item, info.name)), workspace, memory)
    builtin_readers: list = []

    def add_reader(info: PluginInfo, reader: Any) -> None:
        if _valid_reader(result, info, reader):
            (builtin_readers if info.origin == "builtin" else result.readers).append(reader)
            info.readers.append(str(getattr(reader, "name", type(reader).__name__)))

    _collect_simple(pm, "register_readers", by_module, result, add_reader, memory=memory)
    result.readers += builtin_readers  # outside plugins' readers first: they may take over a format
    _collect_simple(pm, "register_outputs", by_module, result, lambda info, fmt: _add_output(result, info, fmt), memory=memory)
    return result


def _impls(pm: pluggy.PluginManager, hook: str, by_module: dict) -> list:
    """Hook implementations in load order (pluggy keeps them LIFO)."""
    impls = getattr(pm.hook, hook).get_hookimpls()
    order = {module_id: i for i, module_id in enumerate(by_module)}
    return sorted(impls, key=lambda impl: order.get(id(impl.plugin), 0))


def _call(impl, register, workspace: Path | None = None, memory: int | None = None) -> None:
    """Call one implementation alone (pluggy would stop a whole hook call at the first
    exception), passing only the arguments it takes."""
    available = {"register": register, "workspace": workspace}
    _guarded(impl.function, memory=memory, **{name: available[name] for name in impl.argnames if name in available})


def _collect_rules(pm: pluggy.PluginManager, by_module: dict, result: PluginSet, memory: int | None = None) -> None:
    from dataclasses import replace

    from .rule_api import validate_rule

    for impl in _impls(pm, "register_rules", by_module):
        info = by_module[id(impl.plugin)]
        registered: list = []
        try:
            _call(impl, registered.append, memory=memory)
        except BaseException as exc:  # noqa: BLE001
            if isinstance(exc, KeyboardInterrupt):
                raise
            result.failures.append(
                PluginFailure(info.name, info.location, "register_rules", _error_line(exc), detail=traceback.format_exc())
            )
            continue
        for r in registered:
            problem = validate_rule(r)
            if problem is None and r.code in result.rules:
                other = result.rules[r.code]
                problem = f"规则编号 {r.code} 已被插件“{other.plugin}”的规则 {other.name} 使用，本插件的同号规则未启用"
            if problem:
                result.failures.append(PluginFailure(info.name, info.location, "register_rules", problem, code="AR002"))
                continue
            result.rules[r.code] = replace(r, plugin=info.name if info.origin != "workspace" else info.location)
            info.rules.append(r.code)


def _valid_reader(result: PluginSet, info: PluginInfo, reader: Any) -> bool:
    """A reader has a name, accepts(path) and read(path); anything else is reported."""
    try:
        ok = isinstance(getattr(reader, "name", None), str) and callable(getattr(reader, "accepts", None)) and callable(getattr(reader, "read", None))
    except Exception:  # noqa: BLE001 - an attribute that breaks on access
        ok = False
    if not ok:
        result.failures.append(
            PluginFailure(info.name, info.location, "register_readers", f"注册的读取器应有 name（文字）、accepts(path) 和 read(path)，实际为 {type(reader).__name__}")
        )
        return False
    try:  # for messages about it; a frozen or slotted reader just goes without
        reader._annual_report_plugin = info.location if info.origin == "workspace" else info.name
    except Exception:  # noqa: BLE001
        pass
    return True


def _add_output(result: PluginSet, info: PluginInfo, fmt: Any) -> None:
    """Keep an output format unless one of its kind already has its name."""
    kind, name = getattr(fmt, "kind", None), getattr(fmt, "name", None)
    if kind not in ("interpret", "site") or not name or not callable(getattr(fmt, "write", None)):
        problem = "注册的输出格式应有 name、kind（interpret 或 site）、title、suffix 和 write(item, path)"
    elif any(o.kind == kind and o.name == name for o in result.outputs):
        problem = f"输出格式 {kind}:{name} 已被其他插件注册，本插件的同名格式未启用"
    else:
        result.outputs.append(fmt)
        info.outputs.append(f"{kind}:{name}")
        return
    result.failures.append(PluginFailure(info.name, info.location, "register_outputs", problem))


def _collect_simple(
    pm: pluggy.PluginManager, hook: str, by_module: dict, result: PluginSet, sink, workspace: Path | None = None, memory: int | None = None
) -> None:
    for impl in _impls(pm, hook, by_module):
        info = by_module[id(impl.plugin)]
        items: list = []
        try:
            _call(impl, lambda *args: items.append(args), workspace, memory)
        except BaseException as exc:  # noqa: BLE001
            if isinstance(exc, KeyboardInterrupt):
                raise
            result.failures.append(PluginFailure(info.name, info.location, hook, _error_line(exc), detail=traceback.format_exc()))
            continue
        for args in items:
            try:
                sink(info, *args)
            except (TypeError, ValueError) as exc:  # register() called with the wrong arguments
                result.failures.append(PluginFailure(info.name, info.location, hook, f"register 的参数不对：{_error_line(exc)}"))

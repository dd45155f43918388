"""Running the rules: one rule at a time, each failure isolated and reported.

The engine's own findings have rules of their own (AR001–AR005), listed by ``annual-report
rules`` and configurable like any other; their checks live here because only the engine
sees plugin failures and the config.
"""

from __future__ import annotations

import inspect
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Mapping

from ..model.findings import Finding, Location, Severity, sort_findings, with_fingerprints
from ..model.report import Report
from ..plugins.manager import PluginFailure, PluginSet, load_plugins, plugin_output
from ..plugins.rule_api import CheckContext, Coverage, Rule
from ..reference import ReferenceData
from ..files.config import Config
from ..model.limits import MAX_FINDINGS_PER_RULE, RuleTimeout, time_limit
from ..text.document_kind import REPORT, document_kind

NOT_A_REPORT_RULE = "AR024"  # the one rule run on a file that is not an annual report


def _engine_only(report, ctx):  # the engine emits these findings itself
    return ()


def _engine_rule(code: str, name: str, title: str, severity: str, explanation: str) -> Rule:
    return Rule(code, name, title, Severity.parse(severity), _engine_only, inspect.cleandoc(explanation), plugin="engine")


AR001 = _engine_rule("AR001", "plugin-failed", "插件加载或运行失败", "error", """
## 检查内容
某个插件无法导入（如语法错误、缺少依赖），或其 register_rules / register_reference_data 钩子运行时出错。

## 为什么
出错的插件所带的规则没有运行，检查结果不完整。本工具会隔离出错的插件，其他规则照常运行，
但须告诉使用者哪些检查没有做。

## 示例
`plugins/乡镇规则.py` 第 3 行 `import pandas` 而本机未安装 pandas：报告“插件 乡镇规则 导入失败：ModuleNotFoundError …”。

## 配置
可在 annual-report.toml 中将其改为 warning，但不建议关闭。
""")
AR002 = _engine_rule("AR002", "rule-registration-invalid", "规则编号重复或不合规", "error", """
## 检查内容
插件注册的规则编号与已有规则重复，或编号、名称不合规（编号应为 1–3 个大写字母加 3 位数字，如 SZ101）。

## 为什么
规则编号是配置（关闭规则、调整严重程度）和审核意见的依据，必须唯一且稳定。重复编号的后一个规则不启用。

## 示例
本地插件注册了 AR101，与内置“表三 行合计”规则冲突。

## 配置
本地规则请使用本单位自己的字母前缀，如 SZ、TL。
""")
AR003 = _engine_rule("AR003", "rule-crashed", "规则运行时出错", "error", """
## 检查内容
某条规则检查报告时抛出异常（包括试图修改报告数据、超出内存上限 `[check] worker_memory_mb`），返回了不是
检查结果的对象，或使检查进程退出（调用 os._exit、崩溃、被 SIGKILL 终止）。

## 为什么
该规则对这份报告的检查没有完成。其他规则不受影响：规则在单独的检查进程中运行，进程退出时本工具记下当时
正在运行的规则，跳过它重新检查这份报告。消息中给出插件文件、错误或退出码，便于维护者修复。

## 示例
本地规则把表三的值当作字符串拼接：报告“规则 SZ102 运行出错：TypeError …”。
本地规则调用了 os._exit(0)：报告“规则 SZ103（…）运行时检查进程以退出码 0 意外结束；已跳过这条规则，其余规则照常检查”。

## 配置
修复插件，或在 rules.disable 中暂时关闭该规则。
""")
AR004 = _engine_rule("AR004", "rule-timeout", "规则运行超时", "error", """
## 检查内容
某条规则对一份报告的运行时间超过限制（默认 10 秒，可在 [check] rule_timeout 设置）。单个检查、批量检查、
build 和网页检查的时限相同。

## 为什么
一个卡住的本地插件不应让检查无限期地等下去，也不应拖垮整批审核。超时的规则被中止；卡在 C 代码中、
不响应中止的规则在超时一倍后连同检查进程一起被强制结束。这份报告的其余检查照常进行。

## 示例
规则 SZ105（本地插件 plugins/县级规则.py）运行超过 10 秒，已中止

## 配置
[check] rule_timeout = 30
""")
AR005 = _engine_rule("AR005", "config-unknown-rule", "配置中提到的规则不存在", "warning", """
## 检查内容
annual-report.toml 中 rules.disable、rules.severity 或 rules.options 提到的规则编号没有任何插件注册，
或为某规则设置了它没有的选项。

## 为什么
多半是编号写错（AR2O1 写成了字母 O）或插件没有加载，配置因此没有生效。

## 示例
配置中的规则 AR2O1 不存在（没有插件注册这个编号）

## 配置
改正编号，或删除这一项。
""")

ENGINE_RULES: tuple[Rule, ...] = (AR001, AR002, AR003, AR004, AR005)


class _SigintWatch:
    """Tells a real Ctrl+C (SIGINT, delivered to the main thread) from a KeyboardInterrupt a
    rule raises itself: the first stops the run, the second is that rule's failure (AR003)."""

    def __init__(self) -> None:
        self.signalled = False
        self._previous = None

    def __enter__(self) -> "_SigintWatch":
        import signal
        import threading

        if threading.current_thread() is threading.main_thread():
            previous = signal.getsignal(signal.SIGINT)

            def _on_sigint(signum, frame):
                self.signalled = True
                if callable(previous):
                    previous(signum, frame)
                raise KeyboardInterrupt

            if previous is signal.default_int_handler:
                self._previous = previous
                signal.signal(signal.SIGINT, _on_sigint)
            elif previous not in (signal.SIG_IGN, signal.SIG_DFL, None):
                self.signalled = True  # someone else's handler: a KeyboardInterrupt may be theirs
        return self

    def __exit__(self, *exc) -> None:
        if self._previous is not None:
            import signal

            signal.signal(signal.SIGINT, self._previous)


@dataclass
class Checker:
    """Loaded plugins + config, ready to check reports."""

    plugins: PluginSet
    config: Config = field(default_factory=Config)
    reference: ReferenceData = field(default_factory=ReferenceData)
    rule_timeout: float | None = None  # seconds per rule and report (batch mode); None: no limit

    @property
    def rules(self) -> dict[str, Rule]:
        """Every rule, engine rules first, then in plugin registration order."""
        out = {r.code: r for r in ENGINE_RULES}
        for code, r in self.plugins.rules.items():
            out.setdefault(code, r)
        return out

    def enabled(self, code: str) -> bool:
        return code not in self.config.rules.disabled

    def severity_of(self, r: Rule) -> Severity:
        return self.config.rules.severity.get(r.code, r.severity)

    def options_of(self, r: Rule) -> dict:
        return {**r.options, **self.config.rules.options.get(r.code, {})}

    # --- findings that do not depend on a report ------------------------------------------
    def setup_findings(self) -> list[Finding]:
        """Plugin failures and config problems: reported once per run."""
        out: list[Finding] = []
        for failure in self.plugins.failures:
            out.append(self._failure_finding(failure))
        rules = self.rules
        for code in sorted(self.config.rules.mentioned()):
            if code not in rules:
                out.append(self._engine_finding(AR005, f"配置中的规则 {code} 不存在（没有插件注册这个编号）", {"code": code}))
        for code, opts in self.config.rules.options.items():
            r = rules.get(code)
            if r is None:
                continue
            unknown = sorted(set(opts) - set(r.options))
            if unknown:
                out.append(
                    self._engine_finding(
                        AR005,
                        f"规则 {code} 没有选项 " + "、".join(unknown) + (f"（可用选项：{'、'.join(r.options)}）" if r.options else "（该规则没有选项）"),
                        {"code": code, "options": unknown},
                    )
                )
        return with_fingerprints([f for f in out if self.enabled(f.code)])

    def validate_options(self) -> None:
        """A configured option of another type than the rule's default is a config error
        (exit 2) naming the key — not a crash of the rule later on."""
        from ..model.errors import UserError

        rules = self.rules
        for code, opts in self.config.rules.options.items():
            r = rules.get(code)
            if r is None:
                continue
            for key, value in opts.items():
                if key not in r.options:
                    continue
                default = r.options[key]
                if not _same_kind(value, default):
                    where = self.config.path or "配置"
                    raise UserError(
                        f"{where} 中 rules.options.{code}.{key} 应为{_kind_name(default)}（默认值 {default!r}），实际为 {value!r}"
                    )

    def _engine_finding(self, r: Rule, message: str, values: dict, file: str = "") -> Finding:
        path = str(self.config.path) if self.config.path and r is AR005 else file
        return Finding(r.code, self.severity_of(r), message, Location(file=path), r.name, values, plugin="engine")

    def _failure_finding(self, failure: PluginFailure) -> Finding:
        r = AR002 if failure.code == "AR002" else AR001
        stage = {"import": "导入失败", "register_rules": "注册规则时出错", "register_reference_data": "加载参考数据时出错", "register_readers": "注册读取器时出错", "register_outputs": "注册输出格式时出错"}.get(failure.stage, "出错")
        if failure.code == "AR002":
            message = f"插件“{failure.plugin}”（{failure.location}）：{failure.error}"
        else:
            message = f"插件“{failure.plugin}”（{failure.location}）{stage}：{failure.error}，该插件的规则未运行"
        return self._engine_finding(r, message, {"plugin": failure.plugin, "location": failure.location, "error": failure.error}, failure.location)

    # --- checking ---------------------------------------------------------------------------
    def rules_for(self, report: Report, with_history: bool) -> list[Rule]:
        """The rules to run on ``report``: the enabled ones of its edition (the cross-year ones
        only ``with_history``); on a file that is not an annual report only AR024, which says
        so (unless switched off)."""
        if self.enabled(NOT_A_REPORT_RULE) and NOT_A_REPORT_RULE in self.plugins.rules and document_kind(report) != REPORT:
            return [self.plugins.rules[NOT_A_REPORT_RULE]]
        out = []
        for r in self.plugins.rules.values():
            if not self.enabled(r.code):
                continue
            if report.edition and report.edition not in r.editions:
                continue
            if r.needs == "history" and not with_history:
                continue
            out.append(r)
        return out

    def run_rule(self, r: Rule, report: Report, history: tuple[Report, ...], coverage: Coverage | None = None) -> list[Finding]:
        """One rule on one report; an exception becomes an AR003 finding."""
        ctx = CheckContext(r, report, history, self.options_of(r), self.reference, self.config, coverage)
        severity = self.config.rules.severity.get(r.code)
        interrupt = _SigintWatch()
        try:
            with interrupt, time_limit(self.rule_timeout), plugin_output():
                found, omitted = [], 0
                for f in r.check(report, ctx) or ():
                    if len(found) < 2 * MAX_FINDINGS_PER_RULE:
                        found.append(f)
                    else:
                        omitted += 1  # counted, not kept: a rule may yield millions
        except RuleTimeout:
            return self._timeout(r, report, "已中止")
        except KeyboardInterrupt as exc:
            if interrupt.signalled:  # Ctrl+C: the person stops the run
                raise
            return self._failure(r, report, exc)  # raised by the rule itself
        except GeneratorExit:
            raise
        except BaseException as exc:  # noqa: BLE001 - isolate any rule failure (MemoryError, a plugin's sys.exit() included)
            return self._failure(r, report, exc)
        return self._accepted(r, report, found, omitted, severity)

    def _failure(self, r: Rule, report: Report, exc: BaseException) -> list[Finding]:
        """AR003 for rule ``r`` that raised ``exc`` (none when AR003 is switched off)."""
        if not self.enabled("AR003"):
            return []
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return [
            self._rule_failure(
                r, report, f"运行出错：{type(exc).__name__}: {exc}（{Path(where.filename).name} 第 {where.lineno} 行）", f"{type(exc).__name__}: {exc}"
            )
        ]

    def _timeout(self, r: Rule, report: Report, what: str) -> list[Finding]:
        """AR004 for rule ``r`` on ``report`` (none when AR004 is switched off)."""
        if not self.enabled("AR004"):
            return []
        return [
            Finding(
                "AR004",
                self.severity_of(AR004),
                f"规则 {r.code}（{r.name}，插件“{r.plugin}”）运行超过 {self.rule_timeout or 0:g} 秒，{what}",
                Location(file=report.source.path, year=report.year),
                AR004.name,
                {"rule": r.code, "plugin": r.plugin, "timeout": self.rule_timeout},
                plugin="engine",
            )
        ]

    def _rule_failure(self, r: Rule, report: Report, what: str, error: str) -> Finding:
        """AR003 for rule ``r`` on ``report``: ``what`` says what went wrong, after the rule's name."""
        return Finding(
            "AR003",
            self.severity_of(AR003),
            f"规则 {r.code}（{r.name}，插件“{r.plugin}”）{what}",
            Location(file=report.source.path, year=report.year),
            AR003.name,
            {"rule": r.code, "plugin": r.plugin, "error": error},
            plugin="engine",
        )

    def _accepted(self, r: Rule, report: Report, found: list, omitted: int, severity: Severity | None) -> list[Finding]:
        """The findings of one rule on one report: anything that is not a Finding of this rule
        is reported (AR003), and at most MAX_FINDINGS_PER_RULE are kept, the rest counted."""
        out: list[Finding] = []
        junk = [f for f in found if not isinstance(f, Finding)]
        findings = [f for f in found if isinstance(f, Finding)]
        for f in findings[:MAX_FINDINGS_PER_RULE]:
            out.append(f.with_(severity=severity) if severity is not None else f)
        more = len(findings) - MAX_FINDINGS_PER_RULE + omitted
        if more > 0:
            last = out[-1]
            out.append(last.with_(message=f"规则 {r.code} 另有 {more} 处同类问题未逐条列出（每份报告每条规则最多列出 {MAX_FINDINGS_PER_RULE} 处）", location=Location(file=report.source.path, year=report.year), values={"omitted": more}))
        if junk and self.enabled("AR003"):
            kinds = "、".join(sorted({type(f).__name__ for f in junk}))
            out.append(self._rule_failure(r, report, f"返回了 {len(junk)} 个不是检查结果的对象（{kinds}），应使用 ctx.finding(...) 生成", f"non-finding {kinds}"))
        return out

    def check(
        self,
        report: Report,
        history: Iterable[Report] | None = None,
        coverage: Coverage | None = None,
        *,
        skip: Mapping[str, tuple[str, str]] | None = None,
        on_rule: Callable[[str], None] | None = None,
    ) -> list[Finding]:
        """All findings of the enabled rules on ``report``, sorted, with their fingerprints.

        ``history`` is the same body's earlier reports (any order); None means none was
        supplied, and the cross-year rules do not run.  ``coverage`` (a batch with a mapping
        file) is what the report covers: the bodies and their reports of the same year.

        ``skip`` names rules not to run again, each with what happened when it ran (``"died"``
        or ``"timeout"`` and a description): each killed the process that checked this report
        (see :mod:`annual_report.check.runner`) and is reported instead of run.  ``on_rule`` is
        told the code of each rule before it runs."""
        hist: tuple[Report, ...] = ()
        if history is not None:
            hist = tuple(sorted((h for h in history if h.year != report.year or h is not report), key=lambda r: -(r.year or 0)))
        findings: list[Finding] = []
        skip = skip or {}
        for r in self.rules_for(report, history is not None):
            if r.code in skip:
                findings.extend(self._skipped(r, report, *skip[r.code]))
                continue
            if on_rule is not None:
                on_rule(r.code)
            findings.extend(self.run_rule(r, report, hist, coverage))
        return with_fingerprints(sort_findings(findings), report.body.name)

    def _skipped(self, r: Rule, report: Report, kind: str, why: str) -> list[Finding]:
        """What a rule that killed the checking process becomes: AR004 when it was stopped for
        running too long, else AR003; the other rules of the report ran without it."""
        skipped = "已跳过这条规则，其余规则照常检查"
        if kind == "timeout":
            return self._timeout(r, report, f"且未响应中止，检查进程被强制结束；{skipped}")
        if not self.enabled("AR003"):
            return []
        return [self._rule_failure(r, report, f"运行时检查进程{why}；{skipped}", f"process died: {why}")]


def _same_kind(value, default) -> bool:
    if default is None:
        return True
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float)) and (isinstance(default, float) or isinstance(value, int))
    if isinstance(default, (list, tuple)):
        return isinstance(value, (list, tuple)) and all(_same_kind(v, default[0]) for v in value) if default else isinstance(value, (list, tuple))
    return isinstance(value, type(default))


def _kind_name(default) -> str:
    if isinstance(default, bool):
        return "true 或 false"
    if isinstance(default, int):
        return "整数"
    if isinstance(default, float):
        return "数字"
    if isinstance(default, str):
        return "文字（带引号）"
    if isinstance(default, (list, tuple)):
        return "列表"
    if isinstance(default, dict):
        return "表"
    return type(default).__name__


def make_checker(
    config: Config | None = None,
    plugin_dirs: Iterable[Path] = (),
    *,
    entry_points: bool = True,
) -> Checker:
    """Load plugins (built-ins, entry points, the workspace's ``plugins/`` and ``plugin_dirs``)
    and gather reference data."""
    config = config or Config()
    dirs = list(plugin_dirs)
    if config.plugins_dir is not None:
        dirs.insert(0, config.plugins_dir)
    plugins = load_plugins(dirs, entry_points=entry_points, workspace=config.root, memory=config.limits.memory_bytes)
    reference = ReferenceData()
    for kind, item, origin in plugins.reference:
        reference.add(kind, item, origin)
    checker = Checker(plugins, config, reference)
    checker.validate_options()
    return checker

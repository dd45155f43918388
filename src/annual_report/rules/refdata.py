"""The reference data the text rules consult, as a plugin: the bundled document registry and
boilerplate phrases, plus the workspace's own ``reference/`` files and ``workplans/``.

A broken user file does not stop anything: it is registered as a ``reference-error`` and
reported by AR006, while everything else still loads."""

from __future__ import annotations

from pathlib import Path

from ..plugins.hookspecs import hookimpl
from ..plugins.rule_api import rule
from ..resources import data_dir



@hookimpl
def register_reference_data(register, workspace):
    from ..model.errors import UserError
    from ..reference import load_documents, load_phrases, load_text_figures

    for doc in load_documents(data_dir() / "documents.toml"):
        register("document", doc)
    for kind, item in load_text_figures(data_dir() / "text_figures.toml"):
        register(kind, item)
    for phrase in load_phrases(data_dir() / "boilerplate.txt"):
        register("boilerplate", phrase)
    for phrase in load_phrases(data_dir() / "rollup-phrases.txt"):
        register("rollup-phrase", phrase)
    if workspace is None:
        return
    ref = Path(workspace) / "reference"
    if ref.is_dir():
        for path in sorted(ref.glob("*.toml")):
            try:
                for doc in load_documents(path):
                    register("document", doc)
                for kind, item in load_text_figures(path):
                    register(kind, item)
            except UserError as exc:
                register("reference-error", str(exc))
        for path in sorted(ref.glob("*.txt")):
            if path.name.lower().startswith("readme"):
                continue
            kind = "rollup-phrase" if path.stem == "rollup-phrases" else "boilerplate"
            for phrase in load_phrases(path):
                register(kind, phrase)
    plans = Path(workspace) / "workplans"
    if plans.is_dir():
        from ..reference.workplans import PLAN_SUFFIXES, read_plan

        for path in sorted(plans.iterdir()):
            if path.suffix.lower() not in PLAN_SUFFIXES or path.name.lower().startswith("readme"):
                continue
            try:
                register("workplan", read_plan(path))
            except UserError as exc:
                register("reference-error", f"工作要点 {path}：{exc}")


@rule("AR006", "reference-file-invalid", title="工作区的参考文件（文件目录、工作要点）无法读取")
def reference_errors(report, ctx):
    """
    ## 检查内容
    工作区 reference/ 中的文件目录（.toml）或 workplans/ 中的工作要点无法读取：格式错误、字段不认识等。

    ## 为什么
    读不了的文件没有参与检查（例如本地文件的有效状态、本年度工作要点的任务），结果因此不完整。

    ## 示例
    文件目录 reference/本市文件.toml 第 3 个 [[document]]：未知字段 titel

    ## 配置
    改正文件后重新检查。
    """
    for message in ctx.reference.items("reference-error"):
        yield ctx.finding(message)


@hookimpl
def register_rules(register):
    register(reference_errors)

"""The plugin engine: built-ins, workspace plugins, entry points, broken plugins, config."""

from __future__ import annotations

import inspect
import json
import random
import shutil
import sys
from pathlib import Path

import pytest

from annual_report.check.engine import make_checker
from synth import consistent_data
from annual_report.plugins import hookspecs
from annual_report.readers.jsondata import report_from_data
from annual_report.files.config import load_config

ROOT = Path(__file__).resolve().parents[1]
HOOKS = [name for name, fn in inspect.getmembers(hookspecs, inspect.isfunction) if hasattr(fn, "annual_report_spec")]


def test_every_hook_has_a_test():
    this = sys.modules[__name__]
    missing = [h for h in HOOKS if not hasattr(this, f"test_hook_{h}")]
    assert HOOKS and not missing


def test_every_hook_is_documented():
    """Each hook's docstring has a :param line for exactly its arguments, and docs/plugins.md
    lists it with the same arguments."""
    import re

    table = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    for h in HOOKS:
        fn = getattr(hookspecs, h)
        args = list(inspect.signature(fn).parameters)
        assert sorted(re.findall(r":param (\w+):", fn.__doc__ or "")) == sorted(args), h
        assert f"`{h}({', '.join(args)})`" in table, h


def test_every_rule_is_documented_and_unique():
    checker = make_checker()
    assert not checker.plugins.failures
    rules = checker.rules
    assert len(rules) >= 25
    for code, r in rules.items():
        assert r.code == code and r.title and r.name
        for heading in ("## 检查内容", "## 为什么", "## 示例", "## 配置"):
            assert heading in r.explanation, (code, heading)
    names = [r.name for r in rules.values()]
    assert len(names) == len(set(names))


def workspace(tmp_path, plugins: dict[str, str], toml: str = "") -> Path:
    root = tmp_path / "ws"
    (root / "plugins").mkdir(parents=True)
    (root / "annual-report.toml").write_text(toml, encoding="utf-8")
    for name, source in plugins.items():
        (root / "plugins" / name).write_text(source, encoding="utf-8")
    return root


def town_report(level="乡镇/街道", rules=0):
    data = consistent_data(2023, random.Random(4), level=level)
    data["tables"]["A"]["rows"][0]["本年制发件数"] = rules
    return report_from_data(data)


def test_hook_register_rules(tmp_path):
    root = workspace(tmp_path, {})
    for p in (ROOT / "plugins").glob("*.py"):
        shutil.copy(p, root / "plugins")
    checker = make_checker(load_config(root))
    assert {"XQ101", "XQ102"} <= set(checker.rules)
    found = checker.check(town_report(rules=1))
    assert [f.code for f in found if f.code.startswith("XQ")] == ["XQ101"]
    assert checker.check(town_report()) == []


def example_workspace(tmp_path, toml: str = "") -> Path:
    root = workspace(tmp_path, {}, toml)
    for p in (ROOT / "plugins").glob("*.py"):
        shutil.copy(p, root / "plugins")
    return root


def report_with_part5(paragraphs: list[str]):
    data = consistent_data(2023, random.Random(4))
    data["parts"]["五"] = paragraphs
    return report_from_data(data)


def xq(found, code="XQ102"):
    return [f for f in found if f.code == code]


def test_example_part5_plugin(tmp_path):
    checker = make_checker(load_config(example_workspace(tmp_path)))
    for code in ("XQ101", "XQ102"):  # the examples follow the same rules as built-ins
        r = checker.rules[code]
        assert r.title and all(h in r.explanation for h in ("## 检查内容", "## 为什么", "## 示例", "## 配置"))
    assert xq(checker.check(report_with_part5(["存在的主要问题：栏目更新不及时。", "改进情况：建立更新台账，下一步专人负责。"]))) == []
    (f,) = xq(checker.check(report_with_part5(["存在的主要问题：栏目更新不及时。", "我们高度重视政务公开工作。"])))
    assert f.location.part == "五" and "没有写改进措施的段落（共 2 段" in f.message and f.severity.value == "warning"
    (f,) = xq(checker.check(report_with_part5(["一年来取得了明显成效。", "下一步将加强培训。"])))
    assert "没有写存在问题的段落" in f.message
    (f,) = xq(checker.check(report_with_part5(["存在栏目更新不及时的问题，下一步将专人负责。"])))
    assert "只有一段" in f.message and f.location.paragraph == 0


def test_example_part5_plugin_options_from_config(tmp_path):
    toml = '[rules.options.XQ102]\nmeasure_words = ["将"]\n'
    checker = make_checker(load_config(example_workspace(tmp_path, toml)))
    assert not checker.setup_findings()
    report = report_with_part5(["存在的主要问题：栏目更新不及时。", "本机关将建立更新台账。"])
    assert xq(checker.check(report)) == []


def test_example_town_plugin_takes_the_level_from_config_when_the_draft_does_not_say(tmp_path):
    from dataclasses import replace

    report = town_report(rules=2)
    # a name that shows no level (a 乡人民政府's name would give 乡镇/街道 since issue 11)
    unknown = replace(report, body=replace(report.body, level="", name="政务服务机构"), title="")
    checker = make_checker(load_config(example_workspace(tmp_path)))
    assert xq(checker.check(unknown), "XQ101") == []
    named = replace(report, body=replace(report.body, level=""))
    assert [f.values for f in xq(checker.check(named), "XQ101")] == [{"actual": 2}]
    checker = make_checker(load_config(example_workspace(tmp_path / "b", '[body]\nlevel = "乡镇/街道"\n')))
    (f,) = xq(checker.check(unknown), "XQ101")
    assert (f.location.table, f.location.row, f.location.column) == ("A", "规章", "本年制发件数")
    assert f.values == {"actual": 2}


GOOD = '''
from annual_report import hookimpl, rule

@rule("ZZ101", "always", title="总是报告", severity="info")
def always(report, ctx):
    """## 检查内容\\n## 为什么\\n## 示例\\n## 配置"""
    yield ctx.finding("本地规则运行了", part="一", paragraph=0)

@hookimpl
def register_rules(register):
    register(always)
'''


def test_broken_plugins_are_isolated_and_reported(tmp_path):
    root = workspace(
        tmp_path,
        {
            "good.py": GOOD,
            "syntax.py": "def broken(:\n",
            "imports.py": "import no_such_module_here\n",
            "raising.py": "from annual_report import hookimpl\n@hookimpl\ndef register_rules(register):\n    raise RuntimeError('坏了')\n",
            "clash.py": GOOD.replace("ZZ101", "AR101").replace('"always"', '"clash"'),
            "badcode.py": GOOD.replace("ZZ101", "zz-1").replace('"always"', '"badcode"'),
            "crash.py": GOOD.replace("ZZ101", "ZZ102").replace('"always"', '"crashes"').replace('yield ctx.finding("本地规则运行了", part="一", paragraph=0)', "raise ValueError('规则内部错误')\n    yield"),
            "mutate.py": GOOD.replace("ZZ101", "ZZ103").replace('"always"', '"mutates"').replace('yield ctx.finding("本地规则运行了", part="一", paragraph=0)', "report.tables['B'].values[('new', '总计')] = 0\n    yield"),
            "mutate_more.py": GOOD.replace("ZZ101", "ZZ105").replace('"always"', '"mutates-more"').replace('yield ctx.finding("本地规则运行了", part="一", paragraph=0)', "report.tables['B'] = None\n    yield"),
            "witness.py": GOOD.replace("ZZ101", "ZZ104").replace('"always"', '"witness"').replace('yield ctx.finding("本地规则运行了", part="一", paragraph=0)', "yield ctx.finding('看到的数据', values={'new_total': report.tables['B'].get('new', '总计'), 'year': report.year})"),
            "exits.py": GOOD.replace("ZZ101", "ZZ106").replace('"always"', '"exits"').replace('yield ctx.finding("本地规则运行了", part="一", paragraph=0)', "import sys\n    sys.exit(3)\n    yield"),
            "wrong_args.py": "from annual_report import hookimpl\n@hookimpl\ndef register_rules(register, config):\n    pass\n",
            "misspelt.py": "from annual_report import hookimpl\n@hookimpl\ndef register_rule(register):\n    pass\n",
        },
    )
    checker = make_checker(load_config(root))
    setup = checker.setup_findings()
    by_plugin = {f.values.get("plugin"): f for f in setup}
    assert by_plugin["syntax"].code == "AR001" and "SyntaxError" in by_plugin["syntax"].message
    assert by_plugin["imports"].code == "AR001" and "no_such_module_here" in by_plugin["imports"].message
    assert by_plugin["raising"].code == "AR001" and "坏了" in by_plugin["raising"].message
    assert by_plugin["clash"].code == "AR002" and "AR101" in by_plugin["clash"].message
    assert by_plugin["badcode"].code == "AR002"
    # hooks that do not fit the specs: reported, not a traceback that stops every plugin
    assert by_plugin["wrong_args"].code == "AR001" and "config" in by_plugin["wrong_args"].message
    assert by_plugin["misspelt"].code == "AR001" and "register_rule " in by_plugin["misspelt"].message
    assert all(f.location.file.endswith(".py") for f in setup)
    report = town_report()
    found = checker.check(report)
    codes = [f.code for f in found]
    assert "ZZ101" in codes  # the good plugin still runs
    crashed = [f for f in found if f.code == "AR003"]
    assert {f.values["rule"] for f in crashed} == {"ZZ102", "ZZ103", "ZZ105", "ZZ106"}  # sys.exit() included
    assert any("规则内部错误" in f.message for f in crashed)
    assert all(f.severity.value == "error" for f in crashed)
    # the built-in AR101 is the real one, and the data was not changed by the mutating plugins:
    # a plugin that runs after them sees the original values
    assert checker.rules["AR101"].plugin == "tables"
    (seen,) = [f for f in found if f.code == "ZZ104"]
    original = town_report()
    assert seen.values == {"new_total": original.tables["B"].get("new", "总计"), "year": 2023}
    assert report == original


def test_plugin_folders_given_twice_and_files_of_the_same_name(tmp_path):
    root = workspace(tmp_path, {"good.py": GOOD})
    checker = make_checker(load_config(root), [root / "plugins", tmp_path / "ws" / "plugins" / ".." / "plugins"])
    assert checker.setup_findings() == [] and "ZZ101" in checker.rules
    other = tmp_path / "more"
    other.mkdir()
    (other / "good.py").write_text(GOOD.replace("ZZ101", "ZZ201"), encoding="utf-8")
    checker = make_checker(load_config(root), [other])
    (f,) = checker.setup_findings()
    assert f.code == "AR001" and "同名" in f.message and f.location.file == str(other / "good.py")
    assert "ZZ101" in checker.rules and "ZZ201" not in checker.rules


def test_config_disable_severity_options_and_unknown(tmp_path):
    root = workspace(
        tmp_path,
        {"good.py": GOOD},
        '[rules]\ndisable = ["AR111", "AR9O9"]\n[rules.severity]\nZZ101 = "error"\n[rules.options.AR110]\nthreshold = 5\nnot_an_option = 1\n',
    )
    checker = make_checker(load_config(root))
    report = town_report(rules=1)
    found = checker.check(report)
    assert "AR111" not in [f.code for f in found]
    assert next(f for f in found if f.code == "ZZ101").severity.value == "error"
    setup = checker.setup_findings()
    assert any(f.code == "AR005" and "AR9O9" in f.message for f in setup)
    assert any(f.code == "AR005" and "not_an_option" in f.message for f in setup)
    assert checker.options_of(checker.rules["AR110"])["threshold"] == 5


def test_bad_config_is_a_user_error(tmp_path):
    from annual_report.model.errors import UserError

    root = workspace(tmp_path, {}, '[rules.severity]\nAR101 = "fatal"\n')
    with pytest.raises(UserError, match="未知的严重程度"):
        load_config(root)
    (root / "annual-report.toml").write_text("[rules\n", encoding="utf-8")
    with pytest.raises(UserError, match="格式有误"):
        load_config(root)


@pytest.fixture
def entry_point_plugin(tmp_path, monkeypatch):
    """A tiny installed distribution with an ``annual_report`` entry point, on sys.path."""
    site = tmp_path / "site"
    pkg = site / "county_rules"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text(GOOD.replace("ZZ101", "CR101"), encoding="utf-8")
    dist = site / "county_rules-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: county-rules\nVersion: 1.0\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text("[annual_report]\ncounty = county_rules\nbroken = county_rules_missing\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.delenv("ANNUAL_REPORT_LOAD_PLUGINS", raising=False)
    yield
    sys.modules.pop("county_rules", None)


def test_entry_point_plugin_is_loaded(entry_point_plugin, monkeypatch):
    checker = make_checker()
    assert "CR101" in checker.rules
    info = next(p for p in checker.plugins.plugins if p.name == "county")
    assert info.origin == "entry-point" and "county-rules" in info.location
    # an entry point whose module is gone: reported, the package's other entry point still works
    (f,) = checker.setup_findings()
    assert f.code == "AR001" and f.values["plugin"] == "broken" and "county_rules_missing" in f.message
    found = checker.check(town_report())
    assert "CR101" in [x.code for x in found]
    monkeypatch.setenv("ANNUAL_REPORT_LOAD_PLUGINS", "")
    assert "CR101" not in make_checker().rules
    monkeypatch.setenv("ANNUAL_REPORT_LOAD_PLUGINS", "county-rules")
    assert "CR101" in make_checker().rules


def test_hook_register_reference_data(tmp_path):
    source = '''
from annual_report import hookimpl

@hookimpl
def register_reference_data(register, workspace):
    register("boilerplate", "本地套话")
    register("workspace-seen", str(workspace))
'''
    root = workspace(tmp_path, {"ref.py": source})
    checker = make_checker(load_config(root))
    assert "本地套话" in checker.reference.items("boilerplate")
    assert checker.reference.items("workspace-seen") == (str(root),)


def test_hook_register_readers(tmp_path):
    source = '''
from annual_report import hookimpl

class TxtReader:
    name = "txt"
    def accepts(self, path):
        return path.suffix == ".tbl"
    def read(self, path):
        import json, random
        from annual_report.readers.jsondata import report_from_data
        from synth import consistent_data
        return report_from_data(consistent_data(2022, random.Random(1)), path)

@hookimpl
def register_readers(register):
    register(TxtReader())
'''
    from annual_report.readers import read_report

    root = workspace(tmp_path, {"reader.py": source})
    checker = make_checker(load_config(root))
    target = tmp_path / "x.tbl"
    target.write_text("data")
    report = read_report(target, checker.plugins.readers)
    assert report.year == 2022


def test_the_example_in_docs_plugins_md_runs_as_written(tmp_path):
    """The first code block of docs/plugins.md, saved as a workspace plugin: it flags a town's
    规章, is quiet on a county's, and does not crash on a draft without table A."""
    from dataclasses import replace

    text = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    source = text.split("```python\n", 1)[1].split("```", 1)[0]
    checker = make_checker(load_config(workspace(tmp_path, {"xq_doc.py": source})))
    assert not checker.setup_findings()
    codes = lambda report: [f.code for f in checker.check(report) if f.code in ("XQ101", "AR003")]  # noqa: E731
    assert codes(town_report(rules=1)) == ["XQ101"]
    assert codes(town_report(level="县级政府", rules=1)) == []
    report = town_report(rules=1)
    without_a = replace(report, tables={k: v for k, v in report.tables.items() if k != "A"})
    assert codes(without_a) == []


def test_builtin_readers_are_plugins_registered_like_outside_ones():
    from annual_report.plugins.manager import DEFAULT_PLUGINS, load_plugins

    ps = load_plugins(entry_points=False)
    assert [p.location for p in ps.plugins] == list(DEFAULT_PLUGINS)
    readers = {p.name: p.readers for p in ps.plugins if p.readers}
    assert readers == {"jsondata": ["json"], "docx": ["docx"], "xlsx": ["xlsx"], "html": ["html"], "pdf": ["pdf"]}
    assert [r.name for r in ps.readers] == ["json", "docx", "xlsx", "html", "pdf"]


def test_a_local_reader_comes_before_the_builtin_one_for_its_suffix(tmp_path):
    source = '''
from annual_report import hookimpl
from annual_report.readers import Reader

def read(path):
    import random
    from synth import consistent_data
    from annual_report.readers.jsondata import report_from_data
    return report_from_data(consistent_data(2019, random.Random(2)), path)

@hookimpl
def register_readers(register):
    register(Reader("own-json", (".json",), read))
'''
    from annual_report.readers import read_report

    root = workspace(tmp_path, {"own.py": source})
    checker = make_checker(load_config(root))
    assert [r.name for r in checker.plugins.readers] == ["own-json", "json", "docx", "xlsx", "html", "pdf"]
    data = tmp_path / "2023.json"
    data.write_text(json.dumps(consistent_data(2023, random.Random(1)), ensure_ascii=False), encoding="utf-8")
    assert read_report(data, checker.plugins.readers).year == 2019
    assert read_report(data).year == 2023  # without plugins: the built-in readers


def test_hook_register_outputs(tmp_path):
    """A plugin's site format sits beside the built-in one: `site --format` finds it and it is
    given the collection (bodies, their reports and series)."""
    import json

    from typer.testing import CliRunner

    from annual_report.cli import app
    from synth import consistent_series

    source = '''
from annual_report import hookimpl
from annual_report.output.formats import OutputFormat

def write_list(collection, folder):
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f"{b.name} {r.year}" for b in collection.bodies for r in b.reports]
    (folder / "目录.txt").write_text("\\n".join(lines), encoding="utf-8")

@hookimpl
def register_outputs(register):
    register(OutputFormat("list", "site", "报告目录（纯文本）", "", write_list))
'''
    root = workspace(tmp_path, {"catalogue.py": source})
    reports = tmp_path / "reports"
    reports.mkdir()
    for d in consistent_series([2022, 2023], random.Random(2), body="桃岭乡人民政府"):
        (reports / f"{d['year']}.json").write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(app, ["site", str(reports), "-o", str(tmp_path / "out"), "--format", "list", "--plugins-dir", str(root / "plugins"), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "目录.txt").read_text(encoding="utf-8").splitlines() == ["桃岭乡人民政府 2022", "桃岭乡人民政府 2023"]
    bad = CliRunner().invoke(app, ["site", str(reports), "-o", str(tmp_path / "o2"), "--format", "pdf"])
    assert bad.exit_code == 2 and "没有展示格式 pdf；可用的格式：html" in bad.output


def test_rules_doc_is_current():
    from annual_report.output.rules_doc import render

    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == render(), "docs/rules.md is stale: run python -m annual_report.output.rules_doc"


def test_every_builtin_rule_module_is_a_default_plugin():
    """A module added to rules/ (or readers/) is loaded only once it is listed: none forgotten."""
    import pkgutil

    from annual_report import readers, rules
    from annual_report.plugins.manager import DEFAULT_PLUGINS

    found = {f"annual_report.rules.{m.name}" for m in pkgutil.iter_modules(rules.__path__) if not m.name.startswith("_")}
    assert found <= set(DEFAULT_PLUGINS), found - set(DEFAULT_PLUGINS)
    for m in pkgutil.iter_modules(readers.__path__):
        module = __import__(f"annual_report.readers.{m.name}", fromlist=["_"])
        if hasattr(module, "register_readers"):
            assert module.__name__ in DEFAULT_PLUGINS, module.__name__

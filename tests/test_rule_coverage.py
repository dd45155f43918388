"""Every registered rule code is triggered by some test and quiet on clean input.

``TRIGGERS`` maps a code to a fixture builder that makes that rule fire (on a report built
through the model, or on the real blank template filled as an officer types and read back);
the meta-test enumerates ``make_checker().rules`` so that a new rule without a trigger — here
or in the test module that owns it — fails the suite."""

from __future__ import annotations

import copy
import random
import re
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from official_template import fill_official_template, template_available

from annual_report.check.engine import ENGINE_RULES, make_checker
from annual_report.model.report import ReadIssue
from annual_report.model.synth import consistent_data, consistent_series
from annual_report.readers import read_report
from annual_report.readers.jsondata import report_from_data

TESTS = Path(__file__).resolve().parent
CHECKER = make_checker()
NEEDS_TEMPLATE = pytest.mark.skipif(not template_available(), reason="缺少 ../shared/corpus/official-blank-template-2021.docx（官方空白模板）")


def _data(**parts) -> dict:
    data = consistent_data(2023, random.Random(7))
    for number, texts in parts.items():
        data["parts"][number] = texts
    return data


def _model(**parts):
    return report_from_data(_data(**parts)), None


def _draft(tmp_path: Path, edit) -> tuple:
    """The real template filled with clean data, changed by ``edit(document)`` and read back."""
    path = fill_official_template(_data(), tmp_path / "草稿.docx")
    document = docx.Document(str(path))
    edit(document)
    document.save(str(path))
    return read_report(path), None


def _drop_table_c(document):
    tbl = document.element.body.findall(qn("w:tbl"))[-1]
    tbl.getparent().remove(tbl)


def _drop_title(document):
    # the title, the template's heading "…年度报告格式模板" and the preface sentences that say
    # 报告 (the title finder takes the first of the opening paragraphs that says 报告)
    for p in document.paragraphs[:6]:
        if "报告" in p.text:
            for run in p.runs:
                run.text = ""


def _huge_table(document):
    table = document.add_table(rows=320, cols=2)
    for i, row in enumerate(table.rows):
        row.cells[0].text = f"附表第{i}行"


def _duplicate_b_row(document):
    tbl = document.element.body.findall(qn("w:tbl"))[1]
    tr = next(tr for tr in tbl.findall(qn("w:tr")) if "部分公开" in "".join(t.text or "" for t in tr.iter(qn("w:t"))))
    tr.addnext(copy.deepcopy(tr))


def _foreign_issue(tmp_path):
    report = report_from_data(_data())
    return replace(report, issues=(ReadIssue("plugin_specific", message="第三方读取器无法识别附件中的表格"),)), None


TRIGGERS = {
    "AR011": (lambda tmp_path: _draft(tmp_path, _drop_table_c), True),
    "AR013": (lambda tmp_path: _draft(tmp_path, _drop_title), True),
    "AR016": (lambda tmp_path: _draft(tmp_path, _huge_table), True),
    "AR017": (lambda tmp_path: _draft(tmp_path, _duplicate_b_row), True),
    "AR019": (_foreign_issue, False),
    "AR306": (lambda tmp_path: _model(一=["本机关依据国办发〔2008〕36号文件要求，做好依申请公开工作。"]), False),
    "AR604": (lambda tmp_path: _model(六=["本年度未收取信息处理费。"]), False),
    "AR610": (lambda tmp_path: _model(一=["全年受理申请,办结率达到百分之百。"]), False),
}


@pytest.mark.parametrize("code", sorted(TRIGGERS))
def test_trigger(code, tmp_path):
    build, needs_template = TRIGGERS[code]
    if needs_template and not template_available():
        pytest.skip("缺少 ../shared/corpus/official-blank-template-2021.docx（官方空白模板）")
    report, history = build(tmp_path)
    codes = [f.code for f in CHECKER.check(report, history)]
    assert code in codes, codes
    assert "AR003" not in codes and "AR004" not in codes


def _asserted_elsewhere() -> set[str]:
    """Codes a test module other than this one names next to an assertion or a fixture."""
    found: set[str] = set()
    for path in TESTS.glob("test_*.py"):
        if path.name == Path(__file__).name:
            continue
        found |= set(re.findall(r"AR\d{3}", path.read_text(encoding="utf-8")))
    return found


def test_every_rule_code_has_a_trigger():
    engine = {r.code for r in ENGINE_RULES}
    codes = set(CHECKER.rules) - engine
    assert codes, "no rules registered"
    missing = sorted(codes - set(TRIGGERS) - _asserted_elsewhere())
    assert not missing, f"rule codes without a test that triggers them: {missing}"
    assert not set(TRIGGERS) - codes, "the trigger table names codes no rule registers"


def test_clean_example_data_is_quiet():
    """No error or warning of any code on clean data; with a consistent history no cross-year
    finding (the synthetic narrative repeats itself year after year, so AR4xx may speak)."""
    for seed in range(4):
        report = report_from_data(consistent_data(2023, random.Random(seed)))
        bad = [(f.code, f.message) for f in CHECKER.check(report) if f.severity.value in ("error", "warning")]
        assert not bad, bad
    years = consistent_series([2021, 2022, 2023], random.Random(3))
    reports = [report_from_data(d) for d in years]
    found = CHECKER.check(reports[-1], reports[:-1])
    assert not [(f.code, f.message) for f in found if f.code.startswith("AR2") or f.code in TRIGGERS]
    assert not [(f.code, f.message) for f in found if f.severity.value in ("error", "warning") and not f.code.startswith("AR4")]


@NEEDS_TEMPLATE
def test_clean_filled_template_is_quiet_for_the_reading_rules(tmp_path):
    report, _ = _draft(tmp_path, lambda document: None)
    codes = {f.code for f in CHECKER.check(report)}
    assert not codes & set(TRIGGERS), codes
    assert not {c for c in codes if c.startswith("AR0")}, codes

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
from official_template import fill_official_template

from annual_report.check.engine import ENGINE_RULES, make_checker
from annual_report.model.report import ReadIssue
from synth import consistent_data, consistent_series
from annual_report.readers import read_report
from annual_report.readers.jsondata import report_from_data

TESTS = Path(__file__).resolve().parent
CHECKER = make_checker()


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
    # the title alone, as an officer deletes it: the preface sentences that say 本报告 stay,
    # and they are not a title
    for p in document.paragraphs[:6]:
        if "报告" in p.text and "。" not in p.text:
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


def _row(data: dict, table: str, start: str) -> dict:
    return next(r for r in data["tables"][table]["rows"] if (r.get("项目") or r.get("信息内容")).startswith(start))


def _changed(table: str, start: str, column: str, value=None, add: float = 0):
    """A builder: clean data with one cell set to ``value`` (or increased by ``add``)."""

    def build(tmp_path):
        data = _data()
        row = _row(data, table, start)
        row[column] = row[column] + add if add else value
        return report_from_data(data, validate=False), None

    return build


def _paragraph(part: str, text: str):
    """A builder: clean data with ``text`` added to the end of ``part``."""

    def build(tmp_path):
        data = _data()
        data["parts"][part].append(text)
        return report_from_data(data), None

    return build


def _series(change_2022=None, change_2023=None, years=(2021, 2022)):
    """A builder: 2023 of a consistent 2021–2023 series, with the given years as its history."""

    def build(tmp_path):
        series = {d["year"]: d for d in consistent_series([2021, 2022, 2023], random.Random(3))}
        for year, change in ((2022, change_2022), (2023, change_2023)):
            if change:
                change(series[year])
        reports = {y: report_from_data(d, validate=False) for y, d in series.items()}
        return reports[2023], [reports[y] for y in years]

    return build


def _add(table: str, start: str, column: str, n: int):
    def change(data):
        _row(data, table, start)[column] += n

    return change


def _rename(data):
    data["body"]["name"] = "另一个镇人民政府"


TRIGGERS = {
    "AR101": (_changed("B", "（一）予以公开", "总计", add=1), False),
    "AR103": (_changed("B", "1.属于国家秘密", "自然人", add=1), False),
    "AR104": (_changed("B", "四、结转", "自然人", add=100), False),
    "AR105": (_changed("B", "（七）总计", "自然人", add=1), False),
    "AR106": (_changed("C", "行政复议", "总计", add=1), False),
    "AR107": (_changed("B", "（一）予以公开", "自然人", value=1.5), False),
    "AR108": (_changed("B", "（一）予以公开", "自然人", value=None), False),
    "AR110": (_changed("A", "行政事业性收费", "本年收费金额（单位：万元）", value=50000), False),
    "AR111": (_changed("A", "规章", "本年制发件数", add=1), False),
    "AR201": (_series(change_2022=_add("B", "四、结转", "自然人", 3)), False),
    "AR202": (_series(change_2022=_add("A", "行政规范性文件", "现行有效件数", 5)), False),
    "AR204": (_series(years=(2021,)), False),
    "AR205": (_series(change_2022=_rename), False),
    "AR304": (_paragraph("一", "依据国办发(2019)第12号文件开展工作。"), False),
    "AR305": (_paragraph("一", "依据国办发[2019]12号文件开展工作。"), False),
    "AR401": (_series(), False),
    "AR402": (_series(), False),
    "AR403": (_series(), False),
    "AR501": (_paragraph("一", "全年新收政府信息公开申请999件。"), False),
    "AR603": (lambda tmp_path: _model(六=["本机关按照年度政务公开工作要点要求，逐项落实各项任务。"]), False),
    "AR606": (lambda tmp_path: _model(五=["存在的主要问题：栏目更新不及时。"]), False),
    "AR607": (_paragraph("五", "（文字描述）"), False),
    "AR608": (_paragraph("五", "我们我们将继续加强工作。"), False),
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
    build, _ = TRIGGERS[code]
    report, history = build(tmp_path)
    codes = [f.code for f in CHECKER.check(report, history)]
    assert code in codes, codes
    assert "AR003" not in codes and "AR004" not in codes


# Codes whose trigger needs a draft shape, a workspace or reference data that the module named
# here builds (subtotal rows, edition mix, work plans, roll-up mappings …): it asserts the code.
TRIGGERED_ELSEWHERE = {
    "AR006": "test_rules_text.py",
    "AR010": "test_reader.py",
    "AR012": "test_reader.py",
    "AR014": "test_reader.py",
    "AR015": "test_reader.py",
    "AR018": "test_reader.py",
    "AR020": "test_official_template.py",
    "AR021": "test_official_template.py",
    "AR022": "test_reader_published.py",
    "AR023": "test_trust_findings.py",
    "AR024": "test_check_notreport.py",
    "AR102": "test_rules_tables.py",
    "AR109": "test_rules_tables.py",
    "AR112": "test_rules_tables.py",
    "AR113": "test_rules_tables.py",
    "AR114": "test_rules_tables.py",
    "AR120": "test_rules_tables.py",
    "AR121": "test_rules_tables.py",
    "AR122": "test_rules_tables.py",
    "AR123": "test_rules_tables.py",
    "AR203": "test_rules_crossyear.py",
    "AR301": "test_rules_text.py",
    "AR302": "test_rules_text.py",
    "AR303": "test_rules_text.py",
    "AR404": "test_text_figures.py",
    "AR502": "test_rules_text.py",
    "AR503": "test_rules_text.py",
    "AR504": "test_text_figures.py",
    "AR410": "test_trust_findings.py",
    "AR411": "test_trust_findings.py",
    "AR412": "test_trust_findings.py",
    "AR505": "test_trust_findings.py",
    "AR611": "test_trust_findings.py",
    "AR613": "test_trust_findings.py",
    "AR614": "test_trust_findings.py",
    "AR506": "test_trust_findings.py",
    "AR601": "test_rules_text.py",
    "AR602": "test_rules_text.py",
    "AR605": "test_rules_text.py",
    "AR609": "test_rules_text.py",
    "AR620": "test_review.py",
    "AR621": "test_review.py",
    "AR622": "test_review.py",
    "AR623": "test_review.py",
    "AR624": "test_review.py",
    "AR640": "test_ledger.py",
    "AR641": "test_ledger.py",
    "AR642": "test_ledger.py",
    "AR643": "test_ledger.py",
    "AR644": "test_ledger.py",
    "AR645": "test_ledger.py",
    "AR646": "test_ledger.py",
    "AR647": "test_ledger.py",
    "AR648": "test_ledger.py",
}


def test_every_rule_code_has_a_trigger():
    """Each registered rule code is in the trigger table above or, named, in the test module
    that owns it; the engine's own codes (AR001–AR005) are tested in test_plugins.py,
    test_batch.py and test_outputs.py."""
    engine = {r.code for r in ENGINE_RULES}
    codes = set(CHECKER.rules) - engine
    assert len(codes) > 50, sorted(codes)
    missing = sorted(codes - set(TRIGGERS) - set(TRIGGERED_ELSEWHERE))
    assert not missing, f"rule codes without a test that triggers them: {missing}"
    assert not (set(TRIGGERS) | set(TRIGGERED_ELSEWHERE)) - codes, "the tables name codes no rule registers"
    assert not set(TRIGGERS) & set(TRIGGERED_ELSEWHERE)
    for code, module in TRIGGERED_ELSEWHERE.items():
        text = (TESTS / module).read_text(encoding="utf-8")
        assert re.search(rf"[\"']{code}[\"']", text), f"{module} does not name {code}"


def test_clean_example_data_is_quiet():
    """No finding of any code on clean data; with a consistent history no cross-year finding
    either (the synthetic narrative repeats itself year after year, so only AR4xx may speak)."""
    for seed in range(4):
        report = report_from_data(consistent_data(2023, random.Random(seed)))
        found = [(f.code, f.message) for f in CHECKER.check(report)]
        assert not found, found
    years = consistent_series([2021, 2022, 2023], random.Random(3))
    reports = [report_from_data(d) for d in years]
    found = CHECKER.check(reports[-1], reports[:-1])
    assert not [(f.code, f.message) for f in found if not f.code.startswith("AR4")]


def test_clean_filled_template_is_quiet(tmp_path):
    """The real template filled with clean data and read back: no finding of any code."""
    report, _ = _draft(tmp_path, lambda document: None)
    found = [(f.code, f.message) for f in CHECKER.check(report)]
    assert not found, found

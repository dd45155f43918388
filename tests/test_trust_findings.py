"""Findings a reviewer can trust, on drafts filled into the real template the way officers fill
them: every defect class is found, the correct twin gives no error, and a correct sentence is
never the one blamed."""

from __future__ import annotations

import pytest
from officer_drafts import CASES

from annual_report.check.engine import make_checker
from annual_report.readers.docx import read_docx

CHECKER = make_checker()


def _check(path):
    return CHECKER.check(read_docx(path))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_defect_found_and_correct_twin_clean(tmp_path, case):
    found = _check(case.write(tmp_path, True))
    hits = [f for f in found if f.code == case.code]
    assert hits, [(f.code, f.message) for f in found]
    assert any(case.contains in f.message for f in hits), [f.message for f in hits]
    if case.severity:
        assert {f.severity.value for f in hits} == {case.severity}
    clean = _check(case.write(tmp_path, False))
    assert [(f.code, f.message) for f in clean if f.severity.value == "error"] == []
    assert case.code not in {f.code for f in clean}


def test_correct_sentence_is_never_blamed_for_a_wrong_total(tmp_path):
    case = next(c for c in CASES if c.code == "AR505")
    found = _check(case.write(tmp_path, True))
    assert "AR501" not in {f.code for f in found}
    (note,) = [f for f in found if f.code == "AR505" and "本年度予以公开" in f.message]
    assert "一致，而表格总计为" in note.message and note.location.part == "一"
    ar101 = next(f for f in found if f.code == "AR101")
    assert ar101.location.row == "open" and ar101.location.column == "总计"


def test_blank_finding_says_sums_took_blanks_as_0(tmp_path):
    case = CASES[0]
    found = _check(case.write(tmp_path, False))
    blank = [f for f in found if f.code == "AR108"]
    assert blank and all("合计已按空白格为 0 核对" in f.message for f in blank)


def test_heading_with_a_typo_is_its_part_not_a_missing_one(tmp_path):
    case = next(c for c in CASES if c.code == "AR611" and "错字" in c.name)
    found = _check(case.write(tmp_path, True))
    assert "AR601" not in {f.code for f in found}, [f.message for f in found if f.code == "AR601"]


def test_row_with_guidance_is_read_and_checked(tmp_path):
    case = next(c for c in CASES if c.code == "AR023")
    path = case.write(tmp_path, True)
    report = read_docx(path)
    assert report.tables["B"].get("deny.1", "总计") is not None or report.tables["B"].raw.get(("deny.1", "总计")) is not None
    found = CHECKER.check(report)
    assert not {"AR010", "AR015", "AR019"} & {f.code for f in found}, [(f.code, f.message) for f in found]
    assert len([f for f in found if f.code == "AR023"]) == 2


def test_rule_codes_of_the_cases():
    # each class names the rule that finds it (read by test_rule_coverage)
    assert {c.code for c in CASES} >= {"AR023", "AR101", "AR106", "AR410", "AR411", "AR412", "AR611", "AR613", "AR614", "AR501", "AR502", "AR503", "AR505", "AR506"}


# --- level from any name ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, level",
    [
        ("东山县白沙镇", "乡镇/街道"),
        ("某镇人民政府", "乡镇/街道"),
        ("××街道", "乡镇/街道"),
        ("××县统计局", "县级部门"),
        ("东山县白沙镇2023年政府信息公开工作年度报告", "乡镇/街道"),
        ("××县统计局关于2023年政府信息公开工作年度报告", "县级部门"),
        ("东山县", "县级政府"),
        ("2023年政府信息公开工作年度报告", None),
    ],
)
def test_level_from_bare_names_and_titles(name, level):
    from annual_report.model.levels import infer_level

    assert infer_level(name) == level


def test_level_from_the_reports_own_words_runs_ar111(tmp_path):
    from officer_drafts import base
    from official_template import fill_official_template

    data = base()
    data["body"]["name"] = "示例单位"
    data["parts"]["一"][0] = "2023年，我镇认真贯彻落实政务公开工作要求，本镇各项工作有序推进。"
    path = fill_official_template(data, tmp_path / "无名.docx", title="2023年政府信息公开工作年度报告",
                                  overrides={("A", "规章", "本年制发件数"): "2"})
    found = _check(path)
    ar111 = [f for f in found if f.code == "AR111"]
    assert ar111 and "乡镇/街道" in ar111[0].message
    (note,) = [f for f in found if f.code == "AR021"]
    assert "按正文中的“我镇”推断为“乡镇/街道”" in note.message or "按正文中的“本镇”推断为“乡镇/街道”" in note.message


def test_own_places_from_the_workspace(tmp_path):
    from annual_report.reference import load_text_figures

    path = tmp_path / "places.toml"
    path.write_text('[places]\nown = ["青溪镇"]\n', encoding="utf-8")
    assert load_text_figures(path) == [("own-place", "青溪镇")]
    path.write_text('[places]\nown = "青溪镇"\n', encoding="utf-8")
    with pytest.raises(Exception, match="own 应是地名的列表"):
        load_text_figures(path)


def test_2019_format_rows_are_compared():
    import copy
    import random

    from synth import consistent_data
    from annual_report.readers.jsondata import report_from_data

    data = copy.deepcopy(consistent_data(2020, random.Random(3)))
    assert data["edition"] == "2019"
    rows = {r["项目"]: r for r in data["tables"]["B"]["rows"]}
    both = rows["（一）予以公开"]["总计"] + rows["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"]["总计"]
    unable = sum(r["总计"] for k, r in rows.items() if k.startswith(("1.本机关不掌握", "2.没有现成", "3.补正后")))
    data["parts"]["一"].append(f"全年予以公开及部分公开{both}件，无法提供{unable}件。")
    assert [f for f in CHECKER.check(report_from_data(data)) if f.code == "AR501"] == []
    data["parts"]["一"][-1] = f"全年予以公开及部分公开{both + 1}件，无法提供{unable + 1}件。"
    found = [f.message for f in CHECKER.check(report_from_data(data)) if f.code == "AR501"]
    assert len(found) == 2 and "“（二）部分公开”行" in found[0] and "“（四）无法提供”各项" in found[1]

"""Reading drafts as Word and WPS write them: every layout and value style reads back to the
data it was made from; planted errors are found at the right cell; hostile files are refused."""

from __future__ import annotations

import io
import json
import random
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from annual_report.cli import app
from annual_report.docx_reader import read_docx
from annual_report.engine import make_checker
from annual_report.errors import UserError
from annual_report.jsondata import report_from_data, validate_data
from annual_report.synth import consistent_data, consistent_series
from annual_report.writer import render, template_for

from drafts import DraftStyle, write_draft

STYLES = {
    "official": DraftStyle(),
    "flat": DraftStyle(merged=False),
    "split": DraftStyle(split_b_at=9),
    "subtotal-rows": DraftStyle(subtotal_rows=True),
    "subtotal-column": DraftStyle(subtotal_column=True),
    "flat-subtotals": DraftStyle(merged=False, subtotal_rows=True, subtotal_column=True),
    "full-width": DraftStyle(value_style="full-width"),
    "units": DraftStyle(value_style="unit"),
    "mixed-values": DraftStyle(value_style="mixed", seed=5),
    "spaced-labels": DraftStyle(label_style="spaced"),
    "halfwidth-brackets": DraftStyle(label_style="halfwidth"),
    "comma-numbering": DraftStyle(label_style="comma-numbering"),
    "line-breaks": DraftStyle(label_style="linebreak"),
    "tracked": DraftStyle(tracked_changes=True, seed=1),
    "textbox": DraftStyle(textbox=True),
    "bold-headings": DraftStyle(heading_style="bold"),
    "variant-headings": DraftStyle(heading_style="variant"),
    "wps": DraftStyle(wps=True),
}
CHECKER = make_checker()


def same_tables(expected, actual):
    for name in "ABC":
        assert actual.tables[name].edition == expected.tables[name].edition
        want, got = expected.tables[name].values, actual.tables[name].values
        diffs = {k: (want[k], got.get(k)) for k in want if want[k] != got.get(k)}
        assert not diffs, (name, diffs)


@pytest.mark.parametrize("year", [2020, 2023])
@pytest.mark.parametrize("name", list(STYLES))
def test_every_draft_style_reads_back(tmp_path, name, year):
    data = consistent_data(year, random.Random(year * 7))
    path = write_draft(data, tmp_path / f"草稿 {name}.docx", replace(STYLES[name]))
    report = read_docx(path)
    expected = report_from_data(data)
    same_tables(expected, report)
    assert report.year == year and report.body.name == data["body"]["name"]
    assert report.edition == expected.edition
    assert [p.number for p in report.parts] == list("一二三四五六")
    assert report.meta["period"] == (year, year)
    assert [p.text for p in report.part("五").paragraphs] == [p.text for p in expected.part("五").paragraphs]
    assert set(report.part("六").text.split("\n")) == set(expected.part("六").text.split("\n"))
    codes = {f.code for f in CHECKER.check(report)}
    assert codes <= {"AR012"}, codes
    assert ("AR012" in codes) == (name == "tracked")
    assert report.source.tracked_changes == (name == "tracked")
    if "subtotal" in name:
        assert report.tables["B"].subtotals or report.tables["B"].extra_columns


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), year=st.sampled_from([2019, 2020, 2021, 2023]), style=st.sampled_from(list(STYLES)), missing=st.booleans())
def test_property_random_data_any_style_round_trips(tmp_path, seed, year, style, missing):
    rng = random.Random(seed)
    data = consistent_data(year, rng, scale=rng.choice([0, 5, 60, 2000]))
    if missing:  # a blank cell somewhere: read as missing, never as 0
        data["parts"] = {n: [f"第{n}部分的文字，不引用表格数字。"] for n in ("一", "五", "六")}
        row = rng.choice(data["tables"]["B"]["rows"])
        row[rng.choice(["自然人", "商业企业", "总计"])] = None
    path = write_draft(data, tmp_path / "d.docx", replace(STYLES[style], seed=seed))
    same_tables(report_from_data(data), read_docx(path))


def test_build_output_reads_back_round_trip(tmp_path):
    for year in (2020, 2022):
        data = consistent_data(year, random.Random(year))
        report = report_from_data(data)
        path = tmp_path / f"{year}.docx"
        path.write_bytes(render(report, template_for(report.edition)))
        back = read_docx(path)
        same_tables(report, back)
        assert back.title == report.title and back.year == year
        for n in ("一", "五", "六"):
            assert [p.text for p in back.part(n).paragraphs] == [p.text for p in report.part(n).paragraphs]
        assert CHECKER.check(back) == []


def _plant(data, row_index, col, delta=1):
    data["tables"]["B"]["rows"][row_index][col] += delta
    return data


@pytest.mark.parametrize("name", ["official", "flat", "split", "mixed-values"])
def test_planted_errors_found_at_the_right_cell(tmp_path, name):
    data = _plant(consistent_data(2023, random.Random(2)), 2, "总计")  # （一）予以公开 总计
    path = write_draft(data, tmp_path / "d.docx", replace(STYLES[name]))
    report = read_docx(path)
    found = [f for f in CHECKER.check(report) if f.code == "AR101"]
    assert len(found) == 1
    loc = found[0].location
    assert (loc.table, loc.row, loc.column) == ("B", "open", "总计") and loc.cell is not None
    t, r, c = loc.cell
    document = docx.Document(path)
    from docx.oxml.ns import qn

    tbl = list(document.element.body.iter(qn("w:tbl")))[t]
    tc = tbl.findall(qn("w:tr"))[r].findall(qn("w:tc"))[c]
    from annual_report.docx_reader.xml import cell_text

    assert cell_text(tc).strip().translate(str.maketrans("０１２３４５６７８９", "0123456789")).rstrip("件") == str(data["tables"]["B"]["rows"][2]["总计"])


def test_missing_values_read_as_missing_not_zero(tmp_path):
    data = consistent_data(2023, random.Random(3))
    data["tables"]["B"]["rows"][4]["科研机构"] = None
    path = write_draft(data, tmp_path / "d.docx", DraftStyle(seed=4))
    report = read_docx(path)
    assert report.tables["B"].get("deny.1", "科研机构") is None
    found = CHECKER.check(report)
    assert any(f.code == "AR108" and f.location.row == "deny.1" for f in found)


def test_bad_cell_text_is_reported_not_dropped(tmp_path):
    data = consistent_data(2023, random.Random(3))
    path = write_draft(data, tmp_path / "d.docx")
    document = docx.Document(path)
    b = document.tables[1]
    b.cell(5, 3).paragraphs[0].runs[0].text = "约3件"
    document.save(path)
    report = read_docx(path)
    found = [f for f in CHECKER.check(report) if f.code == "AR014"]
    assert found and "约3件" in found[0].message and found[0].location.cell is not None


def test_unknown_row_is_reported(tmp_path):
    data = consistent_data(2023, random.Random(3))
    path = write_draft(data, tmp_path / "d.docx", DraftStyle(merged=False))
    document = docx.Document(path)
    b = document.tables[1]
    b.cell(4, 0).paragraphs[0].runs[0].text = "二、本年自创的一行"
    document.save(path)
    report = read_docx(path)
    codes = [f.code for f in CHECKER.check(report)]
    assert "AR010" in codes and "AR015" in codes  # the row is unmapped, so 二 is missing


def test_file_name_year_clash_is_a_finding(tmp_path):
    data = consistent_data(2023, random.Random(3))
    path = write_draft(data, tmp_path / "桃岭乡2022年报(初稿).docx")
    report = read_docx(path)
    assert report.year == 2023
    assert [f.code for f in CHECKER.check(report)] == ["AR122"]


# --- hostile and wrong files ----------------------------------------------------------------


def _zip(path: Path, files: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return path


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: p.write_bytes(b""), "空文件"),
        (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), "libreoffice"),
        (lambda p: p.write_bytes(b"%PDF-1.7\n..."), "PDF"),
        (lambda p: _zip(p, {"readme.txt": b"hello"}), "不是 Word 文档"),
        (lambda p: p.write_bytes(b"PK\x03\x04" + b"\x00" * 40), "已损坏"),
        (lambda p: _zip(p, {"word/document.xml": b"\0" * (20 * 1024 * 1024)}), "压缩比异常"),
        (lambda p: _zip(p, {"word/document.xml": b"<w:document><w:body><w:p>"}), "XML 已损坏"),
    ],
    ids=["empty", "doc", "pdf", "plain-zip", "truncated", "zip-bomb", "broken-xml"],
)
def test_unreadable_files_get_a_clear_message(tmp_path, make, message):
    path = tmp_path / "报告 草稿.docx"
    make(path)
    with pytest.raises(UserError) as info:
        read_docx(path)
    assert message.lower() in str(info.value).lower()


def test_truncated_real_docx(tmp_path):
    path = write_draft(consistent_data(2023, random.Random(1)), tmp_path / "d.docx")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(UserError, match="损坏"):
        read_docx(path)


def test_entity_expansion_is_not_performed(tmp_path):
    lol = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10 if i > 1 else b"&lol;" * 10) for i in range(1, 10))
        + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>'
    )
    path = _zip(tmp_path / "lol.docx", {"word/document.xml": lol})
    with pytest.raises(UserError, match="恶意"):  # refused at once, nothing expanded
        read_docx(path)


def test_huge_table_is_bounded(tmp_path):
    document = docx.Document()
    document.add_paragraph("某局2023年政府信息公开工作年度报告")
    table = document.add_table(rows=10_000, cols=2)
    for i in range(0, 10_000, 1000):
        table.cell(i, 0).text = f"第{i}行"
        table.cell(i, 1).text = str(i)
    path = tmp_path / "大表.docx"
    document.save(path)
    report = read_docx(path)
    assert any(i.kind == "table_too_long" for i in report.issues)


# --- extract and annotate ------------------------------------------------------------------

runner = CliRunner()


def test_extract_writes_valid_workspace_data(tmp_path):
    data = consistent_data(2022, random.Random(8))
    path = write_draft(data, tmp_path / "桃岭乡2022年报.docx", DraftStyle(merged=False, value_style="mixed"))
    out = tmp_path / "data" / "2022.json"
    result = runner.invoke(app, ["extract", str(path), "-o", str(out), "--level", "乡镇/街道"])
    assert result.exit_code == 0, result.output
    extracted = json.loads(out.read_text(encoding="utf-8"))
    validate_data(extracted)
    assert extracted["tables"] == data["tables"]
    assert extracted["parts"]["五"] == [p.text for p in report_from_data(data).part("五").paragraphs]
    result = runner.invoke(app, ["extract", str(path), "-o", str(out), "--level", "乡镇/街道"])
    assert result.exit_code == 2 and "已存在" in result.output


def test_extract_refuses_incomplete_draft_unless_forced(tmp_path):
    data = consistent_data(2022, random.Random(8))
    data["tables"]["C"]["rows"][0]["结果维持"] = None
    path = write_draft(data, tmp_path / "d.docx")
    out = tmp_path / "2022.json"
    result = runner.invoke(app, ["extract", str(path), "-o", str(out), "--level", "乡镇/街道"])
    assert result.exit_code == 1 and "未填写" in result.output and not out.exists()
    result = runner.invoke(app, ["extract", str(path), "-o", str(out), "--level", "乡镇/街道", "--force"])
    assert result.exit_code == 0 and json.loads(out.read_text(encoding="utf-8"))["tables"]["C"]["rows"][0]["结果维持"] is None


def test_annotated_copy_has_one_comment_per_finding_at_the_right_place(tmp_path):
    series = consistent_series([2022, 2023], random.Random(4))
    _plant(series[1], 2, "总计")
    series[1]["tables"]["B"]["rows"][1]["自然人"] += 1  # 上年结转 breaks the carry-over too
    series[1]["tables"]["B"]["rows"][1]["总计"] += 1
    draft = write_draft(series[1], tmp_path / "草稿.docx")
    history = write_draft(series[0], tmp_path / "2022.docx")
    original = draft.read_bytes()
    out = tmp_path / "草稿-审核意见.docx"
    result = runner.invoke(app, ["check", str(draft), "--history", str(history), "--annotate", str(out), "--format", "json"])
    assert result.exit_code == 1
    findings = json.loads(result.output[: result.output.rindex("}") + 1])["reports"][0]["findings"]
    assert draft.read_bytes() == original
    document = docx.Document(out)
    comments = list(document.comments)
    assert len(comments) == len(findings) >= 3
    assert all(c.author == "年报检查" for c in comments)
    texts = [c.text for c in comments]
    assert any(t.startswith("AR101【错误】") for t in texts)
    # each comment is anchored: the commentRangeStart sits in the cell the finding names
    from docx.oxml.ns import qn

    from annual_report.docx_reader.xml import cell_text

    body = document.element.body
    anchored = {}
    for start in body.iter(qn("w:commentRangeStart")):
        tc = start
        while tc is not None and tc.tag != qn("w:tc"):
            tc = tc.getparent()
        anchored[int(start.get(qn("w:id")))] = cell_text(tc).strip() if tc is not None else None
    by_id = {c.comment_id: c.text for c in comments}
    ar101 = next(cid for cid, t in by_id.items() if t.startswith("AR101"))
    assert anchored[ar101] == str(series[1]["tables"]["B"]["rows"][2]["总计"])
    assert len(anchored) == len(comments)

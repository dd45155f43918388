"""`annual-report extract`: a .docx report into a workspace data file that passes the schema;
problems listed, refused unless --force; an existing file never overwritten without --force."""

from __future__ import annotations

import json
import random

from drafts import DraftStyle, write_draft
from typer.testing import CliRunner

from annual_report.cli import app
from synth import consistent_data
from annual_report.readers.jsondata import report_from_data, validate_data

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


def test_extract_default_output_name_is_the_year_from_the_content(tmp_path, monkeypatch):
    data = consistent_data(2021, random.Random(9))
    path = write_draft(data, tmp_path / "桃岭乡2019年报.docx")  # the file name's year is wrong
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["extract", str(path), "--level", "乡镇/街道"])
    assert result.exit_code == 0, result.output
    extracted = json.loads((tmp_path / "2021.json").read_text(encoding="utf-8"))
    assert extracted["year"] == 2021 and extracted["tables"] == data["tables"]


def test_extract_of_a_file_that_is_not_a_docx_exits_2(tmp_path):
    path = tmp_path / "报告.docx"
    path.write_bytes(b"%PDF-1.7 ...")
    result = runner.invoke(app, ["extract", str(path), "-o", str(tmp_path / "x.json")])
    assert result.exit_code == 2 and "PDF" in result.output and not (tmp_path / "x.json").exists()


def test_extract_infers_an_unambiguous_level_and_refuses_a_doubtful_one(tmp_path):
    data = consistent_data(2023, random.Random(2))  # 示例乡人民政府
    path = write_draft(data, tmp_path / "乡.docx")
    out = tmp_path / "2023.json"
    result = runner.invoke(app, ["extract", str(path), "-o", str(out)])
    assert result.exit_code == 0 and "推断为“乡镇/街道”" in result.output
    assert json.loads(out.read_text(encoding="utf-8"))["body"]["level"] == "乡镇/街道"

    data["body"]["name"] = "示例市示例区人民政府"  # county or city level: not guessed
    path = write_draft(data, tmp_path / "区.docx")
    out = tmp_path / "区.json"
    result = runner.invoke(app, ["extract", str(path), "-o", str(out)])
    assert result.exit_code == 1 and "--level" in result.output and not out.exists()
    result = runner.invoke(app, ["extract", str(path), "-o", str(out), "--level", "县级政府"])
    assert result.exit_code == 0
    body = json.loads(out.read_text(encoding="utf-8"))["body"]
    assert (body["name"], body["level"]) == ("示例市示例区人民政府", "县级政府")


def test_extract_lists_a_bad_cell_and_writes_it_only_when_forced(tmp_path):
    import docx

    data = consistent_data(2023, random.Random(3))
    path = write_draft(data, tmp_path / "d.docx")
    document = docx.Document(path)
    document.tables[1].cell(5, 3).paragraphs[0].runs[0].text = "约3件"
    document.save(path)
    out = tmp_path / "2023.json"
    result = runner.invoke(app, ["extract", str(path), "-o", str(out), "--level", "乡镇/街道"])
    assert result.exit_code == 1 and "“约3件”不是数字" in result.output and not out.exists()
    result = runner.invoke(app, ["extract", str(path), "-o", str(out), "--level", "乡镇/街道", "--force"])
    assert result.exit_code == 0 and out.exists()
    before = out.read_bytes()
    result = runner.invoke(app, ["extract", str(path), "-o", str(out), "--level", "乡镇/街道"])
    assert out.read_bytes() == before  # never overwritten without --force

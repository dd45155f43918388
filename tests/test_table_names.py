"""One name for each statutory table in everything a person reads: 表二, 表三, 表四, after the
part each belongs to (docs/output.md, "表格的名称").  Every output is made from drafts typed into
the real national template with planted table errors, and searched for the old key-names
(表A/表B/表C) and for the new ones.  The machine keys ("A", "B", "C") stay where programs read
them, and fingerprints recorded under the old names still match."""

from __future__ import annotations

import json
import random
import re
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annual_report.cli import app
from annual_report.model.findings import Finding, Location, Severity, with_fingerprints
from annual_report.model.layout import table_name
from annual_report.model.schema_gen import schema_text
from official_template import fill_official_template
from synth import consistent_series

OLD = re.compile(r"表[ABC](?![A-Za-z])")
NEW = re.compile(r"表[二三四]")


def _xml_text(path: Path) -> str:
    """The words of every part of an OOXML package (.docx comments, .xlsx cells and sheet names)."""
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))


def _no_old_names(what: str, text: str) -> None:
    found = sorted({text[max(0, m.start() - 20) : m.end() + 20] for m in OLD.finditer(text)})
    assert not found, f"{what} still names a table by its key: {found[:5]}"


@pytest.fixture(scope="module")
def drafts(tmp_path_factory):
    """2022 and 2023 of one body in the real template; 2023 with a wrong 表三 total and a wrong
    表四 total, typed over the filled cells."""
    folder = tmp_path_factory.mktemp("names")
    (folder / "reports").mkdir()
    d2022, d2023 = consistent_series([2022, 2023], random.Random(11), body="青石镇人民政府")
    b_total = d2023["tables"]["B"]["rows"][0]["总计"]
    c_total = d2023["tables"]["C"]["rows"][0]["总计"]
    bad = fill_official_template(
        d2023, folder / "reports" / "2023年报-初稿.docx",
        overrides={("B", "new", "总计"): str(b_total + 5), ("C", "review", "总计"): str(c_total + 2)},
    )
    history = fill_official_template(d2022, folder / "reports" / "2022年报.docx")
    return {"folder": folder, "bad": bad, "history": history}


def _run(args: list[str], ok=(0, 1)) -> str:
    result = CliRunner().invoke(app, args)
    assert result.exit_code in ok, result.output
    return result.output


def test_findings_in_text_json_and_sarif_name_the_tables_after_their_parts(drafts):
    text = _run(["check", str(drafts["bad"]), "--history", str(drafts["history"]), "--no-color"])
    _no_old_names("check text", text)
    assert "表三“一、本年新收申请”行" in text and "表四“行政复议”" in text
    assert "三、收到和处理政府信息公开申请情况（表三）" in text  # the group title explains the name once
    assert "位置：表三 “一、本年新收申请”行" in text and "第三部分 表三" not in text

    doc = json.loads(_run(["check", str(drafts["bad"]), "--format", "json"]))
    findings = [f for r in doc["reports"] for f in r["findings"]]
    _no_old_names("check json", json.dumps(findings, ensure_ascii=False))
    located = [f for f in findings if f["location"].get("table")]
    assert located and {f["location"]["table"] for f in located} <= {"A", "B", "C"}  # machine keys kept
    assert all(f["location"]["table_name"] == table_name(f["location"]["table"]) for f in located)
    assert {"表三", "表四"} <= {f["location"]["table_name"] for f in located}

    sarif = _run(["check", str(drafts["bad"]), "--format", "sarif"])
    _no_old_names("sarif", sarif)
    assert "表三/一、本年新收申请/总计" in sarif


def test_word_comments_and_batch_summaries(drafts, tmp_path):
    annotated = tmp_path / "审核意见.docx"
    _run(["check", str(drafts["bad"]), "--annotate", str(annotated)])
    comments = zipfile.ZipFile(annotated).read("word/comments.xml").decode("utf-8")
    _no_old_names("Word comments", comments)
    assert "表三“一、本年新收申请”" in comments

    summary, page = tmp_path / "汇总.xlsx", tmp_path / "汇总.html"
    _run(["check", str(drafts["folder"] / "reports"), "--summary", str(summary), "--html", str(page)])
    _no_old_names("summary workbook", _xml_text(summary))
    _no_old_names("summary page", page.read_text(encoding="utf-8"))
    assert NEW.search(page.read_text(encoding="utf-8"))


def test_site_and_interpret(drafts, tmp_path):
    site = tmp_path / "site"
    _run(["site", str(drafts["folder"] / "reports"), "-o", str(site), "--force", "--no-progress"], ok=(0,))
    pages = "\n".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    _no_old_names("site", pages)
    assert "表三" in pages and "表四" in pages  # the tables' captions

    out = tmp_path / "解读"
    _run(["interpret", str(drafts["bad"]), "--history", str(drafts["history"]), "-o", str(out), "--force"], ok=(0,))
    (html_file,), (docx_file,) = list(out.glob("*.html")), list(out.glob("*.docx"))
    html = html_file.read_text(encoding="utf-8")
    _no_old_names("解读 page", html)
    assert "表三“（七）总计”" in html  # the disclosure rate's definition
    _no_old_names("解读 .docx", _xml_text(docx_file))
    assert NEW.search(_xml_text(docx_file))


def test_workbook_schema_and_rule_explanations(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _run(["init", "--example", "ws"], ok=(0,))
    book = tmp_path / "ws" / "统计表.xlsx"
    _run(["workbook", "2023", "-w", str(tmp_path / "ws"), "-o", str(book)], ok=(0,))
    words = _xml_text(book)
    _no_old_names("workbook", words)
    assert "表二 主动公开" in words and "表三 依申请" in words and "表四 复议诉讼" in words

    schema = schema_text()
    _no_old_names("schema", schema)
    assert "表三：三、收到和处理政府信息公开申请情况" in schema

    rules = _run(["rules", "AR101"], ok=(0,))
    _no_old_names("rules", rules)
    assert "表三" in rules


def test_web_page(drafts):
    from annual_report.web.app import create_app
    from web_client import local_client

    with local_client(create_app()) as client:
        media = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        answer = client.post("/check", files=[("file", (drafts["bad"].name, drafts["bad"].read_bytes(), media))], follow_redirects=False)
        assert answer.status_code == 303
        page = client.get(answer.headers["location"])
        for _ in range(400):  # the job runs in a worker thread
            if "检查结果" in page.text:
                break
            import time

            time.sleep(0.05)
            page = client.get(answer.headers["location"])
    _no_old_names("web page", page.text)
    assert "<summary>表三 三、收到和处理政府信息公开申请情况" in page.text


def test_decisions_recorded_under_the_old_names_still_match():
    """A finding's fingerprint is the same whether its message names 表B or 表三: baselines written
    before the rename keep their dismissals."""

    def finding(message: str) -> Finding:
        return Finding("AR101", Severity.ERROR, message, Location(year=2023, part="三", table="B", row="open", column="总计"))

    old = with_fingerprints([finding("表B“（一）予以公开”行：总计 12 ≠ 自然人至其他各列之和 11")], "青石镇人民政府")
    new = with_fingerprints([finding("表三“（一）予以公开”行：总计 12 ≠ 自然人至其他各列之和 11")], "青石镇人民政府")
    assert old[0].fingerprint == new[0].fingerprint
    other = with_fingerprints([finding("表三“（一）予以公开”行：总计 13 ≠ 自然人至其他各列之和 11")], "青石镇人民政府")
    assert other[0].fingerprint != new[0].fingerprint  # what the finding says still counts

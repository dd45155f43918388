"""Published PDFs: LibreOffice's PDF export of the filled real template read back exactly (every
cell, every part's text; table B on its own page, running header and page-number footer dropped);
an encrypted, scanned or truncated PDF refused with one Chinese message naming the file (and the
page), exit 2, nothing written, nothing changed."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annual_report.cli import app
from synth import consistent_data
from annual_report.readers import read_report
from annual_report.readers.docx import read_docx

EXPORTED = Path(__file__).parent / "fixtures" / "exported"
runner = CliRunner()


def test_pdf_export_reads_as_the_docx():
    from test_reader_html import same_report

    for stem in ("report-2023", "report-2022"):
        expected = read_docx(EXPORTED / f"{stem}.docx")
        actual = read_report(EXPORTED / f"{stem}.pdf")
        assert actual.source.kind == "pdf" and not actual.issues, stem
        assert same_report(expected, actual) == (200, 200), stem


def test_running_header_and_page_numbers_are_dropped():
    report = read_report(EXPORTED / "report-2022.pdf")
    text = "\n".join(p.text for p in report.paragraphs())
    assert "第 1 页" not in text and "共 5 页" not in text
    assert report.title == "青山县自然资源局2022年政府信息公开工作年度报告"
    assert all(p.text != "青山县自然资源局政府信息公开工作年度报告" for p in report.paragraphs())


def test_full_width_units_and_dashes_as_typed(tmp_path):
    report = read_report(EXPORTED / "report-2022.pdf")
    assert report.table("B").get("deny.2", "科研机构") is None  # "—"
    assert report.table("B").raw[("new", "自然人")].startswith("０")  # typed "０件" style


def test_extract_from_pdf_gives_the_data(tmp_path):
    out = tmp_path / "2023.json"
    result = runner.invoke(app, ["extract", str(EXPORTED / "report-2023.pdf"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["tables"] == consistent_data(2023, random.Random(7))["tables"]


def test_check_with_a_pdf_history(tmp_path):
    result = runner.invoke(app, ["check", str(EXPORTED / "report-2023.html"), "--history", str(EXPORTED / "report-2022.pdf")])
    assert result.exit_code in (0, 1), result.output
    assert "对照往年报告：2022" in result.output


def _refused(tmp_path: Path, pdf: Path, *expected: str) -> None:
    before = hashlib.sha256(pdf.read_bytes()).hexdigest()
    out = tmp_path / "x.json"
    for args in (["extract", str(pdf), "-o", str(out), "--force"], ["check", str(pdf)]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        assert str(pdf) in result.output and "Traceback" not in result.output
        for text in expected:
            assert text in result.output, result.output
    assert not out.exists()
    assert hashlib.sha256(pdf.read_bytes()).hexdigest() == before


def test_encrypted_pdf(tmp_path):
    _refused(tmp_path, EXPORTED / "report-2023-encrypted.pdf", "已加密（打开需要密码）")


def test_scanned_pdf_without_text_layer(tmp_path):
    _refused(tmp_path, EXPORTED / "report-2023-scanned.pdf", "没有文字层", "共 4 页", "文字识别（OCR）")


@pytest.mark.parametrize("keep", [0.5, 0.97])
def test_truncated_pdf(tmp_path, keep):
    raw = (EXPORTED / "report-2023.pdf").read_bytes()
    pdf = tmp_path / "截断.pdf"
    pdf.write_bytes(raw[: int(len(raw) * keep)])
    before = hashlib.sha256(pdf.read_bytes()).hexdigest()
    result = runner.invoke(app, ["check", str(pdf)])
    assert result.exit_code == 2, result.output
    assert f"{pdf}" in result.output and ("已损坏" in result.output) and "Traceback" not in result.output
    assert hashlib.sha256(pdf.read_bytes()).hexdigest() == before


def test_not_a_pdf(tmp_path):
    fake = tmp_path / "报告.pdf"
    fake.write_text("<html><body>一、总体情况</body></html>", encoding="utf-8")
    _refused(tmp_path, fake, "不是 PDF 文件")

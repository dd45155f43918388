"""Files that are not readable drafts — empty, truncated, not a zip, a .doc or PDF renamed,
a zip bomb, an XML entity bomb, a 10,000-row table: each refused with a message saying what
to do, or read within bounds; never a crash or a hang."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import docx
import pytest
from drafts import write_draft

from annual_report.model.errors import UserError
from synth import consistent_data
from annual_report.readers.docx import read_docx


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


def test_wrong_file_exits_2_with_the_message(tmp_path):
    from typer.testing import CliRunner

    from annual_report.cli import app

    path = tmp_path / "旧版 报告.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 2 and "libreoffice --headless --convert-to docx" in result.output
    assert "Traceback" not in result.output


def test_path_with_spaces_and_chinese_reads(tmp_path):
    folder = tmp_path / "县 政务公开办" / "2023 年报"
    folder.mkdir(parents=True)
    data = consistent_data(2023, random.Random(1))
    report = read_docx(write_draft(data, folder / "桃岭乡 2023年 报告（初稿）.docx"))
    assert report.year == 2023 and report.body.name == data["body"]["name"]

"""One reader shape: every reader is a ``ReportReader`` (name, suffixes, accepts, read), the
workbook's reader is also a ``DataEntryReader``, and every reader opens its file through the one
bounded open (``files.reading.read_bounded``: there, a file, within the cap, not empty, the
format's first bytes)."""

from __future__ import annotations

import importlib

import pytest

from annual_report.files.reading import Bounds, read_bounded
from annual_report.model.errors import DataError, UserError
from annual_report.plugins.manager import default_readers
from annual_report.readers import DataEntryReader, Reader, ReportReader, read_report


def test_every_built_in_reader_has_the_one_shape():
    readers = {r.name: r for r in default_readers()}
    assert set(readers) == {"json", "docx", "xlsx", "html", "pdf"}
    for reader in readers.values():
        assert isinstance(reader, ReportReader), reader
        assert reader.suffixes and all(s.startswith(".") for s in reader.suffixes)
    assert [n for n, r in readers.items() if isinstance(r, DataEntryReader)] == ["xlsx"]
    assert isinstance(Reader("own", (".own",), lambda path: None), ReportReader)


class Opened(UserError):  # passes through the guard around a reader as it is
    pass


@pytest.mark.parametrize(
    "module, suffix",
    [
        ("annual_report.readers.jsondata", ".json"),
        ("annual_report.readers.html", ".html"),
        ("annual_report.readers.pdf", ".pdf"),
        ("annual_report.readers.xlsx", ".xlsx"),
        ("annual_report.ooxml.package", ".docx"),
    ],
)
def test_every_reader_opens_its_file_through_the_bounded_open(module, suffix, tmp_path, monkeypatch):
    seen = []

    def spy(path, bounds, **kw):
        seen.append(bounds)
        raise Opened(path)

    monkeypatch.setattr(importlib.import_module(module), "read_bounded", spy)
    path = tmp_path / f"报告{suffix}"
    path.write_bytes(b"x")
    with pytest.raises(Opened):
        read_report(path)
    assert isinstance(seen[0], Bounds) and seen[0].max_bytes > 0


@pytest.mark.parametrize(
    "suffix, said",
    [
        (".json", "是空文件"),
        (".html", "是空文件，请重新保存网页"),
        (".pdf", "不是 PDF 文件"),
        (".docx", "是空文件，请重新导出或索取原稿"),
        (".xlsx", "已损坏"),
    ],
)
def test_an_empty_file_is_refused_in_chinese_by_every_reader(suffix, said, tmp_path):
    path = tmp_path / f"空{suffix}"
    path.write_bytes(b"")
    with pytest.raises(UserError, match=said):
        read_report(path)


def test_bounded_open_checks_in_order(tmp_path):
    bounds = Bounds(
        10,
        "{path} 过大（{mb} MB）",
        empty="{path} 是空文件",
        folder="{path} 是文件夹",
        require=(b"%X", 4, "{path} 不是 X"),
        refuse=((b"PK", "{path} 是压缩包"),),
        error=DataError,
    )
    with pytest.raises(DataError, match="找不到文件"):
        read_bounded(tmp_path / "无", bounds)
    with pytest.raises(DataError, match="是文件夹"):
        read_bounded(tmp_path, bounds)
    big = tmp_path / "big"
    big.write_bytes(b"%X" + b"0" * 20)
    with pytest.raises(DataError, match="过大（0 MB）"):
        read_bounded(big, bounds)
    blank = tmp_path / "blank"
    blank.write_bytes(b"  \n")
    with pytest.raises(DataError, match="是空文件"):
        read_bounded(blank, bounds)
    zipped = tmp_path / "zip"
    zipped.write_bytes(b"PK%X")
    with pytest.raises(DataError, match="是压缩包"):
        read_bounded(zipped, bounds)
    other = tmp_path / "other"
    other.write_bytes(b"abcd%X")
    with pytest.raises(DataError, match="不是 X"):
        read_bounded(other, bounds)
    good = tmp_path / "good"
    good.write_bytes(b" %X12")
    assert read_bounded(good, bounds) == b" %X12"
    assert read_bounded(good, bounds, head=3) == b" %X"

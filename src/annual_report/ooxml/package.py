"""Opening a .docx safely: what kind of file it really is, bounded decompression, XML parsed
without entity expansion or network access."""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..files.reading import Bounds, read_bounded
from ..model.errors import UserError

from ..model.limits import (
    MAX_MEDIA_BYTES,
    MAX_PACKAGE_BYTES,
    MAX_PART_BYTES,
    MAX_PARTS,
    MAX_RATIO,
    RATIO_CHECK_FROM,
)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _kind(head: bytes) -> str:
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "ole"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    if head.lstrip()[:5].lower() in (b"<html", b"<!doc"):
        return "html"
    return "other"


BOUNDS = Bounds(
    MAX_PACKAGE_BYTES,
    "{path} 过大（{mb} MB），不像年度报告，已拒绝读取",
    empty="{path} 是空文件，请重新导出或索取原稿",
)


def read_part(path: Path, name: str = "word/document.xml") -> bytes:
    """The bytes of one part of the package, with a clear message for everything that is not
    a readable .docx."""
    path = Path(path)
    head = read_bounded(path, BOUNDS, head=8)
    kind = _kind(head)
    if kind == "ole":
        raise UserError(
            f"{path} 不是 .docx：它是旧版 Word（.doc/.wps）文件，或设置了打开密码的文档。"
            "请用 Word/WPS“另存为 .docx”（加密文档请先取消密码），或运行 "
            "libreoffice --headless --convert-to docx 文件名 转换后再检查"
        )
    if kind == "pdf":
        raise UserError(f"{path} 实际是 PDF 文件，无法可靠读取表格，请提供 Word 原稿（.docx）")
    if kind == "rtf":
        raise UserError(f"{path} 实际是 RTF 文件，请用 Word/WPS 另存为 .docx 后再检查")
    if kind == "html":
        raise UserError(f"{path} 实际是网页（HTML）文件，请用 Word/WPS 另存为 .docx 后再检查")
    if kind != "zip":
        raise UserError(f"{path} 不是 Word 文档（.docx），无法读取")
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise UserError(f"{path} 已损坏（压缩包不完整，可能下载或拷贝时被截断），请重新获取文件") from None
    with archive:
        try:
            info = archive.getinfo(name)
        except KeyError:
            raise UserError(f"{path} 是压缩包，但不是 Word 文档（缺少 {name}）") from None
        if info.flag_bits & 0x1:
            raise UserError(f"{path} 已加密，请取消密码后再检查")
        if info.file_size > MAX_PART_BYTES:
            raise UserError(f"{path} 的正文过大（{info.file_size // 1024 // 1024} MB），不像年度报告，已拒绝读取")
        # Repetitive table XML compresses well, so only a large part with an absurd ratio is a bomb
        if info.file_size > RATIO_CHECK_FROM and info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
            raise UserError(f"{path} 的压缩比异常（{info.file_size // max(info.compress_size, 1)}:1），可能是恶意构造的文件，已拒绝读取")
        try:
            with archive.open(info) as fh:
                data = fh.read(MAX_PART_BYTES + 1)
        except (zipfile.BadZipFile, EOFError, OSError, RuntimeError) as exc:
            raise UserError(f"{path} 已损坏，无法解压正文（{exc}），请重新获取文件") from None
        if len(data) > MAX_PART_BYTES:
            raise UserError(f"{path} 的正文过大，已拒绝读取")
        return data


def parse_xml(data: bytes, path: Path):
    """The root element, parsed without DTD loading, entity expansion or network."""
    from lxml import etree

    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:65536]:
        # Word never writes a DTD; entity declarations are how XML bombs work
        raise UserError(f"{path} 的正文含有 DTD/实体声明，Word 不会这样保存，可能是恶意构造的文件，已拒绝读取")

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise UserError(f"{path} 的正文 XML 已损坏（{exc}），请用 Word 打开后重新保存") from None
    return root


def check_package(path: Path) -> None:
    """Before a library opens the whole .docx (python-docx for --annotate loads every part):
    the main part readable, then :func:`check_parts`."""
    read_part(path)  # the kind of file, the main part
    check_parts(path)


def check_parts(path: Path) -> None:
    """Every part of an Office package (.docx, .xlsx) within its size and ratio limits, by the
    sizes the zip declares (zipfile never inflates a part beyond its declared size), and no
    XML part declaring a DTD or entities (Office never writes one; it is how XML bombs work)."""
    path = Path(path)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise UserError(f"{path} 已损坏（压缩包不完整，可能下载或拷贝时被截断），请重新获取文件") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_PARTS:
            raise UserError(f"{path} 含有 {len(infos)} 个部件，远超正常文件，可能是恶意构造的文件，已拒绝读取")
        total = 0
        for info in infos:
            xml = info.filename.endswith((".xml", ".rels"))
            cap = MAX_PART_BYTES if xml else MAX_MEDIA_BYTES
            if info.file_size > cap:
                raise UserError(f"{path} 中的部件 {info.filename} 过大（{info.file_size // 1024 // 1024} MB），不像年度报告或统计表，已拒绝读取")
            if info.file_size > RATIO_CHECK_FROM and info.file_size / max(info.compress_size, 1) > MAX_RATIO:
                raise UserError(f"{path} 中的部件 {info.filename} 压缩比异常（{info.file_size // max(info.compress_size, 1)}:1），可能是恶意构造的文件，已拒绝读取")
            total += info.file_size
            if xml and not info.flag_bits & 0x1:
                try:
                    with archive.open(info) as fh:
                        head = fh.read(65536)
                except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
                    raise UserError(f"{path} 已损坏，无法解压部件 {info.filename}（{exc}），请重新获取文件") from None
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    raise UserError(f"{path} 的部件 {info.filename} 含有 DTD/实体声明，Office 不会这样保存，可能是恶意构造的文件，已拒绝读取")
        if total > MAX_PACKAGE_BYTES:
            raise UserError(f"{path} 解压后共 {total // 1024 // 1024} MB，远超正常文件，已拒绝读取")

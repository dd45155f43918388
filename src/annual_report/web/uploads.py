"""Uploaded files: saved into a temporary folder under size limits, zip archives unpacked safely.

Nothing an upload names is trusted: file names are reduced to a safe base name, archive
members that are folders, links or hidden files are skipped, and every size is checked
before and while the bytes are written, so a hostile upload costs at most the limits.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..model.errors import UserError

#: Suffixes of the reports ``check`` reads (the readers decide what they accept; these only
#: keep unrelated archive members such as images out of the check).
REPORT_SUFFIXES = (".docx", ".docm", ".json", ".xlsx", ".html", ".htm", ".pdf", ".doc", ".wps")


@dataclass(frozen=True)
class UploadLimits:
    file_bytes: int = 20 * 1024 * 1024  # one uploaded file
    total_bytes: int = 100 * 1024 * 1024  # everything in one request, archives unpacked
    archive_members: int = 500  # reports in one zip
    archive_ratio: int = 100  # unpacked size / packed size of one zip member


class UploadError(UserError):
    """An upload that cannot be used: the page shows the message, the answer is HTTP 4xx."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")


def safe_name(name: str, fallback: str = "上传文件") -> str:
    """A file name that cannot leave its folder: the base name, control characters and
    separators removed, at most 120 characters."""
    name = unicodedata.normalize("NFC", str(name or "")).replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("_", name).strip(" .")
    if not name:
        name = fallback
    if len(name) > 120:
        stem, dot, suffix = name.rpartition(".")
        name = (stem[: 110] + "." + suffix[:8]) if dot else name[:120]
    return name


class UploadFolder:
    """Files of one request, written into ``folder`` with unique safe names."""

    def __init__(self, folder: Path, limits: UploadLimits) -> None:
        self.folder = Path(folder)
        self.limits = limits
        self.total = 0
        self.names: set[str] = set()

    def _target(self, name: str, sub: str) -> Path:
        base = safe_name(name)
        stem, dot, suffix = base.rpartition(".")
        if not dot:
            stem, suffix = base, ""
        candidate, n = base, 1
        while f"{sub}/{candidate}" in self.names:
            n += 1
            candidate = f"{stem}-{n}{dot}{suffix}"
        self.names.add(f"{sub}/{candidate}")
        folder = self.folder / sub
        folder.mkdir(parents=True, exist_ok=True)
        return folder / candidate

    def _count(self, size: int, name: str) -> None:
        if size > self.limits.file_bytes:
            raise UploadError(f"文件“{safe_name(name)}”超过 {self.limits.file_bytes // (1024 * 1024)} MB，无法检查", 413)
        self.total += size
        if self.total > self.limits.total_bytes:
            raise UploadError(f"上传的文件合计超过 {self.limits.total_bytes // (1024 * 1024)} MB，请分批检查", 413)

    def hide(self, text: str) -> str:
        """``text`` with this folder's paths turned into the names the files were uploaded as
        (``报送/甲镇.docx``): the server's temporary folder is never shown to the user."""
        for root in sorted({str(self.folder), str(self.folder.resolve())}, key=len, reverse=True):
            text = re.sub(re.escape(root) + r"[/\\](?:reports|history)[/\\]", "", text)
            text = text.replace(root, "")
        return text

    def save(self, name: str, data: bytes, sub: str = "reports") -> list[Path]:
        """Save one upload; a .zip is unpacked into its report files.  Returns the paths."""
        self._count(len(data), name)
        target = self._target(name, sub)
        target.write_bytes(data)
        return self._unpacked(name, target, sub)

    async def save_stream(self, name: str, read, sub: str = "reports") -> list[Path]:
        """Save one upload read from ``read(n)`` (an async read of at most n bytes), counted
        while it is written: past the limit of one file or of the request, the writing stops
        and the part written is removed.  A .zip is unpacked into its report files."""
        target = self._target(name, sub)
        written = 0
        try:
            with open(target, "wb") as out:
                while chunk := await read(1024 * 1024):
                    written += len(chunk)
                    if written > self.limits.file_bytes:
                        raise UploadError(f"文件“{safe_name(name)}”超过 {self.limits.file_bytes // (1024 * 1024)} MB，无法检查", 413)
                    if self.total + written > self.limits.total_bytes:
                        raise UploadError(f"上传的文件合计超过 {self.limits.total_bytes // (1024 * 1024)} MB，请分批检查", 413)
                    out.write(chunk)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        self._count(written, name)
        return self._unpacked(name, target, sub)

    def _unpacked(self, name: str, target: Path, sub: str) -> list[Path]:
        if not safe_name(name).lower().endswith(".zip"):
            return [target]
        try:
            return self._unzip(name, target, sub)
        finally:
            self.names.discard(f"{sub}/{target.name}")
            target.unlink(missing_ok=True)

    def _unzip(self, name: str, path: Path, sub: str) -> list[Path]:
        self.total -= path.stat().st_size  # counted again member by member, unpacked
        try:
            archive = zipfile.ZipFile(path)
            members = archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError):
            raise UploadError(f"“{safe_name(name)}”不是有效的 zip 压缩包") from None
        saved: list[Path] = []
        reports = [m for m in members if _is_report_member(m)]
        if not reports:
            raise UploadError(f"压缩包“{safe_name(name)}”中没有可检查的报告（.docx、.json、.xlsx、.html、.pdf）")
        if len(reports) > self.limits.archive_members:
            raise UploadError(f"压缩包“{safe_name(name)}”中有 {len(reports)} 份报告，一次最多检查 {self.limits.archive_members} 份", 413)
        for m in reports:
            member_name = _member_name(m)
            if m.file_size > self.limits.file_bytes or (m.compress_size and m.file_size / m.compress_size > self.limits.archive_ratio and m.file_size > 1024 * 1024):
                raise UploadError(f"压缩包“{safe_name(name)}”中的“{safe_name(member_name)}”解压后过大，无法检查", 413)
            target = self._target(member_name, sub)
            written = 0
            try:
                with archive.open(m) as src, open(target, "wb") as out:
                    while chunk := src.read(1024 * 1024):
                        written += len(chunk)
                        if written > m.file_size or written > self.limits.file_bytes:
                            raise UploadError(f"压缩包“{safe_name(name)}”中的“{safe_name(member_name)}”解压后过大，无法检查", 413)
                        out.write(chunk)
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
                raise UploadError(f"压缩包“{safe_name(name)}”已损坏或已加密，无法解压“{safe_name(member_name)}”") from None
            self._count(written, member_name)
            saved.append(target)
        return saved


def _member_name(m: zipfile.ZipInfo) -> str:
    """The member's name as its author wrote it.  Without the UTF-8 flag (bit 11) zipfile reads
    the name as cp437; its bytes are UTF-8 when the zip was made by ``zip`` on Linux or macOS,
    GBK (GB18030) when made by a Chinese Windows tool: UTF-8 when they decode strictly as UTF-8,
    else GB18030, else the name as read."""
    name = m.filename
    if m.flag_bits & 0x800:
        return name
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return name


def _is_report_member(m: zipfile.ZipInfo) -> bool:
    if m.is_dir():
        return False
    if (m.external_attr >> 16) & 0o170000 == 0o120000:  # a symbolic link
        return False
    base = _member_name(m).replace("\\", "/").rsplit("/", 1)[-1]
    if not base or base.startswith((".", "~$")) or "__MACOSX" in m.filename:
        return False
    return base.lower().endswith(REPORT_SUFFIXES)

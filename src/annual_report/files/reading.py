"""Opening an input file within bounds, the same way for every reader: the file is there and is
a file, not larger than the reader's cap, not empty, and its first bytes are those of the
format (or not those of another) — each with the reader's own Chinese message — before any
parser sees it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..model.errors import UserError


@dataclass(frozen=True)
class Bounds:
    """What a reader accepts of a file before parsing it.  Messages are formats of ``{path}``
    (and ``{mb}``, the size in MB, for ``too_big``)."""

    max_bytes: int
    too_big: str
    empty: str = ""  # an empty (or blank) file; "" leaves it to the reader
    missing: str = "找不到文件 {path}"
    folder: str = ""  # a folder given for a file; "" says it is missing
    require: tuple[bytes, int, str] | None = None  # (magic, within the first n bytes, message)
    refuse: tuple[tuple[bytes, str], ...] = ()  # (a start that is another kind of file, message)
    error: type[UserError] = UserError


def read_bounded(path: Path | str, bounds: Bounds, *, head: int = 0) -> bytes:
    """The bytes of ``path`` (``head`` > 0: only its first ``head`` bytes, for a reader that
    then opens the file itself), or ``bounds.error`` saying why the file is not read."""
    path = Path(path)

    def fail(message: str, **values) -> None:
        raise bounds.error(message.format(path=path, **values))

    if path.is_dir():
        fail(bounds.folder or bounds.missing)
    if not path.is_file():
        fail(bounds.missing)
    size = path.stat().st_size
    if size > bounds.max_bytes:
        fail(bounds.too_big, mb=size // 1024 // 1024)
    try:
        with open(path, "rb") as fh:
            data = fh.read(head) if head else fh.read(bounds.max_bytes + 1)
    except OSError as exc:
        raise bounds.error(f"无法打开 {path}：{exc.strerror or exc}") from None
    if bounds.empty and not (data if head else data.strip()):
        fail(bounds.empty)
    for start, message in bounds.refuse:
        if data.startswith(start):
            fail(message)
    if bounds.require is not None:
        magic, within, message = bounds.require
        if magic not in data[:within]:
            fail(message)
    return data

"""Writing output files: atomically (a temporary file beside the target, then a rename), with
the mode an ordinary write would give, and temporary files of killed runs cleaned up."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import IO

from ..model.errors import OutputError


def _file_mode(path: Path) -> int:
    """The mode the file would have if written the ordinary way: the replaced file's mode,
    or 0666 less the umask for a new one."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


STALE_TEMP_SECONDS = 3600


def remove_stale_temps(path: Path, suffix: str = ".tmp") -> None:
    """Temporary files of ``path`` left by a run that was killed (SIGKILL leaves no chance to
    clean up) are removed by the next run once they are an hour old."""
    import time

    now = time.time()
    for old in Path(path).parent.glob(f".{Path(path).stem}-*{suffix}"):
        try:
            if now - old.stat().st_mtime > STALE_TEMP_SECONDS:
                old.unlink()
        except OSError:
            pass


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename, so
    that no half-written file is ever left at ``path``."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.parent.exists() and not path.parent.is_dir():
            raise NotADirectoryError(str(path.parent))
        remove_stale_temps(path)
        fd, temp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=path.parent)
    except (FileExistsError, NotADirectoryError):
        raise OutputError(f"无法写入 {path}：{path.parent} 不是文件夹") from None
    except PermissionError:
        raise OutputError(f"无法写入 {path}：没有在 {path.parent} 中写文件的权限") from None
    except OSError as exc:
        raise OutputError(f"无法写入 {path}：{exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(temp, _file_mode(path))  # mkstemp's 0600 would hide the report from colleagues
        os.replace(temp, path)
    except PermissionError:
        Path(temp).unlink(missing_ok=True)
        raise OutputError(
            f"无法写入 {path}：文件被占用或没有写权限（是否正在 Word/WPS 中打开？请关闭后重试，或用 --output 另存）"
        ) from None
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise OutputError(f"无法写入 {path}：{exc.strerror or exc}") from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def temp_beside(target: Path, suffix: str) -> tuple[IO[bytes], Path]:
    """An open temporary file next to ``target``, for a sink that writes as results arrive."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(target, suffix + ".tmp")
    fd, name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=suffix + ".tmp", dir=target.parent)
    os.chmod(name, _file_mode(target))  # as write_atomic: mkstemp's 0600 would hide it from colleagues
    return os.fdopen(fd, "wb"), Path(name)


def finish_temp(temp: Path, target: Path, complete: bool) -> None:
    """Rename ``temp`` into place when the run completed, else remove it."""
    if not complete:
        temp.unlink(missing_ok=True)
        return
    try:
        os.replace(temp, target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise OutputError(f"无法写入 {target}：{exc.strerror or exc}（文件是否正在 Excel 或浏览器中打开？）") from None

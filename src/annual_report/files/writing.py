"""Writing output files: atomically (a temporary file beside the target, then a rename), with
the mode an ordinary write would give, and temporary files of killed runs cleaned up."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from pathlib import Path
from typing import IO, Iterable, Mapping

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
    now = time.time()
    for old in Path(path).parent.glob(f".{Path(path).stem}-*{suffix}"):
        try:
            if now - old.stat().st_mtime > STALE_TEMP_SECONDS:
                old.unlink()
        except OSError:
            pass


def write_atomic(path: Path, data: bytes, *, record: bool = True, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename, so
    that no half-written file is ever left at ``path``; remembered as our output (see
    :func:`guard_outputs`) unless ``record`` is False.  ``mode``: the file's mode (default: what
    an ordinary write would give)."""
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
        os.chmod(temp, _file_mode(path) if mode is None else mode)  # mkstemp's 0600 would hide the report from colleagues
        os.replace(temp, path)
        if record:
            remember_output(path, hashlib.sha256(data).hexdigest())
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
        os.chmod(temp, _file_mode(target))  # mkstemp's 0600 would hide the summary from colleagues
        os.replace(temp, target)
        remember_output(target, _sha256_file(target))
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise OutputError(f"无法写入 {target}：{exc.strerror or exc}（文件是否正在 Excel 或浏览器中打开？）") from None


# --- output paths: never an input, never somebody else's file ---------------------------------

OUTPUTS_FILE = "outputs.json"


def _state_file() -> Path:
    """Where the outputs written outside a workspace are remembered (path → sha256)."""
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(base) / "annual-report" / OUTPUTS_FILE


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _remembered() -> dict[str, str]:
    try:
        data = json.loads(_state_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def remember_output(path: Path, digest: str) -> None:
    """Record that we wrote ``path`` with content ``digest`` (best effort: a read-only home
    only means the next run asks for --force)."""
    known = _remembered()
    known[str(Path(path).resolve())] = digest
    try:
        write_atomic(_state_file(), json.dumps(known, ensure_ascii=False, indent=0).encode("utf-8"), record=False)
    except Exception:  # noqa: BLE001 - remembering is a convenience, never a failure of the run
        pass


def is_our_output(path: Path) -> bool:
    """``path`` is a file this tool wrote and nobody changed since."""
    known = _remembered().get(str(Path(path).resolve()))
    try:
        return known is not None and known == _sha256_file(path)
    except OSError:
        return False


def _same(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


def guard_outputs(outputs: Mapping[str, Path | None], inputs: Iterable[Path], *, force: bool = False) -> None:
    """Refuse, before anything is read or written, an output (option name → path) that is one
    of the ``inputs`` or another output, or that would replace an existing file this tool did
    not write (or that was changed since) unless ``force``.  Every command that writes a file
    a user named calls this."""
    from ..model.errors import OutputError

    inputs = [Path(p) for p in inputs]
    seen: dict[Path, str] = {}
    for option, path in outputs.items():
        if path is None:
            continue
        path = Path(path)
        for source in inputs:
            if _same(path, source):
                raise OutputError(f"{option} {path} 是输入文件本身，写出会覆盖它；请换一个文件名")
        resolved = path.resolve()
        if resolved in seen:
            raise OutputError(f"{seen[resolved]} 和 {option} 都指向 {path}，请分别使用不同的文件名")
        seen[resolved] = option
        if path.is_dir():
            raise OutputError(f"{option} {path} 是一个文件夹，请给出文件名")
        if path.exists() and not force and not is_our_output(path):
            raise OutputError(
                f"{option} {path} 已存在，且不是本工具写出的文件（或写出后被修改过），为避免覆盖他人的文件，本次不写入。"
                "确认可以覆盖请加 --force，或换一个文件名"
            )

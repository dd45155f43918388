"""Every limit on hostile or careless input, in one place.

Sizes of what a reader opens (package parts, decompression ratio, table rows, cells, merge
spans, paragraph length, numbers), how much one rule may report, and the time and memory
that untrusted plugin code (rule checks, plugin imports) may use.  Readers, outputs and the
check pipeline all take their caps from here; nothing else defines one.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from typing import Iterator

# --- what a reader opens ------------------------------------------------------------------
MAX_PART_BYTES = 64 * 1024 * 1024  # one XML part; word/document.xml of a real report is < 5 MB
MAX_MEDIA_BYTES = 128 * 1024 * 1024  # one picture or embedded object (copied by --annotate)
MAX_PACKAGE_BYTES = 512 * 1024 * 1024  # every part of a .docx together, uncompressed
MAX_PARTS = 10_000  # entries in the zip
MAX_RATIO = 200  # deflate rarely beats ~50:1 on WordprocessingML; a bomb does 1000:1
RATIO_CHECK_FROM = 8 * 1024 * 1024  # small parts may compress well (repetitive table XML)
MAX_TABLE_ROWS = 300  # the statutory tables have < 40 rows; a huge table is read in part
MAX_ROW_CELLS = 128  # w:tc in one row (the widest statutory table has 11 columns)
MAX_GRID_SPAN = 64  # w:gridSpan / w:gridBefore of one cell: more columns than any table has
MAX_GRID_COLUMNS = 512  # grid columns of one row, spans included
MAX_PARAGRAPH_CHARS = 20_000  # one paragraph; a long real one is ~2,000 characters
MAX_NUMBER_DIGITS = 15  # a count in the tables (and a safe float); Python refuses > 4300 digits
MAX_JSON_BYTES = 20 * 1024 * 1024  # a yearly data file is a few kB
MAX_JSON_DEPTH = 64

# --- what a rule may report ---------------------------------------------------------------
MAX_FINDINGS_PER_RULE = 200  # per report; the rest are counted in one closing finding

# --- untrusted plugin code ------------------------------------------------------------------
DEFAULT_RULE_TIMEOUT = 10.0  # seconds per rule and report
DEFAULT_IMPORT_TIMEOUT = 5.0  # seconds per plugin import and registration hook (a real one takes < 1 s)
DEFAULT_WORKER_MEMORY_MB = 2048


class RuleTimeout(BaseException):
    """Raised inside a rule that ran past its time limit.  A BaseException, so that a rule's
    own ``except Exception`` cannot swallow it."""


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`RuleTimeout` in the block after ``seconds`` of wall time.

    Uses SIGALRM, so it works in a process's main thread; elsewhere, or with ``seconds``
    None/0, the block runs unlimited."""
    if not seconds or not _can_alarm():
        yield
        return

    def _expire(signum, frame):
        raise RuleTimeout()

    previous = signal.signal(signal.SIGALRM, _expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def limit_memory(max_bytes: int | None) -> None:
    """Cap this process's address space (a rule that eats memory gets MemoryError, which
    the engine reports as AR003, instead of taking the machine down)."""
    if not max_bytes:
        return
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            max_bytes = min(max_bytes, hard)
        resource.setrlimit(resource.RLIMIT_AS, (max_bytes, hard))
    except (ImportError, ValueError, OSError):  # not on this platform / not permitted
        pass

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
from dataclasses import dataclass
from typing import Iterator, Mapping

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
MAX_HTML_BYTES = 30 * 1024 * 1024  # a report published as a web page (a real one is < 1 MB)
MAX_PDF_BYTES = 100 * 1024 * 1024  # a report published as PDF (scans with pictures are the big ones)
MAX_PDF_PAGES = 200  # pages read; a report has 5-20
MAX_XLSX_BYTES = 20 * 1024 * 1024  # the statistics workbook (a filled one is ~30 kB)
MAX_XLSX_ROWS, MAX_XLSX_COLUMNS = 400, 60  # cells looked at per sheet of the workbook
MAX_REGISTER_BYTES = 200 * 1024 * 1024  # a register of applications (100,000 rows of XLSX are ~10 MB)
MAX_REGISTER_ROWS = 200_000  # rows read per sheet of a register; a real one has tens to thousands a year
MAX_JSON_DEPTH = 64

# --- what a rule may report ---------------------------------------------------------------
MAX_FINDINGS_PER_RULE = 200  # per report; the rest are counted in one closing finding

# --- untrusted plugin code ------------------------------------------------------------------
DEFAULT_RULE_TIMEOUT = 10.0  # seconds per rule and report
DEFAULT_IMPORT_TIMEOUT = 5.0  # seconds per plugin import and registration hook (a real one takes < 1 s)
DEFAULT_WORKER_MEMORY_MB = 2048
PLUGIN_READ_TIMEOUT = 60.0  # seconds for an outside plugin's reader to read one file
READ_TIMEOUT = 30.0  # seconds for a built-in reader (a real report takes < 2 s; the budgets below keep hostile ones < 10 s)

# --- structural budgets of the readers (what a hostile file could make them do) ---------------
MAX_XLSX_CELLS = 100_000  # cells written in one sheet (the statutory sheets have < 1,000)
MAX_XLSX_MERGES = 2_000  # merged ranges in one sheet (the statutory sheets have < 100)
MAX_FORMULA_DEPTH = 100  # formulas referring to formulas, one inside the other
MAX_FORMULA_WORK = 200_000  # cell values looked up while computing one workbook's formulas
MAX_PDF_STREAM_BYTES = 64 * 1024 * 1024  # decompressed content of one PDF page (a real page < 1 MB)
MAX_PDF_OBJECTS_PER_PAGE = 50_000  # characters, lines and rectangles of one page (a real page < 5,000)
MAX_PDF_OBJECTS = 400_000  # the same, the whole document
MAX_HTML_NODES = 200_000  # elements of a web page (a real report page < 5,000)


class RuleTimeout(BaseException):
    """Raised inside a rule that ran past its time limit.  A BaseException, so that a rule's
    own ``except Exception`` cannot swallow it."""


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`RuleTimeout` in the block after ``seconds`` of wall time (None/0: no limit).

    In a process's main thread with SIGALRM, which also interrupts a blocking call; in another
    thread (the web server's), a timer raises the exception in the thread asynchronously, which
    stops Python code but waits for a blocking C call to return."""
    if not seconds:
        yield
        return
    if not _can_alarm():
        with _thread_time_limit(seconds):
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


@contextlib.contextmanager
def _thread_time_limit(seconds: float) -> Iterator[None]:
    import ctypes

    target = threading.get_ident()
    lock = threading.Lock()
    state = {"active": True}

    def _expire() -> None:
        with lock:
            if state["active"]:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), ctypes.py_object(RuleTimeout))

    timer = threading.Timer(seconds, _expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["active"] = False
        timer.cancel()


def limit_memory(max_bytes: int | None) -> None:
    """Cap this process's address space (a rule that eats memory gets MemoryError, which
    the engine reports as AR003, instead of taking the machine down).  Never below what the
    process already uses plus 64 MB: a forked child starts with its parent's address space."""
    if not max_bytes:
        return
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (_cap(max_bytes, 64 * 1024 * 1024, hard), hard))
    except (ImportError, ValueError, OSError):  # not on this platform / not permitted
        pass


def _cap(max_bytes: int, headroom: int, *ceilings: int) -> int:
    """``max_bytes``, but never below what this process already uses plus ``headroom`` (a
    lower cap would fail every allocation), nor above any of the ``ceilings`` in force."""
    import resource

    cap = max(max_bytes, _address_space() + headroom)
    for ceiling in ceilings:
        if ceiling != resource.RLIM_INFINITY:
            cap = min(cap, ceiling)
    return cap


def _address_space() -> int:
    """This process's address space in bytes (0 where /proc is not there)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


@contextlib.contextmanager
def memory_limit(max_bytes: int | None) -> Iterator[None]:
    """Cap this process's address space for the block, as :func:`limit_memory` caps a
    worker's, then lift the cap again (plugin imports in the main process).

    The cap is process-wide, so it is set only in a process with a single thread (the
    command line); in the web server, other threads' work would fail with it."""
    if not max_bytes or threading.active_count() > 1:
        yield
        return
    try:
        import resource

        previous = resource.getrlimit(resource.RLIMIT_AS)
        soft, hard = previous
        resource.setrlimit(resource.RLIMIT_AS, (_cap(max_bytes, 256 * 1024 * 1024, hard, soft), hard))
    except (ImportError, ValueError, OSError):  # not on this platform / not permitted
        yield
        return
    try:
        yield
    finally:
        try:
            resource.setrlimit(resource.RLIMIT_AS, previous)
        except (ValueError, OSError):
            pass


@dataclass(frozen=True)
class Limits:
    """What untrusted plugin code may use, from the config's ``[check]`` table: seconds per
    rule and report (None: no limit) and the address space of a checking process in MB (the
    same figure caps plugin imports)."""

    rule_timeout: float | None = DEFAULT_RULE_TIMEOUT
    memory_mb: int | None = DEFAULT_WORKER_MEMORY_MB

    @classmethod
    def of(cls, check_section: Mapping) -> "Limits":
        """The limits the ``[check]`` table (already validated) sets."""
        timeout = float(check_section.get("rule_timeout", DEFAULT_RULE_TIMEOUT))
        return cls(timeout or None, int(check_section.get("worker_memory_mb", DEFAULT_WORKER_MEMORY_MB)) or None)

    @property
    def memory_bytes(self) -> int:
        return (self.memory_mb or 0) * 1024 * 1024

    @property
    def watchdog(self) -> float | None:
        """How long one rule may run before the parent kills its process: well past the time
        limit the process enforces itself (with SIGALRM), for a rule stuck in C code that a
        signal cannot interrupt."""
        return None if not self.rule_timeout else self.rule_timeout + max(2.0, self.rule_timeout)

"""Time and memory limits for running untrusted rule code in batch workers."""

from __future__ import annotations

import contextlib
import signal
import threading
from typing import Iterator


class RuleTimeout(BaseException):
    """Raised inside a rule that ran past its time limit.  A BaseException, so that a rule's
    own ``except Exception`` cannot swallow it."""


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`RuleTimeout` in the block after ``seconds`` of wall time.

    Uses SIGALRM, so it works in a process's main thread (batch workers are processes);
    elsewhere, or with ``seconds`` None/0, the block runs unlimited."""
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

"""The progress bar of a long check, on stderr (rich), removed when done."""

from __future__ import annotations

import sys
from typing import Callable, TextIO


def progress_bar(enabled: bool, colour: bool = True) -> tuple[object | None, Callable[[str, int, int], None] | None]:
    """A rich ``Progress`` to enter and its ``update(stage, done, total)``; (None, None) when off.
    Without ``colour`` (``--no-color``, ``NO_COLOR``) the bar is drawn without colour codes."""
    if not enabled:
        return None, None
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=Console(stderr=True, color_system="auto" if colour else None), transient=True,
        redirect_stdout=False, redirect_stderr=False,  # rich would send stdout to stderr: see above_bar
    )
    tasks: dict[str, int] = {}

    def update(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=total)
        bar.update(tasks[stage], completed=done)

    return bar, update


class _AboveBar:
    """A text stream whose lines the live bar prints above itself (on the terminal both share)."""

    def __init__(self, bar, stream: TextIO) -> None:
        self.bar, self.stream, self.pending = bar, stream, ""

    def write(self, text: str) -> int:
        from rich.text import Text

        self.pending += text
        while "\n" in self.pending:
            line, self.pending = self.pending.split("\n", 1)
            if self.bar.live.is_started:
                self.bar.console.print(Text.from_ansi(line), soft_wrap=True, highlight=False)
            else:
                self.stream.write(line + "\n")
        return len(text)

    def flush(self) -> None:
        if self.pending and not self.bar.live.is_started:
            self.stream.write(self.pending)
            self.pending = ""
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()


def above_bar(bar, stream: TextIO | None) -> TextIO:
    """``stream`` (stdout), or — while ``bar`` is drawn on the same terminal — a stream whose
    lines are printed above the bar, so that a report's text never runs into the bar's line.
    A redirected stdout is left as it is (the bar is on the terminal, the text in the file)."""
    stream = stream or sys.stdout
    if bar is None or stream is not sys.stdout or not stream.isatty():
        return stream
    return _AboveBar(bar, stream)

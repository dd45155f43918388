"""The progress bar of a long check, on stderr (rich), removed when done."""

from __future__ import annotations

from typing import Callable


def progress_bar(enabled: bool) -> tuple[object | None, Callable[[str, int, int], None] | None]:
    """A rich ``Progress`` to enter and its ``update(stage, done, total)``; (None, None) when off."""
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

    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=Console(stderr=True), transient=True)
    tasks: dict[str, int] = {}

    def update(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=total)
        bar.update(tasks[stage], completed=done)

    return bar, update

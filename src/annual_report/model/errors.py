"""Errors a user can act on.  The CLI prints their Chinese message and exits with their code;
they never reach the user as a traceback."""

from __future__ import annotations


class UserError(Exception):
    """Unusable input or a usage error: the message says what to do.  Exit code 2."""

    exit_code = 2

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = list(details or [])

    def __str__(self) -> str:
        if not self.details:
            return self.message
        return self.message + "\n" + "\n".join(f"  - {d}" for d in self.details)


class DataError(UserError):
    """A data file that cannot be used: invalid JSON, schema violations (all listed at once)."""


class OutputError(UserError):
    """An output file that cannot be written (locked by Word, read-only folder, changed by hand)."""

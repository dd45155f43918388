"""Neutralising text that came from a file before it is written anywhere a program interprets
it: the terminal (control characters, ANSI escape sequences) and spreadsheets (formulas).
HTML is escaped by jinja2/html.escape where it is written; JSON by the json module."""

from __future__ import annotations

import re

# ESC [ … final byte (CSI), ESC ] … BEL/ST (OSC), other two-byte ESC sequences, then any
# remaining C0/C1 control character except newline and tab
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]?|\x9b[0-?]*[ -/]*[@-~]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def plain(text: str) -> str:
    """``text`` without escape sequences and control characters (newlines and tabs kept), so
    that a name in a file cannot move the cursor, recolour or retitle the user's terminal."""
    if not isinstance(text, str):
        text = str(text)
    return _CONTROL.sub("", _ANSI.sub("", text))


def spreadsheet_cell(value):
    """A value safe for a spreadsheet cell: text without control characters (which openpyxl
    refuses) and never a formula (a leading = + - @, tab or CR is quoted with an apostrophe,
    as OWASP advises against CSV/formula injection).  Numbers and None pass unchanged."""
    if not isinstance(value, str):
        return value
    text = plain(value).replace("\t", " ")
    if text.startswith(_FORMULA_START):
        text = "'" + text
    return text

"""Errors a user can act on.  The CLI prints their Chinese message and exits with their code;
they never reach the user as a traceback."""

from __future__ import annotations

import re


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


_TOML_PROBLEMS = (
    (r"Cannot overwrite a value", "同一个键赋值了两次（或与上面的表同名），请删去重复的一项"),
    (r"Cannot declare \((.*)\) twice", "表 [{0}] 声明了两次，请合并为一处"),
    (r"Expected '=' after a key in a key/value pair", "键后面缺少“=”，应写成 键 = 值"),
    (r"Expected newline or end of document after a statement", "一行只能写一项，请换行"),
    (r"Expected '\]' at the end of a table declaration", "表名缺少右方括号“]”"),
    (r"Expected '\]\]' at the end of an array declaration", "表数组名缺少“]]”"),
    (r"Unterminated string", "文字缺少结束的英文引号"),
    (r"Invalid value", "值的写法不对：文字要用英文双引号括起来，如 name = \"青溪镇人民政府\""),
    (r"Invalid statement", "这一行不是有效的配置项"),
    (r"Illegal character", "含有不允许的字符（如控制字符）"),
)


def toml_problem(exc: Exception) -> str:
    """Why a TOML file the user wrote cannot be read, in Chinese, with the line and column
    (tomllib's words are English); a file that is not UTF-8 says so."""
    if isinstance(exc, UnicodeDecodeError):
        return "不是 UTF-8 编码的文本，请用记事本或编辑器另存为 UTF-8"
    text = str(exc)
    where = ""
    m = re.search(r"\s*\(at line (\d+), column (\d+)\)$", text)
    if m:
        where, text = f"第 {m.group(1)} 行第 {m.group(2)} 列：", text[: m.start()]
    elif text.endswith("(at end of document)"):
        where, text = "文件末尾：", text[: -len("(at end of document)")].rstrip()
    for pattern, chinese in _TOML_PROBLEMS:
        found = re.fullmatch(pattern, text)
        if found:
            groups = [".".join(g.strip("'") for g in found.group(1).rstrip(",").split(", ")) if found.groups() else ""]
            return where + chinese.format(*groups)
    return f"{where}TOML 语法错误（{text}）"

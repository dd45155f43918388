"""Help pages and usage errors in Chinese.

click and typer print texts of their own: "Usage:", "Options", "Show this message and exit.",
"[default: …]", "No such option", "Invalid value for …", placeholders such as ``<int range>``.
The click that typer ≥ 0.20 vendors has them as plain English literals (older click passes them
through gettext, with no Chinese catalogue), so translating strings would depend on the typer
version.  Instead the command classes here render the help page from the parameters themselves
(names, ``metavar``, ``help``, defaults) and turn click's usage errors, by their class and
attributes, into Chinese ones.  Every option that takes a value declares a Chinese ``metavar``
(文件, 文件夹, 数字…); the examples of a command are its ``epilog``.
"""

from __future__ import annotations

import re
import unicodedata

from typer.core import TyperCommand, TyperGroup

try:  # typer ≥ 0.20 vendors click
    from typer._click.core import Context
    from typer._click.exceptions import UsageError
    from typer._click.formatting import HelpFormatter
    from typer._click.utils import echo
except ImportError:  # pragma: no cover - older typer uses click itself
    from click import Context, HelpFormatter, UsageError, echo

HELP_TEXT = "显示本帮助后退出"
OPTIONS_METAVAR = "[选项]"
COMMAND_METAVAR = "命令 [参数]..."


# -- text layout ------------------------------------------------------------------------------


def display_width(text: str) -> int:
    """Terminal columns: CJK characters and full-width punctuation take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


_TOKEN = re.compile(r"[\x21-\x7e]+|\s+|.", re.S)  # an ASCII word, a space, or one other character


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` columns, broken between Chinese characters or at spaces,
    never inside an option name, a file name or a number."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line, used = "", 0
        for token in _TOKEN.findall(paragraph):
            w = display_width(token)
            if token.isspace():
                if line:
                    line, used = line + " ", used + 1
                continue
            if line and used + w > width:
                lines.append(line.rstrip())
                line, used = "", 0
            line, used = line + token, used + w
        lines.append(line.rstrip())
    return lines


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def definition_list(rows: list[tuple[str, str]], width: int, indent: int = 2) -> str:
    """Two columns, the second wrapped; a first column too wide gets its text on the next line."""
    if not rows:
        return ""
    first = min(max(display_width(name) for name, _ in rows), 30)
    text_width = max(width - indent - first - 2, 20)
    out = []
    for name, text in rows:
        lines = wrap(text, text_width) if text else [""]
        if display_width(name) > first:
            out.append(" " * indent + name)
            lines = lines if text else []
            out += [" " * (indent + first + 2) + ln for ln in lines]
            continue
        out.append(" " * indent + _pad(name, first) + "  " + lines[0])
        out += [" " * (indent + first + 2) + ln for ln in lines[1:]]
    return "\n".join(ln.rstrip() for ln in out) + "\n"


# -- parameters -------------------------------------------------------------------------------

_TYPE_METAVARS = {"integer": "数字", "integer range": "数字", "float": "数字", "float range": "数字", "path": "路径", "file": "文件"}


def metavar(param) -> str:
    """The placeholder of a parameter's value: its Chinese ``metavar``, else a word for its type."""
    if param.metavar:
        return param.metavar
    kind = getattr(getattr(param, "type", None), "name", "")
    return _TYPE_METAVARS.get(kind, "值" if param.param_type_name == "option" else param.name)


def _is_help(param, ctx) -> bool:
    return param.name == "help" and set(param.opts) & set(ctx.help_option_names)


def _takes_value(param) -> bool:
    return param.param_type_name == "option" and not getattr(param, "is_flag", False) and not getattr(param, "count", False)


def _default_text(param) -> str:
    default = param.default
    if callable(default) or default in (None, False, "", (), []) or getattr(param, "is_flag", False):
        return ""
    if isinstance(default, (list, tuple)):
        return "、".join(str(d) for d in default)
    return str(getattr(default, "value", default))


def _range_text(param) -> str:
    low = getattr(param, "min", None)
    high = getattr(param, "max", None)
    if low is None and high is None:
        low, high = getattr(getattr(param, "type", None), "min", None), getattr(getattr(param, "type", None), "max", None)
    if low is not None and high is not None:
        return f"{low}～{high}"
    if low is not None:
        return f"不小于 {low}"
    if high is not None:
        return f"不大于 {high}"
    return ""


def _argument_usage(param) -> str:
    name = metavar(param)
    if param.nargs != 1:
        name += "..."
    return name if param.required else f"[{name}]"


def _option_row(param, ctx) -> tuple[str, str]:
    names = sorted(param.opts, key=lambda o: (o.startswith("--"), o))
    label = ", ".join(names)
    if param.secondary_opts:
        label += " / " + ", ".join(param.secondary_opts)
    if _takes_value(param):
        label += f" {metavar(param)}"
        if param.multiple:
            label += "..."
    if _is_help(param, ctx):
        return label, HELP_TEXT
    text = getattr(param, "help", None) or ""
    extra = []  # a range (--jobs ≥ 1) is stated in the help text and in the error for a wrong value
    if _takes_value(param) and _default_text(param) and "默认" not in text:  # never said twice
        extra.append(f"默认：{_default_text(param)}")
    if param.required:
        extra.append("必填")
    if extra:
        text += "（" + "；".join(extra) + "）"
    return label, text


def _argument_row(param) -> tuple[str, str]:
    name = metavar(param) + ("..." if param.nargs != 1 else "")
    text = getattr(param, "help", None) or ""
    if param.required:
        text += "（必填）"
    elif _default_text(param) and "默认" not in text:
        text += f"（默认：{_default_text(param)}）"
    return name, text


def short_help(command) -> str:
    """A command's line in the list of commands: the first sentence of its help."""
    text = (command.short_help or command.help or "").strip().splitlines()
    return re.split(r"[。；]", text[0])[0] if text else ""


# -- help pages ------------------------------------------------------------------------------


class ChineseFormatter(HelpFormatter):
    """click's formatter with the Chinese usage prefix and CJK-aware wrapping."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        self.write(f"用法：{prog} {args}".rstrip() + "\n")

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        for line in wrap(text, max(self.width - self.current_indent, 20)):
            self.write(f"{indent}{line}".rstrip() + "\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        self.write(definition_list(list(rows), self.width, self.current_indent))


class ChineseContext(Context):
    formatter_class = ChineseFormatter


class _ChineseHelp:
    """What :class:`ChineseCommand` and :class:`ChineseGroup` share."""

    context_class = ChineseContext

    def collect_usage_pieces(self, ctx) -> list[str]:
        pieces = [OPTIONS_METAVAR]
        pieces += [_argument_usage(p) for p in self.get_params(ctx) if p.param_type_name == "argument"]
        return pieces

    def format_usage(self, ctx, formatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)))

    def format_help(self, ctx, formatter) -> None:
        self.format_usage(ctx, formatter)
        text = (self.help or "").split("\f")[0]
        if text.strip():
            import inspect

            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(inspect.cleandoc(text))
        self.format_options(ctx, formatter)
        self.format_epilog(ctx, formatter)

    def format_options(self, ctx, formatter) -> None:
        params = [p for p in self.get_params(ctx) if not getattr(p, "hidden", False)]
        arguments = [_argument_row(p) for p in params if p.param_type_name == "argument"]
        options = [_option_row(p, ctx) for p in params if p.param_type_name == "option"]
        for title, rows in (("参数", arguments), ("选项", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)

    def format_epilog(self, ctx, formatter) -> None:
        """The examples, verbatim (no re-wrapping: each is one command line)."""
        if self.epilog:
            import inspect

            formatter.write_paragraph()
            formatter.write_heading("示例")
            for line in inspect.cleandoc(self.epilog).splitlines():
                formatter.write(f"  {line}".rstrip() + "\n")

    def parse_args(self, ctx, args):
        try:
            return super().parse_args(ctx, args)
        except UsageError as exc:
            raise in_chinese(exc, ctx) from None


class ChineseCommand(_ChineseHelp, TyperCommand):
    pass


class ChineseGroup(_ChineseHelp, TyperGroup):
    def collect_usage_pieces(self, ctx) -> list[str]:
        return [*super().collect_usage_pieces(ctx), COMMAND_METAVAR]

    def format_options(self, ctx, formatter) -> None:
        super().format_options(ctx, formatter)
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, short_help(command)))
        if rows:
            with formatter.section("命令"):
                formatter.write_dl(rows)

    def resolve_command(self, ctx, args):
        name = args[0] if args else ""
        if name and self.get_command(ctx, name) is None and not name.startswith("-"):
            import difflib

            close = difflib.get_close_matches(name, self.list_commands(ctx))
            hint = f"（是否想用 {'、'.join(close)}？）" if close else f"（可用的命令：{'、'.join(self.list_commands(ctx))}）"
            raise ChineseUsageError(f"没有“{name}”这个命令{hint}", ctx)
        return super().resolve_command(ctx, args)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            raise in_chinese(exc, ctx) from None


# -- usage errors -----------------------------------------------------------------------------


class ChineseUsageError(UsageError):
    """A usage error shown as 用法 / 查看帮助 / 错误, exit code 2."""

    def show(self, file=None) -> None:
        ctx = self.ctx
        if ctx is not None:
            lines = [ctx.get_usage()]
            if ctx.help_option_names:
                lines.append(f"查看帮助：{ctx.command_path} {ctx.help_option_names[0]}")
            echo("\n".join(lines) + "\n", err=True, color=ctx.color)
        echo(f"错误：{self.format_message()}", err=True)


def _param_name(param, ctx=None) -> str:
    if param is None:
        return "参数"
    if param.param_type_name == "argument":
        return f"参数“{metavar(param)}”"
    return "/".join(sorted(param.opts, key=lambda o: not o.startswith("--")))


def _given_value(message: str) -> str:
    found = re.search(r"'([^']*)'", message)
    return f"“{found.group(1)}”" if found else ""


def _bad_value_reason(param) -> str:
    if param is None:
        return ""
    reason = f"应为{metavar(param)}"
    limits = _range_text(param)
    if limits:
        reason += f"，{limits}"
    return reason


def _looks_like(typed: str, option: str) -> bool:
    """True when ``option`` is plausibly what was meant by ``typed`` (a typo of it), judged on
    the names without their dashes: click's own guess counts the dashes and offers ``--jobs``
    for ``--bogus``."""
    import difflib

    a, b = (typed or "").lstrip("-").lower(), option.lstrip("-").lower()
    return bool(a and b) and (a.startswith(b) or b.startswith(a) or difflib.SequenceMatcher(None, a, b).ratio() >= 0.75)


def chinese_message(exc) -> str:
    """The Chinese statement of a click usage error, from its class and attributes."""
    kind = {cls.__name__ for cls in type(exc).__mro__}
    message = getattr(exc, "message", "") or ""
    if isinstance(exc, ChineseUsageError):
        return message
    if "NoSuchOption" in kind:
        possible = [p for p in (getattr(exc, "possibilities", None) or []) if p and _looks_like(exc.option_name, p)]
        hint = f"（是否想用 {'、'.join(sorted(possible))}？）" if possible else ""
        return f"没有 {exc.option_name} 这个选项{hint}"
    if "MissingParameter" in kind:
        return f"缺少{_param_name(exc.param)}" if exc.param is not None else "缺少参数"
    if "BadOptionUsage" in kind:
        name = getattr(exc, "option_name", "")
        if "requires" in message:
            return f"选项 {name} 后面要给出一个值"
        if "does not take" in message:
            return f"选项 {name} 不带值"
        return f"选项 {name} 用法不对"
    if "BadParameter" in kind:
        param = getattr(exc, "param", None)
        reason = _bad_value_reason(param)
        return f"{_param_name(param)} 的值{_given_value(message)}不对" + (f"：{reason}" if reason else "")
    if "BadArgumentUsage" in kind:
        return "参数个数不对"
    found = re.match(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", message)
    if found:
        return f"多余的参数：{found.group(1)}"
    if message.startswith("Missing command"):
        return "缺少命令"
    if message.startswith("No such command"):
        return f"没有{_given_value(message)}这个命令"
    return f"用法不对（{message}）" if message else "用法不对"


def in_chinese(exc, ctx=None):
    """The same usage error with a Chinese message (a help page shown for no arguments is kept)."""
    if isinstance(exc, ChineseUsageError) or type(exc).__name__ == "NoArgsIsHelpError":
        return exc
    converted = ChineseUsageError(chinese_message(exc), exc.ctx or ctx)
    converted.exit_code = exc.exit_code
    return converted

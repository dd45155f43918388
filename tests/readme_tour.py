"""The README's commands and its "What a check finds" excerpt, read from README.md itself, so
that the README and its tests cannot drift apart.

``python tests/readme_tour.py`` rewrites the excerpt in README.md and the full output in
docs/text-rules.md from what ``annual-report check 2023 --workspace examples/typical-defects``
prints now; ``tests/test_readme.py`` fails when either is stale, and runs the tour.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
TEXT_RULES = ROOT / "docs" / "text-rules.md"
DEFECTS_COMMAND = ["check", "2023", "--workspace", "examples/typical-defects"]
# the findings the README shows (the first of each code, in the tool's order); the rest is in docs/text-rules.md
EXCERPT_CODES = ("AR301", "AR304", "AR403", "AR501", "AR502", "AR303", "AR201", "AR101", "AR402", "AR605", "AR620", "AR302")


def block_after(text: str, marker: str) -> tuple[int, int]:
    """(start, end) of the body of the first fenced code block after ``<!-- marker -->``."""
    at = text.index(f"<!-- {marker} -->")
    start = text.index("\n", text.index("```", at)) + 1
    end = text.index("```", start)
    return start, end


def first_command(text: str | None = None) -> list[list[str]]:
    """The README's first command, split at ``&&``: the argument lists, in order."""
    text = README.read_text(encoding="utf-8") if text is None else text
    start, end = block_after(text, "first-command")
    return [shlex.split(part) for part in text[start:end].strip().split("&&")]


def tour_commands(text: str | None = None) -> list[list[str]]:
    """The tour's commands, in order, comments removed."""
    text = README.read_text(encoding="utf-8") if text is None else text
    start, end = block_after(text, "tour")
    out = []
    for line in text[start:end].splitlines():
        args = shlex.split(line, comments=True)
        if args:
            out.append(args)
    return out


def defects_output() -> str:
    """What the tool prints for the example with typical defects, run from the repository root."""
    env = dict(os.environ, NO_COLOR="1", ANNUAL_REPORT_LOAD_PLUGINS="")
    done = subprocess.run(
        [sys.executable, "-m", "annual_report", *DEFECTS_COMMAND],
        cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=300,
    )
    if done.returncode not in (0, 1) or "Traceback" in done.stderr:
        raise RuntimeError(f"annual-report {' '.join(DEFECTS_COMMAND)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return done.stdout


_FINDING = re.compile(r"^  \[(?:错误|警告|提示)\] ([A-Z]{1,3}\d{3}) ")


def excerpt(output: str) -> str:
    """The README's excerpt of ``output``: the title and notes, the first finding of each code in
    ``EXCERPT_CODES`` under its part's header (without the place and hint lines below it), and
    the count line."""
    lines = output.rstrip("\n").split("\n")
    kept: list[str] = []
    header: str | None = None
    seen: set[str] = set()
    for i, line in enumerate(lines):
        if i < 1 or line.startswith("  （"):
            kept.append(line)
        elif line.startswith(" ") and not line.startswith("  "):
            header = line
        elif (m := _FINDING.match(line)) and m.group(1) in EXCERPT_CODES and m.group(1) not in seen:
            seen.add(m.group(1))
            if header is not None:
                kept.append(header)
                header = None
            kept.append(line)
        elif line.startswith("共 "):
            kept += ["", line]
    return "\n".join(kept) + "\n"


def full_block(output: str) -> str:
    return "$ annual-report " + " ".join(DEFECTS_COMMAND) + "\n" + output.rstrip("\n") + "\n"


def replace_block(path: Path, marker_or_prefix: str, body: str, *, marker: bool = True) -> bool:
    """Put ``body`` into the code block after the marker (or the block that starts with
    ``marker_or_prefix``) of ``path``; True when the file changed."""
    text = path.read_text(encoding="utf-8")
    if marker:
        start, end = block_after(text, marker_or_prefix)
    else:
        start = text.index(marker_or_prefix)
        end = text.index("```", start)
    new = text[:start] + body + text[end:]
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


def main() -> None:
    output = defects_output()
    changed = [str(p.relative_to(ROOT)) for p, done in (
        (README, replace_block(README, "excerpt", excerpt(output))),
        (TEXT_RULES, replace_block(TEXT_RULES, "$ annual-report " + " ".join(DEFECTS_COMMAND), full_block(output), marker=False)),
    ) if done]
    print("updated: " + (", ".join(changed) if changed else "nothing (already current)"))


if __name__ == "__main__":
    main()

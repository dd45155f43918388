"""The jinja2 environment of the HTML outputs: templates from ``output/templates/``,
autoescaping always on (a title or a paragraph with markup characters is shown, never run),
an undefined name is an error rather than an empty string."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent / "templates"


@lru_cache(maxsize=1)
def environment():
    import jinja2

    from .interpret.figures import change_text, number_text

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["number"] = number_text
    env.globals["change_text"] = change_text
    return env


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)


def static_text(name: str) -> str:
    """A static file of the templates folder (CSS, the search script) as text."""
    return (TEMPLATES / name).read_text(encoding="utf-8")

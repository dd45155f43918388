"""Render a report model into the statutory .docx with docxtpl, and write it atomically."""

from __future__ import annotations

import functools
import io
import re
from pathlib import Path

from ..model.errors import OutputError
from ..model.layout import NARRATIVE_PARTS, layouts
from ..model.report import Report
from ..text.figure_refs import format_number
from .templates import cell_key, template_name


def template_for(edition: str, workspace: Path | None = None) -> Path:
    """The workspace's own template if it has one, else the bundled one."""
    if workspace is not None:
        own = Path(workspace) / "templates" / template_name(edition)
        if own.is_file():
            return own
    from ..resources import templates_dir

    return templates_dir() / template_name(edition)


def format_amount(value: int | float) -> str:
    """An amount in 万元 as a table shows it: two decimals (``0.00``, ``12.50``), or every
    decimal the data gives when it has more (``3.125``), never rounded away."""
    from decimal import Decimal

    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if exact.as_tuple().exponent < -4:  # binary noise such as 0.30000000000000004
        exact = exact.quantize(Decimal("0.0001")).normalize()
    text = f"{exact:f}"
    whole, _, decimals = text.partition(".")
    return text if len(decimals) > 2 else f"{whole}.{decimals.ljust(2, '0')}"


def format_value(value, kind: str) -> str:
    """A cell's text: blank for a missing value (never 0), ``+3`` for a positive change."""
    if value is None:
        return ""
    if kind == "amount":
        return format_amount(value)
    if kind == "signed" and value > 0:
        return f"+{format_number(value)}"
    return format_number(value)


def date_text(iso: str | None) -> str:
    if not iso:
        return ""
    y, m, d = (int(x) for x in iso.split("-"))
    return f"{y}年{m}月{d}日"


# Characters XML 1.0 cannot hold, and the ones docxtpl would turn into structure (\a: new
# paragraph, \f: page break).  Word's manual line break pasted as \v becomes a line break.
_NOT_IN_XML = re.compile("[\x00-\x08\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """Narrative text as it may go into the document: line breaks kept (``\n``, Word's
    ``\v``), tabs kept, characters that are not allowed in a .docx removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\v", "\n")
    return _NOT_IN_XML.sub("", text)


TITLE_LINE_WIDTH = 20  # 二号 characters in the 156 mm type area


def _width(text: str) -> float:
    return sum(0.5 if ch.isascii() else 1 for ch in text)


def title_lines(title: str, body_name: str) -> list[str]:
    """The title as printed: on one line when it fits, else broken after the body's name
    (``青溪镇人民政府`` / ``2023年政府信息公开工作年度报告``) rather than inside a word."""
    if _width(title) <= TITLE_LINE_WIDTH or not body_name or not title.startswith(body_name) or title == body_name:
        return [title]
    return [body_name, title[len(body_name) :]]


# A 二级标题 at the start of a paragraph: "（一）主动公开。" (run into its text) or a line of its own.
_SUBHEADING = re.compile(r"（[一二三四五六七八九十]{1,3}）[^。！？，,；;\n]{1,30}?(?:[。：:]|$)")


class NarrativeParagraph(str):
    """A narrative paragraph for the template.  As a string it is the whole paragraph (what
    ``{{ para }}`` of an older workspace template prints); ``heading`` is its opening 二级标题
    (shown in 楷体), ``text`` the rest, ``own_line`` whether it is only the heading (标题 2)."""

    heading: str
    text: str
    own_line: bool

    def __new__(cls, whole: str, heading: str = "", text: str | None = None, own_line: bool = False):
        self = super().__new__(cls, whole)
        self.heading, self.text, self.own_line = heading, whole if text is None else text, own_line
        return self


def narrative_paragraph(text: str) -> NarrativeParagraph:
    text = clean_text(text)
    found = _SUBHEADING.match(text)
    if found is None:
        return NarrativeParagraph(text)
    heading, rest = found.group(0), text[found.end() :]
    return NarrativeParagraph(text, heading, rest, own_line=not rest.strip())


def context(report: Report) -> dict:
    """Everything the template shows, taken from the model (nothing is recomputed)."""
    cells: dict[str, str] = {}
    for name, layout in layouts(report.edition).items():
        table = report.tables[name]
        for row in layout.rows:
            for col in row.columns:
                cells[cell_key(name, row.id, col.id)] = format_value(table.get(row.id, col.id), col.kind)
    title = clean_text(report.title)
    return {
        "title": title,
        "title_lines": title_lines(title, clean_text(report.body.name)),
        "preface": [narrative_paragraph(p.text) for p in report.preface],
        "parts": {n: [narrative_paragraph(p.text) for p in report.part(n).paragraphs] for n in NARRATIVE_PARTS},
        "c": cells,
        "signature": clean_text(report.body.name),
        "date_text": date_text(report.meta.get("publication_date")),
    }


_CACHE_SIZE = 64  # template parts (body, headers, properties) of a few templates


def _bounded_get(cache: dict, key: str, make):
    value = cache.get(key)
    if value is None:
        value = make()
        if len(cache) >= _CACHE_SIZE:
            cache.pop(next(iter(cache)))
        cache[key] = value
    return value


_PATCHED: dict[str, str] = {}
_COMPILED: dict[tuple[str, bool], object] = {}


@functools.lru_cache(maxsize=None)
def _template_classes():
    """docxtpl's template and a Jinja environment that keep, per template text, the patched
    XML and the compiled Jinja template: a template is the same for every report, and
    patching plus compiling is most of the cost of a render (see bench/bench_build.py)."""
    from docxtpl import DocxTemplate
    from jinja2 import Environment

    class CachingTemplate(DocxTemplate):
        def patch_xml(self, xml: str) -> str:
            return _bounded_get(_PATCHED, xml, lambda: DocxTemplate.patch_xml(self, xml))

    class CachingEnvironment(Environment):
        def from_string(self, source, globals=None, template_class=None):
            if globals is not None or template_class is not None or not isinstance(source, str):
                return super().from_string(source, globals, template_class)
            return _bounded_get(
                _COMPILED, (source, bool(self.autoescape)), lambda: Environment.from_string(self, source)
            )

    return CachingTemplate, CachingEnvironment


def render(report: Report, template: Path) -> bytes:
    """The .docx bytes of ``report`` rendered with ``template``."""
    template_class, environment = _template_classes()
    try:
        tpl = template_class(str(template))
        tpl.render(context(report), jinja_env=environment(autoescape=True), autoescape=True)
    except Exception as exc:  # a user's own template may be broken
        raise OutputError(f"模板 {template} 无法使用：{type(exc).__name__}: {exc}") from None
    buffer = io.BytesIO()
    tpl.save(buffer)
    return buffer.getvalue()

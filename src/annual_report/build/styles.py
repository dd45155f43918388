"""Page and font conventions of the report (GB/T 9704-like), applied with python-docx."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"
TABLE_FONT = "宋体"
LATIN_FONT = "Times New Roman"

TITLE_SIZE = Pt(22)  # 二号
BODY_SIZE = Pt(16)  # 三号
TABLE_SIZE = Pt(10.5)  # 五号
TABLE_SIZE_SMALL = Pt(9)  # 小五


def _rfonts(rpr):
    """The ``w:rFonts`` of a run or style property element, created if absent."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    return fonts


def set_run_font(run, east_asia: str, size=None, bold: bool | None = None, latin: str = LATIN_FONT) -> None:
    """Set a run's fonts, East Asian text included (w:eastAsia, which python-docx's
    ``font.name`` does not set)."""
    run.font.name = latin
    fonts = _rfonts(run._element.get_or_add_rPr())
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    if size is not None:
        run.font.size = size
    if bold is not None:
        run.font.bold = bold


def set_style_font(style, east_asia: str, size=None, bold: bool | None = None) -> None:
    style.font.name = LATIN_FONT
    if size is not None:
        style.font.size = size
    if bold is not None:
        style.font.bold = bold
    _rfonts(style.element.get_or_add_rPr()).set(qn("w:eastAsia"), east_asia)


def setup_page(document) -> None:
    """A4 with GB/T 9704 margins (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm)."""
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    set_style_font(normal, BODY_FONT, BODY_SIZE)
    normal.paragraph_format.line_spacing = Pt(28)
    normal.paragraph_format.space_after = Pt(0)


def body_paragraph(document, text: str, indent: bool = True):
    p = document.add_paragraph()
    if indent:
        p.paragraph_format.first_line_indent = Pt(32)  # two characters of 三号
    run = p.add_run(text)
    set_run_font(run, BODY_FONT, BODY_SIZE)
    return p


def heading_paragraph(document, text: str):
    p = document.add_paragraph()
    p.paragraph_format.first_line_indent = Pt(32)
    p.paragraph_format.keep_with_next = True
    run = p.add_run(text)
    set_run_font(run, HEADING_FONT, BODY_SIZE)
    return p


def title_paragraph(document, text: str):
    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.line_spacing = Pt(36)
    p.paragraph_format.space_after = Pt(0)  # a title may take two lines; the blank line follows
    p.paragraph_format.keep_with_next = True
    run = p.add_run(text)
    set_run_font(run, TITLE_FONT, TITLE_SIZE)
    return p

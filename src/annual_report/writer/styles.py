"""Page and font conventions of the report (GB/T 9704-like), applied with python-docx.

一级标题 黑体 in the style 标题 1, 二级标题 "（一）…" 楷体 in 标题 2 (both with outline levels, so
Word's navigation pane and a table of contents list them), 正文 仿宋, page numbers "— 1 —" in
四号宋体 below the type area, odd pages on the right and even pages on the left."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
BODY_FONT = "仿宋_GB2312"
TABLE_FONT = "宋体"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"
# The Chinese fonts the report asks for (a PDF export warns when one is missing).
REPORT_FONTS = (TITLE_FONT, HEADING_FONT, SUBHEADING_FONT, BODY_FONT, TABLE_FONT)

HEADING_STYLES = {1: "Heading 1", 2: "Heading 2"}  # 标题 1 / 标题 2 in a Chinese Word

TITLE_SIZE = Pt(22)  # 二号
BODY_SIZE = Pt(16)  # 三号
TABLE_SIZE = Pt(10.5)  # 五号
TABLE_SIZE_SMALL = Pt(9)  # 小五
PAGE_NUMBER_SIZE = Pt(14)  # 四号
INDENT = Pt(32)  # two characters of 三号


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
    """A4 with GB/T 9704 margins (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm), the
    body and heading styles, and page numbers."""
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    set_style_font(normal, BODY_FONT, BODY_SIZE)
    normal.paragraph_format.line_spacing = Pt(28)
    normal.paragraph_format.space_after = Pt(0)
    setup_heading_style(document, 1, HEADING_FONT)
    setup_heading_style(document, 2, SUBHEADING_FONT)
    add_page_numbers(document)


def setup_heading_style(document, level: int, east_asia: str) -> None:
    """标题 1 / 标题 2 as an official report has them: the body's size (三号), not bold, black,
    indented like a paragraph, no extra space; outline level 1 / 2 for the navigation pane.
    python-docx's default template gives them theme fonts, colour and bold: all removed."""
    style = document.styles[HEADING_STYLES[level]]
    rpr = style.element.get_or_add_rPr()
    for tag in ("w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:color"):
        for element in rpr.findall(qn(tag)):
            rpr.remove(element)
    set_style_font(style, east_asia, BODY_SIZE, bold=False)
    fonts = _rfonts(rpr)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), LATIN_FONT)
    style.font.color.rgb = None
    pf = style.paragraph_format
    pf.space_before, pf.space_after = Pt(0), Pt(0)
    pf.line_spacing = Pt(28)
    pf.first_line_indent = INDENT
    pf.keep_with_next = True
    ppr = style.element.get_or_add_pPr()
    outline = ppr.find(qn("w:outlineLvl"))
    if outline is None:  # python-docx's template has it; a hand-made one may not
        outline = OxmlElement("w:outlineLvl")
        ppr.append(outline)
    outline.set(qn("w:val"), str(level - 1))


def body_paragraph(document, text: str, indent: bool = True):
    p = document.add_paragraph()
    if indent:
        p.paragraph_format.first_line_indent = INDENT
    run = p.add_run(text)
    set_run_font(run, BODY_FONT, BODY_SIZE)
    return p


def headed_body_paragraph(document, heading: str, text: str):
    """A paragraph that opens with its own 二级标题 ("（一）主动公开。全年……"): the heading in
    楷体, the text in 仿宋, as GB/T 9704 has a heading run into its paragraph."""
    p = document.add_paragraph()
    p.paragraph_format.first_line_indent = INDENT
    set_run_font(p.add_run(heading), SUBHEADING_FONT, BODY_SIZE)
    set_run_font(p.add_run(text), BODY_FONT, BODY_SIZE)
    return p


def heading_paragraph(document, text: str, level: int = 1):
    """一级标题 (黑体) or a 二级标题 on its own line (楷体), in the heading styles."""
    p = document.add_paragraph(style=HEADING_STYLES[level])
    run = p.add_run(text)
    set_run_font(run, HEADING_FONT if level == 1 else SUBHEADING_FONT, BODY_SIZE)
    return p


def _field_runs(paragraph, instruction: str, shown: str, font: str, size) -> None:
    """A complex field (begin, instruction, separate, the last shown value, end) as runs."""

    def run_with(child):
        run = paragraph.add_run()
        set_run_font(run, font, size, latin=font)
        run._element.append(child)

    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, None), ("end", None)):
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run_with(char)
        elif text is not None:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run_with(instr)
        else:
            value = OxmlElement("w:t")
            value.text = shown
            run_with(value)


def _page_number_paragraph(paragraph, align) -> None:
    paragraph.alignment = align
    pf = paragraph.paragraph_format
    pf.first_line_indent = Pt(0)
    pf.line_spacing = 1.0
    # one character (四号) in from the edge: right on odd pages, left on even pages
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        pf.right_indent = PAGE_NUMBER_SIZE
    else:
        pf.left_indent = PAGE_NUMBER_SIZE
    set_run_font(paragraph.add_run("— "), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE, latin=PAGE_NUMBER_FONT)
    _field_runs(paragraph, " PAGE ", "1", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    set_run_font(paragraph.add_run(" —"), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE, latin=PAGE_NUMBER_FONT)


def add_page_numbers(document) -> None:
    """"— 1 —" in 四号宋体 about 7 mm below the type area (GB/T 9704 7.5): odd pages on the
    right, even pages on the left, each one character in from the edge."""
    document.settings.odd_and_even_pages_header_footer = True
    for section in document.sections:
        section.footer_distance = Mm(23)  # 35 mm margin − 7 mm gap − the number's line
        _page_number_paragraph(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
        _page_number_paragraph(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def title_paragraph(document, text: str):
    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.line_spacing = Pt(36)
    p.paragraph_format.space_after = Pt(0)  # a title may take two lines; the blank line follows
    p.paragraph_format.keep_with_next = True
    run = p.add_run(text)
    set_run_font(run, TITLE_FONT, TITLE_SIZE)
    return p

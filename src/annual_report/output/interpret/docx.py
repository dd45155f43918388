"""The 解读 as a .docx: the same sentences, charts (PNG images, drawn by matplotlib with a CJK
font), figures table and definitions as the HTML, in the fonts of the report itself."""

from __future__ import annotations

import io

from . import Interpretation
from .charts import png_chart
from .figures import change_text, number_text


def docx_bytes(interpretation: Interpretation) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    from ...writer import styles as st

    i = interpretation
    document = Document()
    st.setup_page(document)
    st.title_paragraph(document, i.title)
    lead = f"本解读根据{i.report.body.name}{i.report.year}年政府信息公开工作年度报告的表格数据生成"
    if len(i.series.years) > 1:
        lead += f"，并与{'、'.join(str(y) for y in i.series.years[:-1])}年度报告对比"
    st.body_paragraph(document, lead + "。")

    st.heading_paragraph(document, "一、数说年报")
    for text in i.sentences:
        st.body_paragraph(document, text + "。")

    st.heading_paragraph(document, "二、图解")
    for chart in i.charts:
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.line_spacing = 1.0  # the Normal style's exact 28 pt would clip the image
        p.add_run().add_picture(io.BytesIO(png_chart(chart)), width=Cm(15))
        caption = st.body_paragraph(document, f"图：{chart.title}（{chart.describe()}）", indent=False)
        for run in caption.runs:
            st.set_run_font(run, st.TABLE_FONT, st.TABLE_SIZE)
    for note in i.notes:
        st.body_paragraph(document, note + "。")

    st.heading_paragraph(document, "三、主要数据")
    years = i.series.years
    table = document.add_table(rows=1, cols=len(years) + 2)
    table.style = "Table Grid"
    header = ["项目", *(f"{y}年" for y in years), "比上年"]
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = text
    for group, rows in i.groups:
        cells = table.add_row().cells
        merged = cells[0].merge(cells[-1])
        merged.text = group
        for row in rows:
            cells = table.add_row().cells
            unit = row.figure.unit
            label = row.figure.label + ("（万元）" if unit == "万元" else "")
            texts = [label, *("不适用" if r.undefined else number_text(r.value, unit) for r in row.readings), change_text(row.figure, row.change) or row.change.why]
            for cell, text in zip(cells, texts):
                cell.text = text
    for row in table.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                p.paragraph_format.first_line_indent = Pt(0)
                p.paragraph_format.line_spacing = 1.0
                for run in p.runs:
                    st.set_run_font(run, st.TABLE_FONT, st.TABLE_SIZE_SMALL)

    st.heading_paragraph(document, "四、指标说明")
    for row in i.measures:
        st.body_paragraph(document, f"{row.figure.label}：{row.figure.definition}。")
    st.body_paragraph(document, "比上年：本年数减上年数；增减百分比 =（本年 − 上年）÷ 上年 × 100%，比率只比较百分点。某年数据缺失时写作“缺失”，不按0计算；分母为0的比率写作“不适用”。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()

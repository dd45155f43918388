"""The 解读 as one self-contained HTML file: inline CSS, charts as inline SVG, no scripts and
nothing fetched, so it can be mailed, put on a USB stick or published as it is."""

from __future__ import annotations

from ..jinja import render, static_text
from . import Interpretation
from .charts import svg_chart


def render_html(interpretation: Interpretation) -> str:
    return render(
        "interpret.html.j2",
        i=interpretation,
        svgs=[svg_chart(c, f"chart{n}") for n, c in enumerate(interpretation.charts, start=1)],
        css=static_text("interpret.css"),
    )

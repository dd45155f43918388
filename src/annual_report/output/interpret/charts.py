"""Charts of a 解读: bars for the categories of one year, lines for the years.

A chart is first described as data (:class:`Chart`: categories, series, values with None
for missing), then drawn once by matplotlib (:func:`draw`) with a CJK font from :mod:`.fonts`
and saved twice: as SVG with its text kept as text for the HTML (selectable, searchable, shown
in the reader's own Chinese font; :func:`svg_chart`), and as PNG for the .docx (Word cannot be
relied on to show SVG; :func:`png_chart`).  A missing value is drawn as a gap marked 缺失,
never as a bar or point at 0.

Value labels never cover each other or the axis labels: every label sits above its point,
and labels of one year are stacked by value (the lowest nearest its point), so lines that meet
— two series at 0 — get two labels one above the other, never one on the year's label.
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass

from .figures import FIGURE, RESULT_KEYS, Series, number_text

PALETTE = ("#1f5fa8", "#d9822b", "#3a8f4b", "#8e44ad")


@dataclass(frozen=True)
class Chart:
    kind: str  # "bar" | "line"
    title: str
    unit: str
    categories: tuple[str, ...]  # bar labels, or years for a line chart
    series: tuple[tuple[str, tuple], ...]  # (name, values aligned with categories; None = missing)

    def describe(self) -> str:
        """The chart's data in words (the SVG's description, for screen readers)."""
        parts = []
        for name, values in self.series:
            items = "，".join(f"{c}：{number_text(v, self.unit)}" for c, v in zip(self.categories, values))
            parts.append(f"{name}——{items}")
        return "；".join(parts)


def charts(s: Series) -> tuple[list[Chart], list[str]]:
    """The charts of a body's series and, when a trend chart cannot be drawn, why."""
    year = s.report.year
    out = [
        Chart(
            "bar",
            f"{year}年度政府信息公开申请办理结果",
            "件",
            tuple(FIGURE[k].label for k in RESULT_KEYS),
            (("本年", tuple(s.row(k).current.value for k in RESULT_KEYS)),),
        ),
        Chart(
            "bar",
            f"{year}年度主动公开：处理决定数量",
            "件",
            ("行政许可", "行政处罚", "行政强制"),
            (("本年", tuple(s.row(k).current.value for k in ("licensing", "penalties", "enforcement"))),),
        ),
    ]
    notes: list[str] = []
    if len(s.years) < 2:
        notes.append(f"只有{year}年度一份报告，没有往年数据，不绘制历年趋势图")
        return out, notes
    years = tuple(f"{y}年" for y in s.years)
    out.append(
        Chart("line", "历年依申请公开申请数量", "件", years, tuple((FIGURE[k].label, tuple(r.value for r in s.row(k).readings)) for k in ("new", "handled")))
    )
    out.append(
        Chart("line", "历年行政复议、行政诉讼数量", "件", years, tuple((FIGURE[k].label, tuple(r.value for r in s.row(k).readings)) for k in ("review", "litigation")))
    )
    return out, notes


def nice_top(value: float) -> float:
    """The axis top: the smallest 1, 2, 2.5 or 5 × 10ⁿ at or above ``value``, at least 5 (so
    that the five steps of a count axis are whole numbers)."""
    if value <= 5:
        return 5
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns


def _fmt(value: float) -> str:
    return f"{value:g}"


LABEL_GAP = 4  # points between a point (or bar) and its value label
LABEL_STEP = 12  # points between stacked labels of one year


def label_rank(chart: Chart, s_index: int, i: int) -> int:
    """How many labels of category ``i`` sit below series ``s_index``'s label: the series
    ordered by value there (a missing value counts as 0, where its 缺失 label is drawn)."""
    values = sorted((0 if vs[i] is None else vs[i], n) for n, (_, vs) in enumerate(chart.series))
    return [n for _, n in values].index(s_index)


def draw(chart: Chart, dpi: int = 150):
    """The chart as a matplotlib ``Figure`` (not yet saved).  matplotlib is imported here only."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    from .fonts import cjk_family

    k = len(chart.series)
    with matplotlib.rc_context({"font.family": [cjk_family()], "axes.unicode_minus": False, "font.size": 9, "svg.fonttype": "none"}):
        fig = Figure(figsize=(6.4, 3.0), dpi=dpi)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot(1, 1, 1)
        xs = list(range(len(chart.categories)))
        values = [v for _, vs in chart.series for v in vs if v is not None]
        # room above the highest point for its label and the labels stacked under it
        ax.set_ylim(0, nice_top(max(values, default=0)) * (1.2 + 0.1 * k))
        for s_index, (name, vals) in enumerate(chart.series):
            colour = PALETTE[s_index % len(PALETTE)]
            if chart.kind == "bar":
                width = 0.7 / k
                offs = [x - 0.35 + width * (s_index + 0.5) for x in xs]
                drawn = [(x, v) for x, v in zip(offs, vals) if v is not None]
                if drawn:
                    ax.bar([x for x, _ in drawn], [v for _, v in drawn], width=width, color=colour, label=name)
                for x, v in zip(offs, vals):
                    text, colour_t = ("缺失", "#b00020") if v is None else (_fmt(v), "#222222")
                    ax.annotate(text, (x, v or 0), textcoords="offset points", xytext=(0, LABEL_GAP), ha="center", va="bottom", color=colour_t)
            else:
                ys = [float("nan") if v is None else v for v in vals]
                ax.plot(xs, ys, marker="o", color=colour, label=name)
                for x, v in zip(xs, vals):
                    text, colour_t = (f"{name}缺失", "#b00020") if v is None else (_fmt(v), colour)
                    up = LABEL_GAP + LABEL_STEP * label_rank(chart, s_index, x)
                    ax.annotate(text, (x, v or 0), textcoords="offset points", xytext=(0, up), ha="center", va="bottom", color=colour_t)
        ax.set_xticks(xs, list(chart.categories))
        ax.set_xlim(-0.6, len(xs) - 0.4)
        if chart.unit == "件":  # counts: whole-number ticks
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(chart.title, loc="left", fontweight="bold")
        ax.set_ylabel(chart.unit)
        ax.spines[["top", "right"]].set_visible(False)
        if k > 1:  # the legend below the plot: never on a line or a label
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=k, frameon=False)
        # fixed margins (a layout engine would lay every text out twice, the slowest part)
        fig.subplots_adjust(left=0.1, right=0.98, top=0.88, bottom=0.24 if k > 1 else 0.13)
    return fig


def text_boxes(fig) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Every visible text of a drawn chart with its box (x0, y0, x1, y1, in pixels): what the
    overlap test compares."""
    from matplotlib.text import Text

    renderer = fig.canvas.get_renderer()
    fig.draw(renderer)  # lays the figure out as it will be saved
    out = []
    for t in fig.findobj(Text):
        if t.get_visible() and t.get_text().strip() and t.figure is not None:
            b = t.get_window_extent(renderer)
            out.append((t.get_text(), (b.x0, b.y0, b.x1, b.y1)))
    return out


def png_chart(chart: Chart, dpi: int = 150) -> bytes:
    """The chart as a PNG, for the .docx."""
    out = io.BytesIO()
    draw(chart, dpi).savefig(out, format="png")
    return out.getvalue()


_ID = re.compile(r'(\bid="|url\(#|href="#)([^")]+)')


def svg_chart(chart: Chart, id: str = "chart") -> str:
    """The chart as inline SVG markup for an HTML page: text kept as text, no XML prolog,
    every id prefixed with ``id`` (several charts share a page), scaled to the page's width,
    with a <title> and a <desc> giving the data to screen readers.  Returned as Markup: the
    text in it was escaped by matplotlib's SVG writer."""
    import matplotlib
    from markupsafe import Markup, escape

    out = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": id}):
        draw(chart).savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    text = out.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)
    text = _ID.sub(lambda m: f"{m.group(1)}{id}-{m.group(2)}", text)
    text = text.replace(' xmlns:xlink="http://www.w3.org/1999/xlink"', "").replace("xlink:href=", "href=")  # inline in HTML
    opening = re.match(r"<svg[^>]*>", text).group(0)
    attrs = re.sub(r'\s(width|height)="[^"]*"', "", opening[:-1])
    accessible = (
        f'{attrs} width="100%" role="img" aria-labelledby="{id}-t {id}-d">'
        f'<title id="{id}-t">{escape(chart.title)}</title><desc id="{id}-d">{escape(chart.describe())}</desc>'
    )
    return Markup('<figure class="chart">' + accessible + text[len(opening) :] + "</figure>")

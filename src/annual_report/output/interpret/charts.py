"""Charts of a 解读: bars for the categories of one year, lines for the years.

A chart is first described as data (:class:`Chart`: categories, series, values with None
for missing), then drawn twice: as SVG geometry that a jinja2 template writes into the HTML
(text stays text, the page stays one small self-contained file and the browser's own fonts
show the Chinese), and as a PNG by matplotlib for the .docx, with a CJK font from
:mod:`.fonts` (Word cannot be relied on to show SVG).  A missing value is drawn as a gap
marked 缺失, never as a bar or point at 0.
"""

from __future__ import annotations

import math
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


# --- SVG geometry (drawn by templates/chart.svg.j2) ------------------------------------------


@dataclass(frozen=True)
class SvgText:
    x: float
    y: float
    text: str
    anchor: str = "middle"
    cls: str = ""


@dataclass(frozen=True)
class SvgBar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    label: str  # for its <title>


@dataclass(frozen=True)
class SvgLine:
    points: str  # "x,y x,y …" of one unbroken run
    colour: str


@dataclass(frozen=True)
class SvgPoint:
    x: float
    y: float
    colour: str
    label: str


@dataclass(frozen=True)
class SvgChart:
    chart: Chart
    width: int
    height: int
    plot: tuple[float, float, float, float]  # left, top, right, bottom
    ticks: tuple[tuple[float, str], ...]  # (y, label)
    bars: tuple[SvgBar, ...]
    lines: tuple[SvgLine, ...]
    points: tuple[SvgPoint, ...]
    texts: tuple[SvgText, ...]
    legend: tuple[tuple[float, str, str], ...]  # (x, colour, name)


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


def label_above(chart: Chart, s_index: int, i: int) -> bool:
    """Whether a line chart's value label at category ``i`` goes above the point: the
    highest series there is labelled above, the others below, so labels of lines that meet
    or cross do not cover each other."""
    values = [(vs[i], n) for n, (_, vs) in enumerate(chart.series) if vs[i] is not None]
    return max(values, key=lambda t: (t[0], -t[1]))[1] == s_index


def svg_chart(chart: Chart, width: int = 640, height: int = 300) -> SvgChart:
    left, top, right, bottom = 56.0, 44.0, width - 16.0, height - 52.0
    values = [v for _, vs in chart.series for v in vs if v is not None]
    top_value = nice_top(max(values, default=0))
    y_of = lambda v: bottom - (bottom - top) * (v / top_value)  # noqa: E731
    ticks = tuple((round(y_of(top_value * i / 5), 1), _fmt(top_value * i / 5)) for i in range(6))
    n = len(chart.categories)
    band = (right - left) / max(n, 1)
    texts: list[SvgText] = [SvgText(left, 20, chart.title, "start", "title"), SvgText(left - 8, top - 12, chart.unit, "end", "unit")]
    bars: list[SvgBar] = []
    lines: list[SvgLine] = []
    points: list[SvgPoint] = []
    for i, category in enumerate(chart.categories):
        texts.append(SvgText(round(left + band * (i + 0.5), 1), bottom + 18, category, "middle", "category"))
    k = len(chart.series)
    for s_index, (name, vals) in enumerate(chart.series):
        colour = PALETTE[s_index % len(PALETTE)]
        if chart.kind == "bar":
            bar_w = band * 0.7 / k
            for i, v in enumerate(vals):
                x = left + band * i + band * 0.15 + bar_w * s_index
                cx = round(x + bar_w / 2, 1)
                if v is None:
                    texts.append(SvgText(cx, bottom - 6, "缺失", "middle", "missing"))
                    continue
                y = y_of(v)
                bars.append(SvgBar(round(x, 1), round(y, 1), round(bar_w, 1), round(bottom - y, 1), colour, f"{chart.categories[i]}：{number_text(v, chart.unit)}"))
                texts.append(SvgText(cx, round(y - 4, 1), _fmt(v), "middle", "value"))
        else:
            run: list[str] = []
            for i, v in enumerate(vals):
                x = round(left + band * (i + 0.5), 1)
                if v is None:
                    if run:
                        lines.append(SvgLine(" ".join(run), colour))
                    run = []
                    texts.append(SvgText(x, bottom - 6 - 14 * s_index, f"{name}缺失", "middle", "missing"))
                    continue
                y = round(y_of(v), 1)
                run.append(f"{x},{y}")
                points.append(SvgPoint(x, y, colour, f"{chart.categories[i]}{name}：{number_text(v, chart.unit)}"))
                texts.append(SvgText(x, round(y - 8 if label_above(chart, s_index, i) else y + 16, 1), _fmt(v), "middle", "value"))
            if run:
                lines.append(SvgLine(" ".join(run), colour))
    legend = tuple((left + 130.0 * i, PALETTE[i % len(PALETTE)], name) for i, (name, _) in enumerate(chart.series)) if k > 1 else ()
    return SvgChart(chart, width, height, (left, top, right, bottom), ticks, tuple(bars), tuple(lines), tuple(points), tuple(texts), legend)


# --- PNG by matplotlib (for the .docx) -------------------------------------------------------


def png_chart(chart: Chart, dpi: int = 150) -> bytes:
    """The chart as a PNG, its Chinese in a CJK font.  matplotlib is imported here only."""
    import io

    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from .fonts import cjk_family

    family = cjk_family()
    with matplotlib.rc_context({"font.family": [family], "axes.unicode_minus": False, "font.size": 9}):
        fig = Figure(figsize=(6.4, 3.0), dpi=dpi)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot(1, 1, 1)
        xs = list(range(len(chart.categories)))
        values = [v for _, vs in chart.series for v in vs if v is not None]
        ax.set_ylim(0, nice_top(max(values, default=0)) * 1.12)
        k = len(chart.series)
        for s_index, (name, vals) in enumerate(chart.series):
            colour = PALETTE[s_index % len(PALETTE)]
            if chart.kind == "bar":
                width = 0.7 / k
                offs = [x - 0.35 + width * (s_index + 0.5) for x in xs]
                for x, v in zip(offs, vals):
                    if v is None:
                        ax.text(x, 0, "缺失", ha="center", va="bottom", color="#b00020")
                    else:
                        ax.bar(x, v, width=width, color=colour, label=name if x == offs[0] else None)
                        ax.text(x, v, _fmt(v), ha="center", va="bottom")
            else:
                ys = [float("nan") if v is None else v for v in vals]
                ax.plot(xs, ys, marker="o", color=colour, label=name)
                for x, v in zip(xs, vals):
                    if v is None:
                        ax.text(x, 0, f"{name}缺失", ha="center", va="bottom", color="#b00020")
                    else:
                        above = label_above(chart, s_index, x)
                        ax.annotate(_fmt(v), (x, v), textcoords="offset points", xytext=(0, 5 if above else -13), ha="center")
        ax.set_xticks(xs, list(chart.categories))
        if chart.unit == "件":  # counts: whole-number ticks
            from matplotlib.ticker import MaxNLocator

            ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(chart.title)
        ax.set_ylabel(chart.unit)
        ax.spines[["top", "right"]].set_visible(False)
        if k > 1:
            ax.legend(frameon=False)
        fig.tight_layout()
        out = io.BytesIO()
        fig.savefig(out, format="png")
    return out.getvalue()

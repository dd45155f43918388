"""年报解读: a year's report explained from its own figures and its body's earlier years.

``interpret(report, history)`` gathers what every 解读 format shows — the key figures of each
year, the derived measures with their definitions, the change on last year, sentences made
only from the data, and the charts — into one :class:`Interpretation`; the formats (the
built-in .docx and HTML, or an office's own, see ``register_outputs``) only lay it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ...model.report import Report
from .charts import Chart, charts
from .figures import GROUPS, Series, sentences, series


@dataclass(frozen=True)
class Interpretation:
    series: Series
    sentences: tuple[str, ...]
    charts: tuple[Chart, ...]
    notes: tuple[str, ...]  # what could not be shown, and why

    @property
    def report(self) -> Report:
        return self.series.report

    @property
    def title(self) -> str:
        return f"{self.report.body.name or '（未知机关）'}{self.report.year}年政府信息公开工作年度报告解读"

    @property
    def groups(self) -> tuple[tuple[str, tuple], ...]:
        return tuple((g, self.series.group(g)) for g in GROUPS)

    @property
    def measures(self) -> tuple:
        return tuple(r for r in self.series.rows if r.figure.definition)


def interpret(report: Report, history: Iterable[Report] = ()) -> Interpretation:
    s = series(report, history)
    chart_list, chart_notes = charts(s)
    return Interpretation(s, tuple(sentences(s)), tuple(chart_list), tuple(s.notes) + tuple(chart_notes))


def file_stem(interpretation: Interpretation) -> str:
    """The output file name without suffix: ``2024年政府信息公开工作年度报告解读``."""
    return f"{interpretation.report.year}年政府信息公开工作年度报告解读"

"""Round trip: the report `build` writes (engineer BUILD's writer and template), read back by
the .docx reader, gives the data it was built from — tables, title, year, narrative."""

from __future__ import annotations

import random

from drafts import same_tables
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annual_report.writer.render import render, template_for
from annual_report.check.engine import make_checker
from synth import consistent_data
from annual_report.readers.docx import read_docx
from annual_report.readers.jsondata import report_from_data

CHECKER = make_checker()


def test_build_output_reads_back_round_trip(tmp_path):
    for year in (2020, 2022):
        data = consistent_data(year, random.Random(year))
        report = report_from_data(data)
        path = tmp_path / f"{year}.docx"
        path.write_bytes(render(report, template_for(report.edition)))
        back = read_docx(path)
        same_tables(report, back)
        assert back.title == report.title and back.year == year
        for n in ("一", "五", "六"):
            assert [p.text for p in back.part(n).paragraphs] == [p.text for p in report.part(n).paragraphs]
        assert CHECKER.check(back) == []


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), year=st.sampled_from([2019, 2020, 2021, 2024]))
def test_property_built_reports_read_back(tmp_path, seed, year):
    rng = random.Random(seed)
    data = consistent_data(year, rng, scale=rng.choice([0, 3, 80, 5000]))
    report = report_from_data(data)
    path = tmp_path / "built.docx"
    path.write_bytes(render(report, template_for(report.edition)))
    back = read_docx(path)
    same_tables(report, back)
    assert back.edition == report.edition and back.year == year and back.body.name == report.body.name
    assert [p.number for p in back.parts] == list("一二三四五六")

"""Fuzzing the reader: random table shapes, merges and cell texts, random bytes as XML —
it either reads (reporting what it cannot map) or refuses with a message; never crashes, and
no built-in rule crashes or times out on what it read (no AR003/AR004 finding)."""

from __future__ import annotations

import random
import zipfile

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annual_report.check.engine import make_checker
from annual_report.model.errors import UserError
from annual_report.model.layout import table_layout
from synth import consistent_data
from annual_report.readers.docx import read_docx
from annual_report.readers.jsondata import report_from_data

LABELS = [r.label for e in ("2019", "2021") for t in "ABC" for r in table_layout(e, t).rows]
WORDS = LABELS + ["自然人", "商业企业", "总计", "小计", "申请人情况", "法人或其他组织", "信息内容", "结果维持", "行政复议", "行政诉讼", "第二十条第（一）项", "—", "/", "无", "", "１２", "12件", "1,234", "0.5万元", "+3", "十二", "abc"]
CHECKER = make_checker()
# a consistent earlier year, so that the cross-year and repetition rules run on the fuzzed draft too
HISTORY = (report_from_data(consistent_data(2022, random.Random(2022))),)


def _assert_no_rule_failed(findings) -> None:
    """The engine turns a crash or a timeout of a rule into an AR003/AR004 finding instead of
    an exception; for the built-in rules either is a bug."""
    failed = [f.message for f in findings if f.code in ("AR003", "AR004")]
    assert not failed, failed


def _run(text):
    from xml.sax.saxutils import escape

    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    return parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve">{escape(text)}</w:t></w:r>')

PRINTABLE = st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn"))
cell_text = st.one_of(st.sampled_from(WORDS), st.text(PRINTABLE, max_size=12), st.integers(-5, 10**6).map(str))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(
    shapes=st.lists(st.tuples(st.integers(1, 30), st.integers(1, 12)), min_size=1, max_size=3),
    texts=st.lists(cell_text, min_size=1, max_size=60),
    merges=st.lists(st.tuples(st.integers(0, 29), st.integers(0, 11), st.integers(0, 29), st.integers(0, 11)), max_size=4),
    paragraphs=st.lists(st.one_of(st.sampled_from(["一、总体情况", "五、存在的主要问题及改进情况", "本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。"]), st.text(PRINTABLE, max_size=30)), max_size=6),
)
def test_random_tables_read_or_report(tmp_path, shapes, texts, merges, paragraphs):
    document = docx.Document()
    document.add_paragraph("某镇人民政府2023年政府信息公开工作年度报告")
    k = 0
    for rows, cols in shapes:
        for text in paragraphs:
            document.add_paragraph(text)
        table = document.add_table(rows=rows, cols=cols)
        for tr in table._tbl.tr_lst:
            for tc in tr.tc_lst:
                tc.p_lst[0].append(_run(texts[k % len(texts)]))
                k += 1
        for r1, c1, r2, c2 in merges:
            try:
                table.cell(min(r1, rows - 1), min(c1, cols - 1)).merge(table.cell(min(r2, rows - 1), min(c2, cols - 1)))
            except Exception:
                pass  # python-docx refuses some shapes; the draft is whatever it produced
    path = tmp_path / "随机 草稿.docx"
    document.save(path)
    report = read_docx(path)
    # the rules must cope with whatever the reader produced, with and without history
    _assert_no_rule_failed(CHECKER.check(report))
    _assert_no_rule_failed(CHECKER.check(report, HISTORY))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=2000))
def test_random_bytes_as_document_xml(tmp_path, blob):
    path = tmp_path / "x.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", blob)
    try:
        report = read_docx(path)
    except UserError:
        return
    _assert_no_rule_failed(CHECKER.check(report))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=3000))
def test_random_bytes_as_a_file(tmp_path, blob):
    path = tmp_path / "x.docx"
    path.write_bytes(blob)
    try:
        read_docx(path)
    except UserError:
        pass

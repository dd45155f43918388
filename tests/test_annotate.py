"""The annotated copy (`check --annotate`): one Word comment per finding, anchored on the cell
or paragraph it concerns (blank cells too), author 年报检查, rule ID and severity first; the copy
reopens and is a well-formed package; the original's bytes never change."""

from __future__ import annotations

import json
import random
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from drafts import DraftStyle, write_draft
from typer.testing import CliRunner

from annual_report.check.engine import make_checker
from annual_report.cli import app
from annual_report.model.errors import UserError
from annual_report.model.findings import Finding, Location, Severity
from synth import consistent_data, consistent_series
from annual_report.ooxml.xml import cell_text, paragraph_text
from annual_report.output.annotate import annotate
from annual_report.readers.docx import read_docx

runner = CliRunner()
CHECKER = make_checker()


def _anchors(document) -> dict[int, tuple[str, str]]:
    """comment id -> ("cell" | "p", text of the cell or paragraph the comment range starts in)."""
    out = {}
    for start in document.element.body.iter(qn("w:commentRangeStart")):
        el = start.getparent()
        p = el
        while el is not None and el.tag != qn("w:tc"):
            el = el.getparent()
        if el is None:
            out[int(start.get(qn("w:id")))] = ("p", paragraph_text(p))
        else:
            out[int(start.get(qn("w:id")))] = ("cell", cell_text(el).strip())
    return out


def test_annotated_copy_has_one_comment_per_finding_at_the_right_place(tmp_path):
    series = consistent_series([2022, 2023], random.Random(4))
    series[1]["tables"]["B"]["rows"][2]["总计"] += 1  # （一）予以公开 总计 off by one
    series[1]["tables"]["B"]["rows"][1]["自然人"] += 1  # 上年结转 breaks the carry-over too
    series[1]["tables"]["B"]["rows"][1]["总计"] += 1
    draft = write_draft(series[1], tmp_path / "草稿.docx")
    history = write_draft(series[0], tmp_path / "2022.docx")
    original = draft.read_bytes()
    out = tmp_path / "草稿-审核意见.docx"
    result = runner.invoke(app, ["check", str(draft), "--history", str(history), "--annotate", str(out), "--format", "json"])
    assert result.exit_code == 1
    findings = json.loads(result.output[: result.output.rindex("}") + 1])["reports"][0]["findings"]
    assert draft.read_bytes() == original
    document = docx.Document(out)
    comments = list(document.comments)
    assert len(comments) == len(findings) >= 3
    assert all(c.author == "年报检查" for c in comments)
    texts = [c.text for c in comments]
    assert any(t.startswith("AR101【错误】") for t in texts)
    # each comment is anchored: the commentRangeStart sits in the cell the finding names
    anchored = _anchors(document)
    by_id = {c.comment_id: c.text for c in comments}
    ar101 = next(cid for cid, t in by_id.items() if t.startswith("AR101"))
    assert anchored[ar101] == ("cell", str(series[1]["tables"]["B"]["rows"][2]["总计"]))
    assert len(anchored) == len(comments)


def test_blank_cell_gets_a_run_to_anchor_on(tmp_path):
    data = consistent_data(2023, random.Random(3))
    data["tables"]["B"]["rows"][4]["科研机构"] = None
    draft = write_draft(data, tmp_path / "d.docx", DraftStyle(seed=4))
    report = read_docx(draft)
    findings = [f for f in CHECKER.check(report) if f.code == "AR108" and f.location.row == "deny.1"]
    assert len(findings) == 1 and findings[0].location.cell is not None
    t, r, c = findings[0].location.cell
    out = tmp_path / "out.docx"
    assert annotate(draft, findings, out) == 1
    document = docx.Document(out)
    tc = list(document.element.body.iter(qn("w:tbl")))[t].findall(qn("w:tr"))[r].findall(qn("w:tc"))[c]
    assert list(tc.iter(qn("w:commentRangeStart"))) and list(tc.iter(qn("w:commentReference")))
    assert cell_text(tc).strip() == report.tables["B"].raw.get(("deny.1", "科研机构"), "").strip()


def test_paragraph_and_fallback_anchors(tmp_path):
    data = consistent_data(2023, random.Random(3))
    draft = write_draft(data, tmp_path / "d.docx", DraftStyle(layout_table=False))
    report = read_docx(draft)
    five = report.part("五")
    para = five.paragraphs[0]
    findings = [
        Finding("AR601", Severity.WARNING, "段落问题", Location(part="五", paragraph=0, docx_paragraph=para.source)),
        Finding("AR102", Severity.ERROR, "表格问题", Location(table="C")),
        Finding("AR603", Severity.INFO, "部分问题", Location(part="六")),
        Finding("AR001", Severity.ERROR, "整体问题", Location()),
    ]
    out = tmp_path / "out.docx"
    assert annotate(draft, findings, out, report=report) == 4
    document = docx.Document(out)
    texts = {c.comment_id: c.text for c in document.comments}
    anchors = {texts[cid].split("】")[0]: where for cid, where in _anchors(document).items()}
    assert anchors["AR601【警告"] == ("p", para.text)
    c_first = min(report.tables["C"].sources.values(), key=lambda ref: (ref.table, ref.row, ref.cell))
    assert anchors["AR102【错误"] == ("cell", report.tables["C"].raw[next(k for k, v in report.tables["C"].sources.items() if v == c_first)])
    assert anchors["AR603【提示"] == ("p", report.part("六").heading)
    assert anchors["AR001【错误"] == ("p", report.title)
    assert all(c.author == "年报检查" for c in document.comments)


def test_copy_is_a_well_formed_package_and_the_original_is_untouched(tmp_path):
    data = consistent_data(2023, random.Random(5))
    data["tables"]["C"]["rows"][0]["总计"] += 2
    draft = write_draft(data, tmp_path / "草稿 (初稿).docx", DraftStyle(comments=True, tracked_changes=True, seed=2))
    before = draft.read_bytes()
    report = read_docx(draft)
    findings = CHECKER.check(report)
    assert {"AR106", "AR012"} <= {f.code for f in findings}
    out = tmp_path / "审核意见.docx"
    n = annotate(draft, findings, out, report=report)
    assert n == len(findings)
    assert draft.read_bytes() == before
    with zipfile.ZipFile(out) as z:
        assert z.testzip() is None
        names = set(z.namelist())
        assert "word/comments.xml" in names
        types = z.read("[Content_Types].xml").decode()
        assert "/word/comments.xml" in types and "wordprocessingml.comments+xml" in types
        rels = z.read("word/_rels/document.xml.rels").decode()
        assert "relationships/comments" in rels
        from lxml import etree

        for name in ("word/document.xml", "word/comments.xml"):
            etree.fromstring(z.read(name))  # well-formed
        # every comment range is closed and referenced once
        doc = z.read("word/document.xml").decode()
    document = docx.Document(out)
    ids = [c.comment_id for c in document.comments]
    # the draft's own two comments stay, ours are added
    assert len(ids) == n + 2
    for cid in ids:
        assert doc.count(f'w:commentRangeStart w:id="{cid}"') == 1 and doc.count(f'w:commentRangeEnd w:id="{cid}"') == 1
        assert doc.count(f'w:commentReference w:id="{cid}"') == 1
    # the annotated copy reads back to the same tables
    again = read_docx(out)
    assert again.tables["B"].values == report.tables["B"].values


def test_annotate_refuses_to_overwrite_the_draft(tmp_path):
    draft = write_draft(consistent_data(2023, random.Random(1)), tmp_path / "d.docx")
    with pytest.raises(UserError, match="不能覆盖原稿"):
        annotate(draft, [], draft)


def test_fallback_anchors_in_a_layout_table_draft(tmp_path):
    data = consistent_data(2023, random.Random(3))
    draft = write_draft(data, tmp_path / "d.docx", DraftStyle(layout_table=True))
    report = read_docx(draft)
    assert report.part("六").source is None  # its heading is inside the layout table
    findings = [
        Finding("AR603", Severity.INFO, "部分问题", Location(part="六")),
        Finding("AR001", Severity.ERROR, "整体问题", Location()),
    ]
    out = tmp_path / "out.docx"
    assert annotate(draft, findings, out, report=report) == 2
    document = docx.Document(out)
    texts = {c.comment_id: c.text[:5] for c in document.comments}
    paragraphs = {texts[int(start.get(qn("w:id")))]: paragraph_text(start.getparent()) for start in document.element.body.iter(qn("w:commentRangeStart"))}
    assert paragraphs == {"AR603": report.part("六").heading, "AR001": report.title}


def _commented_text(document) -> dict[str, str]:
    """comment text -> the words its range covers."""
    texts = {c.comment_id: c.text for c in document.comments}
    out = {}
    for start in document.element.body.iter(qn("w:commentRangeStart")):
        cid = start.get(qn("w:id"))
        p = start.getparent()
        while p.tag != qn("w:p"):
            p = p.getparent()
        inside, words = False, ""
        for el in p.iter():
            if el.tag == qn("w:commentRangeStart") and el.get(qn("w:id")) == cid:
                inside = True
            elif el.tag == qn("w:commentRangeEnd") and el.get(qn("w:id")) == cid:
                inside = False
            elif inside and el.tag == qn("w:t"):
                words += el.text or ""
        out[texts[int(cid)]] = words
    return out


def _formatting(paragraph) -> list[tuple[str, bool]]:
    """Each character with its boldness: what a reader of the page sees."""
    return [(ch, bool(run.bold)) for run in paragraph.runs for ch in run.text]


SENTENCE = "本年度新收政府信息公开申请１２３件，依据国办发[2016]80号文件办理。"


def test_comments_on_a_text_figure_and_a_citation_cover_those_words_only(tmp_path):
    """Word splits runs anywhere (here every 4 characters, alternately bold, full-width digits as
    an officer types them); the comment still covers exactly the figure and the citation, and
    the copy's text and formatting are the draft's."""
    data = consistent_data(2023, random.Random(3))
    data["parts"]["一"].append(SENTENCE)
    draft = write_draft(data, tmp_path / "草稿.docx")
    document = docx.Document(draft)
    (target,) = [p for p in document.paragraphs if p.text == SENTENCE]
    for run in list(target.runs):
        run._r.getparent().remove(run._r)
    for i in range(0, len(SENTENCE), 4):
        target.add_run(SENTENCE[i : i + 4]).bold = bool(i % 8)
    document.save(draft)
    before = draft.read_bytes()
    paragraphs_before = [(p.text, _formatting(p)) for p in docx.Document(draft).paragraphs]

    out = tmp_path / "审核意见.docx"
    result = runner.invoke(app, ["check", str(draft), "--annotate", str(out)])
    assert result.exit_code == 1, result.output
    assert draft.read_bytes() == before
    annotated = docx.Document(out)
    covered = _commented_text(annotated)
    figure = [words for text, words in covered.items() if text.startswith("AR501")]
    citation = [words for text, words in covered.items() if text.startswith("AR305")]
    assert figure == ["１２３"] and citation == ["国办发[2016]80号"], covered
    assert [(p.text, _formatting(p)) for p in annotated.paragraphs] == paragraphs_before
    # the part's other findings are still anchored on their cells or paragraphs
    assert all(words for words in covered.values())


def test_a_quote_not_in_the_paragraph_falls_back_to_the_whole_paragraph(tmp_path):
    data = consistent_data(2023, random.Random(3))
    draft = write_draft(data, tmp_path / "草稿.docx")
    report = read_docx(draft)
    paragraph = report.part("一").paragraphs[0]
    finding = Finding(
        "AR501", Severity.ERROR, "测试", Location(part="一", paragraph=0, docx_paragraph=paragraph.source, quote="不在这段里", quote_at=3)
    )
    out = tmp_path / "审核意见.docx"
    assert annotate(draft, [finding], out, report) == 1
    (words,) = _commented_text(docx.Document(out)).values()
    assert words == paragraph.text

"""Publishing exactly the right report: a site built from many files of one body and year and
from bodies of one name in different folders shows on every page the figures of the page's
own file; duplicates are decided and said; what is not a report is never published; the
output folder is never inside the input."""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annual_report.cli import app
from synth import consistent_series
from annual_report.output.interpret.figures import FIGURE, number_text
from annual_report.readers import read_report

from drafts import DraftStyle, write_draft

runner = CliRunner()
KEYS = ("new", "handled", "disclosure_rate", "review", "litigation")


def _hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("in")
    # four drafts of 桃岭乡 2023, each with different figures, and its 2022 report
    for n, name in enumerate(("桃岭乡2023初稿.docx", "桃岭乡2023二稿.docx", "桃岭乡2023三稿.docx", "桃岭乡2023终稿.docx")):
        d = consistent_series([2023], random.Random(10 + n), body="桃岭乡人民政府")[0]
        write_draft(d, folder / name, DraftStyle())
        os.utime(folder / name, (1_700_000_000 + n, 1_700_000_000 + n))
    write_draft(consistent_series([2022], random.Random(5), body="桃岭乡人民政府")[0], folder / "桃岭乡2022.docx", DraftStyle())
    # the same file sent twice under another name
    (folder / "桃岭乡2022（重发）.docx").write_bytes((folder / "桃岭乡2022.docx").read_bytes())
    # two 城关镇 of two counties, each with its own 2023 report
    for county, seed in (("东山县", 20), ("西水县", 21)):
        (folder / county).mkdir()
        d = consistent_series([2023], random.Random(seed), body="城关镇人民政府")[0]
        d["parts"]["一"] = [f"{county}城关镇本年度政府信息公开工作有序推进。"]
        (folder / county / "城关镇2023.json").write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    # two drafts of 梅山镇 2023 without a final name: the newest is used
    for n, name in enumerate(("梅山镇2023-a.docx", "梅山镇2023-b.docx")):
        d = consistent_series([2023], random.Random(30 + n), body="梅山镇人民政府")[0]
        write_draft(d, folder / name, DraftStyle(value_style="full-width"))
        os.utime(folder / name, (1_700_000_000 + 10 - n, 1_700_000_000 + 10 - n))
    # not reports: a memo with a phone number, a corrupt file, a file named with markup
    import docx

    memo = docx.Document()
    memo.add_paragraph("内部审核意见")
    memo.add_paragraph("请于周五前修改，联系电话 0731-88886666。")
    memo.save(folder / "内部审核意见.docx")
    (folder / "损坏.docx").write_bytes(b"PK\x03\x04 truncated")
    (folder / "<script>alert(1).docx").write_bytes(b"PK\x03\x04 x")
    return folder


@pytest.fixture(scope="module")
def built(inputs, tmp_path_factory):
    before = _hashes(inputs)
    out = tmp_path_factory.mktemp("out") / "展示"
    result = runner.invoke(app, ["site", str(inputs), "-o", str(out), "-j", "1", "-r", "--withheld-list", str(out.parent / "未发布文件清单.txt")])
    assert result.exit_code == 0, result.output
    assert _hashes(inputs) == before  # inputs untouched
    return out, result.output


def _pages(out: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in (out / "reports").glob("*.html")}


def test_every_figure_on_every_page_is_the_files_own(built, inputs):
    out, _ = built
    checked = 0
    pages = _pages(out)
    assert len(pages) == 5  # 桃岭乡 2022 and 2023, two 城关镇, 梅山镇
    for name, text in pages.items():
        link = re.search(r'<a href="\.\./(files/[^"]+)" download="([^"]+)"', text)
        published = out / link.group(1)
        original = next(p for p in inputs.rglob("*") if p.is_file() and p.name == link.group(2) and p.read_bytes() == published.read_bytes())
        report = read_report(original)
        shown = dict(re.findall(r'<span class="k">([^<]+)</span> <span class="v">([^<]+)</span>', text))
        assert len(shown) == len(KEYS), name
        for key in KEYS:
            f = FIGURE[key]
            reading = f.read(report)
            expected = "不适用" if reading.undefined else "缺失" if reading.value is None else number_text(reading.value, "%" if f.is_rate else "件")
            assert shown[f.label] == expected, (name, key)
            checked += 1
        # and the statutory table on the page is the file's own table B
        b = report.tables["B"]
        total = re.search(r'>（七）总计</th>(.*?)</tr>', text, re.S).group(1)
        assert re.findall(r">(\d+)</td>", total)[-1] == str(int(b.get("total", "总计")))
        checked += 1
    assert checked == 5 * (len(KEYS) + 1)


def test_duplicates_are_decided_said_and_never_two_years(built):
    out, output = built
    assert "采用 桃岭乡2023终稿.docx（文件名含“终稿”）" in output
    assert "桃岭乡2022（重发）.docx 与 桃岭乡2022.docx 内容完全相同；采用 桃岭乡2022（重发）.docx（修改时间最新）" in output
    assert "采用 梅山镇2023-a.docx（修改时间最新）" in output
    index = (out / "index.html").read_text(encoding="utf-8")
    row = re.search(r"桃岭乡人民政府</a></th>\s*<td>(.*?)</td>", index).group(1)
    assert re.sub("<[^>]+>", "", row) == "2022、2023"
    listed = (out.parent / "未发布文件清单.txt").read_text(encoding="utf-8")
    for name in ("桃岭乡2023初稿.docx", "桃岭乡2023二稿.docx", "桃岭乡2023三稿.docx", "梅山镇2023-b.docx"):
        assert f"[重复] {name}：未采用" in listed
    published = "".join(_pages(out).values())
    assert "初稿" not in published and "二稿" not in published


def test_prefer_names_the_file_to_use(inputs, tmp_path):
    result = runner.invoke(app, ["site", str(inputs), "-o", str(tmp_path / "o"), "-j", "1", "--prefer", "*二稿*"])
    assert result.exit_code == 0, result.output
    assert "采用 桃岭乡2023二稿.docx（按 --prefer 指定）" in result.output


def test_namesakes_in_different_folders_are_two_bodies(built):
    out, output = built
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "城关镇人民政府（东山县）" in index and "城关镇人民政府（西水县）" in index
    assert "按不同机关展示（以文件夹区分）" in output
    east = next(t for t in _pages(out).values() if "城关镇人民政府（东山县）" in t)
    assert "东山县城关镇" in east and "西水县城关镇" not in east


def test_non_reports_are_never_copied_linked_or_indexed(built):
    out, output = built
    everything = "".join(p.read_text(encoding="utf-8", errors="replace") for p in out.rglob("*") if p.is_file())
    for words in ("内部审核意见", "0731-88886666", "损坏", "alert(1)", "年度不明"):
        assert words not in everything, words
    assert "未发布 内部审核意见.docx：不是政府信息公开工作年度报告" in output
    assert len(list((out / "files").iterdir())) == 5
    listed = (out.parent / "未发布文件清单.txt").read_text(encoding="utf-8")
    assert "[不是年度报告] 内部审核意见.docx" in listed and "[未能读取] 损坏.docx" in listed
    assert "[未能读取] <script>alert(1).docx" in listed  # plain text for the publisher


@pytest.mark.parametrize("where", ["same", "inside"])
def test_output_folder_equal_to_or_inside_the_input_is_refused(inputs, where):
    before = _hashes(inputs)
    out = inputs if where == "same" else inputs / "展示"
    result = runner.invoke(app, ["site", str(inputs), "-o", str(out), "-j", "1"])
    assert result.exit_code == 2
    assert ("不能与报告文件夹相同" if where == "same" else "不能放在报告文件夹") in result.output
    assert _hashes(inputs) == before and not (inputs / "展示").exists()


def test_a_report_whose_tables_do_not_add_up_needs_force(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    d = consistent_series([2023], random.Random(3), body="白沙镇人民政府")[0]
    total = next(row for row in d["tables"]["B"]["rows"] if row["项目"] == "（七）总计")
    total["总计"] += 7
    (folder / "白沙镇2023.json").write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["site", str(folder), "-o", str(tmp_path / "o"), "-j", "1"])
    assert result.exit_code == 0 and "0 份报告" in result.output
    assert "表格数据有错误（加 --force 仍然发布）：AR1" in result.output
    forced = runner.invoke(app, ["site", str(folder), "-o", str(tmp_path / "f"), "-j", "1", "--force"])
    assert forced.exit_code == 0 and "1 份报告" in forced.output and "按 --force 发布" in forced.output
    page = next((tmp_path / "f" / "reports").glob("*.html")).read_text(encoding="utf-8")
    assert "本报告表格中的数据未能通过核对" in page


def test_check_on_a_folder_reports_the_duplicates_and_uses_one_as_history(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    ds = consistent_series([2022, 2023], random.Random(1), body="桃岭乡人民政府")
    for name, d in (("桃岭乡2022初稿.json", ds[0]), ("桃岭乡2022定稿.json", ds[0]), ("桃岭乡2023.json", ds[1])):
        (folder / name).write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["check", str(folder), "-j", "1", "--no-color"])
    out = result.output
    assert "重复：桃岭乡2022定稿.json 与 桃岭乡2022初稿.json 内容完全相同；采用 桃岭乡2022定稿.json（文件名含“定稿”）" in out
    assert out.count("本文件不作为往年对比") == 1
    assert "（对照往年报告：2022年度）" in out  # the 2023 report has one 2022, not two
    preferred = runner.invoke(app, ["check", str(folder), "-j", "1", "--no-color", "--prefer", "*初稿*"])
    assert "采用 桃岭乡2022初稿.json（按 --prefer 指定）" in preferred.output


def test_a_200_character_name_and_a_year_99999_give_a_safe_site(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    ds = consistent_series([2023], random.Random(8), body="长名镇人民政府")
    long_name = "长名镇" * 5 + "x" * 180 + ".json"  # 200 characters
    assert len(long_name) == 200
    (folder / long_name).write_text(json.dumps(ds[0], ensure_ascii=False), encoding="utf-8")
    far = dict(ds[0], year=99999)
    (folder / "远年.json").write_text(json.dumps(far, ensure_ascii=False), encoding="utf-8")
    before = _hashes(folder)
    result = runner.invoke(app, ["site", str(folder), "-o", str(tmp_path / "o"), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert "1 份报告" in result.output and "未发布 远年.json" in result.output and "99999" in result.output
    page = next((tmp_path / "o" / "reports").glob("*.html")).read_text(encoding="utf-8")
    assert f'download="{long_name}"' in page
    assert all(len(p.name) < 40 for p in (tmp_path / "o").rglob("*"))  # the site's own short names
    assert _hashes(folder) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "o"]  # nothing written beside


def test_progress_on_stderr_when_asked_and_none_when_not_a_terminal(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for d in consistent_series([2022, 2023], random.Random(2), body="进度镇人民政府"):
        (folder / f"{d['year']}.json").write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    quiet = runner.invoke(app, ["site", str(folder), "-o", str(tmp_path / "a"), "-j", "1"])
    assert quiet.exit_code == 0 and "读取" not in quiet.output  # not a terminal: no bar
    from annual_report.app.site import SiteOptions, build_site

    told = []
    build_site(SiteOptions([folder], tmp_path / "b", jobs=1, progress=lambda stage, done, total: told.append((stage, done, total))))
    assert ("读取", 2, 2) in told and ("核对", 2, 2) in told


@pytest.mark.parametrize("where", ["inside", "input"])
def test_the_withheld_list_is_never_put_where_it_would_be_published(inputs, tmp_path, where):
    """The list names internal files (a memo, a phone number's file): never inside the site
    folder that is uploaded as a whole, never over an input; without the option nothing is written."""
    out = tmp_path / "site"
    target = out / "清单.txt" if where == "inside" else inputs / "清单.txt"
    result = runner.invoke(app, ["site", str(inputs), "-o", str(out), "-j", "1", "--withheld-list", str(target)])
    assert result.exit_code == 2 and "未发布文件清单" in result.output and "之中" in result.output
    assert not target.exists() and not out.exists()


def test_without_the_option_the_list_is_only_on_the_console(inputs, tmp_path):
    out = tmp_path / "site"
    result = runner.invoke(app, ["site", str(inputs), "-o", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert "未发布 内部审核意见.docx：不是政府信息公开工作年度报告" in result.output
    assert "原因见上" in result.output
    assert not any("未发布" in p.name or p.suffix == ".txt" for p in out.rglob("*"))

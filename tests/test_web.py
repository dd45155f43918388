"""The local web page (``annual-report serve``), through Starlette's test client: uploads of
the real official template filled as an officer types, planted errors found, downloads that
open, the API answering what ``check --format json`` answers, hostile uploads refused with a
Chinese message and a 4xx."""

from __future__ import annotations

import io
import random
import json
import zipfile
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from annual_report.cli import app as cli_app
from synth import consistent_data, consistent_series
from annual_report.web.app import create_app
from web_client import local_client
from annual_report.web.uploads import UploadLimits, safe_name
from official_template import fill_official_template


@pytest.fixture(scope="module")
def drafts(tmp_path_factory):
    """A clean draft of 2023, the same with a planted B-table error, and 2022 as history."""
    folder = tmp_path_factory.mktemp("web-drafts")
    d2022, d2023 = consistent_series([2022, 2023], random.Random(7), body="青石镇人民政府")
    clean = fill_official_template(d2023, folder / "2023年报-定稿.docx")
    new_total = d2023["tables"]["B"]["rows"][0]["总计"]
    bad = fill_official_template(d2023, folder / "2023年报-初稿.docx", overrides={("B", "new", "总计"): str(new_total + 5)})
    history = fill_official_template(d2022, folder / "2022年报.docx")
    return {"clean": clean, "bad": bad, "history": history, "new_total": new_total}


@pytest.fixture()
def client():
    with local_client(create_app()) as c:
        yield c


def _files(path: Path, field: str = "file"):
    return (field, (path.name, path.read_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))


def _cli_json(args: list[str]) -> dict:
    result = CliRunner().invoke(cli_app, ["check", *args, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def _strip_paths(doc: dict) -> dict:
    for r in doc["reports"]:
        r["file"] = Path(r["file"]).name
        for f in r["findings"]:
            f["location"].pop("file", None)
    for f in doc["setup"]:
        f["location"].pop("file", None)
    return doc


def test_upload_page_is_chinese_and_local(client):
    page = client.get("/")
    assert page.status_code == 200
    assert "要检查的报告" in page.text and "往年报告" in page.text and "机关层级" in page.text
    assert 'enctype="multipart/form-data"' in page.text


def test_planted_error_is_shown_with_its_cell_marked(client, drafts):
    answer = client.post("/check", files=[_files(drafts["bad"]), _files(drafts["history"], "history")], follow_redirects=False)
    assert answer.status_code == 303
    page = client.get(answer.headers["location"])
    for _ in range(200):  # the job runs in a worker thread
        if "检查结果" in page.text:
            break
        import time

        time.sleep(0.05)
        page = client.get(answer.headers["location"])
    assert page.status_code == 200 and "检查结果" in page.text
    assert 'data-code="AR101"' in page.text or 'data-code="AR103"' in page.text
    assert "mark-error" in page.text  # the offending cell of table B is marked
    assert "对照往年报告：2022年度" in page.text
    assert "/rules/AR" in page.text


def test_api_answers_what_the_cli_answers(client, drafts):
    answer = client.post("/api/check", files=[_files(drafts["bad"]), _files(drafts["history"], "history")])
    assert answer.status_code == 200
    api = _strip_paths(answer.json())
    cli = _strip_paths(_cli_json([str(drafts["bad"]), "--history", str(drafts["history"])]))
    assert api["reports"] == cli["reports"]
    assert api["summary"] == cli["summary"]
    assert api["summary"]["error"] >= 1


def test_downloads_open(client, drafts):
    answer = client.post("/check", files=[_files(drafts["bad"])], follow_redirects=True)
    job = answer.url.path.split("/")[2]
    status = client.get(f"/jobs/{job}/status").json()
    for _ in range(200):
        if status["state"] in ("done", "failed"):
            break
        import time

        time.sleep(0.05)
        status = client.get(f"/jobs/{job}/status").json()
    assert status["state"] == "done", status
    annotated = client.get(f"/jobs/{job}/download/annotated-0")
    assert annotated.status_code == 200
    document = docx.Document(io.BytesIO(annotated.content))
    assert len(list(document.comments)) >= 1
    findings = client.get(f"/jobs/{job}/download/json").json()
    assert findings["format"] == "annual-report-findings"
    sarif = client.get(f"/jobs/{job}/download/sarif").json()
    assert sarif["version"] == "2.1.0"
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(client.get(f"/jobs/{job}/download/xlsx").content))
    assert "问题" in book.sheetnames
    assert "attachment" in annotated.headers["content-disposition"]


def test_zip_of_drafts_checks_each(client, drafts):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.write(drafts["clean"], "报送/甲镇.docx")
        z.write(drafts["bad"], "报送/乙镇.docx")
        z.writestr("报送/说明.png", b"not a report")
    answer = client.post("/api/check", files=[("file", ("报送材料.zip", buffer.getvalue(), "application/zip"))])
    assert answer.status_code == 200
    files = sorted(Path(r["file"]).name for r in answer.json()["reports"])
    assert files == ["乙镇.docx", "甲镇.docx"]


@pytest.mark.parametrize(
    "upload, status, words",  # an unreadable single draft is unusable input (exit 2 in the CLI): 422
    [
        (("file", ("草稿.docx", b"PK\x03\x04 truncated", "application/octet-stream")), 422, "草稿.docx"),
        (("file", ("报送.zip", b"not a zip", "application/zip")), 400, "不是有效的 zip"),
        (("history", ("2022.docx", b"x", "application/octet-stream")), 400, "请选择要检查的报告"),
    ],
)
def test_hostile_uploads_get_chinese_messages(client, upload, status, words):
    answer = client.post("/api/check", files=[upload])
    assert answer.status_code == status
    assert words in answer.json()["error"] and "Traceback" not in answer.text


def test_zip_bomb_and_oversize_are_refused(drafts):
    small = UploadLimits(file_bytes=2 * 1024 * 1024, total_bytes=4 * 1024 * 1024)
    with local_client(create_app(limits=small)) as c:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("炸弹.docx", b"\0" * (50 * 1024 * 1024))
        answer = c.post("/api/check", files=[("file", ("b.zip", buffer.getvalue(), "application/zip"))])
        assert answer.status_code == 413 and "过大" in answer.json()["error"]
        big = c.post("/api/check", files=[("file", ("大.docx", b"x" * (3 * 1024 * 1024), "application/octet-stream"))])
        assert big.status_code == 413 and "超过 2 MB" in big.json()["error"]
        page = c.post("/check", files=[("file", ("大.docx", b"x" * (3 * 1024 * 1024), "application/octet-stream"))])
        assert page.status_code == 413 and "超过 2 MB" in page.text and 'role="alert"' in page.text


def test_not_multipart_and_unknown_pages(client):
    answer = client.post("/api/check", content=b"{}", headers={"content-type": "application/json"})
    assert answer.status_code == 415 and "multipart" in answer.json()["error"]
    missing = client.get("/jobs/nonexistent")
    assert missing.status_code == 404 and "结果已不在了" in missing.text and "服务重启后全部清除" in missing.text  # e.g. after a restart
    assert client.get("/rules/AR101").status_code == 200
    assert client.get("/rules/XX999").status_code == 404


def test_markup_in_a_draft_is_escaped(client, tmp_path):
    data = consistent_data(2023, random.Random(3))
    data["body"]["name"] = "<script>alert(1)</script>镇人民政府"
    path = fill_official_template(data, tmp_path / "x.docx")
    answer = client.post("/check", files=[_files(path)], follow_redirects=True)
    for _ in range(200):
        if "检查结果" in answer.text:
            break
        import time

        time.sleep(0.05)
        answer = client.get(answer.url.path)
    assert "<script>alert(1)</script>" not in answer.text
    assert "&lt;script&gt;" in answer.text


def test_safe_names():
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("C:\\Users\\草稿.docx") == "草稿.docx"
    assert safe_name("\x1b[31m红.docx") == "_[31m红.docx"
    assert safe_name("") == "上传文件"
    assert len(safe_name("长" * 300 + ".docx")) <= 120


def test_two_uploads_at_once(drafts):
    from concurrent.futures import ThreadPoolExecutor

    with local_client(create_app()) as c:
        def one(path):
            return c.post("/api/check", files=[_files(path)])

        with ThreadPoolExecutor(2) as pool:
            answers = list(pool.map(one, [drafts["clean"], drafts["bad"]]))
    assert [a.status_code for a in answers] == [200, 200]
    errors = [a.json()["summary"]["error"] for a in answers]
    assert errors[0] == 0 and errors[1] >= 1


def test_serve_help_and_bad_port():
    result = CliRunner().invoke(cli_app, ["serve", "--help"])
    assert result.exit_code == 0 and "127.0.0.1" in result.output


def test_the_chosen_level_reaches_the_level_rules(client, tmp_path):
    """规章 reported: AR111 for a 县级部门, none for a 市级政府 (which may make 规章), as chosen on the page."""
    data = consistent_data(2023, random.Random(4), body="某县统计调查中心")
    data["tables"]["A"]["rows"][0]["本年制发件数"] = 2
    data["tables"]["A"]["rows"][0]["现行有效件数"] += 2
    path = fill_official_template(data, tmp_path / "中心.docx")
    city = client.post("/api/check", files=[_files(path)], data={"level": "市级政府"}).json()
    county = client.post("/api/check", files=[_files(path)], data={"level": "县级部门"}).json()
    codes = lambda doc: {f["code"] for f in doc["reports"][0]["findings"]}  # noqa: E731
    assert "AR111" not in codes(city) and "AR111" in codes(county)
    bad = client.post("/api/check", files=[_files(path)], data={"level": "村委会"})
    assert bad.status_code == 400 and "机关层级应为" in bad.json()["error"]


def _wait_for_page(client, answer):
    import time

    page = client.get(answer.headers["location"])
    for _ in range(400):  # the job runs in a worker thread
        if "检查结果" in page.text or 'role="alert"' in page.text:
            break
        time.sleep(0.05)
        page = client.get(answer.headers["location"])
    return page


def test_the_page_speaks_of_its_fields_not_of_options(client, drafts):
    """No history uploaded, the level inferred from the name: the page says what to do with
    its own form fields, and shows the short fingerprint of every finding."""
    import re

    answer = client.post("/check", files=[_files(drafts["bad"])], follow_redirects=False)
    page = _wait_for_page(client, answer)
    assert "检查结果" in page.text
    assert "--history" not in page.text and "--level" not in page.text and " --" not in page.text
    assert "未上传往年报告" in page.text and "“机关层级”中选择" in page.text
    shorts = re.findall(r'<code class="fingerprint"[^>]*>指纹 ([0-9a-f]{8,16}(?:-\d+)?)</code>', page.text)
    api = client.post("/api/check", files=[_files(drafts["bad"])]).json()
    fps = [f["fingerprint"] for f in api["reports"][0]["findings"]]
    assert shorts and len(shorts) == len(fps) and all(any(fp.startswith(s.partition("-")[0]) for fp in fps) for s in shorts)


def test_no_server_path_reaches_the_user(client, drafts, tmp_path):
    bad = ("file", ("报告.txt", "这不是报告".encode("utf-8"), "text/plain"))
    for route in ("/api/check", "/check"):
        answer = client.post(route, files=[bad], follow_redirects=False)
        text = answer.text if route == "/api/check" else _wait_for_page(client, answer).text
        assert "报告.txt" in text, text[:500]
        assert "annual-report-upload" not in text and "/tmp" not in text and tmp_path.anchor + "reports" not in text
    good = client.post("/api/check", files=[_files(drafts["bad"]), _files(drafts["history"], "history")])
    assert good.status_code == 200
    assert good.json()["reports"][0]["file"] == drafts["bad"].name
    assert "annual-report-upload" not in good.text
    unreadable = client.post("/api/check", files=[("file", ("草稿.docx", b"PK\x03\x04 truncated", "application/octet-stream"))])
    assert unreadable.status_code == 422 and unreadable.json()["code"] == "unreadable" and "草稿.docx" in unreadable.json()["error"]
    assert "annual-report-upload" not in unreadable.text


@pytest.mark.parametrize(
    "method, path, status, code, words",
    [
        ("get", "/没有这页", 404, "not_found", "没有这个页面"),
        ("get", "/api/没有", 404, "not_found", "没有这个页面"),
        ("get", "/api/check", 405, "method_not_allowed", "请求方式"),
        ("get", "/check", 405, "method_not_allowed", "请求方式"),
        ("delete", "/", 405, "method_not_allowed", "请求方式"),
    ],
)
def test_error_pages_and_api_errors_are_chinese(client, method, path, status, code, words):
    answer = getattr(client, method)(path)
    assert answer.status_code == status
    assert "Not Found" not in answer.text and "Method Not Allowed" not in answer.text
    if path.startswith("/api/"):
        assert answer.json()["code"] == code and words in answer.json()["error"]
    else:
        assert words in answer.text and 'role="alert"' in answer.text and "<html" in answer.text.lower()


def test_a_form_without_a_report_is_answered_in_the_forms_words(client):
    page = client.post("/check", files=[("history", ("2022.docx", b"x", "application/octet-stream"))])
    assert page.status_code == 400 and "请在“要检查的报告”中选择文件" in page.text and "字段 file" not in page.text
    api = client.post("/api/check", files=[("history", ("2022.docx", b"x", "application/octet-stream"))])
    assert api.json()["code"] == "bad_request" and "字段 file" in api.json()["error"]  # the API names its field


def test_api_errors_carry_a_code(drafts):
    small = UploadLimits(file_bytes=2 * 1024 * 1024, total_bytes=4 * 1024 * 1024)
    with local_client(create_app(limits=small)) as c:
        big = c.post("/api/check", files=[("file", ("大.docx", b"x" * (3 * 1024 * 1024), "application/octet-stream"))])
        assert big.status_code == 413 and big.json()["code"] == "too_large" and "超过 2 MB" in big.json()["error"]
        wrong = c.post("/api/check", content=b"{}", headers={"content-type": "application/json"})
        assert wrong.status_code == 415 and wrong.json()["code"] == "unsupported_media_type"


def test_another_bodys_upload_is_not_compared_with_the_workspaces_years(tmp_path):
    """``serve -w`` on the example workspace (青溪镇): the real published report of 洪泽区 gets
    none of 青溪镇's years, and the page says why in the words of its form."""
    from annual_report.app.workspace import init_example

    ws = init_example(tmp_path / "ws")
    pdf = Path(__file__).resolve().parent / "fixtures" / "published" / "hongze-2023.pdf"
    upload = ("file", (pdf.name, pdf.read_bytes(), "application/pdf"))
    with local_client(create_app(workspace=ws)) as c:
        api = c.post("/api/check", files=[upload]).json()
        page = _wait_for_page(c, c.post("/check", files=[upload], follow_redirects=False))
    report = api["reports"][0]
    assert report["history"] == [] and not {f["code"] for f in report["findings"]} & {"AR202", "AR205", "AR621"}
    assert "不是本工作区的机关“青溪镇人民政府”，未对照工作区的往年数据；可在“往年报告”中上传往年报告后重新检查" in page.text
    assert "--history" not in page.text


ZIPNAMES = Path(__file__).resolve().parent / "fixtures" / "zipnames"  # made by make_zipnames.py there


@pytest.mark.parametrize("archive", ["linux-zip-utf8.zip", "linux-zip-gbk.zip", "python-utf8-flag.zip"])
def test_zip_member_names_are_read_as_written(client, archive):
    """UTF-8 names without the zip's UTF-8 flag (Linux ``zip``), GBK names (a Chinese Windows
    tool) and flagged UTF-8 names all reach the page, the API and the download names as written,
    so the 终稿 among two versions of a report is recognised by its name."""
    from urllib.parse import unquote

    data = (ZIPNAMES / archive).read_bytes()
    api = client.post("/api/check", files=[("file", (archive, data, "application/zip"))])
    assert sorted(r["file"] for r in api.json()["reports"]) == ["云溪乡2023年报告初稿.docx", "云溪乡2023年报告终稿.docx"]
    page = _wait_for_page(client, client.post("/check", files=[("file", (archive, data, "application/zip"))], follow_redirects=False))
    assert "采用 云溪乡2023年报告终稿.docx（文件名含“终稿”）" in page.text
    job = page.url.path.split("/")[2]
    names = [unquote(client.get(f"/jobs/{job}/download/annotated-{n}").headers["content-disposition"].split("''", 1)[1]) for n in (0, 1)]
    assert sorted(names) == ["云溪乡2023年报告初稿-审核意见.docx", "云溪乡2023年报告终稿-审核意见.docx"]


def test_no_server_path_in_any_answer_or_download(tmp_path):
    """A server started on a workspace, the real published PDF checked (its earlier years come
    from the workspace's data/, named in AR205's values): neither the workspace's folder nor the
    server's temporary folder appears in the API's answer, the pages or any download."""
    import re
    import tempfile

    from annual_report.app.workspace import init_example

    root = init_example(tmp_path / "青溪镇示例")
    # the workspace is 洪泽区's (so the PDF gets its years) while its data files still name 青溪镇:
    # AR205 then names each earlier year's file in its values
    config = root / "annual-report.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('name = "青溪镇人民政府"', 'name = "洪泽区人民政府"', 1), encoding="utf-8")
    pdf = Path(__file__).resolve().parent / "fixtures" / "published" / "hongze-2023.pdf"
    report = Path(__file__).resolve().parent / "fixtures" / "notreport" / "云溪乡2023年报.docx"
    app = create_app(workspace=root)
    leaks = re.compile("|".join(re.escape(p) for p in {str(root), str(root.resolve()), tempfile.gettempdir(), str(Path(tempfile.gettempdir()).resolve())}))
    shown: dict[str, str] = {}
    with local_client(app) as c:
        api = c.post("/api/check", files=[_files(pdf)])
        assert api.status_code == 200 and "data/2021.json" in api.text  # AR205's earlier-year file, relative
        shown["api"] = api.text
        shown["index"] = c.get("/").text
        for n, files in enumerate(([_files(pdf)], [_files(report), _files(pdf)])):
            page = _wait_for_page(client=c, answer=c.post("/check", files=files, follow_redirects=False))
            assert "检查结果" in page.text
            shown[f"page-{n}"] = page.text
            job = page.url.path.split("/")[2]
            kinds = ["json", "sarif", "xlsx"] + sorted(set(re.findall(r"download/(annotated-\d+)", page.text)))
            for kind in kinds:
                answer = c.get(f"/jobs/{job}/download/{kind}")
                assert answer.status_code == 200, kind
                if answer.content[:2] == b"PK":  # XLSX, DOCX: every part of the package
                    with zipfile.ZipFile(io.BytesIO(answer.content)) as z:
                        shown[f"{kind}-{n}"] = "".join(z.read(name).decode("utf-8", "replace") for name in z.namelist())
                else:
                    shown[f"{kind}-{n}"] = answer.text
    found = {name: leaks.findall(text) for name, text in shown.items() if leaks.search(text)}
    assert found == {}
    assert "data/2021.json" in shown["json-0"] and "data/2021.json" in shown["sarif-0"]
    assert "“青溪镇示例”" in shown["index"]  # the workspace by its folder's name


@pytest.mark.parametrize("name", ["关于报送年度报告的便函.docx", "2023年政府信息公开工作年度报告解读.docx"])
def test_a_file_that_is_not_a_report_gets_no_annotated_copy(client, name):
    """A memo or a 解读 uploaded alone or beside a report is checked by AR024 alone: no annotated
    copy is offered for it, and its download is not there; the report beside it keeps its own."""
    fixtures = Path(__file__).resolve().parent / "fixtures" / "notreport"
    other, report = fixtures / name, fixtures / "云溪乡2023年报.docx"
    page = _wait_for_page(client, client.post("/check", files=[_files(other)], follow_redirects=False))
    assert "AR024" in page.text and "下载带批注的副本" not in page.text
    assert client.get(page.url.path + "/download/annotated-0").status_code == 404
    # named as the command line names it, not by words the reader took for a body
    assert "（不是年度报告）" in page.text and "年份不明" not in page.text and "共 1 个文件（不是年度报告 1 份）" in page.text
    page = _wait_for_page(client, client.post("/check", files=[_files(other), _files(report)], follow_redirects=False))
    assert page.text.count("下载带批注的副本") == 1 and f"{Path(name).stem}-审核意见.docx" not in page.text
    assert "云溪乡2023年报-审核意见.docx" in page.text

"""What the web server keeps of a job, and where: a finished job's results live in its folder
on disk (the server keeps only a small record in memory), the result page and every download
are read from there, a job is forgotten an hour after it was last opened (its files with it),
and an API check keeps nothing."""

from __future__ import annotations

import gc
import io
import json
import random
import stat
import time

import docx
import pytest

from annual_report.model.results import ReportResult
from annual_report.web import jobs as jobs_module
from annual_report.web.app import create_app
from annual_report.web.records import ReportView
from official_template import fill_official_template
from synth import consistent_data
from web_client import local_client


def _json_upload(seed: int = 3):
    data = json.dumps(consistent_data(2023, random.Random(seed)), ensure_ascii=False).encode("utf-8")
    return [("file", ("2023.json", data, "application/json"))]


@pytest.fixture(scope="module")
def draft(tmp_path_factory):
    """The real official template filled for 2023, one figure of table 二 off by 5."""
    data = consistent_data(2023, random.Random(11))
    total = data["tables"]["B"]["rows"][0]["总计"]
    return fill_official_template(data, tmp_path_factory.mktemp("jobs") / "2023年报-初稿.docx", overrides={("B", "new", "总计"): str(total + 5)})


@pytest.fixture()
def app():
    return create_app()


def _store(app):
    return app.state.web.store


def _submit(client, files) -> str:
    answer = client.post("/check", files=files, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    return answer.headers["location"].rsplit("/", 1)[1]


def _wait(app, job_id: str):
    job = _store(app)._jobs[job_id]
    for _ in range(1200):
        if job.state in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job still {job.state}")


def _live(kind) -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o) is kind)


def test_finished_jobs_keep_no_results_in_memory(app):
    with local_client(app) as c:
        before = (_live(ReportView), _live(ReportResult))
        ids = [_submit(c, _json_upload(seed)) for seed in range(4)]
        finished = [_wait(app, i) for i in ids]
        assert all(j.state == "done" for j in finished)
        assert (_live(ReportView), _live(ReportResult)) == before  # nothing of the four results in memory
        for job in finished:  # the record: names, counts, times, state; no findings or reports
            assert job.files == ["2023.json"] and set(job.counts) == {"error", "warning", "info"}
            assert not [k for k, v in vars(job).items() if isinstance(v, (list, dict)) and k not in ("files", "counts")]
        assert all(c.get(f"/jobs/{i}").status_code == 200 for i in ids)  # read back from disk
        assert (_live(ReportView), _live(ReportResult)) == before


def test_result_page_and_downloads_come_from_the_jobs_folder(app, draft):
    with local_client(app) as c:
        job = _wait(app, _submit(c, [("file", (draft.name, draft.read_bytes(), "application/octet-stream"))]))
        assert job.state == "done", job.error
        folder = job.folder
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        for name in ("results/result.pickle", "check.json"):
            assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600, name
        assert stat.S_IMODE((folder / "results").stat().st_mode) == 0o700

        page = c.get(f"/jobs/{job.id}")
        assert page.status_code == 200 and "检查结果" in page.text and "mark-error" in page.text
        assert draft.name in page.text and "2023年报-初稿-审核意见.docx" in page.text

        assert c.get(f"/jobs/{job.id}/download/json").content == (folder / "check.json").read_bytes()
        assert c.get(f"/jobs/{job.id}/download/json").json()["format"] == "annual-report-findings"
        made = {}
        for kind in ("sarif", "xlsx", "annotated-0"):
            answer = c.get(f"/jobs/{job.id}/download/{kind}")
            assert answer.status_code == 200 and "attachment" in answer.headers["content-disposition"], kind
            kept = folder / "downloads" / kind  # made on the first request, kept as a file
            assert kept.read_bytes() == answer.content and stat.S_IMODE(kept.stat().st_mode) == 0o600, kind
            made[kind] = answer.content
        assert json.loads(made["sarif"])["version"] == "2.1.0"
        assert len(list(docx.Document(io.BytesIO(made["annotated-0"])).comments)) >= 1
        from openpyxl import load_workbook

        assert "问题" in load_workbook(io.BytesIO(made["xlsx"])).sheetnames
        (folder / "downloads" / "sarif").write_bytes(b"{}")  # a second request is served from the file
        assert c.get(f"/jobs/{job.id}/download/sarif").content == b"{}"
        assert c.get(f"/jobs/{job.id}/download/annotated-9").status_code == 404


def test_a_job_expires_an_hour_after_it_was_last_opened(app):
    store = _store(app)
    with local_client(app) as c:
        job = _wait(app, _submit(c, _json_upload()))
        job.created -= 2 * store.ttl  # made long ago, opened 50 minutes ago: still kept
        job.opened = time.time() - store.ttl + 600
        assert c.get(f"/jobs/{job.id}").status_code == 200
        assert time.time() - job.opened < 60  # opening it started its hour again
        job.opened = time.time() - store.ttl - 1
        page = c.get(f"/jobs/{job.id}")
        assert page.status_code == 404
        assert "结果已不在了" in page.text and "最后一次打开后保留一小时" in page.text and "请重新上传" in page.text
        assert not job.folder.exists()  # its files went with it
        assert c.get(f"/jobs/{job.id}/download/json").status_code == 404


def test_beyond_the_cap_the_least_recently_opened_job_goes(app, monkeypatch):
    monkeypatch.setattr(jobs_module, "MAX_JOBS", 2)
    store = _store(app)
    with local_client(app) as c:
        first = _wait(app, _submit(c, _json_upload(1)))
        second = _wait(app, _submit(c, _json_upload(2)))
        assert c.get(f"/jobs/{first.id}").status_code == 200  # the first is opened again
        third = _wait(app, _submit(c, _json_upload(3)))
        assert c.get(f"/jobs/{third.id}").status_code == 200
        assert second.id not in store and not second.folder.exists()
        assert first.id in store and c.get(f"/jobs/{first.id}").status_code == 200
        gone = c.get(f"/jobs/{second.id}")
        assert gone.status_code == 404 and "结果已不在了" in gone.text and "最多保留最近 200 次检查" in gone.text  # the cap, not only the hour


def test_results_gone_from_disk_answer_expired(app):
    with local_client(app) as c:
        job = _wait(app, _submit(c, _json_upload()))
        (job.folder / "results" / "result.pickle").unlink()
        page = c.get(f"/jobs/{job.id}")
        assert page.status_code == 404 and "结果已不在了" in page.text
        assert job.id not in _store(app) and not job.folder.exists()


def test_an_api_check_keeps_nothing(app):
    store = _store(app)
    with local_client(app) as c:
        answer = c.post("/api/check", files=_json_upload())
        assert answer.status_code == 200 and answer.json()["reports"]
        assert store._jobs == {}
        assert list(store.root.iterdir()) == []
        refused = c.post("/api/check", files=[("file", ("说明.txt", b"not a report", "text/plain"))])
        assert refused.status_code in (400, 422)
        assert store._jobs == {} and list(store.root.iterdir()) == []

"""The local page only for the local person: other host names refused (DNS rebinding), no
state-changing request without the server's token or from another origin, a body counted
while it streams (chunked or not), protective headers on every answer — through Starlette's
test client, and in headless Chromium with a hostile page served from another port."""

from __future__ import annotations

import http.server
import shutil
import socket
import threading
import time

import pytest
from starlette.testclient import TestClient

from synth import consistent_data
from annual_report.web.app import create_app
from annual_report.web.security import TOKEN_HEADER
from annual_report.web.uploads import UploadLimits
from web_client import local_client


def _data() -> bytes:
    import json
    import random

    return json.dumps(consistent_data(2023, random.Random(3)), ensure_ascii=False).encode("utf-8")


def _jobs(app) -> int:
    return len(app.state.web.store._jobs)


def _serve_in_thread(app):
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    srv = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    return srv, thread, sock.getsockname()[1]


def test_other_host_names_are_refused():
    app = create_app()
    with TestClient(app, base_url="http://evil.example", raise_server_exceptions=False) as c:
        page = c.get("/")
        assert page.status_code == 400 and "本机" in page.text
        api = c.post("/api/check", files=[("file", ("2023.json", _data(), "application/json"))], headers={TOKEN_HEADER: app.state.token})
        assert api.status_code == 400 and "本机" in api.json()["error"]
    for base in ("http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:8000"):
        with TestClient(app, base_url=base, raise_server_exceptions=False) as c:
            assert c.get("/").status_code == 200
    assert _jobs(app) == 0


def test_allowed_extra_host_and_bound_address():
    app = create_app(hosts=["reviewer-pc.local"], bound="192.168.1.20")
    for base in ("http://reviewer-pc.local:8000", "http://192.168.1.20:8000"):
        with TestClient(app, base_url=base, raise_server_exceptions=False) as c:
            assert c.get("/").status_code == 200
    with TestClient(app, base_url="http://192.168.1.21", raise_server_exceptions=False) as c:
        assert c.get("/").status_code == 400


def test_state_changing_requests_need_the_token_and_the_same_origin():
    app = create_app()
    files = [("file", ("2023.json", _data(), "application/json"))]
    with TestClient(app, base_url="http://127.0.0.1:8000", raise_server_exceptions=False) as c:
        no_token = c.post("/api/check", files=files)
        assert no_token.status_code == 403 and "令牌" in no_token.json()["error"]
        wrong = c.post("/api/check", files=files, headers={TOKEN_HEADER: "x" * 32})
        assert wrong.status_code == 403
        form = c.post("/check", files=files, follow_redirects=False)
        assert form.status_code == 403 and "令牌" in form.text
        for origin in ("http://evil.example", "http://127.0.0.1:9999", "null"):
            answer = c.post("/api/check", files=files, headers={TOKEN_HEADER: app.state.token, "Origin": origin})
            assert answer.status_code == 403 and "其他网页" in answer.json()["error"], origin
        referred = c.post("/check?token=" + app.state.token, files=files, headers={"Referer": "http://evil.example/x"})
        assert referred.status_code == 403
        assert _jobs(app) == 0
        # the page's own form: the token in its action, the page's own origin
        page = c.get("/").text
        assert f"/check?token={app.state.token}" in page
        own = c.post(f"/check?token={app.state.token}", files=files, headers={"Origin": "http://127.0.0.1:8000"}, follow_redirects=False)
        assert own.status_code == 303
        api = c.post("/api/check", files=files, headers={TOKEN_HEADER: app.state.token})
        assert api.status_code == 200 and api.json()["reports"]


def test_protective_headers_on_every_answer():
    app = create_app()
    with local_client(app) as c:
        for path in ("/", "/jobs/nothing", "/rules/AR101"):
            answer = c.get(path)
            assert answer.headers["x-content-type-options"] == "nosniff"
            assert answer.headers["x-frame-options"] == "DENY"
            policy = answer.headers["content-security-policy"]
            assert "frame-ancestors 'none'" in policy and "script-src 'nonce-" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]


def test_progress_script_carries_the_nonce():
    app = create_app()
    with local_client(app) as c:
        job = app.state.web.store.submit.__self__  # the store
        from annual_report.web.records import Job

        pending = Job("pending")
        pending.state = "running"
        job._jobs["pending"] = pending
        answer = c.get("/jobs/pending")
        nonce = answer.headers["content-security-policy"].split("'nonce-")[1].split("'")[0]
        assert f'<script nonce="{nonce}">' in answer.text


def test_a_chunked_body_is_counted_while_it_streams():
    """A real server and a raw socket: a chunked upload (no Content-Length) is answered 413
    once past the limit, and the server stops reading long before the 400 MB are sent."""
    small = UploadLimits(file_bytes=1024 * 1024, total_bytes=2 * 1024 * 1024)
    app = create_app(limits=small)
    srv, thread, port = _serve_in_thread(app)
    sent, answer = 0, b""
    try:
        conn = socket.create_connection(("127.0.0.1", port), timeout=10)
        conn.sendall(
            b"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
            b"Content-Type: multipart/form-data; boundary=xyz\r\n" + f"{TOKEN_HEADER}: {app.state.token}\r\n\r\n".encode()
        )
        head = b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.docx"\r\n\r\n'
        conn.sendall(b"%x\r\n%s\r\n" % (len(head), head))
        chunk = b"x" * (256 * 1024)
        try:
            while sent < 400 * 1024 * 1024:
                conn.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                sent += len(chunk)
        except OSError:  # the server closed the connection after its answer
            pass
        conn.settimeout(10)
        try:
            while True:
                data = conn.recv(65536)
                if not data:
                    break
                answer += data
        except OSError:
            pass
        conn.close()
    finally:
        srv.should_exit = True
        thread.join(10)
    assert sent < 64 * 1024 * 1024, sent
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert "MB" in answer.decode("utf-8", "replace")


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

HOSTILE_PAGE = """<!doctype html><meta charset=utf-8><title>start</title>
<body><form id=f method=post enctype=multipart/form-data target=sink action="{target}/check">
<input type=hidden name=level value=""></form><iframe name=sink></iframe>
<script>
var out = [];
var fd = new FormData();
fd.append('file', new Blob(['{{"year": 2023}}'], {{type: 'application/json'}}), '2023.json');
fetch('{target}/api/check', {{method: 'POST', body: fd}})
  .then(function(r){{ return r.text(); }}).then(function(t){{ out.push('api-read:' + t.slice(0, 40)); }})
  .catch(function(e){{ out.push('api-blocked'); }})
  .then(function(){{ return fetch('{target}/api/check', {{method: 'POST', body: fd, mode: 'no-cors'}}); }})
  .then(function(){{ out.push('no-cors-sent'); }}, function(){{ out.push('no-cors-failed'); }})
  .then(function(){{ return fetch('{target}/'); }})
  .then(function(r){{ return r.text(); }}).then(function(t){{ out.push('page-read'); }}, function(){{ out.push('page-blocked'); }})
  .then(function(){{ document.getElementById('f').submit(); setTimeout(function(){{ document.title = out.join(','); }}, 1500); }});
</script>"""


@pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason="没有安装 Debian 的 chromium 和 chromium-driver（.ci/run 会安装）")
def test_a_page_on_another_origin_can_neither_upload_nor_read(tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.support.ui import WebDriverWait

    app = create_app()
    srv, thread, port = _serve_in_thread(app)
    target = f"http://127.0.0.1:{port}"
    (tmp_path / "index.html").write_text(HOSTILE_PAGE.format(target=target), encoding="utf-8")
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(tmp_path), **k)  # noqa: E731
    evil = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=evil.serve_forever, daemon=True).start()
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        driver.get(f"http://127.0.0.1:{evil.server_address[1]}/index.html")
        WebDriverWait(driver, 30).until(lambda d: d.title != "start")
        seen = driver.title.split(",")
    finally:
        driver.quit()
        evil.shutdown()
        srv.should_exit = True
        thread.join(10)
    assert "api-blocked" in seen and "page-blocked" in seen, seen
    assert not any(s.startswith("api-read") for s in seen) and "page-read" not in seen, seen
    assert _jobs(app) == 0  # neither the no-cors POST nor the form submission started a check

"""The web page in a real browser: Debian's headless Chromium driven by selenium against
``annual-report serve``'s application on 127.0.0.1.  Upload a draft with a planted error,
see the findings, download the annotated copy and open it with python-docx."""

from __future__ import annotations

import random
import shutil
import socket
import threading
import time
from pathlib import Path

import docx
import pytest

from synth import consistent_series
from official_template import fill_official_template, template_available

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

pytestmark = [
    pytest.mark.skipif(not template_available(), reason="shared/corpus 中没有官方模板"),
    pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason="没有安装 Debian 的 chromium 和 chromium-driver（.ci/run 会安装）"),
]


@pytest.fixture(scope="module")
def server():
    import uvicorn

    from annual_report.web.app import create_app

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(), log_level="warning", lifespan="on")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,2000",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads
    yield driver
    driver.quit()


def test_upload_see_findings_download_annotated(server, browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    d2022, d2023 = consistent_series([2022, 2023], random.Random(11), body="白沙镇人民政府")
    total = d2023["tables"]["B"]["rows"][0]["总计"]
    draft = fill_official_template(d2023, tmp_path / "白沙镇2023年报-初稿.docx", overrides={("B", "new", "总计"): str(total + 3)})
    history = fill_official_template(d2022, tmp_path / "白沙镇2022年报.docx")

    browser.get(server + "/")
    assert "检查年度报告" in browser.page_source
    browser.find_element(By.ID, "file").send_keys(str(draft))
    browser.find_element(By.ID, "history").send_keys(str(history))
    browser.find_element(By.ID, "submit").click()
    WebDriverWait(browser, 60).until(ec.presence_of_element_located((By.ID, "totals")))
    page = browser.page_source
    assert "白沙镇人民政府" in page and "对照往年报告：2022年度" in page
    messages = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".finding.error .message")]
    assert any(str(total + 3) in m for m in messages), messages
    marked = browser.find_elements(By.CSS_SELECTOR, "td.mark-error")
    assert marked and any(c.text == str(total + 3) for c in marked)
    browser.save_screenshot(str(Path(browser.downloads) / "results.png"))

    browser.find_element(By.PARTIAL_LINK_TEXT, "下载带批注的副本").click()
    deadline = time.time() + 30
    got = []
    while time.time() < deadline:
        got = [p for p in Path(browser.downloads).glob("*.docx")]
        if got and not list(Path(browser.downloads).glob("*.crdownload")):
            break
        time.sleep(0.2)
    assert got, "带批注的副本没有下载下来"
    document = docx.Document(str(got[0]))
    comments = [c.text for c in document.comments]
    assert any(str(total + 3) in c for c in comments), comments

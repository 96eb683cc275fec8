"""The trainer's kit: workshop mode (fresh fictional clients at each start, deleted at the
end, a banner, larger text, no file taken in) and ``attachwork lab`` (JupyterLab on the
workbooks with a throwaway demo store, serving them and Voila's preview over HTTP)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from attachwork.content import pack
from attachwork.domain.records import ClientProfile
from attachwork.store import Store
from tests.support.browser import ROOT, TOKEN, _free_port, press, start_server, stop_server

pytestmark = pytest.mark.browser

EN = pack("en")


def _folder(log: Path, pattern: str) -> Path:
    deadline = time.time() + 120
    while time.time() < deadline:
        found = re.search(pattern, log.read_text())
        if found:
            return Path(found.group(1))
        time.sleep(0.2)
    pytest.fail("the folder was not printed:\n" + log.read_text())


def test_workshop_starts_fresh_each_time_and_refuses_a_file(page, tmp_path):
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    first = start_server(tmp_path / "one", "--workshop")
    try:
        store_dir = _folder(first.log, r"fictional clients in (\S+);")
        assert store_dir != first.data_dir and store_dir.is_dir()
        store = Store.open(f"sqlite:///{store_dir / 'attachwork.sqlite3'}")
        wren = store.client_by_pseudonym("Demo-Wren")
        assert wren is not None
        store.create_client(ClientProfile(pseudonym="Test-Left-Behind"))
        store.close()

        page.goto(first.url("between_sessions.ipynb") + f"&client={wren.id}")
        page.get_by_role("button", name=EN.text("common.crisis.button")).wait_for(timeout=180_000)
        banner = page.locator(".aw-workshop-banner")
        expect(banner).to_contain_text(EN.text("common.workshop.banner").split(".")[0])
        assert page.locator(".aw-app.aw-workshop").count() == 1
        size = page.evaluate("getComputedStyle(document.querySelector('.aw-app')).fontSize")
        assert float(size.removesuffix("px")) >= 20  # large enough for a projector
        refusal = " ".join(EN.text("bundles.errors.workshop").split())
        expect(page.locator(".aw-receive")).to_contain_text(refusal[:60])
        assert page.locator(".aw-receive .widget-upload").is_disabled()
        press(page, "button", EN.text("bundles.receive.check"))
        expect(page.locator(".aw-receive .aw-error-text")).to_contain_text(refusal[:60])
        assert page.watch.errors == []
    finally:
        stop_server(first, "voila-workshop.log")
    assert not store_dir.exists(), "the workshop's store outlived the workshop"
    assert "workshop store deleted" in first.log.read_text()

    second = start_server(tmp_path / "two", "--workshop")
    try:
        again = _folder(second.log, r"fictional clients in (\S+);")
        assert again != store_dir
        store = Store.open(f"sqlite:///{again / 'attachwork.sqlite3'}")
        assert store.client_by_pseudonym("Test-Left-Behind") is None
        assert store.client_by_pseudonym("Demo-Wren") is not None
        store.close()
    finally:
        stop_server(second, "voila-workshop-2.log")
    assert not again.exists()


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=30) as r:  # noqa: S310 - 127.0.0.1, by the test
        return r.status, r.read().decode("utf-8", "replace")


def test_lab_serves_the_workbooks_and_their_voila_preview(tmp_path):
    port = _free_port()
    log = tmp_path / "lab.log"
    env = {**os.environ, "ATTACHWORK_TOKEN": TOKEN, "ATTACHWORK_DATA_DIR": str(tmp_path / "unused")}
    proc = subprocess.Popen([sys.executable, "-m", "attachwork.app.cli", "lab",
                             str(ROOT / "workbooks"), "--port", str(port)],
                            env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        store_dir = _folder(log, r"fictional clients in (\S+) \(deleted")
        deadline = time.time() + 120
        while True:
            try:
                status, body = _get(f"{base}/api/contents?token={TOKEN}")
                break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    pytest.fail("JupyterLab did not start:\n" + log.read_text())
                time.sleep(0.5)
        assert status == 200
        names = {item["name"] for item in json.loads(body)["content"]}
        assert {"00_intake.ipynb", "start.ipynb", "between_sessions.ipynb"} <= names
        status, body = _get(f"{base}/lab?token={TOKEN}")
        assert status == 200 and "JupyterLab" in body
        status, body = _get(f"{base}/voila/render/start.ipynb?token={TOKEN}")
        assert status == 200 and "attachwork" in body  # the project's Voila template
        with pytest.raises(urllib.error.HTTPError) as refused:  # the token is needed
            _get(f"{base}/api/contents")
        assert refused.value.code == 403
        store = Store.open(f"sqlite:///{store_dir / 'attachwork.sqlite3'}")
        assert store.client_by_pseudonym("Demo-Wren") is not None
        store.close()
        assert not (tmp_path / "unused").exists()  # the demo store is not the configured one
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    assert not store_dir.exists(), "lab's demo store outlived JupyterLab"

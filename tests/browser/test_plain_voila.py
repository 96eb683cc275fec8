"""Plain `voila workbooks/` (no project settings) still runs the workbook and its charts."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def plain_voila(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "ATTACHWORK_DATA_DIR": str(tmp_path / "data")}
    env.pop("JUPYTER_PATH", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "voila", "workbooks/", "--no-browser", f"--port={port}"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}/voila/render/00_intake.ipynb"
    proc.terminate()
    proc.wait(timeout=15)


def test_plain_voila_runs_the_intake_and_draws_the_plane(page, plain_voila):
    page.goto(plain_voila)
    page.get_by_role("button", name="Need help now?").wait_for(timeout=90_000)
    page.get_by_label('We have read "Before we begin" together').check()
    page.get_by_label("Code name").fill("Test-Plain")
    page.get_by_role("button", name="Add client").click()
    expect(page.get_by_text("Working with Test-Plain.")).to_be_visible()
    page.get_by_role("button", name="Next", exact=True).click()
    page.get_by_role("button", name="Next", exact=True).click()
    items = page.locator(".aw-scale[class*='aw-item-']")
    for i in range(items.count()):
        items.nth(i).get_by_role("radio", name="2", exact=True).click()
    page.get_by_role("button", name="Show my scores").click()
    # without the attachwork template, plotly.js comes from the kernel as a blob
    expect(page.locator(".aw-chart-plot .main-svg").first).to_be_visible(timeout=30_000)
    assert page.watch.errors == []

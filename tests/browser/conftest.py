"""A real Voila server (``attachwork serve``) and Debian's Chromium, driven by Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("ATTACHWORK_CHROMIUM", "/usr/bin/chromium")
TOKEN = "browser-test-token"
LOCAL_PREFIXES = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class VoilaServer:
    port: int
    data_dir: Path
    proc: subprocess.Popen
    log: Path

    def url(self, notebook: str) -> str:
        return f"http://127.0.0.1:{self.port}/voila/render/{notebook}?token={TOKEN}"


def start_server(data: Path, *extra: str) -> VoilaServer:
    """``attachwork serve`` on a free port with its own data folder (and any extra flags)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: run bin/test, which installs it")
    log = data / "voila.log"
    port = _free_port()
    env = {**os.environ, "ATTACHWORK_DATA_DIR": str(data)}
    env.pop("ATTACHWORK_DB_URL", None)
    env.pop("ATTACHWORK_MODE", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "attachwork.app.cli", "serve", str(ROOT / "workbooks"),
         "--port", str(port), "--token", TOKEN, *extra],
        env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, cwd=ROOT,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail("Voila exited early:\n" + log.read_text())
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("Voila did not start:\n" + log.read_text())
    return VoilaServer(port, data, proc, log)


def stop_server(server: VoilaServer, name: str = "voila.log") -> None:
    server.proc.terminate()
    try:
        server.proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.proc.kill()
    artifacts = os.environ.get("ATTACHWORK_TEST_ARTIFACTS")
    if artifacts:
        Path(artifacts).mkdir(parents=True, exist_ok=True)
        shutil.copy(server.log, Path(artifacts) / name)


@pytest.fixture(scope="session")
def voila_server(tmp_path_factory):
    server = start_server(tmp_path_factory.mktemp("voila-data"))
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield b
        b.close()


@dataclass
class Watch:
    """What a page asked for outside this machine, and the errors it raised."""

    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    watch = Watch()
    pg.on("request", lambda r: None if r.url.startswith(LOCAL_PREFIXES)
          else watch.outside.append(r.url))
    pg.on("pageerror", lambda e: watch.errors.append(str(e)))
    pg.watch = watch
    yield pg
    context.close()


def open_workbook(page, server: VoilaServer, notebook: str):
    page.goto(server.url(notebook))
    page.get_by_role("button", name="Need help now?").wait_for(timeout=90_000)
    return page

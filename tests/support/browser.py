"""A real Voila server (``attachwork serve``) and Debian's Chromium, and the ways a person
reaches a page: controls found by their visible names and used with the keyboard."""

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
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

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


@dataclass
class Watch:
    """What a page asked for outside this machine, and the errors it raised."""

    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def open_workbook(page, server: VoilaServer, notebook: str):
    page.goto(server.url(notebook))
    page.get_by_role("button", name="Need help now?").wait_for(timeout=90_000)
    return page


def press(page, role: str, name: str, key: str = "Enter", exact: bool = True) -> None:
    """Reach a control by its visible name and use it with the keyboard."""
    target = page.get_by_role(role, name=name, exact=exact)
    expect(target).to_be_enabled(timeout=20_000)
    target.focus()
    page.keyboard.press(key)


def type_into(page, label: str, text: str) -> None:
    """Type at a person's pace. (ipywidgets holds back text updates while a message to the
    kernel is pending, but sends a click at once: machine-speed typing followed by an
    instant Enter could reach the kernel in the wrong order.)"""
    page.get_by_label(label, exact=True).focus()
    page.keyboard.type(text, delay=15)
    page.wait_for_timeout(300)


def new_client(page, name: str) -> None:
    type_into(page, "Code name", name)
    press(page, "button", "Add client")
    expect(page.get_by_text(f"Working with {name}.")).to_be_visible()


def step(page, title: str) -> None:
    """Open a step from the step list (a radio group: the steps are radio buttons)."""
    press(page, "radio", title, exact=False)
    expect(page.locator(".aw-steps-head")).to_contain_text(title.split(". ", 1)[1])


def axe_findings(page) -> list[str]:
    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes'][:3]]}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]

"""The package a client installs: a wheel built from this checkout, installed into a fresh
virtual environment with no source checkout in sight, serves home mode in Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support.browser import ROOT, TOKEN

pytestmark = pytest.mark.slow


def _run(*argv: str | Path, cwd: Path, env: dict | None = None, timeout: int = 600) -> str:
    done = subprocess.run([str(a) for a in argv], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)
    assert done.returncode == 0, f"{argv} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The ``attachwork`` command of a fresh venv that holds only the built wheel and its
    dependencies (pip's cache makes the second run quick)."""
    started = time.monotonic()
    work = tmp_path_factory.mktemp("wheel")
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", work / "dist", ROOT,
         cwd=work)
    [wheel] = (work / "dist").glob("attachwork-*.whl")
    _run(sys.executable, "-m", "venv", work / "venv", cwd=work)
    _run(work / "venv" / "bin" / "python", "-m", "pip", "install", "-q", wheel, cwd=work)
    print(f"\nwheel built and installed in a fresh venv in {time.monotonic() - started:.0f} s")
    return work / "venv" / "bin" / "attachwork"


def _clean_env(data: Path) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("ATTACHWORK_", "VIRTUAL_ENV", "PYTHON", "JUPYTER"))}
    env["ATTACHWORK_DATA_DIR"] = str(data)
    return env


def test_the_wheel_carries_the_workbooks_and_the_template(installed):
    import zipfile

    [wheel] = installed.parents[2].glob("dist/attachwork-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {Path(n).name for n in names if n.startswith("attachwork/notebooks/")}
    assert shipped == {p.name for p in (ROOT / "workbooks").glob("*.ipynb")}
    assert "attachwork/share/jupyter/voila/templates/attachwork/index.html.j2" in names


def test_installed_command_reports_its_version_and_checks_content(installed, tmp_path):
    from attachwork import __version__

    env = _clean_env(tmp_path / "data")
    assert _run(installed, "--version", cwd=tmp_path, env=env).strip() == f"attachwork {__version__}"
    assert "content pack: ok" in _run(installed, "content", "check", cwd=tmp_path, env=env)
    where = _run(installed.parent / "python", "-c",
                 "from attachwork.app.serve import default_workbooks_dir as d; print(d())",
                 cwd=tmp_path, env=env).strip()
    assert where.startswith(str(installed.parents[1])) and where.endswith("attachwork/notebooks")


def test_installed_home_mode_opens_a_workbook_in_chromium(installed, page, tmp_path):
    data = tmp_path / "fresh-data"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tmp_path / "wheel-serve.log"
    proc = subprocess.Popen(
        [str(installed), "serve", "--home", "--data-dir", str(data), "--port", str(port),
         "--token", TOKEN],
        cwd=tmp_path, env=_clean_env(data), stdout=log.open("w"), stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert proc.poll() is None, log.read_text()
                time.sleep(0.2)
        # The front door is the client's start page, served from the installed package.
        page.goto(f"http://127.0.0.1:{port}/?token={TOKEN}")
        expect(page.get_by_role("heading", name="Welcome")).to_be_visible(timeout=90_000)
        expect(page.get_by_role("button", name="Need help now?")).to_be_visible()
        assert page.watch.outside == [] and page.watch.errors == []
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()

"""The two jobs that need a browser engine: plotly figures to SVG, and HTML to PDF.

Both use the Chromium already on the machine (Debian's ``chromium``; the README's
commands install it). Figures go through kaleido with MathJax switched off and plotly.js
read from the plotly package, so nothing is fetched from the internet. The PDF comes from
Chromium's own print engine, run headless on a local file with networking disabled.
When no Chromium is found, :class:`EngineMissing` says so and the caller explains it.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
PDF_TIMEOUT = 120


class EngineMissing(RuntimeError):
    """No Chromium on this computer, so no SVG charts and no PDF."""


def chromium_path() -> str | None:
    """``ATTACHWORK_CHROMIUM`` if set, else the first Chromium on the PATH."""
    configured = os.environ.get("ATTACHWORK_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _run_in_thread(coro_factory: Callable[[], Any]) -> Any:
    """Run a coroutine to the end on a private event loop (a Jupyter kernel already runs
    one on its own thread, so ``asyncio.run`` cannot be used there)."""
    result: dict[str, Any] = {}

    def target() -> None:
        try:
            result["value"] = asyncio.run(coro_factory())
        except BaseException as exc:  # noqa: BLE001 - handed back to the caller below
            result["error"] = exc

    thread = threading.Thread(target=target, name="attachwork-svg", daemon=True)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"]


def figures_to_svg(figures: Sequence[Any], on_done: Callable[[int], None] | None = None,
                   ) -> list[str]:
    """SVG markup for each plotly figure, from one browser session."""
    if not figures:
        return []
    browser = chromium_path()
    if browser is None:
        raise EngineMissing("no Chromium found")
    os.environ.setdefault("BROWSER_PATH", browser)
    import kaleido  # imported here: only exports need it

    async def render() -> list[str]:
        out = []
        async with kaleido.Kaleido(n=1, mathjax=False) as k:
            for n, fig in enumerate(figures, start=1):
                data = await k.calc_fig(fig, opts={"format": "svg"})
                out.append(data.decode("utf-8") if isinstance(data, bytes) else str(data))
                if on_done:
                    on_done(n)
        return out

    return _run_in_thread(render)


def html_to_pdf(html: str) -> bytes:
    """Print ``html`` (self-contained, no outside requests) to PDF with headless Chromium."""
    browser = chromium_path()
    if browser is None:
        raise EngineMissing("no Chromium found")
    with tempfile.TemporaryDirectory(prefix="attachwork-pdf-") as tmp:
        os.chmod(tmp, 0o700)
        page = Path(tmp) / "page.html"
        out = Path(tmp) / "page.pdf"
        page.write_text(html, encoding="utf-8")
        args = [browser, "--headless", "--disable-gpu", "--no-pdf-header-footer",
                "--disable-background-networking", "--disable-extensions", "--no-first-run",
                "--disable-sync", "--disable-component-update", "--mute-audio",
                f"--user-data-dir={Path(tmp) / 'profile'}", f"--print-to-pdf={out}"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            args.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox
        args.append(page.as_uri())
        proc = subprocess.run(args, capture_output=True, timeout=PDF_TIMEOUT, check=False)  # noqa: S603 - fixed arguments
        if not out.exists() or out.stat().st_size == 0:
            raise RuntimeError(f"Chromium printed no PDF (exit {proc.returncode})")
        return out.read_bytes()

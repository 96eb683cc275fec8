"""Page weight and start-up of each workbook, against a one-button notebook.

Run:  .venv/bin/python benchmarks/page_load.py [--rounds 3]

For each workbook and for a notebook holding a single button, served by
``attachwork serve`` in the same run, it prints:

* time to the first usable widget (Chromium, headless), cold (a new kernel per page)
  and with a preheated kernel pool, as a ratio to the one-button notebook;
* the bytes the page received (HTTP, as sent on the wire, plus websocket frames);
* the kernel's resident memory as a ratio to the one-button notebook's kernel.

Nothing here asserts: the numbers are for people to read (targets for every workbook: at most
1.3x cold and at most 6 MB a page).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "benchmark-token-of-this-run"
CHROMIUM = os.environ.get("ATTACHWORK_CHROMIUM", "/usr/bin/chromium")

ONE_BUTTON = {
    "cells": [{"cell_type": "code", "execution_count": None, "id": "b0", "metadata": {},
               "outputs": [], "source": ["import ipywidgets as w\n", "w.Button(description='Go')"]}],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    "nbformat": 4, "nbformat_minor": 5,
}

#: How to tell that a page is usable: a control a person would reach for first.
READY = {
    "one_button.ipynb": ("button", "Go"),
    "00_intake.ipynb": ("combobox", "Client"),
    "01_pattern_awareness.ipynb": ("combobox", "Client"),
    "02_regulation.ipynb": ("combobox", "Client"),
    "03_core_beliefs.ipynb": ("combobox", "Client"),
    "04_boundaries.ipynb": ("combobox", "Client"),
    "05_partner_choice.ipynb": ("combobox", "Client"),
    "06_review.ipynb": ("combobox", "Client"),
    "between_sessions.ipynb": ("combobox", "Client"),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(folder: Path, data: Path, preheat: bool) -> tuple[subprocess.Popen, int]:
    port = free_port()
    args = [sys.executable, "-m", "attachwork.app.cli", "serve", str(folder), "--port", str(port),
            "--demo", "--data-dir", str(data)]
    if preheat:
        args.append("--preheat")
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            cwd=folder, env={**os.environ, "ATTACHWORK_TOKEN": TOKEN})
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc, port
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("Voila did not start")


def kernels(server: subprocess.Popen) -> dict[int, psutil.Process]:
    out = {}
    for child in psutil.Process(server.pid).children(recursive=True):
        try:
            if "ipykernel" in " ".join(child.cmdline()):
                out[child.pid] = child
        except psutil.Error:
            continue
    return out


def load(browser, port: int, notebook: str, server: subprocess.Popen) -> dict:
    before = set(kernels(server))
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    http = [0]
    ws = [0]
    cdp.on("Network.loadingFinished", lambda e: http.__setitem__(0, http[0] + e["encodedDataLength"]))
    cdp.on("Network.webSocketFrameReceived",
           lambda e: ws.__setitem__(0, ws[0] + len(e["response"]["payloadData"])))
    role, name = READY[notebook]
    start = time.perf_counter()
    page.goto(f"http://127.0.0.1:{port}/voila/render/{notebook}?token={TOKEN}")
    page.get_by_role(role, name=name, exact=True).wait_for(timeout=120_000)
    ready = time.perf_counter() - start
    page.wait_for_timeout(2500)  # let late messages (charts, fonts) arrive
    after = kernels(server)
    new = [p for pid, p in after.items() if pid not in before] or list(after.values())
    rss = max(p.memory_info().rss for p in new) if new else 0
    context.close()
    return {"ready": ready, "http": http[0], "ws": ws[0], "rss": rss}


def measure(folder: Path, notebooks: list[str], preheat: bool, rounds: int, browser) -> dict:
    data = Path(tempfile.mkdtemp(prefix="aw-bench-data-"))
    server, port = start_server(folder, data, preheat)
    results: dict[str, list[dict]] = {nb: [] for nb in notebooks}
    try:
        if preheat:
            time.sleep(12)
        for _ in range(rounds):
            for nb in notebooks:
                results[nb].append(load(browser, port, nb, server))
                if preheat:
                    time.sleep(8)  # let the pool refill
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(data, ignore_errors=True)
    return {nb: {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            for nb, runs in results.items()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--json", help="also write the figures to this file")
    ap.add_argument("--only", nargs="*", default=None,
                    help="measure these workbooks (file names) against the baseline, not all")
    args = ap.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="aw-bench-"))
    (folder / "one_button.ipynb").write_text(json.dumps(ONE_BUTTON))
    workbooks = sorted(p.name for p in (ROOT / "workbooks").glob("*.ipynb") if p.name in READY
                       and (not args.only or p.name in args.only))
    for name in workbooks:
        shutil.copy(ROOT / "workbooks" / name, folder / name)
    notebooks = ["one_button.ipynb", *workbooks]

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        cold = measure(folder, notebooks, False, args.rounds, browser)
        warm = measure(folder, notebooks, True, args.rounds, browser)
        browser.close()
    shutil.rmtree(folder, ignore_errors=True)

    base_c, base_w = cold["one_button.ipynb"], warm["one_button.ipynb"]
    print(f"median of {args.rounds} loads each; ratios against one_button.ipynb in this run\n")
    header = (f"{'notebook':<20}{'cold s':>8}{'ratio':>7}{'warm s':>8}{'ratio':>7}"
              f"{'http MB':>9}{'ws MB':>8}{'page MB':>9}{'kernel MB':>11}{'ratio':>7}")
    print(header)
    print("-" * len(header))
    for nb in notebooks:
        c, w = cold[nb], warm[nb]
        total = (c["http"] + c["ws"]) / 1e6
        print(f"{nb:<20}{c['ready']:>8.2f}{c['ready'] / base_c['ready']:>7.2f}"
              f"{w['ready']:>8.2f}{w['ready'] / base_w['ready']:>7.2f}"
              f"{c['http'] / 1e6:>9.2f}{c['ws'] / 1e6:>8.2f}{total:>9.2f}"
              f"{c['rss'] / 1e6:>11.1f}{c['rss'] / max(base_c['rss'], 1):>7.2f}")
    if args.json:
        Path(args.json).write_text(json.dumps({"cold": cold, "warm": warm}, indent=1))


if __name__ == "__main__":
    main()

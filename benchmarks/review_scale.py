"""How the review (workbook 06) scales with the size of a client's record.

Run:  .venv/bin/python benchmarks/review_scale.py [--rounds 3]

Two fictional clients are written into a scratch store: one with about 50 entries and one
with about 5,000 (a year of very busy logging). For each it measures, in the same run:

* in the kernel: reading every entry and building the trajectory and all trend figures
  (what the review does when a client is chosen and its steps are opened);
* in Chromium against a real Voila server: from choosing the client to the trajectory
  drawn, and from opening the trends step to its last chart drawn.

It prints the figures and the ratio large / small. Nothing here asserts: the target is a
ratio of at most 1.5.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "benchmark-token-of-this-run"
CHROMIUM = os.environ.get("ATTACHWORK_CHROMIUM", "/usr/bin/chromium")
SIZES = {"Bench-Small": {"weeks": 10, "per_week": 4}, "Bench-Large": {"weeks": 52, "per_week": 93}}


def make_store(data: Path) -> dict[str, int]:
    os.environ["ATTACHWORK_DATA_DIR"] = str(data)
    from attachwork.app.demo import year_of_entries
    from attachwork.content import instrument_folders
    from attachwork.domain.instruments import load_catalogue
    from attachwork.domain.records import ClientProfile
    from attachwork.store import Store

    store = Store.open()
    inst = load_catalogue(instrument_folders()).get("reflection-checkin")
    counts = {}
    for name, size in SIZES.items():
        client = store.create_client(ClientProfile(pseudonym=name))
        counts[name] = year_of_entries(store, client.id, dt.date.today(), inst, **size)
    store.close()
    return counts


def in_kernel(rounds: int) -> dict[str, float]:
    from attachwork.charts.plane import PlanePoint
    from attachwork.charts.review import trajectory_figure
    from attachwork.content import instrument_folders, pack
    from attachwork.domain.instruments import load_catalogue
    from attachwork.domain.review import checkin_points
    from attachwork.services.summaries.charts import review_trends
    from attachwork.store import Store

    store = Store.open()
    inst = load_catalogue(instrument_folders()).get("reflection-checkin")
    out = {}
    for name in SIZES:
        client = store.client_by_pseudonym(name)
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            entries = store.entries(client.id)
            pts = [PlanePoint(p.when, p.means["avoidance"], p.means["anxiety"], p.region)
                   for p in checkin_points(entries, inst) if p.region]
            trajectory_figure(inst, pts, "t").to_json()
            for spec in review_trends(entries, pack()):
                spec.figure.to_json()
            times.append(time.perf_counter() - start)
        out[name] = statistics.median(times)
    store.close()
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def in_browser(data: Path, rounds: int) -> dict[str, tuple[float, float]]:
    from playwright.sync_api import sync_playwright

    port = free_port()
    env = {**os.environ, "ATTACHWORK_DATA_DIR": str(data), "ATTACHWORK_TOKEN": TOKEN}
    proc = subprocess.Popen([sys.executable, "-m", "attachwork.app.cli", "serve", str(ROOT / "workbooks"),
                             "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    out: dict[str, list[tuple[float, float]]] = {name: [] for name in SIZES}
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            for _ in range(rounds):
                for name in SIZES:
                    page = browser.new_page(viewport={"width": 1280, "height": 1000})
                    page.goto(f"http://127.0.0.1:{port}/voila/render/06_review.ipynb?token={TOKEN}")
                    page.get_by_role("combobox", name="Client").wait_for(timeout=120_000)
                    start = time.perf_counter()
                    page.get_by_role("combobox", name="Client").select_option(label=name)
                    page.get_by_role("button", name="2. The path so far").click()
                    page.locator(".aw-chart-panel .main-svg").first.wait_for(timeout=120_000)
                    trajectory = time.perf_counter() - start
                    start = time.perf_counter()
                    page.get_by_role("button", name="3. What the worksheets show").click()
                    page.wait_for_function(  # the trajectory and the five trend charts
                        "document.querySelectorAll('.aw-chart-panel .js-plotly-plot').length >= 6",
                        timeout=120_000)
                    trends = time.perf_counter() - start
                    out[name].append((trajectory, trends))
                    page.close()
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    return {n: (statistics.median(t for t, _ in v), statistics.median(t for _, t in v))
            for n, v in out.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="attachwork-bench-") as tmp:
        data = Path(tmp) / "data"
        counts = make_store(data)
        small, large = SIZES
        print(f"entries: {small} {counts[small]}, {large} {counts[large]}")
        k = in_kernel(args.rounds)
        print(f"kernel, read + trajectory + trends: {k[small] * 1000:.0f} ms vs "
              f"{k[large] * 1000:.0f} ms  (ratio {k[large] / k[small]:.2f})")
        if not args.no_browser:
            b = in_browser(data, args.rounds)
            for i, what in enumerate(("choose client -> trajectory drawn",
                                      "open trends -> last chart drawn")):
                print(f"browser, {what}: {b[small][i]:.2f} s vs {b[large][i]:.2f} s  "
                      f"(ratio {b[large][i] / b[small][i]:.2f})")
            total_s, total_l = sum(b[small]), sum(b[large])
            print(f"browser, whole review: {total_s:.2f} s vs {total_l:.2f} s  "
                  f"(ratio {total_l / total_s:.2f}; target at most 1.50)")


if __name__ == "__main__":
    main()

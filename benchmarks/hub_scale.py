"""The practice server under a small practice's load, against one standalone server measured
in the same run.

Starts a throwaway PostgreSQL cluster and the hub on 127.0.0.1 (TLS, self-signed), adds
N therapists and M clients (fictional), logs each in with Chromium and opens their front page,
and prints:

* time to the first widget through the hub: the first login (which starts the account's
  server) and a reload of a running server, against ``attachwork serve`` (standalone) cold
  and reloaded;
* memory per idle user server (Voila with no page open) against the standalone server's;
* saves per second on PostgreSQL, every client saving at once through its own role with
  row-level security, against one SQLite store written by as many threads.

    .venv/bin/python benchmarks/hub_scale.py [--therapists 5] [--clients 20]
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import psutil
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from attachwork.domain.records import ClientProfile  # noqa: E402
from attachwork.services import practice  # noqa: E402
from attachwork.store import Store  # noqa: E402
from tests.support.hub import PASSWORD, make_hub  # noqa: E402

CHROMIUM = os.environ.get("ATTACHWORK_CHROMIUM", "/usr/bin/chromium")
WIDGET = "Need help now?"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def postgres():
    """A throwaway cluster on 127.0.0.1 (as in tests/support/postgres.py)."""
    bindir = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1]
    folder = tempfile.mkdtemp(prefix="aw-bench-pg-")
    as_pg = (["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else [])
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    port = _free_port()
    subprocess.run([*as_pg, f"{bindir}/initdb", "-D", f"{folder}/data", "-U", "postgres",
                    "--auth=trust", "-E", "UTF8"], check=True, capture_output=True)
    subprocess.run([*as_pg, f"{bindir}/pg_ctl", "-D", f"{folder}/data", "-w", "-l",
                    f"{folder}/log", "-o", f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 "
                    "-c max_connections=200", "start"], check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_pg, f"{bindir}/pg_ctl", "-D", f"{folder}/data", "-m", "fast",
                        "stop"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def _rss_tree(pid: int) -> float:
    """MB resident for a process and its children."""
    try:
        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
        return sum(p.memory_info().rss for p in procs if p.is_running()) / 1e6
    except psutil.NoSuchProcess:
        return 0.0


def _server_pids(folder: Path) -> dict[str, int]:
    """Account name -> pid of its running server (found by its data folder)."""
    out = {}
    for proc in psutil.process_iter(["pid", "cmdline"]):
        try:
            if "attachwork.app.hub.singleuser" not in " ".join(proc.info["cmdline"] or []):
                continue
            env = proc.environ()
        except (psutil.AccessDenied, psutil.NoSuchProcess):
            continue
        data = env.get("ATTACHWORK_DATA_DIR", "")
        if data.startswith(str(folder)):
            out[Path(data).parent.name] = proc.info["pid"]
    return out


def _first_widget(page, url: str) -> float:
    t = time.perf_counter()
    page.goto(url)
    page.get_by_role("button", name=WIDGET).wait_for(timeout=180_000)
    return time.perf_counter() - t


def standalone(browser, work: Path) -> dict[str, float]:
    """``attachwork serve --home`` on one client's SQLite copy: cold load, reload, idle MB."""
    data = work / "standalone"
    store = Store.open(f"sqlite:///{data / 'attachwork.sqlite3'}")
    store.create_client(ClientProfile(pseudonym="Bench-Solo"))
    store.close()
    port, token = _free_port(), "bench-token-of-this-run"
    # the token from the environment: never on the command line, where others could read it
    proc = subprocess.Popen([sys.executable, "-m", "attachwork.app.cli", "serve", "--home",
                             "--data-dir", str(data), "--port", str(port)],
                            cwd=ROOT, env={**os.environ, "ATTACHWORK_TOKEN": token},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        url = f"http://127.0.0.1:{port}/voila/render/between_sessions.ipynb?token={token}"
        ctx = browser.new_context()
        page = ctx.new_page()
        cold = _first_widget(page, url)
        warm = _first_widget(page, url)
        ctx.close()
        time.sleep(3)  # the closed page's kernel ends
        idle = _rss_tree(proc.pid)
        return {"cold": cold, "warm": warm, "idle_mb": idle}
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def through_hub(browser, hub, names: list[str]) -> dict[str, list[float]]:
    cold, warm = [], []
    for name in names:
        ctx = browser.new_context(ignore_https_errors=True)
        page = ctx.new_page()
        page.goto(hub.url + "hub/login")
        page.locator("#username_input").fill(name)
        page.locator("#password_input").fill(PASSWORD)
        t = time.perf_counter()
        page.locator("#login_submit").click()
        page.get_by_role("button", name=WIDGET).wait_for(timeout=180_000)
        cold.append(time.perf_counter() - t)
        warm.append(_first_widget(page, page.url))
        ctx.close()
        print(f"  {name}: first login {cold[-1]:.1f} s, reload {warm[-1]:.1f} s", flush=True)
    return {"cold": cold, "warm": warm}


def saves_per_second(store_urls: list[tuple[str, str]], per_client: int) -> float:
    """Every (url, client id) saving ``per_client`` entries at once, one thread each."""
    stores = [(Store.open(url, migrate=False), cid) for url, cid in store_urls]
    barrier = threading.Barrier(len(stores) + 1)
    errors: list[BaseException] = []

    def work(store: Store, cid: str) -> None:
        barrier.wait()
        try:
            for i in range(per_client):
                store.add_entry(cid, "suds", {"value": i % 11}, author="client", place="home")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=pair) for pair in stores]
    for t in threads:
        t.start()
    barrier.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    for s, _ in stores:
        s.close()
    if errors:
        raise errors[0]
    return len(stores) * per_client / elapsed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--therapists", type=int, default=5)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--saves", type=int, default=25, help="entries each client saves")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="aw-bench-hub-"))
    with postgres() as pg_url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        print("standalone attachwork serve --home ...", flush=True)
        solo = standalone(browser, work)
        hub = make_hub(pg_url, work / "hub")
        therapists = [f"bench_t{i}" for i in range(1, args.therapists + 1)]
        clients = [f"bench_c{i:02d}" for i in range(1, args.clients + 1)]
        for t in therapists:
            hub.add_therapist(t)
        for i, c in enumerate(clients):
            hub.add_client(c, f"Bench-{c[-3:]}", therapists[i % len(therapists)])
        hub.start()
        try:
            print(f"through the hub: {len(therapists)} therapists, {len(clients)} clients ...",
                  flush=True)
            times = through_hub(browser, hub, therapists + clients)
            time.sleep(5)  # every page is closed: the servers are idle, their kernels ended
            pids = _server_pids(hub.folder.parent)
            idle = [_rss_tree(p) for p in pids.values()]
            owner = Store.open(hub.db_url)
            pairs = []
            for c in clients:
                env = practice.server_environment(owner, c, hub.db_url)
                pairs.append((env["ATTACHWORK_DB_URL"], owner.account(c).client_id))
            owner.close()
            pg_rate = saves_per_second(pairs, args.saves)
            lite_url = f"sqlite:///{work / 'lite' / 'attachwork.sqlite3'}"
            lite = Store.open(lite_url)
            lite_pairs = [(lite_url, lite.create_client(ClientProfile(
                pseudonym=f"Bench-L{i:02d}")).id) for i in range(len(clients))]
            lite.close()
            lite_rate = saves_per_second(lite_pairs, args.saves)
        finally:
            hub.stop()
            hub.drop()
            browser.close()
    shutil.rmtree(work, ignore_errors=True)

    def med(xs: list[float]) -> float:
        return statistics.median(xs)

    print("\n== practice server, measured against one standalone server in the same run")
    print(f"time to first widget, first login (starts the server): median "
          f"{med(times['cold']):.1f} s, max {max(times['cold']):.1f} s "
          f"({med(times['cold']) / solo['cold']:.2f}x standalone cold {solo['cold']:.1f} s)")
    print(f"time to first widget, reload of a running server:      median "
          f"{med(times['warm']):.1f} s ({med(times['warm']) / solo['warm']:.2f}x standalone "
          f"reload {solo['warm']:.1f} s)")
    if idle:
        print(f"memory per idle user server: median {med(idle):.0f} MB over {len(idle)} servers "
              f"({med(idle) / solo['idle_mb']:.2f}x the standalone server's {solo['idle_mb']:.0f} MB)")
    print(f"saves per second, {len(clients)} clients at once: PostgreSQL with row-level "
          f"security {pg_rate:.0f}/s; SQLite, one file, {lite_rate:.0f}/s "
          f"({pg_rate / lite_rate:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

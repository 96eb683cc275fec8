"""No acknowledged save is lost to a crash, and concurrent writers never collide."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from attachwork.domain.records import ClientProfile
from attachwork.store import Store

WRITER = textwrap.dedent("""
    import sys
    from attachwork.domain.records import Suds
    from attachwork.store import Store
    store = Store.open(sys.argv[1])
    client_id, count, tag = sys.argv[2], int(sys.argv[3]), sys.argv[4]
    for i in range(count):
        e = store.add_entry(client_id, "suds", Suds(value=i % 11), author="client",
                            place="home", workbook="02_regulation")
        print(e.id, flush=True)
""")


def _prepare(tmp_path: Path) -> tuple[str, str]:
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    store = Store.open(url)
    client = store.create_client(ClientProfile(pseudonym="Test-Crash"))
    store.close()
    return url, client.id


def test_sigkill_mid_stream_loses_no_acknowledged_save(tmp_path):
    url, client_id = _prepare(tmp_path)
    proc = subprocess.Popen([sys.executable, "-c", WRITER, url, client_id, "100000", "k"],
                            stdout=subprocess.PIPE, text=True)
    acked = []
    deadline = time.time() + 60
    while len(acked) < 150 and time.time() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        acked.append(line.strip())
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert len(acked) >= 150, "writer did not get going"

    store = Store.open(url)
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    present = {e.id for e in store.entries(client_id)}
    missing = [a for a in acked if a not in present]
    assert missing == []


@pytest.mark.slow
def test_four_processes_two_hundred_saves_each(tmp_path):
    url, client_id = _prepare(tmp_path)
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, url, client_id, "200", f"p{n}"],
                              stdout=subprocess.PIPE, text=True) for n in range(4)]
    outputs = [p.communicate(timeout=300)[0].split() for p in procs]
    assert all(p.returncode == 0 for p in procs)
    entries = Store.open(url).entries(client_id)
    assert len(entries) == 800
    assert len({e.id for e in entries}) == 800
    assert sorted(e.id for e in entries) == sorted(i for o in outputs for i in o)

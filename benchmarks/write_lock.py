"""How long one save holds up another writer.

Run:  .venv/bin/python benchmarks/write_lock.py

In a scratch SQLite store, one window saves the largest thought record the schema allows (five
long boxes, just under the 50,000-character bound per record) while a second window saves a
one-number distress rating. It prints the time the large save took, the time the small save
waited, and, as the baseline measured in the same run, the time the small save takes alone.
Nothing asserts: before the risk screen moved out of the write transaction the small save
waited about as long as the large one took.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import threading
import time
from pathlib import Path


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ATTACHWORK_DATA_DIR"] = tmp
        from attachwork.domain.records import ClientProfile
        from attachwork.store import Store

        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        big, small = Store.open(url), Store.open(url)
        c = big.create_client(ClientProfile(pseudonym="Bench-Lock"))
        words = "(Fictional) I kept checking my phone and felt the old worry rise again. "
        box = (words * 200)[:9_900]
        record = {k: box for k in ("situation", "thought", "evidence_for", "evidence_against",
                                   "balanced")}
        alone = []
        for _ in range(5):
            t = time.perf_counter()
            small.add_entry(c.id, "suds", {"value": 3}, author="client", place="home")
            alone.append(time.perf_counter() - t)
        large, waited = [], []
        for _ in range(3):
            done: dict[str, float] = {}

            def save_large(done=done) -> None:
                t = time.perf_counter()
                big.add_entry(c.id, "thought_record", record, author="client", place="home")
                done["large"] = time.perf_counter() - t

            writer = threading.Thread(target=save_large)
            writer.start()
            time.sleep(0.05)
            t = time.perf_counter()
            small.add_entry(c.id, "suds", {"value": 4}, author="client", place="home")
            waited.append(time.perf_counter() - t)
            writer.join()
            large.append(done["large"])
        base = statistics.median(alone)
        print(f"large save ({sum(map(len, record.values())):,} characters): "
              f"{statistics.median(large):.3f} s")
        print(f"small save alone (baseline):  {base * 1000:7.1f} ms")
        print(f"small save during the large:  {statistics.median(waited) * 1000:7.1f} ms "
              f"({statistics.median(waited) / base:.1f}x the baseline)")
        big.close()
        small.close()


if __name__ == "__main__":
    main()

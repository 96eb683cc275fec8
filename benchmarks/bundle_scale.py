"""How hand-back files scale with the size of a client's record.

Run:  .venv/bin/python benchmarks/bundle_scale.py [--rounds 3]

Two fictional clients are written into a scratch clinic store: one with about 50 entries and
one with about 5,000 (a year of very busy logging). For each, in the same run, it measures
making the starter file, opening it (scrypt + decryption + checking every entry), the preview
against an empty home store, and taking it in; then a second import of the same file (the
merge path, where every entry is compared and nothing changes). It prints the figures, the
file size, and the ratio per entry large / small. Nothing here asserts: the aim is that time
per entry does not grow with the record (a ratio near 1).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import tempfile
import time
from pathlib import Path

SIZES = {"Bench-Small": {"weeks": 10, "per_week": 4}, "Bench-Large": {"weeks": 52, "per_week": 93}}
PASS = "benchmark-passphrase"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ATTACHWORK_DATA_DIR"] = str(Path(tmp) / "clinic")
        from attachwork.app.demo import year_of_entries
        from attachwork.content import instrument_folders
        from attachwork.domain.instruments import load_catalogue
        from attachwork.domain.records import ClientProfile
        from attachwork.services import bundle_file, handback
        from attachwork.store import Store

        clinic = Store.open()
        inst = load_catalogue(instrument_folders()).get("reflection-checkin")
        ids, counts = {}, {}
        for name, size in SIZES.items():
            c = clinic.create_client(ClientProfile(pseudonym=name, relationship_context="dating"))
            counts[name] = year_of_entries(clinic, c.id, dt.date.today(), inst, **size)
            ids[name] = c.id
        results: dict[str, dict[str, float]] = {}
        for name, client_id in ids.items():
            timings: dict[str, list[float]] = {}
            size = 0
            for r in range(args.rounds):
                home = Store.open(f"sqlite:///{Path(tmp) / f'home-{name}-{r}.sqlite3'}")
                marks = {}
                t = time.perf_counter()
                made = handback.make_starter(clinic, client_id, PASS, handouts=False)
                marks["make"] = time.perf_counter() - t
                size = len(made.data)
                t = time.perf_counter()
                opened = bundle_file.open_bundle(made.data, PASS)
                marks["open"] = time.perf_counter() - t
                t = time.perf_counter()
                handback.plan(home, opened)
                marks["preview"] = time.perf_counter() - t
                t = time.perf_counter()
                handback.take_in(home, opened, "home")
                marks["take in"] = time.perf_counter() - t
                t = time.perf_counter()
                handback.take_in(home, opened, "home")
                marks["again"] = time.perf_counter() - t
                home.close()
                for k, v in marks.items():
                    timings.setdefault(k, []).append(v)
            results[name] = {k: statistics.median(v) for k, v in timings.items()}
            print(f"{name}: {counts[name]} entries, file {size / 1024:.0f} KiB")
            for k, v in results[name].items():
                print(f"  {k:<8} {v:7.3f} s   {1000 * v / counts[name]:6.2f} ms/entry")
        small, large = "Bench-Small", "Bench-Large"
        print("ratio of time per entry, large / small (near 1 means it scales linearly):")
        for k in results[small]:
            per_small = results[small][k] / counts[small]
            per_large = results[large][k] / counts[large]
            print(f"  {k:<8} {per_large / per_small:5.2f}")
        clinic.close()


if __name__ == "__main__":
    main()

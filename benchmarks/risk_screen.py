"""Recall and precision of the risk screen on the project's labelled sentences.

Run:  .venv/bin/python benchmarks/risk_screen.py [--show]

Prints recall (risk sentences that brought help), precision (of everything flagged, how
much was risk), the misses and false alarms, and screening speed against a baseline
measured in the same run (lower-casing and splitting the same texts). Targets: recall
100 %, precision at least 90 %. Nothing here asserts; the unit tests hold the line.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import yaml

from attachwork.domain.risk import screener

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", action="store_true", help="list every sentence with its reading")
    args = ap.parse_args()
    data = yaml.safe_load((ROOT / "tests/fixtures/risk_sentences.yaml").read_text())
    screen = screener()
    risky, everyday = data["risk"], data["negatives"]
    missed = [s for s in risky if not screen.screen(s)]
    alarms = [s for s in everyday if screen.screen(s)]
    tp = len(risky) - len(missed)
    recall = tp / len(risky)
    precision = tp / (tp + len(alarms)) if tp + len(alarms) else 1.0
    print(f"sentences: {len(risky)} risk, {len(everyday)} everyday or near misses")
    print(f"recall:    {recall:6.1%}  (target 100 %)")
    print(f"precision: {precision:6.1%}  (target at least 90 %)")
    print(f"accuracy:  {(tp + len(everyday) - len(alarms)) / (len(risky) + len(everyday)):6.1%}")
    for s in missed:
        print(f"  missed:      {s}")
    for s in alarms:
        print(f"  false alarm: {s}")
    if args.show:
        for s in risky + everyday:
            print(f"  {'FLAG' if screen.screen(s) else '    '}  {s}")

    texts = (risky + everyday) * 20
    t0 = time.perf_counter()
    for t in texts:
        t.lower().split()
    base = time.perf_counter() - t0
    t0 = time.perf_counter()
    for t in texts:
        screen.screen(t)
    took = time.perf_counter() - t0
    print(f"speed:     {took / len(texts) * 1e3:.2f} ms a sentence "
          f"({took / max(base, 1e-9):.0f}x lower-case-and-split in this run)")


if __name__ == "__main__":
    main()

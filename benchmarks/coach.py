"""Accuracy and per-flag precision of the complaint-to-request coach.

Run:  .venv/bin/python benchmarks/coach.py [--show]

On the project's labelled drafts (tests/fixtures/coach_sentences.yaml) it prints how many
are classed correctly (complaint or request), the precision and recall of each flag, and
the drafts it got wrong. Target: at least 95 % classed correctly. Nothing here asserts;
the unit tests hold the line.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import yaml

from attachwork.domain.coach import Coach, coach

ROOT = Path(__file__).resolve().parents[1]


def labelled() -> list[tuple[str, set[str], str]]:
    rows = yaml.safe_load((ROOT / "tests/fixtures/coach_sentences.yaml").read_text())["sentences"]
    return [(cls, set() if flags == "-" else set(flags.split()), text) for cls, flags, text in rows]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args()
    c = coach()
    rows = labelled()
    right = 0
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    wrong = []
    for cls, expected, text in rows:
        reading = c.read(text)
        got = Coach.found(reading)
        guessed = "request" if reading.is_request else "complaint"
        right += guessed == cls
        if guessed != cls or args.show:
            wrong.append(f"  {'ok ' if guessed == cls else 'NO '} {cls:9} -> {guessed:9} {text}")
        for flag in got | expected:
            if flag in got and flag in expected:
                tp[flag] += 1
            elif flag in got:
                fp[flag] += 1
            else:
                fn[flag] += 1
    complaints = sum(1 for r in rows if r[0] == "complaint")
    print(f"drafts: {len(rows)} ({complaints} complaints, {len(rows) - complaints} requests)")
    print(f"classed correctly: {right}/{len(rows)} = {right / len(rows):.1%}  (target at least 95 %)")
    print(f"\n{'flag':<16}{'precision':>10}{'recall':>8}{'raised':>8}")
    for flag in sorted(tp | fp | fn):
        raised = tp[flag] + fp[flag]
        precision = tp[flag] / raised if raised else float("nan")
        recall = tp[flag] / (tp[flag] + fn[flag]) if tp[flag] + fn[flag] else float("nan")
        print(f"{flag:<16}{precision:>10.1%}{recall:>8.1%}{raised:>8}")
    if wrong:
        print()
        print("\n".join(wrong))


if __name__ == "__main__":
    main()

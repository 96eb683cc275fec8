"""Quality gate: the free-text readers scored on the BLIND parts of their corpora.

The blind parts (``tests/fixtures/readers/<lang>/*_blind.yaml``) were written in a separate
pass and set aside before any tuning; nothing was tuned on them. This gate scores them on
fixed data (no timing) and fails below the targets of issue 13 (the same targets for every
language, issue 17). It reports aggregate figures only, never which sentences failed: that
would turn the blind part into tuning data. To see figures side by side with the dev part,
run ``benchmarks/readers.py --lang <lang>``.

A figure measured below target (each blind part is run once, after all tuning on dev) is
marked ``xfail(strict=True)`` with the measured figure, so the gate goes red the day it
passes (remove the mark then) and stays honest meanwhile.

The coach and the trap hints are held to their targets on the development part too, for
every language (a reader that misses them on its own tuning data will not meet them on new
words). Issue 13 names no figure for the trap hints: the project holds all hints together
to a precision of 90 % (the coach's per-flag target: a wrong hint is worse than none) and a
recall of 80 % (``benchmarks/readers.py`` ``TARGETS``).

English, first blind run (issue 13): recall 94.1 %, precision 74.6 %, clear precision
86.7 %, partner recall 89.4 %, coach 96.6 %. Second run, after training and tuning on the
two further dev files with grouped cross-validation: recall 90.8 %, precision 85.8 %, clear
precision 90.4 %, partner recall 92.7 %, coach 96.6 %.

First run of the trap hints and of Spanish (once, after all tuning on dev, issue 17): trap
hints, English, precision 94.6 % and recall 56.1 %; Spanish risk recall 87.6 %, precision
82.3 %, clear precision 83.1 %, partner recall 94.0 %; Spanish coach 96.8 %; Spanish trap
hints precision 95.5 % and recall 55.9 %. The trap hints' recall on dev (about 95 % in both
languages) says far more about their phrase lists having learned the dev thoughts than
about new ones.

Round 2 (the round-1 blind parts of the risk screen and the trap hints retired into dev, as
tests/fixtures/readers/README.md allows; new blind parts written by helper sessions before
the round's tuning: risk en 443 and es 394 sentences, traps en 216 and es 213 thoughts;
scored once, after all tuning). English: recall 92.0 %, precision 89.2 %, clear precision
95.0 %, partner recall 90.6 %; traps precision 86.7 % and recall 54.9 % (the phrases alone
85.7 % / 35.4 %, so the new statistical layer adds about 20 points of recall). Spanish:
recall 93.3 %, precision 86.5 %, clear precision 88.1 %, partner recall 89.7 %; traps 89.2 %
/ 53.4 % (phrases alone 90.9 % / 30.2 %). The coach's blind parts are still their first.

Round 3 (the round-2 blind parts retired into dev the same way; new blind parts by four new
helper sessions: risk en 425 and es 360 sentences, traps en 216 and es 210 thoughts; scored
once after the tuning commit 634a5a3). English: recall 91.6 %, precision 90.4 %, clear
precision 89.0 %, partner recall 96.7 %; traps 87.5 % / 61.0 % (phrases alone 86.5 % /
47.7 %). Spanish: recall 95.6 %, precision 86.0 %, clear precision 87.1 %, partner recall
92.7 %; traps 85.6 % / 72.6 % (phrases alone 86.0 % / 42.6 %).

Round 4 (the round-3 blind parts retired into dev; new blind parts by four new helper
sessions: risk en 424 and es 388 sentences, traps en 228 and es 215 thoughts; four more
sessions wrote extra dev parts; scored once after the tuning commit 67a1867). English:
recall 91.8 %, precision 88.8 %, clear precision 89.5 %, partner recall 91.5 %; traps
90.0 % / 61.8 % (phrases alone 89.4 % / 48.1 %). Spanish: recall 91.7 %, precision 88.5 %,
clear precision 88.9 %, partner recall 87.8 %; traps 90.4 % / 60.5 % (phrases alone
88.0 % / 29.4 %). Four rounds by different authors put the risk screen's recall on new
writing at 91 to 96 %, below the 97 % target, and the trap hints' recall at 55 to 73 %.

Round 5 (the round-4 blind parts retired into dev; new blind parts by four new helper
sessions: risk en 420 and es 400 sentences, traps en 240 and es 230 thoughts; six more
sessions wrote extra dev parts, two of them of quiet signs; scored once after the tuning
commit 34f1816). English: recall 93.7 %, precision 89.4 %, clear precision 95.3 %, partner
recall 92.4 %; traps 85.4 % / 72.9 % (phrases alone 80.8 % / 50.8 %). Spanish: recall
93.9 %, precision 89.4 %, clear precision 87.2 %, partner recall 100.0 %; traps 87.4 % /
82.0 % (phrases alone 86.2 % / 46.5 %). Coach 96.6 % and 96.8 % (its first blind parts).

Round 6 (the round-5 blind parts retired into dev; new blind parts by four new helper
sessions: risk en 420 and es 400 sentences, traps en 240 and es 230 thoughts; three more
sessions wrote extra dev parts; scored once after the tuning commit f4b671a, whose risk
thresholds held the cross-validation's precision at 83 % instead of 85 %). English: recall
95.7 %, precision 81.0 %, clear precision 93.2 %, partner recall 95.7 %; traps 90.8 % / 72.4 %
(phrases alone 81.0 % / 53.4 %). Spanish: recall 94.3 %, precision 85.3 %, clear precision
89.1 %, partner recall 91.4 %; traps 92.6 % / 78.9 % (phrases alone 91.1 % / 45.7 %). Coach
96.6 % and 96.8 % (its first blind parts).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from attachwork.content import pack
from attachwork.domain import coach, risk, traps

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from readers import (  # noqa: E402
    TARGETS,
    coach_rows,
    risk_rows,
    score_coach,
    score_risk,
    score_traps,
    trap_rows,
)

#: Blind figures measured below target: (language, figure) -> the measured value. Round 6
#: (blind parts written by four new helper sessions before the round-6 tuning, scored once
#: after it, commit f4b671a).
BELOW = {
    ("en", "risk_recall"): "95.7%",
    ("en", "risk_precision"): "81.0%",
    ("en", "clear_precision"): "93.2%",
    ("en", "trap_recall"): "72.4%",
    ("es", "risk_recall"): "94.3%",
    ("es", "clear_precision"): "89.1%",
    ("es", "trap_recall"): "78.9%",
}
LANGUAGES = ("en", "es")
RISK_KEYS = ("risk_recall", "risk_precision", "clear_precision", "partner_recall")
TRAP_KEYS = ("trap_precision", "trap_recall")

_figures: dict[tuple[str, str, str], dict[str, float]] = {}


def risk_figures(lang: str) -> dict[str, float]:
    if (lang, "blind", "risk") not in _figures:
        _figures[(lang, "blind", "risk")] = score_risk(risk_rows(lang, "blind"),
                                                       risk.screener(pack(lang)).screen).figures
    return _figures[(lang, "blind", "risk")]


def coach_accuracy(lang: str, part: str) -> float:
    return score_coach(coach_rows(lang, part), coach.coach(pack(lang))).accuracy


def trap_figures(lang: str, part: str) -> dict[str, float]:
    if (lang, part, "traps") not in _figures:
        content = pack(lang)
        _figures[(lang, part, "traps")] = score_traps(
            trap_rows(lang, part), lambda text: traps.suggest(text, content)).figures
    return _figures[(lang, part, "traps")]


def _case(lang: str, key: str):
    if (lang, key) in BELOW:
        return pytest.param(lang, key, id=f"{lang}-{key}", marks=pytest.mark.xfail(
            strict=True, reason=f"blind {lang} {key} measured {BELOW[(lang, key)]} "
                                f"(target {TARGETS[key]:.0%})"))
    return pytest.param(lang, key, id=f"{lang}-{key}")


@pytest.mark.parametrize(("lang", "key"), [_case(lang, key) for lang in LANGUAGES for key in RISK_KEYS])
def test_the_risk_screen_meets_its_targets_on_the_blind_part(lang, key):
    figure = risk_figures(lang)[key]
    assert figure >= TARGETS[key], f"{lang} {key} on the blind part: {figure:.1%} (target {TARGETS[key]:.0%})"


@pytest.mark.parametrize(("lang", "key"), [_case(lang, "coach_accuracy") for lang in LANGUAGES])
def test_the_coach_meets_its_target_on_the_blind_part(lang, key):
    target = TARGETS["coach_accuracy"]
    accuracy = coach_accuracy(lang, "blind")
    assert accuracy >= target, (f"{lang} coach accuracy on the blind part: {accuracy:.1%} "
                                f"(target {target:.0%})")


@pytest.mark.parametrize(("lang", "key"), [_case(lang, key) for lang in LANGUAGES for key in TRAP_KEYS])
def test_the_trap_hints_meet_their_targets_on_the_blind_part(lang, key):
    figure = trap_figures(lang, "blind")[key]
    assert figure >= TARGETS[key], f"{lang} {key} on the blind part: {figure:.1%} (target {TARGETS[key]:.0%})"


# -- the development parts: what was tuned on must meet the targets too (a reader that
# misses them on its own tuning data will not meet them on new words) ---------------------
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_coach_meets_its_target_on_the_dev_part(lang):
    target = TARGETS["coach_accuracy"]
    accuracy = coach_accuracy(lang, "dev")
    assert accuracy >= target, f"{lang} coach accuracy on dev: {accuracy:.1%} (target {target:.0%})"


@pytest.mark.parametrize("key", TRAP_KEYS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_trap_hints_meet_their_targets_on_the_dev_part(lang, key):
    figure = trap_figures(lang, "dev")[key]
    assert figure >= TARGETS[key], f"{lang} {key} on dev: {figure:.1%} (target {TARGETS[key]:.0%})"

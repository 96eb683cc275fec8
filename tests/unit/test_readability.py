"""Every learning card reads at grade 8 or below (issue 14 found some at grade 11).

The grade is the Flesch-Kincaid grade level (Kincaid, Fishburne, Rogers & Chissom, 1975):

    0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59

Syllables are counted the usual rough way, as groups of vowels (y counts as one), less a
silent final "e" (but not in "-le", as in "little"), at least one per word. On the cards
this reads from half a grade lower to about three grades higher than textstat 0.7.3
(which counts syllables with a hyphenation dictionary), so it errs on the strict side and
needs no new dependency. Only English is measured:
the formula is built for English.
"""

from __future__ import annotations

import re

import pytest

from attachwork.content import built_in

WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
VOWELS = re.compile(r"[aeiouy]+")
SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")
LIMIT = 8.0


def syllables(word: str) -> int:
    w = word.lower().replace("’", "'").split("'")[0]
    count = len(VOWELS.findall(w))
    if w.endswith("e") and not w.endswith(("le", "ee")) and count > 1:
        count -= 1
    return max(1, count)


def fk_grade(text: str) -> float:
    words = WORD.findall(text)
    sentences = max(1, len(SENTENCE_END.findall(text.strip())))
    return (0.39 * len(words) / sentences
            + 11.8 * sum(syllables(w) for w in words) / len(words) - 15.59)


def test_the_formula_on_a_worked_example():
    # 2 sentences, 10 words, 14 syllables (2 each in "little", "engine", "waited", "outside";
    # 1 in "fire", its final e is silent): 0.39 * 5 + 11.8 * 1.4 - 15.59 = 2.88
    assert [syllables(w) for w in ("little", "fire", "engine", "waited", "outside")] == [2, 1, 2, 2, 2]
    assert fk_grade("The little red fire engine. It waited outside all day.") == pytest.approx(2.88)


def _cards() -> dict[str, str]:
    en = built_in("en")
    cards = {c["name"]: c["text"] for c in en["pattern_awareness"]["learn"]["concepts"]}
    cards["Where I learned it (workbook 03)"] = en["core_beliefs"]["origins"]["intro"]
    return {name: " ".join(text.split()) for name, text in cards.items()}


#: Every learning card, and the note that opens the origin reflection (the origins and
#: hyperactivating-strategy cards were at grade 11 before issue 14; protest, going quiet,
#: shame and earned security at 8.3 to 9.9 until they were rewritten).
CARDS = sorted(_cards())


@pytest.mark.parametrize("name", CARDS)
def test_every_card_reads_at_grade_8_or_below(name):
    text = _cards()[name]
    assert fk_grade(text) <= LIMIT, f"{name}: grade {fk_grade(text):.1f}"

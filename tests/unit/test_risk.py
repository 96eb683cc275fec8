"""The risk screen: every risk sentence brings help; idioms and negations stay quiet."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from attachwork import content
from attachwork.domain import risk

ROOT = Path(__file__).resolve().parents[2]
DATA = yaml.safe_load((ROOT / "tests/fixtures/risk_sentences.yaml").read_text())


def test_the_labelled_set_is_large_and_balanced():
    assert len(DATA["risk"]) >= 40 and len(DATA["negatives"]) >= 40
    assert len(DATA["risk"]) + len(DATA["negatives"]) >= 80


def test_recall_is_complete_and_precision_at_least_ninety_percent():
    missed = [s for s in DATA["risk"] if not risk.screen(s)]
    false_alarms = [s for s in DATA["negatives"] if risk.screen(s)]
    assert missed == [], "every risk sentence must bring the crisis resources"
    hits = len(DATA["risk"])
    assert hits / (hits + len(false_alarms)) >= 0.90, false_alarms


@pytest.mark.parametrize("idiom", [
    "this traffic is killing me",
    "I'm dying to see him",
    "I could kill for a coffee",
    "That dessert was to die for",
    "I nearly died laughing",
    "I wanted to die of embarrassment",
    "I'd kill myself laughing",
    "I shot myself in the foot there",
])
def test_figures_of_speech_do_not_raise_a_flag(idiom):
    assert not risk.screen(idiom)


@pytest.mark.parametrize("text", [
    "I'm not suicidal", "no thoughts of harming myself", "I would never kill myself",
    "Client denies suicidal thoughts", "I don't want to die",
])
def test_plain_negations_are_respected(text):
    assert not risk.screen(text)


@pytest.mark.parametrize("text", [
    "Not a day goes by that I don't wish I were dead",  # two negations undo each other
    "I'm not okay, I want to die",  # the negation belongs to another clause
    "I don't want to live anymore",  # the negation is part of the phrase
    "I'm not sure anyone would notice, I want to die",
])
def test_negation_never_hides_a_real_signal(text):
    assert risk.screen(text)


@pytest.mark.parametrize("text", [
    "i wanna die", "thinking about sucide", "I want to kill myslef", "kms",
    "I want to diiiie", "Self-harm again tonight", "su1cidal", "I want to unalive myself",
    "no one would miss me", "I dont want to be here anymore",
])
def test_spelling_variants_and_shorthand(text):
    assert risk.screen(text)


def test_categories_are_reported_but_never_the_words():
    result = risk.screen("I have saved up pills and I feel like a burden")
    assert result.categories == ["burden", "plan"]
    assert "pills" not in repr(result) and "burden to" not in repr(result)


def test_every_string_in_a_record_is_screened():
    payload = {"happened": "a calm day", "other_stories": ["fine", "I want to end my life"],
               "grounding": {"seen": "trees"}, "intensity": 4}
    assert risk.screen_values(payload).categories == ["suicide"]
    assert not risk.screen_values({"happened": "a calm day", "intensity": 9})


def test_a_practice_can_add_its_own_phrases_and_keeps_the_built_in_ones(tmp_path, monkeypatch):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "risk.yaml").write_text(
        "signals:\n  wish_to_die:\n    more_phrases:\n      - \"(want|wanted) to evaporate\"\n"
        "more_figures_of_speech:\n  - \"want to die of the heat\"\n")
    assert not risk.screen("I wanted to evaporate")
    assert risk.screen("I want to die of the heat")
    monkeypatch.setenv("ATTACHWORK_CONTENT_DIR", str(tmp_path))
    content.reload()
    assert risk.screen("I wanted to evaporate").categories == ["wish_to_die"]
    assert risk.screen("I wish I was dead").categories == ["wish_to_die"]
    assert not risk.screen("I want to die of the heat")


@pytest.mark.parametrize("bad", ["(want to die", "want | die", "die]"])
def test_a_broken_phrase_is_a_clear_content_error(bad):
    with pytest.raises(content.ContentError, match="phrase"):
        risk.compile_phrase(bad)


def test_phrase_language():
    pattern = risk.compile_phrase("(want|wish) [really] to ... die*")
    assert pattern.search("i want to die ")
    assert pattern.search("i wish really to just quietly die ")
    assert not pattern.search("i want to go out and then maybe die ")  # more than 3 words between


@given(st.sampled_from(DATA["risk"]), st.sampled_from(["", "  ", "\n", "Honestly. "]),
       st.booleans())
def test_case_and_spacing_do_not_change_a_risk_reading(sentence, prefix, upper):
    text = prefix + (sentence.upper() if upper else sentence)
    assert risk.screen(text)


@given(st.text(max_size=200))
def test_any_text_is_screened_without_error(text):
    result = risk.screen(text)
    assert isinstance(result.flagged, bool)


@pytest.mark.parametrize(("lang", "text", "word", "not_read_as"), [
    # each everyday word is one or two letters from a key word the reader corrects slips to
    ("en", "Put the leftovers in the fridge and went to bed early.", "fridge", "bridge"),
    ("en", "I was willing to give the new rota a go.", "willing", "killing"),
    ("en", "The library books are overdue again.", "overdue", "overdose"),
    ("es", "Puse una alarma para acordarme de la pastilla de la tiroides.", "acordarme", "ahorcarme"),
    ("es", "Quiero contarle a mi hermana lo de la entrevista.", "contarle", "cortarme"),
    ("es", "Me pasé la tarde mirando pantallas y me dolió la cabeza.", "pantallas", "pastillas"),
])
def test_a_slip_correction_never_turns_an_everyday_word_into_a_key_word(lang, text, word, not_read_as):
    from attachwork.content import pack

    screener = risk.screener(pack(lang))
    words = screener.reader.read(text).words
    assert word in words and not_read_as not in words, words
    hits, _ = screener.rule_hits(text)
    assert hits == [], "no rule reads a key word that is not there"


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "im going to overdose tonight"),
    ("en", "evryone wud be beter off with out me"),
    ("es", "quiero aorcarme"),
    ("es", "me e cortado otraves los brasos"),
])
def test_real_slips_in_key_words_are_still_read(lang, text):
    from attachwork.content import pack

    assert risk.screener(pack(lang)).screen(text).tier is not None

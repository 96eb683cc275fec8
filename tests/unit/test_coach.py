"""The complaint-to-request coach: names what it sees, quotes the words, says what is good."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from attachwork import content
from attachwork.domain import coach
from attachwork.domain.coach import Coach

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from coach import labelled  # noqa: E402 - the benchmark's reader of the labelled set


def test_the_labelled_set_is_large_and_has_hard_cases():
    rows = labelled()
    assert len(rows) >= 80
    assert sum(1 for cls, _, _ in rows if cls == "request") >= 30
    polite_complaints = [t for cls, _, t in rows if cls == "complaint" and coach.read(t).codes
                         and not {"no_ask"} & coach.read(t).codes]
    assert len(polite_complaints) >= 10, "polite wording around a blaming core"


def test_at_least_95_percent_classed_correctly_and_flags_are_precise():
    rows = labelled()
    right = sum((coach.read(t).is_request) == (cls == "request") for cls, _, t in rows)
    assert right / len(rows) >= 0.95
    raised: dict[str, list[bool]] = {}
    for _, expected, text in rows:
        for flag in Coach.found(coach.read(text)):
            raised.setdefault(flag, []).append(flag in expected)
    for flag, hits in raised.items():
        assert sum(hits) / len(hits) >= 0.85, flag


@pytest.mark.parametrize("code, text, quote", [
    ("generalisation", "You never ask about my day", "You never"),
    ("blame", "You make me feel invisible at parties", "You make me feel"),
    ("mind_reading", "You don't care what happens to us", "You don't care"),
    ("threat", "Text me back or else", "or else"),
    ("sarcasm", "Oh great, another cancelled dinner", "Oh great"),
    ("label", "You're so selfish with your time", "You're so selfish"),
    ("vague_ask", "Could you make more effort with my friends?", "more effort"),
])
def test_each_flag_quotes_the_words_that_led_to_it(code, text, quote):
    reading = coach.read(text)
    [finding] = [f for f in reading.flags if f.code == code]
    assert finding.quotes[0] == quote
    assert quote in coach.coach().says(finding)
    assert not reading.is_request


@pytest.mark.parametrize("code, text", [
    ("generalisation", "I never want to lose what we have. Could we talk on Sunday?"),
    ("blame", "I loved the dinner you made me. Could we cook together on Friday?"),
    ("mind_reading", "Do you think we could have a quiet night in on Saturday?"),
    ("threat", "I'm done with work at six. Could we meet after?"),
    ("sarcasm", "I feel grateful. Would a walk on Sunday work for us?"),
    ("label", "You are so kind to me. Could we plan the trip this week?"),
    ("vague_ask", "Could we go for a walk on Saturday morning?"),
])
def test_near_misses_do_not_raise_the_flag(code, text):
    reading = coach.read(text)
    assert code not in reading.codes
    assert reading.is_request


def test_a_request_with_you_in_it_is_accepted_and_praised():
    reading = coach.read("I feel anxious when the evening goes quiet. Would you send a quick "
                         "text when you leave work, so it works for both of us?")
    assert reading.is_request and reading.flags == ()
    found = {f.code: f.quotes for f in reading.strengths}
    assert found["feeling"] == ("I feel anxious",)
    assert "a quick text" in found["concrete"]
    assert found["shared"] == ("for both of us",)


def test_missing_feeling_and_missing_ask_are_named_without_quotes():
    reading = coach.read("The dishes were left in the sink again.")
    assert {f.code for f in reading.flags} == {"no_ask"}
    assert [f.code for f in reading.suggestions] == ["no_feeling"]
    says = coach.coach().says(reading.flags[0])
    assert says.startswith("There is no ask yet")


def test_a_missing_feeling_alone_does_not_block_a_request():
    reading = coach.read("Could we have dinner together on Thursday?")
    assert reading.is_request and [f.code for f in reading.suggestions] == ["no_feeling"]


def test_too_short_to_read():
    assert coach.read("ok").too_short and not coach.read("ok").is_request
    assert coach.read("").too_short


def test_a_practice_can_add_words_and_keep_the_built_in_ones(tmp_path, monkeypatch):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "coach.yaml").write_text(
        "flags:\n  label:\n    more_phrases:\n      - \"you are a (slob|grump)\"\n")
    assert "label" not in coach.read("You are a grump, could we talk?").codes
    monkeypatch.setenv("ATTACHWORK_CONTENT_DIR", str(tmp_path))
    content.reload()
    assert "label" in coach.read("You are a grump, could we talk?").codes
    assert "label" in coach.read("You're so selfish").codes


@given(st.text(max_size=300))
def test_every_quote_is_the_writers_own_words(text):
    reading = coach.read(text)
    for finding in (*reading.flags, *reading.strengths):
        for quote in finding.quotes:
            assert quote in text

"""The coach on the shapes issue 13 names. Every draft here is written for these tests,
fictional, and in none of the corpora."""

from __future__ import annotations

import pytest

from attachwork.domain import coach
from attachwork.domain.coach import Coach


def codes(text: str) -> set[str]:
    return Coach.found(coach.read(text))


@pytest.mark.parametrize("code, text", [
    # a label inside a polite wrapper
    ("label", "It would be lovely if you weren't so thoughtless about the bins."),
    ("label", "Could you be a little less selfish with the car this weekend?"),
    ("label", "I wish you weren't so stubborn about visiting my parents."),
    # request wording around a blaming core
    ("blame", "Could you stop making me feel small when your friends are round?"),
    ("blame", "Can we talk about how you made me miserable at the wedding?"),
    ("generalisation", "Could you stop always checking your phone at dinner?"),
    # accusing questions count as blame
    ("blame", "Why do you always have to turn up late to everything?"),
    ("blame", "How could you forget my mum's birthday?"),
    ("blame", "What is wrong with you lately?"),
    # sarcasm
    ("sarcasm", "Oh wonderful, another Saturday spent watching you play golf."),
    ("sarcasm", "Thanks for leaving me to sort out the landlord on my own."),
    # threats and ultimatums
    ("threat", "If you go to that gig without me, I'm changing the locks."),
    ("threat", "Ring me back by nine or don't bother coming home."),
    # mind reading
    ("mind_reading", "You obviously couldn't care less about my job interview."),
    ("mind_reading", "You'd rather be at the pub than here with me."),
    # vague asks
    ("vague_ask", "Can you just try harder with my family?"),
    ("vague_ask", "I need you to make more of an effort."),
    # nothing asked, nothing felt
    ("no_ask", "The car was left with an empty tank again."),
    ("no_feeling", "Could you pick up bread on the way home?"),
])
def test_each_flag_is_raised_where_it_belongs(code, text):
    assert code in codes(text)


@pytest.mark.parametrize("text", [
    # "never" inside a shared promise
    "Let's never schedule the dentist on our day off. Can you put Fridays in the shared calendar?",
    # a feeling named without blame
    "I feel lonely when the evenings go quiet. Could we eat together on Thursday?",
    "I've been a bit jittery since the move. Would you hold my hand at the viewing on Saturday?",
    # casual texting
    "hey can u grab milk on ur way back x",
    "u free sat? fancy the new pizza place",
    # asks without "would": wishes, offers, "is that alright with you?"
    "It would make my day if you came to the school play on Wednesday.",
    "Fancy a walk by the river on Sunday morning?",
    "I'd love it if we cooked together on Friday night.",
    "I could pick the kids up on Tuesday so you can rest. Is that alright with you?",
    "Can I take you for breakfast tomorrow to say thank you?",
    # acknowledging their situation is not mind reading
    "I realise work is mad for you right now. Could we have a short call on Wednesday evening?",
    "I know you've been exhausted with the new baby. Could I bring dinner round on Thursday?",
])
def test_requests_in_their_many_shapes_read_as_requests(text):
    reading = coach.read(text)
    assert reading.is_request, [f.code for f in reading.flags]
    assert not {"mind_reading", "generalisation", "no_ask"} & codes(text)


def test_a_feeling_inside_blame_still_counts_as_a_feeling():
    reading = coach.read("You made me so anxious last night.")
    assert "blame" in reading.codes
    assert "no_feeling" not in {f.code for f in reading.suggestions}


def test_an_accusing_question_is_not_an_ask():
    reading = coach.read("Why would you say that in front of my boss?")
    assert {"blame", "no_ask"} <= reading.codes
    [blame] = [f for f in reading.flags if f.code == "blame"]
    assert blame.quotes[0].startswith("Why would you say that")


def test_a_question_asks_in_the_writers_own_words():
    text = "Are you around for a quick call at lunchtime?"
    reading = coach.read(text)
    assert reading.is_request
    [ask] = [f for f in reading.strengths if f.code == "ask"]
    assert all(q in text for q in ask.quotes)


def test_a_shared_promise_keeps_its_never_but_a_verdict_does_not():
    assert "generalisation" not in codes("Let's promise we never go to bed on a row. Can we try?")
    assert "generalisation" in codes("We never go anywhere because you never plan anything.")

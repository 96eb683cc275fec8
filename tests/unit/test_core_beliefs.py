"""Workbook 03: records, thinking-trap suggestions, charts, and the workbook driven in-process."""

from __future__ import annotations

import datetime as dt

import pytest

from attachwork.charts.beliefs import belief_series, belief_summary, emotion_pairs, emotion_summary
from attachwork.domain import traps
from attachwork.domain.records import BeliefRatings, ClientProfile, Entry, OriginReflection, ThoughtRecord
from attachwork.domain.validation import validate
from attachwork.ui.pages.core_beliefs import CoreBeliefsWorkbook
from tests.support import HOSTILE


@pytest.fixture
def wb(store):
    client = store.create_client(ClientProfile(pseudonym="Test-Dunnock"))
    book = CoreBeliefsWorkbook(store)
    book.picker.dropdown.value = client.id
    return book


# -- records -----------------------------------------------------------------------------
def test_belief_ratings_need_one_rating_in_range():
    assert validate(BeliefRatings, {})[1] == {
        "own": "Please rate at least one line; the others can stay blank."}
    assert "ratings" in validate(BeliefRatings, {"ratings": {"too_much": 140}})[1]
    assert validate(BeliefRatings, {"own": [{"text": "I must be perfect", "rating": 60}]})[1] == {}


def test_origin_reflection_needs_a_line_anywhere():
    assert set(validate(OriginReflection, {})[1]) == {"note"}
    assert validate(OriginReflection, {"later": "A sudden breakup (fictional)"})[1] == {}


def test_a_thought_record_can_be_saved_unfinished_and_knows_when_it_is_complete():
    record, errors = validate(ThoughtRecord, {"situation": "No reply", "thought": "They're leaving",
                                              "emotions": [{"name": "anxious", "before": 80}]})
    assert errors == {} and not record.complete
    done = ThoughtRecord.model_validate({
        **record.model_dump(), "balanced": "They are at work", "belief_after": 30,
        "emotions": [{"name": "anxious", "before": 80, "after": 40}]})
    assert done.complete
    assert set(validate(ThoughtRecord, {"situation": "", "thought": ""})[1]) == {"situation", "thought"}
    assert "traps" in validate(ThoughtRecord, {"situation": "s", "thought": "t",
                                               "traps": ["wishful_thinking"]})[1]


# -- trap suggestions ------------------------------------------------------------------
@pytest.mark.parametrize("trap, text, quote", [
    ("mind_reading", "He must think I'm needy", "He must think"),
    ("catastrophising", "If this goes wrong it's a disaster", "disaster"),
    ("personalising", "It's my fault she's in a bad mood", "my fault"),
    ("all_or_nothing", "Nobody ever stays with me", "Nobody"),
    ("fortune_telling", "She's going to leave me, I know it", "She's going to leave"),
    ("emotional_reasoning", "I feel unlovable so it must be true", "I feel unlovable so"),
    ("discounting_positive", "He was only being nice", "only being nice"),
])
def test_each_trap_is_suggested_with_the_words_that_led_to_it(trap, text, quote):
    found = {s.trap: s.quotes for s in traps.suggest(text)}
    # the quote may run on a word or two ("Nobody ever"): the hints now read phrases, not
    # single words, which is what made them precise enough to measure (issue 13)
    assert any(q.startswith(quote) for q in found[trap]), found


@pytest.mark.parametrize("text", [
    "We had a good chat about the weekend",
    "I felt nervous before the talk and then it went well",
    "He said he was tired after work",
    # a feeling that leads to something the writer chooses to do is not emotional reasoning
    "I feel lonely tonight, so I'm going to ring my sister",
    "Feeling anxious about Monday, so I wrote a list and went to bed",
    # plain facts: what happened, with nothing read into it
    "My brother did not call on my birthday.",
    "Priya has not answered since the morning.",
])
def test_plain_descriptions_suggest_nothing(text):
    assert traps.suggest(text) == []


def test_the_statistical_layer_suggests_what_no_phrase_names_quoting_the_writers_words():
    text = "Leila smiled at me politely and then talked to everyone else. She finds me dull."
    rules_only = traps.TrapSpotter(traps.spotter().config_without_model())
    assert "mind_reading" not in {s.trap for s in rules_only.suggest(text)}, "no phrase names it"
    [hint] = [s for s in traps.suggest(text) if s.trap == "mind_reading"]
    assert hint.source == "model"
    assert hint.quotes and all(q in text for q in hint.quotes), "the writer's own words, unchanged"


class _Reads:
    """A stand-in for the trap model that reads every trap at one probability."""

    def __init__(self, p: float):
        self.p, self.heads = p, dict.fromkeys(traps.spotter().patterns, None)

    def features(self, text):
        return {}

    def score(self, feats, head):
        return self.p


@pytest.mark.parametrize(("p", "kept"), [(0.01, False), (0.2, True)])
def test_a_phrase_hint_the_model_reads_as_plainly_absent_is_dropped(p, kept):
    config = traps.spotter().config
    spec = {**config["trap_model"], "veto_below": 0.05}
    spotter = traps.TrapSpotter({**config, "trap_model": spec}, _Reads(p))
    found = {s.trap for s in spotter.suggest("It's my fault she's in a bad mood")}
    assert ("personalising" in found) is kept
    # with no veto the phrase speaks whatever the model reads
    plain = traps.TrapSpotter({**config, "trap_model": {**spec, "veto_below": 0.0}}, _Reads(p))
    assert "personalising" in {s.trap for s in plain.suggest("It's my fault she's in a bad mood")}


def test_the_trap_model_loads_on_first_use():
    fresh = traps.TrapSpotter(traps.spotter().config)
    assert fresh._model is None
    fresh.suggest("We went to the market")
    assert fresh._model is not None


# -- charts -------------------------------------------------------------------------------
def _entry(kind, payload, day):
    at = dt.datetime(2026, 10, day, 10, tzinfo=dt.UTC)
    return Entry(id=f"{kind}{day}", client_id="c", kind=kind, payload=payload, author="client",
                 place="home", created_at=at, updated_at=at)


def test_belief_strength_over_time_and_emotions_before_after():
    series = belief_series([
        _entry("belief_ratings", {"ratings": {"too_much": 80}, "own": []}, 1),
        _entry("belief_ratings", {"ratings": {"too_much": 50},
                                  "own": [{"text": "I must be perfect", "rating": 70}]}, 15),
    ])
    assert series["I'm too much."] == [(dt.date(2026, 10, 1), 80), (dt.date(2026, 10, 15), 50)]
    assert series["I must be perfect"] == [(dt.date(2026, 10, 15), 70)]
    assert '"I\'m too much." from 80 to 50' in belief_summary(series)
    pairs = emotion_pairs([
        _entry("thought_record", {"situation": "s", "thought": "t",
                                  "emotions": [{"name": "anxious", "before": 80, "after": 40},
                                               {"name": "sad", "before": 60, "after": None}]}, 3),
    ])
    assert pairs == [("03 Oct · anxious", "anxious", 80, 40)]
    assert "from 80 to 40" in emotion_summary(pairs)


# -- the workbook ---------------------------------------------------------------------------
def test_beliefs_are_rated_and_last_time_is_shown(wb):
    assert wb.beliefs.save() is None and "rate at least one" in wb.beliefs.error.value
    wb.beliefs.ratings["needs_burden"].value = 70
    wb.beliefs.own[0][0].value = "I have to be easy to love"
    wb.beliefs.own[0][1].value = 60
    entry = wb.beliefs.save()
    assert entry.payload["ratings"] == {"needs_burden": 70}
    assert entry.payload["own"] == [{"text": "I have to be easy to love", "rating": 60}]
    assert "Last time" in wb.beliefs.hints["needs_burden"].value
    assert wb.beliefs.ratings["needs_burden"].value is None, "a fresh rating each time"


def test_traps_are_suggested_never_forced(wb):
    form = wb.thought
    form.situation.value = "Fictional: no reply after the date"
    form.thought.value = "He must think I'm too much and he's going to leave"
    found = form.suggest()
    assert {s.trap for s in found} == {"mind_reading", "fortune_telling"}
    assert "&quot;He must think&quot;" in form.suggestions.value
    assert form.traps.value == [], "nothing is ticked for the client"
    form.tick_suggested()
    form.traps.value = ["fortune_telling"]  # the client unticks what does not fit
    assert form.save().payload["traps"] == ["fortune_telling"]


def test_a_hint_without_words_to_quote_says_so_plainly(wb, monkeypatch):
    form = wb.thought
    form.thought.value = "Fictional: a thought the model reads"
    monkeypatch.setattr(traps, "suggest", lambda text: [traps.Suggestion("mind_reading", (), "model")])
    form.suggest()
    assert "because of" not in form.suggestions.value
    assert "worded like others" in form.suggestions.value


def test_a_thought_record_started_in_session_is_finished_later(wb, store):
    form = wb.thought
    form.situation.value = HOSTILE
    form.thought.value = "They are bored of me"
    form.emotions[0][0].value = "anxious"
    form.emotions[0][1].value = 80
    first = form.save()
    assert "Unfinished thought records: 1" in wb.unfinished.value
    assert "unfinished, open it to finish" in wb.thought_list.table.value
    home = CoreBeliefsWorkbook(store)
    home.picker.dropdown.value = wb.client.id
    home.thought_list.pick.value = first.id
    home.thought_list.open_button.click()
    assert "unfinished" in home.thought.status.value
    assert home.thought.situation.value == HOSTILE
    home.thought.balanced.value = "They were tired; we laughed earlier"
    home.thought.belief_after.value = 30
    home.thought.emotions[0][2].value = 40
    done = home.thought.save()
    assert done.id == first.id and done.version == 2
    assert home.unfinished.value == "" and "finished" in home.thought_list.table.value
    home.steps.go(home.names.index("charts"))
    assert "from 80 to 40" in home.charts["emotions"].text.value


def test_origins_and_younger_self_are_saved_and_editable(wb, store):
    wb.origins.fields["unpredictable"].value = "Fictional: warm some days, far away others"
    first = wb.origins.save()
    wb.younger.note.value = "Fictional: you were doing your best"
    wb.younger.private.value = True
    note = wb.younger.save()
    assert note.payload["private"] is True
    again = CoreBeliefsWorkbook(store)
    again.picker.dropdown.value = wb.client.id
    assert again.origins.fields["unpredictable"].value.startswith("Fictional: warm")
    assert again.younger.private.value is True
    again.origins.fields["later"].value = "Fictional: a sudden breakup"
    assert again.origins.save().id == first.id


#: An origin reflection as saved before the prompts for a caregiver's anxiety, loss, illness
#: and temperament were added (issue 14): it must still validate, open and save again.
OLD_ORIGINS = {"kind": "origin_reflection", "unpredictable": "Fictional: warm, then far away",
               "parentification": "", "family_culture": "Fictional: we kept quiet about needs",
               "later": "", "note": "Fictional: written before the new prompts"}
NEW_PROMPTS = ("caregiver_anxiety", "loss", "illness", "temperament")


def test_an_origin_reflection_saved_before_the_new_prompts_is_still_valid():
    record, errors = validate(OriginReflection, OLD_ORIGINS)
    assert errors == {}
    assert record.unpredictable == "Fictional: warm, then far away"
    assert all(getattr(record, name) == "" for name in NEW_PROMPTS)
    # a reflection with only a new prompt filled in is a reflection too
    assert validate(OriginReflection, {"temperament": "Fictional: I cried at every goodbye"})[1] == {}


def test_an_old_origin_reflection_opens_and_the_new_prompts_save_and_come_back(wb, store):
    from sqlalchemy import update

    from attachwork.store.schema import EntryRow

    old = store.add_entry(wb.client.id, "origin_reflection", dict(OLD_ORIGINS), author="therapist",
                          place="clinic", workbook="03_core_beliefs")
    with store.engine.begin() as conn:  # the row exactly as the old schema wrote it
        conn.execute(update(EntryRow).where(EntryRow.id == old.id).values(payload=OLD_ORIGINS))
    assert store.entry(old.id).payload == OLD_ORIGINS
    again = CoreBeliefsWorkbook(store)
    again.picker.dropdown.value = wb.client.id
    form = again.origins
    assert form.fields["family_culture"].value == "Fictional: we kept quiet about needs"
    assert all(form.fields[name].value == "" for name in NEW_PROMPTS)
    assert "A caregiver's own worries or anxiety" in form.fields["caregiver_anxiety"].control.description
    words = {name: f"Fictional: {name} <b>as typed</b>" for name in NEW_PROMPTS}
    for name, text in words.items():
        form.fields[name].value = text
    saved = form.save()
    assert saved.id == old.id and saved.version == 2
    assert {name: saved.payload[name] for name in NEW_PROMPTS} == words
    assert saved.payload["unpredictable"] == "Fictional: warm, then far away"
    later = CoreBeliefsWorkbook(store)
    later.picker.dropdown.value = wb.client.id
    assert {name: later.origins.fields[name].value for name in NEW_PROMPTS} == words
    assert store.versions(old.id)[0].payload == OLD_ORIGINS


def test_an_own_belief_rated_without_words_is_refused_with_a_message(wb):
    form = wb.beliefs
    own_text, own_rating = form.own[0]
    own_rating.value = 60
    assert form.save() is None
    assert "Please write the belief in your own words" in form.error.value
    own_text.value = "(Fictional) I have to keep everyone happy"
    entry = form.save()
    assert entry.payload["own"] == [{"text": "(Fictional) I have to keep everyone happy", "rating": 60}]


@pytest.mark.parametrize("trap, text", [
    # written for these tests, in none of the corpora
    ("mind_reading", "My neighbour thinks I'm a nuisance, I could tell from her face."),
    ("mind_reading", "He only went quiet because he's bored of me."),
    ("catastrophising", "If I burn the dinner, the whole visit will be a disaster."),
    ("personalising", "The meeting went badly and it's all down to me."),
    ("all_or_nothing", "If I can't do it perfectly, I'm a complete failure."),
    ("fortune_telling", "She's going to cancel on me again, I can feel it coming."),
    ("emotional_reasoning", "I feel worthless, so I must be."),
    ("discounting_positive", "He said my speech was good, but he has to say that."),
])
def test_new_sentences_get_the_trap_they_show(trap, text):
    assert trap in {s.trap for s in traps.suggest(text)}


@pytest.mark.parametrize("text", [
    "I felt nervous at the party and stayed an hour anyway",
    "She texted back after lunch and we made plans for Friday",
    "I asked for help with the shopping and he said yes",
])
def test_new_plain_sentences_suggest_nothing(text):
    assert traps.suggest(text) == []


@pytest.mark.parametrize(("text", "line"), [
    ("He said he will kill me if I leave.", "National Domestic Violence Hotline"),
    ("He hit me last week and it is going to happen again.", "National Domestic Violence Hotline"),
    ("I cannot take it anymore, there is nothing left to live for.", "988"),
])
def test_words_that_may_point_to_danger_get_help_not_trap_hints(wb, text, line):
    form = wb.thought
    form.thought.value = text
    assert form.suggest() == []
    assert "not something to pick apart as a thinking trap" in form.suggestions.value
    assert line in form.suggestions.value
    assert form.tick_button.layout.display == "none"

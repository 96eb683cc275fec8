"""Session 5: partner schemas, the activation map's wording for every pair of regions, the
radar, and the workbook driven through its widgets."""

from __future__ import annotations

import itertools

import pytest

from attachwork.charts.partners import radar_figure, radar_summary
from attachwork.content import pack
from attachwork.domain.instruments import REGIONS
from attachwork.domain.partners import activation_map, pair_key
from attachwork.domain.records import SECURE_SIGNS, ClientProfile, PartnerProfile, PartnerRating
from attachwork.domain.validation import validate
from attachwork.ui.pages.partner_choice import PartnerChoiceWorkbook

ALL_CLEAR = {s: {"rating": 2} for s in SECURE_SIGNS}


def test_a_label_is_any_short_text_never_a_real_name():
    person, errors = validate(PartnerProfile, {"label": "  March date ", "relation": "date"})
    assert errors == {} and person.label == "March date"
    _, errors = validate(PartnerProfile, {"label": "", "relation": "past"})
    assert errors == {"label": "Please fill this in."}
    _, errors = validate(PartnerProfile, {"label": "x" * 41, "relation": None})
    assert errors["label"].startswith("Please keep this to 40")
    assert errors["relation"] == "Please pick one."


def test_every_sign_must_be_rated_and_each_gap_is_named():
    _, errors = validate(PartnerRating, {"partner_id": "p1", "signs": {
        **ALL_CLEAR, "repairs": {"rating": None, "evidence": "said sorry once"}}})
    assert errors["signs.repairs"] == "Please pick one."
    assert "signs.consistent" not in errors
    _, errors = validate(PartnerRating, {"partner_id": "p1", "signs": {"consistent": {"rating": 1}}})
    assert "rate every sign" in errors["signs"] or "Not seen yet" in errors["signs"]
    _, errors = validate(PartnerRating, {"partner_id": "p1", "signs": {**ALL_CLEAR, "repairs": {
        "rating": 3}}})
    assert errors["signs.repairs"] == "Please pick one of the options."


def test_a_rating_scores_evidence_points():
    rating = PartnerRating(partner_id="p1", signs={**ALL_CLEAR, "repairs": {"rating": 0},
                                                   "consistent": {"rating": 1}})
    assert rating.score() == 13


VERDICTS = ("doomed", "incompatible", "should leave", "wrong for you", "toxic", "disorder",
            "red flag", "break up")


@pytest.mark.parametrize(("mine", "theirs"), list(itertools.product(REGIONS, REGIONS)))
def test_activation_map_words_for_every_pair_of_regions(mine, theirs):
    c = pack()
    m = activation_map(mine, theirs, "Partner A")
    assert m.pair == pair_key(theirs, mine)  # the same note whichever way round
    assert m.loop == c.text(f"partner_choice.activation.pairs.{m.pair}")
    assert m.helps_me == c.text(f"partner_choice.activation.patterns.{mine}.helps")
    assert m.helps_them == c.text(f"partner_choice.activation.patterns.{theirs}.helps")
    # one sentence for each person whose coping is not the steady kind
    assert len(m.triggers) == (mine != "secure") + (theirs != "secure")
    for sentence in m.triggers:
        assert "{" not in sentence and sentence[0].isupper()
    if theirs != "secure":
        assert any(s.startswith("Partner A's way") for s in m.triggers)
    if mine != "secure":
        assert any(s.startswith("Your way") and "Partner A" in s for s in m.triggers)
    words = " ".join([m.loop, *m.triggers, m.helps_me, m.helps_them]).lower()
    assert not any(v in words for v in VERDICTS)


def test_the_pursue_withdraw_pair_is_named_as_a_loop():
    m = activation_map("preoccupied", "dismissive", "Partner A")
    assert "pursue-withdraw" in m.loop
    assert "being left or mattering less" in m.triggers[1]  # what their distance can feel like
    assert "crowded" in m.triggers[0]  # what my reaching out can feel like to them


def test_unknown_regions_are_refused():
    with pytest.raises(ValueError):
        activation_map("anxious", "secure", "A")


def test_radar_draws_one_closed_shape_per_person_and_says_it_in_words():
    shapes = [("Partner A", (2, 2, 1, 2, 1, 2, 2, 2)), ("March date", (0,) * 8)]
    fig = radar_figure(shapes, "Side by side")
    people = [t for t in fig.data if t.name in ("Partner A", "March date")]
    assert len(people) == 2
    for trace in people:
        assert len(trace.x) == len(SECURE_SIGNS) + 1 and trace.x[0] == trace.x[-1]
    summary = radar_summary(shapes)
    assert "Partner A: 14 of 16" in summary and "March date: 0 of 16" in summary
    assert "Not seen yet: none" in summary  # Partner A shows every sign to some degree
    assert "Not seen yet: Keeps in touch in a way I can count on;" in summary


# -- the workbook -------------------------------------------------------------------------
@pytest.fixture
def wb(store):
    client = store.create_client(ClientProfile(pseudonym="Test-Heron"))
    book = PartnerChoiceWorkbook(store)
    book.picker.dropdown.value = client.id
    return book


def _add_person(wb, label: str, relation: str = "current"):
    wb.person_form.label.value = label
    wb.person_form.relation.value = relation
    return wb.person_form.save()


def _rate(wb, person_id: str, ratings: dict[str, int]):
    form = wb.rating_form
    form.person.value = person_id
    for sign, row in form.rows.items():
        row.rating.value = ratings.get(sign, 1)
        row.evidence.value = f"(Fictional) evidence for {sign}"
    return form.save()


def test_rate_a_person_and_see_the_radar(wb):
    person = _add_person(wb, "<i>Partner</i> A")
    assert person is not None
    assert "&lt;i&gt;Partner" in wb.people_list.table.value and "<i>" not in wb.people_list.table.value
    # nothing rated yet: each sign says so beside itself, nothing is saved
    wb.rating_form.person.value = person.id
    assert wb.rating_form.save() is None
    assert "Please pick one." in wb.rating_form.rows["consistent"].rating.error.value
    entry = _rate(wb, person.id, {"repairs": 0, "consistent": 2})
    assert entry.payload["signs"]["repairs"] == {"rating": 0,
                                                 "evidence": "(Fictional) evidence for repairs"}
    assert wb.radar.chart.figure["data"], "the radar is drawn right after saving"
    assert "&lt;i&gt;Partner&lt;/i&gt; A" in wb.radar.text.value
    assert "8 of 16" in wb.radar.text.value  # six signs mixed (6), one clear (2), one unseen


def test_compare_two_people_and_one_person_over_time(wb):
    a = _add_person(wb, "Partner A")
    b = _add_person(wb, "March date", "date")
    _rate(wb, a.id, {"repairs": 0})
    _rate(wb, b.id, dict.fromkeys(SECURE_SIGNS, 0))
    _rate(wb, a.id, {"repairs": 2})
    wb.steps.go(wb.names.index("compare"))
    names = [t["name"] for t in wb.compare_chart.chart.figure["data"] if t.get("name")]
    assert names == ["Partner A", "March date"]
    assert "Clearly yes" in wb.compare_table.value and "Not seen yet" in wb.compare_table.value
    wb.history_person.value = a.id
    assert len([t for t in wb.history_chart.chart.figure["data"] if t.get("name")]) == 2
    wb.compare_people.value = []
    wb.draw_compare()
    assert "Choose at least one person" in wb.compare_chart.text.value


def test_map_puts_both_on_the_plane_with_plain_words(wb, store):
    from attachwork.content import instrument_folders
    from attachwork.domain.instruments import load_catalogue
    from attachwork.domain.records import CheckIn

    inst = load_catalogue(instrument_folders()).get("reflection-checkin")
    anxious = {i.id: (2 if i.reverse else 6) if i.subscale == "anxiety" else (6 if i.reverse else 2)
               for i in inst.items}
    scores = inst.score(anxious)
    assert scores.region() == "preoccupied"
    store.add_entry(wb.client.id, "checkin", CheckIn(
        instrument_id=inst.id, instrument_version=inst.version, responses=anxious,
        scores=scores.as_dict(), region=scores.region()), author="therapist", place="clinic")
    person = _add_person(wb, "Partner A")
    wb.steps.go(wb.names.index("map"))
    form = wb.map.form
    form.person.value = person.id
    form.source.value = "estimate"
    assert form.save() is None and "more answers" in form.checkin_error.value
    for q in form.checkin.questions:
        q.buttons.value = ((6 if q.item_id in {i.id for i in inst.items if i.reverse} else 2)
                           if q.item_id in {i.id for i in inst.items_of("anxiety")}
                           else (2 if q.item_id in {i.id for i in inst.items if i.reverse} else 6))
    saved = form.save()
    assert saved.payload["region"] == "dismissive" and saved.payload["source"] == "estimate"
    names = [t["name"] for t in wb.map.chart.chart.figure["data"] if t.get("name")]
    assert "Me" in names and "Partner A (my estimate)" in names
    assert "pursue-withdraw" in wb.map.words.value
    assert "What could help Partner A" in wb.map.words.value


def test_client_words_in_a_figure_are_shown_as_typed():
    fig = radar_figure([("<b>Partner</b> <a href='x'>A</a>", (1,) * 8)], "Signs seen in <i>A</i>")
    assert fig.data[-1].name == "&lt;b&gt;Partner&lt;/b&gt; &lt;a href='x'&gt;A&lt;/a&gt;"
    assert fig.layout.title.text == "Signs seen in &lt;i&gt;A&lt;/i&gt;"

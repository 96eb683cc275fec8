"""Worksheet records, their charts, homework progress: the domain under workbooks 01 and 02."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from attachwork.charts.cycle import cycle_summary, cycle_svg
from attachwork.charts.regulation import practice_points, suds_drop_figure, suds_drop_summary
from attachwork.charts.triggers import (
    by_kind_figure,
    by_kind_summary,
    intensity_figure,
    intensity_summary,
    stress_figure,
    stress_summary,
    trigger_points,
)
from attachwork.domain import homework
from attachwork.domain.records import (
    CycleMap,
    Entry,
    Practice,
    ProtestCheck,
    SessionRecord,
    TriggerLog,
    compare_frequencies,
)
from attachwork.domain.validation import validate
from tests.support import HOSTILE

T0 = dt.datetime(2026, 10, 1, 9, 0, tzinfo=dt.UTC)


def _trigger(**over):
    data = {"occurred": "2026-10-01T21:30", "happened": "No reply all evening (fictional)",
            "trigger_kind": "distance", "story": "They are bored of me",
            "other_stories": ["Their phone died", ""], "intensity": 7, "baseline_stress": 6}
    return {**data, **over}


def _entry(kind: str, payload: dict, *, days: int = 0, deleted: bool = False, **meta) -> Entry:
    at = T0 + dt.timedelta(days=days)
    return Entry(id=f"e-{kind}-{days}", client_id="c1", kind=kind, payload=payload,
                 author=meta.get("author", "client"), place=meta.get("place", "home"),
                 created_at=at, updated_at=at, deleted_at=at if deleted else None)


# -- records ------------------------------------------------------------------------
def test_trigger_log_keeps_only_the_stories_written():
    record, errors = validate(TriggerLog, _trigger())
    assert errors == {} and record.other_stories == ["Their phone died"]


def test_trigger_log_asks_gently_for_another_story():
    _, errors = validate(TriggerLog, _trigger(other_stories=["", "  "]))
    assert errors == {"other_stories": (
        "Before saving, try one other way of reading what happened, even one you only half "
        "believe. What might a kind friend say was going on?")}


def test_trigger_log_field_messages():
    _, errors = validate(TriggerLog, _trigger(happened="", trigger_kind="other", intensity=12,
                                              body=["tight_chest", "elbows"], occurred=None))
    assert errors["happened"] == "Please fill this in."
    assert errors["trigger_other"] == "Please say in a few words what kind of moment it was."
    assert errors["intensity"] == "Please choose a number no higher than 10."
    assert errors["body"] == "Please pick one of the options."
    assert errors["occurred"] == "Please pick one."
    _, errors = validate(TriggerLog, _trigger(intensity=None))
    assert errors == {"intensity": "Please pick one."}


def test_frequency_checks_need_one_rating_and_only_known_levels():
    assert validate(ProtestCheck, {"ratings": {}})[1] == {
        "ratings": "Please rate at least one line; the others can stay blank."}
    assert "ratings" in validate(ProtestCheck, {"ratings": {"pick_fight": 4}})[1]
    assert validate(ProtestCheck, {"ratings": {"pick_fight": 3}})[1] == {}


def test_cycle_map_needs_the_trigger_and_my_move():
    _, errors = validate(CycleMap, {"trigger": "", "my_move": ""})
    assert set(errors) == {"trigger", "my_move"}


def test_practice_needs_distress_before_and_after():
    _, errors = validate(Practice, {"tool": "breathing", "suds_before": None, "suds_after": 11})
    assert errors == {"suds_before": "Please pick one.",
                      "suds_after": "Please choose a number no higher than 10."}
    record, _ = validate(Practice, {"tool": "grounding", "suds_before": 7, "suds_after": 3,
                                    "grounding": {"seen": "a lamp"}})
    assert record.drop == 4


def test_compare_frequencies():
    assert compare_frequencies({"a": 2, "b": 1, "c": 0}, {"a": 1, "b": 1, "c": 3, "d": 2}) == {
        "a": "less", "b": "same", "c": "more"}


# -- homework -----------------------------------------------------------------------
def test_homework_progress_counts_what_was_made_since_the_session():
    session = _entry("session", SessionRecord(
        workbook="01_pattern_awareness", number=1, date=dt.date(2026, 10, 1),
        homework_items=[{"kind": "trigger_log", "count": 3},
                        {"kind": "practice_breathing", "count": 1}]).model_dump(mode="json"),
        days=0)
    entries = [
        _entry("trigger_log", {}, days=-1),  # before the session: does not count
        _entry("trigger_log", {}, days=1),
        _entry("trigger_log", {}, days=2),
        _entry("trigger_log", {}, days=3, deleted=True),  # removed: does not count
        _entry("practice", {"tool": "breathing"}, days=2),
        _entry("practice", {"tool": "reset"}, days=2),
    ]
    got = {p.kind: (p.done, p.wanted, p.complete) for p in homework.progress(session, entries)}
    assert got == {"trigger_log": (2, 3, False), "practice_breathing": (1, 1, True)}
    assert homework.latest_homework([session, _entry("session", {"workbook": "x"}, days=5)]) is session


# -- charts ---------------------------------------------------------------------------
def _points():
    return trigger_points([
        _entry("trigger_log", _trigger(occurred="2026-10-03T20:00", intensity=8, baseline_stress=8,
                                       trigger_kind="conflict"), days=3),
        _entry("trigger_log", _trigger(occurred="2026-10-01T20:00", intensity=6, baseline_stress=2),
               days=1),
        _entry("trigger_log", _trigger(occurred="2026-10-02T20:00", intensity=4, baseline_stress=None),
               days=2),
        _entry("trigger_log", _trigger(intensity=10), days=4, deleted=True),
    ])


def test_trigger_points_are_sorted_and_leave_removed_entries_out():
    pts = _points()
    assert [p.intensity for p in pts] == [6, 4, 8]
    assert pts[0].when == dt.datetime(2026, 10, 1, 20, 0)


def test_by_kind_counts_every_kind():
    fig = by_kind_figure(_points())
    assert list(fig.data[0].y) == [2, 1, 0, 0]
    assert list(fig.data[0].x)[0] == "Distance or a late reply"
    assert by_kind_summary(_points()) == (
        "Moments logged so far: 3 (Distance or a late reply: 2; Conflict or not knowing where I "
        "stand: 1).")


def test_intensity_over_time_has_one_marker_trace_per_kind():
    fig = intensity_figure(_points())
    line, *markers = fig.data
    assert list(line.y) == [6, 4, 8]
    assert {m.name: list(m.y) for m in markers} == {
        "Distance or a late reply": [6, 4], "Conflict or not knowing where I stand": [8]}
    assert intensity_summary(_points()).startswith("Moments so far: 3, with the feeling between 4 and 8")


def test_stress_chart_uses_only_rated_entries():
    fig = stress_figure(_points())
    assert sorted((x, y) for t in fig.data for x, y in zip(t.x, t.y, strict=True)) == [(2, 6), (8, 8)]
    assert stress_summary(_points()) == ("On days with stress of 6 or more, moments averaged 8.0 in "
                                         "strength (from 1 entries); on calmer days they averaged "
                                         "6.0 (from 1 entries).")
    assert stress_summary([dataclasses.replace(p, stress=None) for p in _points()]).startswith(
        "No stress ratings yet")


def test_suds_drop_chart_shows_before_and_after_per_practice():
    pts = practice_points([
        _entry("practice", {"tool": "breathing", "suds_before": 7, "suds_after": 4}, days=1),
        _entry("practice", {"tool": "reset", "suds_before": 6, "suds_after": 5}, days=2),
        _entry("practice", {"tool": "reset", "suds_before": 9, "suds_after": 1}, days=3, deleted=True),
    ])
    fig = suds_drop_figure(pts)
    _lines, before, after = fig.data
    assert list(before.y) == [7, 6] and list(after.y) == [4, 5]
    assert suds_drop_summary(pts).startswith(
        "Practices saved: 2. On average distress went down by 2.0 points, from 6.5 to 4.5.")


def test_cycle_map_drawing_escapes_the_clients_words_and_reads_as_text():
    steps = {"trigger": HOSTILE, "my_move": "Text again & again", "their_move": "Goes quiet"}
    svg = cycle_svg(steps, title="Sunday <loop>")
    assert "<img" not in svg and "&lt;img src=x" in svg and "&amp; again" in svg
    assert "Sunday &lt;loop&gt;" in svg
    assert svg.count("<rect") == 6 and svg.count('transform="translate(') == 6  # six arrowheads
    summary = cycle_summary(steps, "Sunday loop")
    assert summary.startswith("Sunday loop. What sets it off: <img")  # plain text, escaped on use
    assert "What I do: Text again & again" in summary


@given(st.dictionaries(st.sampled_from(["trigger", "my_feeling", "my_move", "their_feeling",
                                        "their_move", "conclusion"]), st.text(max_size=300)))
def test_cycle_map_never_lets_markup_through(steps):
    svg = cycle_svg(steps)
    for tag in ("<script", "<img", "<iframe", "<a ", "<foreignObject"):
        assert tag not in svg


# -- workbook 04 records and chart -----------------------------------------------------
def test_small_no_is_saved_in_two_stages():
    from attachwork.domain.records import SmallNo

    plan = {"plan": "Suggest a night in (fictional)", "predicted_harm": 60, "predicted_distress": 7}
    record, errors = validate(SmallNo, plan)
    assert errors == {} and record.completed is False and record.actual_distress is None
    _, errors = validate(SmallNo, {**plan, "completed": True})
    assert errors == {"happened": "Please fill this in.", "actual_distress": "Please pick one."}
    done, errors = validate(SmallNo, {**plan, "completed": True, "happened": "It was fine",
                                      "actual_distress": 2})
    assert errors == {} and done.actual_distress == 2
    assert "predicted_harm" in validate(SmallNo, {**plan, "predicted_harm": 120})[1]


def test_boundary_script_and_request_practice_need_their_core():
    from attachwork.domain.records import BoundaryScript, RequestPractice

    assert set(validate(BoundaryScript, {"situation": "", "need": "", "say": ""})[1]) == {
        "situation", "need", "say"}
    assert validate(RequestPractice, {"draft": ""})[1] == {"draft": "Please fill this in."}


def test_predicted_against_actual_uses_completed_experiments_only():
    from attachwork.charts.experiments import (
        experiment_points,
        predicted_actual_figure,
        predicted_actual_summary,
    )

    base = {"plan": "p", "predicted_harm": 60, "predicted_distress": 7}
    pts = experiment_points([
        _entry("small_no", {**base, "completed": True, "happened": "ok", "actual_distress": 3,
                            "actual_harm": 10}, days=1),
        _entry("small_no", base, days=2),  # still open
        _entry("small_no", {**base, "predicted_distress": 4, "completed": True, "happened": "hm",
                            "actual_distress": 5}, days=3),
    ])
    fig = predicted_actual_figure(pts)
    diagonal, points, strain_diagonal, strain = fig.data
    assert list(points.x) == [7, 4] and list(points.y) == [3, 5]
    assert list(diagonal.x) == [0, 10]
    # strain predicted against actual, in its own panel: only where the strain after was noted
    assert list(strain.x) == [60] and list(strain.y) == [10]
    assert list(strain_diagonal.x) == [0, 100] and (strain.xaxis, strain.yaxis) == ("x2", "y2")
    assert fig.layout.xaxis2.title.text == "Strain I predicted (0 to 100 %)"
    assert fig.layout.yaxis2.title.text == "Actual strain (0 to 100 %)"
    titles = [a.text for a in fig.layout.annotations]
    assert "Strain on the relationship, predicted and actual" in titles
    assert predicted_actual_summary(pts) == (
        "Completed experiments: 2. Distress was lower than predicted in 1 of them; on average 5.5 "
        "predicted and 4.0 felt. Strain on the relationship, in the 1 where it was noted: lower "
        "than predicted in 1; on average 60 % predicted and 10 % actual.")


def test_the_strain_panel_says_so_when_no_strain_was_noted_after():
    from attachwork.charts.experiments import (
        experiment_points,
        predicted_actual_figure,
        predicted_actual_summary,
    )

    pts = experiment_points([_entry("small_no", {
        "plan": "p", "predicted_harm": 80, "predicted_distress": 6, "completed": True,
        "happened": "fine", "actual_distress": 2}, days=1)])
    fig = predicted_actual_figure(pts)
    assert list(fig.data[3].x) == []
    none = "No strain noted after an experiment yet."
    assert any(a.text.startswith(none) for a in fig.layout.annotations)
    assert none in predicted_actual_summary(pts)

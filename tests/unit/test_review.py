"""Session 6 arithmetic: the reliable change index (worked by hand), and the monthly trends."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest

from attachwork.content import instrument_folders
from attachwork.domain.instruments import load_catalogue, load_instrument
from attachwork.domain.records import Entry
from attachwork.domain.review import (
    CheckInPoint,
    checkin_points,
    homework_trend,
    rci,
    reliable_change,
    suds_trend,
    trigger_trend,
)

ECR = load_instrument(Path(__file__).resolve().parents[1] / "fixtures/instruments/ecr_r_shaped.yaml")
UTC = dt.UTC


def test_rci_worked_example_reliable():
    # SD 1.1, r .93: SE = 1.1 * sqrt(.07) = 0.29103; Sdiff = sqrt(2) * SE = 0.41158
    # 5.0 -> 4.0: RCI = -1.0 / 0.41158 = -2.4296, beyond -1.96
    assert rci(5.0, 4.0, 1.1, 0.93) == pytest.approx(-2.4296, abs=1e-4)


def test_rci_worked_example_not_reliable():
    # SD 1.0, r .94: SE = sqrt(.06) = 0.24495; Sdiff = 0.34641; 3.0 -> 2.8: -0.5774
    assert rci(3.0, 2.8, 1.0, 0.94) == pytest.approx(-0.5774, abs=1e-4)


def test_rci_is_symmetric_and_zero_without_change():
    assert rci(2.0, 4.0, 1.2, 0.8) == pytest.approx(-rci(4.0, 2.0, 1.2, 0.8))
    assert rci(3.3, 3.3, 1.2, 0.8) == 0


@pytest.mark.parametrize(("sd", "r"), [(0, 0.9), (-1, 0.9), (1, 1.0), (1, -0.1)])
def test_rci_refuses_impossible_norms(sd, r):
    with pytest.raises(ValueError):
        rci(1, 2, sd, r)


def _point(day: int, anx: float, avo: float) -> CheckInPoint:
    return CheckInPoint(dt.date(2026, 1, 1) + dt.timedelta(days=day), {"anx": anx, "avo": avo},
                        "preoccupied")


def test_reliable_change_judges_each_dimension_from_first_to_latest():
    changes = {c.subscale: c for c in reliable_change(
        ECR, [_point(0, 5.0, 3.0), _point(40, 6.5, 1.0), _point(90, 4.0, 2.8)])}
    anx, avo = changes["anx"], changes["avo"]
    assert (anx.first, anx.latest) == (5.0, 4.0)  # the middle check-in plays no part
    assert anx.rci == pytest.approx(-2.4296, abs=1e-4) and anx.verdict == "reliable_down"
    assert avo.rci == pytest.approx(-0.5774, abs=1e-4) and avo.verdict == "not_reliable"
    up = reliable_change(ECR, [_point(0, 3.0, 2.0), _point(9, 4.2, 2.0)])[0]
    assert up.verdict == "reliable_up"  # (4.2 - 3.0) / 0.41158 = 2.92


def test_without_norms_the_change_is_reported_but_never_judged():
    reflection = load_catalogue(instrument_folders()).get("reflection-checkin")
    pts = [CheckInPoint(dt.date(2026, 1, 1), {"anxiety": 6.0, "avoidance": 2.0}, "preoccupied"),
           CheckInPoint(dt.date(2026, 6, 1), {"anxiety": 2.0, "avoidance": 2.0}, "secure")]
    changes = reliable_change(reflection, pts)
    assert [c.verdict for c in changes] == ["cannot_judge", "cannot_judge"]
    assert changes[0].difference == -4.0 and changes[0].reliable is None


def test_one_check_in_is_no_change():
    assert reliable_change(ECR, [_point(0, 5.0, 3.0)]) == []


def _entry(kind: str, payload: dict, when: dt.datetime, **kw) -> Entry:
    return Entry(id=f"{kind}-{when.isoformat()}", client_id="c", kind=kind,
                 payload={"kind": kind, **payload}, author="client", place="home",
                 created_at=when, updated_at=when, **kw)


def test_checkin_points_are_scored_afresh_and_skip_others_and_removed():
    reflection = load_catalogue(instrument_folders()).get("reflection-checkin")
    all_fours = {i.id: 4 for i in reflection.items}
    t = dt.datetime(2026, 3, 1, 12, tzinfo=UTC)
    entries = [
        _entry("checkin", {"instrument_id": reflection.id, "responses": all_fours}, t),
        _entry("checkin", {"instrument_id": "other", "responses": {}}, t),
        _entry("checkin", {"instrument_id": reflection.id, "responses": all_fours}, t,
               deleted_at=t),
        _entry("partner_checkin", {"instrument_id": reflection.id, "responses": all_fours}, t),
    ]
    [point] = checkin_points(entries, reflection)
    assert point.means == {"anxiety": 4.0, "avoidance": 4.0}
    assert len(checkin_points(entries, reflection, kind="partner_checkin")) == 1


def test_trigger_trend_counts_by_the_month_the_moment_happened():
    logged = dt.datetime(2026, 3, 2, 9, tzinfo=UTC)
    entries = [
        _entry("trigger_log", {"occurred": "2026-02-27T23:00:00", "intensity": 8}, logged),
        _entry("trigger_log", {"occurred": "2026-02-10T20:00:00", "intensity": 6}, logged),
        _entry("trigger_log", {"occurred": "2026-03-01T20:00:00", "intensity": 3}, logged),
        _entry("trigger_log", {"occurred": "2026-03-05T20:00:00", "intensity": 9}, logged,
               deleted_at=logged),
        _entry("practice", {"suds_before": 5, "suds_after": 2}, logged),
    ]
    trend = trigger_trend(entries)
    assert [(m.month, m.count, m.mean_intensity) for m in trend] == [("2026-02", 2, 7.0),
                                                                     ("2026-03", 1, 3.0)]


def test_suds_trend_means_before_and_after_per_month():
    def practice(day: int, before: int, after: int) -> Entry:
        return _entry("practice", {"suds_before": before, "suds_after": after},
                      dt.datetime(2026, 4, day, 12, tzinfo=UTC))

    [april] = suds_trend([practice(1, 8, 4), practice(20, 6, 4)])
    assert (april.count, april.before, april.after, april.drop) == (2, 7.0, 4.0, 3.0)


def test_homework_counts_work_done_before_the_next_session_and_caps_extra():
    def session(day: int, items: list) -> Entry:
        return _entry("session", {"workbook": "01_pattern_awareness", "number": 1,
                                  "date": f"2026-05-{day:02d}", "homework_items": items},
                      dt.datetime(2026, 5, day, 10, tzinfo=UTC))

    def log(day: int) -> Entry:
        return _entry("trigger_log", {"occurred": f"2026-05-{day:02d}T20:00:00", "intensity": 5},
                      dt.datetime(2026, 5, day, 20, tzinfo=UTC))

    entries = [session(1, [{"kind": "trigger_log", "count": 2}]), log(2), log(3), log(4),
               session(8, [{"kind": "trigger_log", "count": 3}]), log(9),
               session(15, [])]  # no homework set: not a round
    rounds = homework_trend(entries)
    assert [(r.date, r.wanted, r.done) for r in rounds] == [("2026-05-01", 2, 2),
                                                            ("2026-05-08", 3, 1)]
    assert math.isclose(sum(r.done for r in rounds) / sum(r.wanted for r in rounds), 0.6)


# -- the workbook ---------------------------------------------------------------------
def test_review_shows_trajectory_change_trends_and_keeps_the_plan(store):
    from attachwork.app.demo import ensure_demo_store
    from attachwork.ui.pages.review import ReviewWorkbook

    ensure_demo_store(store)
    juniper = store.client_by_pseudonym("Demo-Juniper")
    wb = ReviewWorkbook(store)
    wb.picker.dropdown.value = juniper.id
    wb.steps.go(wb.names.index("trajectory"))
    assert "9 check-ins from" in wb.trajectory.text.value
    arrows = [a for a in wb.trajectory.chart.figure["layout"]["annotations"] if a.get("showarrow")]
    assert len(arrows) == 8  # one for each step from a check-in to the next
    assert "Cannot be judged reliable" in wb.change.value  # the reflection file has no norms
    wb.steps.go(wb.names.index("trends"))
    summaries = " ".join(p.text.value for p in wb.trend_box.children)
    for words in ("moments logged over", "Ratings saved", "finished experiments over",
                  "practices. On average distress dropped", "session(s) set homework"):
        assert words in summaries
    wb.steps.go(wb.names.index("plan"))
    assert wb.plan.save() is None
    assert wb.plan.fields["warning_signs"].has_error
    for name, field in wb.plan.fields.items():
        field.value = f"(Fictional) {name} <b>bold</b>"
    saved = wb.plan.save()
    assert saved.payload["people"] == "(Fictional) people <b>bold</b>"
    again = ReviewWorkbook(store)
    again.picker.dropdown.value = juniper.id
    assert again.plan.fields["what_helps"].value == "(Fictional) what_helps <b>bold</b>"


def test_experiment_trend_means_expected_and_felt_per_month_of_finished_ones():
    def small_no(day: int, predicted: int, actual: int | None) -> Entry:
        return _entry("small_no", {"predicted_distress": predicted, "actual_distress": actual,
                                   "completed": actual is not None},
                      dt.datetime(2026, 6, day, 12, tzinfo=UTC))

    from attachwork.domain.review import experiment_trend

    [june] = experiment_trend([small_no(1, 8, 3), small_no(2, 6, 5), small_no(3, 9, None)])
    assert (june.month, june.count, june.before, june.after) == ("2026-06", 2, 7.0, 4.0)


def test_where_to_go_from_here_names_the_therapies_and_the_reading_never_as_advice_to_stop(store):
    from attachwork.domain.records import ClientProfile
    from attachwork.ui.pages.review import ReviewWorkbook

    client = store.create_client(ClientProfile(pseudonym="Test-Linnet"))
    wb = ReviewWorkbook(store)
    wb.picker.dropdown.value = client.id
    wb.steps.go(wb.names.index("onward"))
    words = wb.onward.value
    for name in ("Emotionally Focused Therapy", "Sue Johnson", "AEDP", "Internal Family Systems",
                 "Somatic approaches", "Attachment-informed CBT", "Psychodynamic work",
                 "<cite>Attached</cite>, Amir Levine and Rachel Heller (2010)"):
        assert name in words, name
    assert "not a reason to change or stop what you are doing" in words
    assert "stop therapy" not in words and "instead of therapy" not in words

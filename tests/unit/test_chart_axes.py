"""Charts that read well, checked on the figure objects: axes run over the scale they show
with whole-number ticks, one day of data is ticked as a date, count axes tick a few whole
numbers, the trajectory dates only its first and latest check-ins, legends sit at the foot
of the figure (below the tick labels and axis title), practices are named on their line,
and every chart keeps its sentence. All people and entries are fictional."""

from __future__ import annotations

import datetime as dt

import pytest

from attachwork.charts import axes
from attachwork.charts.catalog import CHARTS, Sources, draw
from attachwork.charts.plane import PlanePoint
from attachwork.content import instrument_folders, pack
from attachwork.domain.instruments import load_catalogue
from attachwork.domain.records import Entry
from attachwork.domain.review import MonthPair, MonthTriggers

T0 = dt.datetime(2026, 3, 5, 9, 0, tzinfo=dt.UTC)


def _entry(kind: str, payload: dict, *, days: float = 0, n: int = 0) -> Entry:
    at = T0 + dt.timedelta(days=days)
    return Entry(id=f"e-{kind}-{days}-{n}", client_id="c1", kind=kind, payload=payload,
                 author="client", place="home", created_at=at, updated_at=at, deleted_at=None)


def _trigger(day: float, intensity: int, stress: int | None = 5, n: int = 0) -> Entry:
    when = (T0 + dt.timedelta(days=day)).replace(tzinfo=None)
    return _entry("trigger_log", {"occurred": when.isoformat(), "trigger_kind": "distance",
                                  "intensity": intensity, "baseline_stress": stress},
                  days=day, n=n)


def _checkin(day: float, answer: int) -> Entry:
    inst = load_catalogue(instrument_folders()).get("reflection-checkin")
    assert inst is not None
    return _entry("checkin", {"instrument_id": inst.id,
                              "responses": {item.id: answer for item in inst.items}}, days=day)


def _every_drawing(entries: list[Entry]) -> dict[str, list]:
    src = Sources(entries, pack(), load_catalogue(instrument_folders()))
    return {name: draw(name, src) for name in CHARTS}


def _one_day_of_everything() -> list[Entry]:
    """A fictional client's first day: a bit of every worksheet, all on 5 March."""
    return [
        _trigger(0, 7), _trigger(0.1, 5, n=1), _trigger(0.2, 4, stress=8, n=2),
        _entry("practice", {"tool": "breathing", "suds_before": 7, "suds_after": 4}, days=0.05),
        _entry("practice", {"tool": "grounding", "suds_before": 6, "suds_after": 3}, days=0.15),
        _entry("belief_ratings", {"ratings": {"too_much": 80, "lose_them": 70}}, days=0.1),
        _entry("small_no", {"plan": "p", "predicted_distress": 7, "predicted_harm": 60,
                            "completed": True, "happened": "ok", "actual_distress": 3,
                            "actual_harm": 10}, days=0.2),
        _checkin(0, 5),
    ]


def _figures(entries: list[Entry]):
    for name, drawings in _every_drawing(entries).items():
        for d in drawings:
            if d.figure is not None:
                yield name, d.figure


def _axes(fig):
    layout = fig.to_plotly_json()["layout"]
    return {k: v for k, v in layout.items() if k.startswith(("xaxis", "yaxis"))}


# -- the helpers ---------------------------------------------------------------------------
def test_a_rating_axis_runs_over_its_scale_with_whole_ticks():
    a = axes.scale_axis(0, 10, 2)
    assert a["range"] == [-0.5, 10.5] and a["autorange"] is False
    assert (a["tickmode"], a["tick0"], a["dtick"], a["tickformat"]) == ("linear", 0, 2, "d")


@pytest.mark.parametrize(("top", "step"), [(0, 1), (3, 1), (9, 2), (14, 5), (58, 20), (156, 50)])
def test_a_count_axis_ticks_a_few_whole_numbers(top, step):
    a = axes.count_axis([top, 1])
    assert a["dtick"] == step and a["tickformat"] == "d" and a["range"][0] == 0
    assert a["range"][1] >= top and a["range"][1] / step <= 8


def test_one_day_is_ticked_as_that_date_not_as_times():
    day = dt.date(2026, 3, 5)
    for values in ([day], [dt.datetime(2026, 3, 5, 9), dt.datetime(2026, 3, 5, 21, 30)]):
        a = axes.date_axis(values)
        assert a["type"] == "date" and a["dtick"] == axes.DAY_MS
        assert "%H" not in a["tickformat"] and "%Y" in a["tickformat"]
        start, end = (dt.datetime.fromisoformat(x) for x in a["range"])
        low, high = (dt.datetime.combine(v, dt.time()) if not isinstance(v, dt.datetime) else v
                     for v in (values[0], values[-1]))
        assert start < low and end > high
        assert end - start < dt.timedelta(days=2)  # one day, not a week of empty axis


def test_a_year_is_ticked_by_months():
    a = axes.date_axis([dt.date(2025, 12, 11), dt.date(2026, 11, 12)])
    assert a["dtick"] == "M2" and a["tickformat"] == "%b %Y"


# -- the figures ------------------------------------------------------------------------------
def test_every_rating_axis_follows_its_scale():
    """0-10 ratings run from -0.5 to 10.5, 0-100 from -5 to 105, the plane 0.75 to 7.25;
    never the -11 to 21 the small-no chart once showed, and ticks are whole numbers."""
    seen = 0
    for name, fig in _figures(_one_day_of_everything()):
        for key, axis in _axes(fig).items():
            title = (axis.get("title") or {}).get("text", "")
            if any(w in title for w in ("0 to 10)", "0-10)", "0 to 100")):
                top = 100 if "100" in title else 10
                assert axis["range"] == [-top * 0.05, top * 1.05], (name, key, title)
                assert axis["tickformat"] == "d" and float(axis["dtick"]).is_integer()
                seen += 1
    assert seen >= 8


def test_the_small_no_chart_keeps_to_its_scales():
    [drawing] = _every_drawing(_one_day_of_everything())["experiments"]
    layout = drawing.figure.layout
    assert list(layout.xaxis.range) == [-0.5, 10.5] and list(layout.yaxis.range) == [-0.5, 10.5]
    assert list(layout.xaxis2.range) == [-5, 105] and list(layout.yaxis2.range) == [-5, 105]
    assert layout.xaxis.autorange is False and layout.yaxis2.autorange is False


def test_the_plane_runs_over_the_instrument_scale():
    [drawing] = _every_drawing(_one_day_of_everything())["plane"]
    x = drawing.figure.layout.xaxis
    assert list(x.range) == pytest.approx([0.75, 7.25]) and (x.tick0, x.dtick) == (1, 1)


def test_one_day_of_data_shows_a_date_on_every_time_axis():
    figures = dict(_figures(_one_day_of_everything()))
    for name in ("beliefs", "triggers.intensity"):
        x = figures[name].layout.xaxis
        assert x.type == "date" and x.tickformat == "%d %b %Y" and x.dtick == axes.DAY_MS, name
        assert x.tick0.startswith("2026-03-05"), name


def test_the_right_hand_intensity_axis_has_its_own_whole_ticks():
    """With an overlaid axis plotly syncs its ticks to the left one (3.32, 6.65, 9.97)
    unless told otherwise."""
    from attachwork.charts.review import trigger_trend_figure

    fig = trigger_trend_figure([MonthTriggers("2026-02", 3, 6.0), MonthTriggers("2026-03", 2, 4.5)])
    y2 = fig.layout.yaxis2
    assert (y2.tickmode, y2.tick0, y2.dtick, y2.tickformat) == ("linear", 0, 2, "d")
    assert list(y2.range) == [-0.5, 10.5]
    y = fig.layout.yaxis
    assert (y.tickmode, y.dtick, y.tickformat) == ("linear", 1, "d") and y.range[0] == 0


def test_counts_tick_a_few_whole_numbers_even_for_a_year():
    entries = [_trigger(day, 5, n=day) for day in range(156)]
    [drawing] = _every_drawing(entries)["triggers.by_kind"]
    y = drawing.figure.layout.yaxis
    assert y.tickformat == "d" and y.dtick == 50 and y.range[1] >= 156


def test_monthly_pairs_keep_to_the_rating_scale():
    from attachwork.charts.review import suds_trend_figure

    y = suds_trend_figure([MonthPair("2026-02", 7.0, 4.0, 3)]).layout.yaxis
    assert list(y.range) == [-0.5, 10.5] and y.dtick == 2 and y.tickformat == "d"


def test_legends_sit_at_the_foot_of_the_figure_below_the_labels():
    figures = list(_figures(_one_day_of_everything()))
    assert len(figures) >= 8
    for name, fig in figures:
        legend = fig.layout.legend
        if fig.layout.showlegend is False:
            continue
        assert (legend.yref, legend.yanchor, legend.orientation) == ("container", "bottom", "h"), name
        assert legend.y < 0.05, name


def test_the_trajectory_dates_only_the_first_and_latest_and_says_the_rest():
    from attachwork.charts.review import trajectory_figure, trajectory_summary

    inst = load_catalogue(instrument_folders()).get("reflection-checkin")
    points = [PlanePoint(dt.date(2026, 1, d), 4.0 + d / 10, 5.0 - d / 10, "preoccupied")
              for d in (5, 12, 19, 26)]
    fig = trajectory_figure(inst, points, "Check-ins")
    shown = [t for trace in fig.data for t in (trace.text or ()) if t]
    assert shown == ["2026-01-05", "2026-01-26"]
    earlier = next(t for t in fig.data if t.name == "Earlier check-ins")
    assert list(earlier.customdata) == ["2026-01-05", "2026-01-12", "2026-01-19"]  # on hover
    words = trajectory_summary(points)
    for d in ("2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26"):
        assert d in words
    assert "2026-01-12, worry 3.8 and distance 5.2" in words


def test_small_no_dates_do_not_pile_on_each_other():
    from attachwork.charts.experiments import MAX_LABELS, point_labels

    assert point_labels([5, 5, 6], [3, 3, 4], ["01 Mar", "08 Mar", "15 Mar"]) == [
        "", "08 Mar ×2", "15 Mar"]
    many = list(range(MAX_LABELS + 1))
    assert set(point_labels(many, many, [str(i) for i in many])) == {""}


def test_what_helps_names_each_practice_on_its_line():
    [drawing] = _every_drawing(_one_day_of_everything())["practice.suds_drop"]
    labels = list(drawing.figure.data[1].x)
    assert labels[0].startswith("Paced breathing<br>05 Mar")
    assert labels[1].startswith("5-4-3-2-1 scan<br>05 Mar")


def test_every_chart_keeps_its_sentence():
    for name, drawings in _every_drawing(_one_day_of_everything()).items():
        for d in drawings:
            assert d.summary.strip(), name


@pytest.mark.parametrize("lang", ["en", "es"])
def test_trend_sentences_say_one_or_many_never_parenthesised(monkeypatch, lang):
    from attachwork import content
    from attachwork.charts import review as rc
    from attachwork.domain.review import HomeworkRound

    monkeypatch.setenv("ATTACHWORK_LANG", lang)
    content.reload()
    one = [MonthTriggers("2026-02", 3, 6.0)]
    two = [*one, MonthTriggers("2026-03", 2, 4.5)]
    words = {"en": ("over 1 month.", "over 2 months."), "es": ("en 1 mes.", "en 2 meses.")}[lang]
    assert words[0] in rc.trigger_trend_summary(one)
    assert words[1] in rc.trigger_trend_summary(two)
    rounds = [HomeworkRound("2026-02-01", "01_pattern_awareness", 3, 2)]
    text = rc.homework_summary(rounds)
    assert text.startswith({"en": "1 session set homework", "es": "1 sesión con tarea"}[lang])
    for sentence in (rc.trigger_trend_summary(one), rc.trigger_trend_summary(two), text,
                     rc.experiment_trend_summary([MonthPair("2026-02", 7.0, 4.0, 1)])):
        assert "(s)" not in sentence and "(es)" not in sentence

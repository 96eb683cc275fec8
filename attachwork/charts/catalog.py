"""Every chart a page or a summary draws, by name.

The workbook registry (:mod:`attachwork.workbooks`) lists, per workbook, which of these
its page and its summary show; a page draws them as the client looks, and a summary draws
the same ones from the entries saved up to its date. Each builder takes the client's
entries and returns one or more :class:`Drawing`: a figure with the sentence that says the
same thing in words, or, when there is nothing to draw yet, no figure and a kind sentence.

plotly is imported by the builders, on first use, so naming a chart costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from attachwork.content import ContentPack
from attachwork.domain.instruments import Catalogue
from attachwork.domain.records import Entry


@dataclass(frozen=True)
class Drawing:
    """A figure (a plotly ``go.Figure``) and its sentence; ``figure`` is ``None`` when there
    is nothing to draw yet and ``summary`` then says so."""

    figure: Any
    summary: str

    @property
    def empty(self) -> bool:
        return self.figure is None


@dataclass(frozen=True)
class Sources:
    """What a builder reads: a client's entries (any kinds), the words, the instruments."""

    entries: list[Entry]
    content: ContentPack
    catalogue: Catalogue

    def of(self, kind: str) -> list[Entry]:
        return [e for e in self.entries if e.kind == kind]


Builder = Callable[[Sources], list[Drawing]]


def _plane(src: Sources, *, trajectory: bool) -> list[Drawing]:
    from attachwork.charts.plane import plane_figure, plane_points, plane_summary
    from attachwork.charts.review import trajectory_figure, trajectory_summary

    c = src.content
    nothing = [Drawing(None, c.text("review.trajectory.none"))]
    checkins = src.of("checkin")
    if not checkins:
        return nothing
    inst = src.catalogue.get(checkins[-1].payload.get("instrument_id", ""))
    if inst is None or inst.plane is None:
        return nothing
    points = plane_points(checkins, inst)
    if not points:
        return nothing
    if trajectory:
        return [Drawing(trajectory_figure(inst, points, c.text("review.trajectory.title"), c),
                        trajectory_summary(points, c, inst))]
    return [Drawing(plane_figure(inst, points, c), plane_summary(points, c, inst))]


def _triggers(which: str) -> Builder:
    def build(src: Sources) -> list[Drawing]:
        from attachwork.charts import triggers as t

        c = src.content
        points = t.trigger_points(src.of("trigger_log"))
        if not points:
            return [Drawing(None, c.text("pattern_awareness.charts.empty"))]
        if which == "by_kind":
            return [Drawing(t.by_kind_figure(points, c), t.by_kind_summary(points, c))]
        if which == "intensity":
            return [Drawing(t.intensity_figure(points, c), t.intensity_summary(points, c))]
        if not any(p.stress is not None for p in points):
            return [Drawing(None, t.stress_summary(points, c))]
        return [Drawing(t.stress_figure(points, c), t.stress_summary(points, c))]

    return build


def _suds_drop(last: int | None) -> Builder:
    def build(src: Sources) -> list[Drawing]:
        from attachwork.charts.regulation import practice_points, suds_drop_figure, suds_drop_summary

        points = practice_points(src.of("practice"))
        if last is not None:
            points = points[-last:]
        if not points:
            return [Drawing(None, src.content.text("regulation.charts.empty"))]
        return [Drawing(suds_drop_figure(points, src.content), suds_drop_summary(points, src.content))]

    return build


def _beliefs(src: Sources) -> list[Drawing]:
    from attachwork.charts.beliefs import belief_figure, belief_series, belief_summary

    c = src.content
    series = belief_series(src.of("belief_ratings"), c)
    if not series:
        return [Drawing(None, c.text("core_beliefs.charts.beliefs_empty"))]
    return [Drawing(belief_figure(series, c), belief_summary(series, c))]


def _emotions(src: Sources) -> list[Drawing]:
    from attachwork.charts.beliefs import emotion_figure, emotion_pairs, emotion_summary

    c = src.content
    pairs = emotion_pairs(src.of("thought_record"))
    if not pairs:
        return [Drawing(None, c.text("core_beliefs.charts.emotions_empty"))]
    return [Drawing(emotion_figure(pairs, c), emotion_summary(pairs, c))]


def _experiments(src: Sources) -> list[Drawing]:
    from attachwork.charts.experiments import (
        experiment_points,
        predicted_actual_figure,
        predicted_actual_summary,
    )

    c = src.content
    points = experiment_points(src.of("small_no"))
    if not points:
        return [Drawing(None, c.text("boundaries.charts.empty"))]
    return [Drawing(predicted_actual_figure(points, c), predicted_actual_summary(points, c))]


def _partners_side_by_side(src: Sources) -> list[Drawing]:
    from attachwork.charts.partners import radar_figure, radar_summary
    from attachwork.domain.partners import ratings_by_person

    c = src.content
    labels = {e.id: e.payload.get("label", "") for e in src.of("partner")}
    shapes = [(labels[pid], rs[-1].values)
              for pid, rs in ratings_by_person(src.entries).items() if pid in labels]
    if not shapes:
        return [Drawing(None, c.text("partner_choice.compare.none"))]
    title = c.text("partner_choice.compare.side_by_side_title")
    return [Drawing(radar_figure(shapes, title, c), radar_summary(shapes, c))]


def _review_trends(src: Sources) -> list[Drawing]:
    """The trend charts of session 6 that have data."""
    from attachwork.charts import review as rc
    from attachwork.charts.beliefs import belief_figure, belief_series, belief_summary
    from attachwork.domain.review import (
        by_kind,
        experiment_trend,
        homework_trend,
        suds_trend,
        trigger_trend,
    )

    c = src.content
    groups = by_kind(src.entries)
    out = []
    months = trigger_trend(groups.get("trigger_log", []))
    if months:
        out.append(Drawing(rc.trigger_trend_figure(months, c), rc.trigger_trend_summary(months, c)))
    series = belief_series(groups.get("belief_ratings", []), c)
    if series:
        out.append(Drawing(belief_figure(series, c), belief_summary(series, c)))
    experiments = experiment_trend(groups.get("small_no", []))
    if experiments:
        out.append(Drawing(rc.experiment_trend_figure(experiments, c),
                           rc.experiment_trend_summary(experiments, c)))
    suds = suds_trend(groups.get("practice", []))
    if suds:
        out.append(Drawing(rc.suds_trend_figure(suds, c), rc.suds_trend_summary(suds, c)))
    rounds = homework_trend(src.entries)
    if rounds:
        out.append(Drawing(rc.homework_figure(rounds, c), rc.homework_summary(rounds, c)))
    return out or [Drawing(None, c.text("review.trends.none"))]


CHARTS: dict[str, Builder] = {
    "plane": lambda src: _plane(src, trajectory=False),
    "trajectory": lambda src: _plane(src, trajectory=True),
    "triggers.by_kind": _triggers("by_kind"),
    "triggers.intensity": _triggers("intensity"),
    "triggers.stress": _triggers("stress"),
    "practice.suds_drop": _suds_drop(None),
    "practice.suds_drop_recent": _suds_drop(30),
    "beliefs": _beliefs,
    "emotions": _emotions,
    "experiments": _experiments,
    "partners.side_by_side": _partners_side_by_side,
    "review.trends": _review_trends,
}


def draw(name: str, sources: Sources) -> list[Drawing]:
    """The drawings of one named chart (``KeyError`` for a name no builder has)."""
    return CHARTS[name](sources)

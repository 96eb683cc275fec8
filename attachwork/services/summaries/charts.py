"""Which charts a workbook's summary carries, built from everything saved up to the
session date (so a summary made later still shows the picture as it was that day)."""

from __future__ import annotations

import datetime as dt

from attachwork.content import ContentPack
from attachwork.domain.instruments import Catalogue
from attachwork.domain.records import Entry
from attachwork.services.summaries import ChartSpec


def _plane(entries: list[Entry], c: ContentPack, catalogue: Catalogue, *,
           trajectory: bool) -> list[ChartSpec]:
    from attachwork.charts.plane import plane_figure, plane_points, plane_summary
    from attachwork.charts.review import trajectory_figure

    checkins = [e for e in entries if e.kind == "checkin"]
    if not checkins:
        return []
    inst = catalogue.get(checkins[-1].payload.get("instrument_id", ""))
    if inst is None or inst.plane is None:
        return []
    points = plane_points(checkins, inst)
    if not points:
        return []
    fig = (trajectory_figure(inst, points, c.text("review.trajectory.title"), c) if trajectory
           else plane_figure(inst, points, c))
    return [ChartSpec(fig, plane_summary(points, c))]


def charts_for(workbook: str, entries: list[Entry], date: dt.date, c: ContentPack,
               catalogue: Catalogue) -> list[ChartSpec]:
    upto = [e for e in entries if e.created_at.astimezone().date() <= date]
    if workbook == "00_intake":
        return _plane(upto, c, catalogue, trajectory=False)
    if workbook == "01_pattern_awareness":
        from attachwork.charts.triggers import (
            by_kind_figure,
            by_kind_summary,
            intensity_figure,
            intensity_summary,
            trigger_points,
        )

        points = trigger_points(upto)
        if not points:
            return []
        return [ChartSpec(by_kind_figure(points, c), by_kind_summary(points, c)),
                ChartSpec(intensity_figure(points, c), intensity_summary(points, c))]
    if workbook == "02_regulation":
        from attachwork.charts.regulation import practice_points, suds_drop_figure, suds_drop_summary

        points = practice_points(upto)[-30:]
        return [ChartSpec(suds_drop_figure(points, c), suds_drop_summary(points, c))] if points else []
    if workbook == "03_core_beliefs":
        from attachwork.charts.beliefs import belief_figure, belief_series, belief_summary

        series = belief_series(upto, c)
        return [ChartSpec(belief_figure(series, c), belief_summary(series, c))] if series else []
    if workbook == "04_boundaries":
        from attachwork.charts.experiments import (
            experiment_points,
            predicted_actual_figure,
            predicted_actual_summary,
        )

        points = experiment_points(upto)
        if not points:
            return []
        return [ChartSpec(predicted_actual_figure(points, c), predicted_actual_summary(points, c))]
    if workbook == "05_partner_choice":
        from attachwork.charts.partners import radar_figure, radar_summary
        from attachwork.domain.partners import ratings_by_person

        labels = {e.id: e.payload.get("label", "") for e in upto if e.kind == "partner"}
        shapes = [(labels.get(pid, "?"), rs[-1].values)
                  for pid, rs in ratings_by_person(upto).items() if pid in labels]
        if not shapes:
            return []
        title = c.text("partner_choice.compare.side_by_side_title")
        return [ChartSpec(radar_figure(shapes, title, c), radar_summary(shapes, c))]
    if workbook == "06_review":
        return _plane(upto, c, catalogue, trajectory=True) + review_trends(upto, c)
    return []


def review_trends(entries: list[Entry], c: ContentPack) -> list[ChartSpec]:
    """The trend charts of session 6 that have data (shared with the workbook)."""
    from attachwork.charts import review as rc
    from attachwork.charts.beliefs import belief_figure, belief_series, belief_summary
    from attachwork.domain.review import (
        by_kind,
        experiment_trend,
        homework_trend,
        suds_trend,
        trigger_trend,
    )

    groups = by_kind(entries)
    out = []
    months = trigger_trend(groups.get("trigger_log", []))
    if months:
        out.append(ChartSpec(rc.trigger_trend_figure(months, c), rc.trigger_trend_summary(months, c)))
    series = belief_series(groups.get("belief_ratings", []), c)
    if series:
        out.append(ChartSpec(belief_figure(series, c), belief_summary(series, c)))
    experiments = experiment_trend(groups.get("small_no", []))
    if experiments:
        out.append(ChartSpec(rc.experiment_trend_figure(experiments, c),
                             rc.experiment_trend_summary(experiments, c)))
    suds = suds_trend(groups.get("practice", []))
    if suds:
        out.append(ChartSpec(rc.suds_trend_figure(suds, c), rc.suds_trend_summary(suds, c)))
    rounds = homework_trend(entries)
    if rounds:
        out.append(ChartSpec(rc.homework_figure(rounds, c), rc.homework_summary(rounds, c)))
    return out

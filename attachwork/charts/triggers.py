"""Trigger log charts: moments by kind, intensity over time, intensity against stress."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import plotly.graph_objects as go

from attachwork.charts.axes import BOTTOM, count_axis, date_axis, legend_below, scale_axis
from attachwork.charts.palette import FONT, KIND_COLOURS, KIND_SYMBOLS
from attachwork.content import ContentPack, pack
from attachwork.domain.records import TRIGGER_KINDS, Entry

HIGH_STRESS = 6


@dataclass(frozen=True)
class TriggerPoint:
    when: dt.datetime
    kind: str
    intensity: int
    stress: int | None


def trigger_points(entries: list[Entry]) -> list[TriggerPoint]:
    """Saved trigger logs as chart points, oldest first (removed entries left out)."""
    points = []
    for e in entries:
        if e.kind != "trigger_log" or e.deleted_at is not None:
            continue
        p = e.payload
        try:
            when = dt.datetime.fromisoformat(p["occurred"])
        except (KeyError, TypeError, ValueError):
            when = e.created_at.astimezone().replace(tzinfo=None)
        points.append(TriggerPoint(when, p.get("trigger_kind", "other"), int(p.get("intensity", 0)),
                                   p.get("baseline_stress")))
    return sorted(points, key=lambda pt: pt.when)


def _kind_label(content: ContentPack, kind: str) -> str:
    return content.text(f"pattern_awareness.trigger.kinds.{kind}")


def _layout(fig: go.Figure, title: str, x: str, y: str, **extra) -> go.Figure:
    fig.update_layout(
        title={"text": title, "font": {"size": 16}}, font={"family": FONT, "color": "#2b3640"},
        xaxis={"title": x, "gridcolor": "#eef1f4", **extra.pop("xaxis", {})},
        yaxis={"title": y, "gridcolor": "#eef1f4", **extra.pop("yaxis", {})},
        plot_bgcolor="white", paper_bgcolor="white", height=380,
        margin={"l": 60, "r": 20, "t": 60, "b": BOTTOM}, legend=legend_below(),
        **extra,
    )
    return fig


def _kind_markers(fig: go.Figure, points: list[TriggerPoint], content: ContentPack, x, *,
                  size: int, hovertemplate: str, opacity: float = 1.0) -> None:
    """One marker trace per trigger kind: its own colour and its own shape."""
    for kind in TRIGGER_KINDS:
        mine = [p for p in points if p.kind == kind]
        if mine:
            fig.add_trace(go.Scatter(
                x=[x(p) for p in mine], y=[p.intensity for p in mine], mode="markers",
                name=_kind_label(content, kind),
                marker={"size": size, "color": KIND_COLOURS[kind], "symbol": KIND_SYMBOLS[kind][0],
                        "opacity": opacity, "line": {"color": "white", "width": 1}},
                customdata=[p.when.strftime("%Y-%m-%d") for p in mine],
                hovertemplate=hovertemplate,
            ))


def by_kind_figure(points: list[TriggerPoint], content: ContentPack | None = None) -> go.Figure:
    content = content or pack()
    counts = {k: sum(1 for p in points if p.kind == k) for k in TRIGGER_KINDS}
    fig = go.Figure(go.Bar(
        x=[_kind_label(content, k) for k in TRIGGER_KINDS], y=list(counts.values()),
        marker={"color": [KIND_COLOURS[k] for k in TRIGGER_KINDS],
                "pattern": {"shape": [KIND_SYMBOLS[k][1] for k in TRIGGER_KINDS]}},
        text=list(counts.values()), textposition="outside", hoverinfo="x+y",
    ))
    c = "pattern_awareness.charts"
    return _layout(fig, content.text(f"{c}.by_kind_title"), "", content.text(f"{c}.count_axis"),
                   yaxis=count_axis(counts.values()), showlegend=False)


def by_kind_summary(points: list[TriggerPoint], content: ContentPack | None = None) -> str:
    content = content or pack()
    parts = [f"{_kind_label(content, k)}: {n}"
             for k in TRIGGER_KINDS if (n := sum(1 for p in points if p.kind == k))]
    return content.text("pattern_awareness.charts.by_kind_summary", count=len(points),
                        parts="; ".join(parts))


def intensity_figure(points: list[TriggerPoint], content: ContentPack | None = None) -> go.Figure:
    content = content or pack()
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=[p.when for p in points], y=[p.intensity for p in points], mode="lines",
        line={"color": "#b8c2ca", "width": 1.5}, hoverinfo="skip", showlegend=False,
    ))
    _kind_markers(fig, points, content, lambda p: p.when, size=11,
                  hovertemplate="%{x|%Y-%m-%d %H:%M}<br>%{y}/10<extra></extra>")
    c = "pattern_awareness.charts"
    return _layout(fig, content.text(f"{c}.intensity_title"), content.text(f"{c}.date_axis"),
                   content.text(f"{c}.intensity_axis"),
                   xaxis=date_axis(p.when for p in points), yaxis=scale_axis(0, 10, 2))


def _mean(values: list[int]) -> float:
    return sum(values) / len(values)


def intensity_summary(points: list[TriggerPoint], content: ContentPack | None = None) -> str:
    content = content or pack()
    values = [p.intensity for p in points]
    c = "pattern_awareness.charts"
    if len(values) < 4:
        return content.text(f"{c}.intensity_summary_few", count=len(values),
                            low=min(values), high=max(values))
    half = len(values) // 2
    return content.text(f"{c}.intensity_summary", count=len(values), low=min(values),
                        high=max(values), first=f"{_mean(values[:half]):.1f}",
                        last=f"{_mean(values[half:]):.1f}")


def stress_figure(points: list[TriggerPoint], content: ContentPack | None = None) -> go.Figure:
    content = content or pack()
    rated = [p for p in points if p.stress is not None]
    fig = go.Figure()
    _kind_markers(fig, rated, content, lambda p: p.stress, size=12, opacity=0.85,
                  hovertemplate="%{customdata}<br>%{x} / %{y}<extra></extra>")
    c = "pattern_awareness.charts"
    return _layout(fig, content.text(f"{c}.stress_title"), content.text(f"{c}.stress_axis"),
                   content.text(f"{c}.intensity_axis"),
                   xaxis=scale_axis(0, 10, 1), yaxis=scale_axis(0, 10, 2))


def stress_summary(points: list[TriggerPoint], content: ContentPack | None = None) -> str:
    content = content or pack()
    c = "pattern_awareness.charts"
    rated = [p for p in points if p.stress is not None]
    if not rated:
        return content.text(f"{c}.stress_summary_none")
    high = [p.intensity for p in rated if (p.stress or 0) >= HIGH_STRESS]
    calm = [p.intensity for p in rated if (p.stress or 0) < HIGH_STRESS]
    if not high or not calm:
        return content.text(f"{c}.stress_summary_one_side", count=len(rated),
                            mean=f"{_mean([p.intensity for p in rated]):.1f}")
    return content.text(f"{c}.stress_summary", cut=HIGH_STRESS, high=f"{_mean(high):.1f}",
                        n_high=len(high), calm=f"{_mean(calm):.1f}", n_calm=len(calm))

"""Small-no experiments: the distress predicted before against the distress felt after."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import plotly.graph_objects as go

from attachwork.charts.palette import FONT, OKABE_ITO
from attachwork.content import ContentPack, pack
from attachwork.domain.records import Entry


@dataclass(frozen=True)
class ExperimentPoint:
    when: dt.date
    predicted_distress: int
    actual_distress: int
    predicted_harm: int
    actual_harm: int | None


def experiment_points(entries: list[Entry]) -> list[ExperimentPoint]:
    """Completed experiments, oldest first (open ones and removed ones are left out)."""
    points = []
    for e in entries:
        p = e.payload
        if e.kind != "small_no" or e.deleted_at or not p.get("completed"):
            continue
        points.append(ExperimentPoint(e.created_at.astimezone().date(), p["predicted_distress"],
                                      p["actual_distress"], p["predicted_harm"], p.get("actual_harm")))
    return sorted(points, key=lambda pt: pt.when)


def predicted_actual_figure(points: list[ExperimentPoint],
                            content: ContentPack | None = None) -> go.Figure:
    """Each experiment as a point; below the diagonal it went better than feared."""
    content = content or pack()
    c = "boundaries.charts"
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=[0, 10], y=[0, 10], mode="lines", hoverinfo="skip",
                             line={"color": "#8a99a6", "dash": "dot", "width": 1.5},
                             name=content.text(f"{c}.as_predicted")))
    fig.add_trace(go.Scatter(
        x=[p.predicted_distress for p in points], y=[p.actual_distress for p in points],
        mode="markers+text", text=[p.when.strftime("%d %b") for p in points],
        textposition="top center", name=content.text(f"{c}.experiment"),
        marker={"size": 14, "color": OKABE_ITO["blue"], "symbol": "diamond",
                "line": {"color": "white", "width": 1}},
        hovertemplate="%{text}<br>%{x} → %{y}<extra></extra>",
    ))
    fig.update_layout(
        title={"text": content.text(f"{c}.title"), "font": {"size": 16}},
        font={"family": FONT, "color": "#2b3640"},
        xaxis={"title": content.text(f"{c}.x_axis"), "range": [-0.5, 10.5], "dtick": 1,
               "gridcolor": "#eef1f4"},
        yaxis={"title": content.text(f"{c}.y_axis"), "range": [-0.5, 10.5], "dtick": 2,
               "gridcolor": "#eef1f4", "scaleanchor": "x"},
        plot_bgcolor="white", paper_bgcolor="white", height=440,
        margin={"l": 60, "r": 20, "t": 60, "b": 60}, legend={"orientation": "h", "y": -0.2},
    )
    return fig


def predicted_actual_summary(points: list[ExperimentPoint],
                             content: ContentPack | None = None) -> str:
    content = content or pack()
    c = "boundaries.charts"
    n = len(points)
    lower = sum(1 for p in points if p.actual_distress < p.predicted_distress)
    text = content.text(
        f"{c}.summary", count=n, lower=lower,
        predicted=f"{sum(p.predicted_distress for p in points) / n:.1f}",
        actual=f"{sum(p.actual_distress for p in points) / n:.1f}")
    harms = [p for p in points if p.actual_harm is not None]
    if harms:
        text += " " + content.text(
            f"{c}.harm_summary", predicted=f"{sum(p.predicted_harm for p in harms) / len(harms):.0f}",
            actual=f"{sum(p.actual_harm or 0 for p in harms) / len(harms):.0f}")
    return text

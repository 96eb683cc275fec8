"""Small-no experiments: what was predicted before against what happened after, for the
distress felt and for the strain on the relationship."""

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


def _panel(fig: go.Figure, row: int, top: int, xs: list[int], ys: list[int], dates: list[str],
           words: tuple[str, str], unit: str, colour: str, symbol: str) -> None:
    """One panel: the line of "as predicted" and one point per experiment."""
    diagonal, experiment = words
    first = row == 1
    fig.add_trace(go.Scatter(x=[0, top], y=[0, top], mode="lines", hoverinfo="skip",
                             line={"color": "#8a99a6", "dash": "dot", "width": 1.5},
                             name=diagonal, legendgroup="diagonal", showlegend=first),
                  row=row, col=1)
    fig.add_trace(go.Scatter(
        x=xs, y=ys, mode="markers+text", text=dates, textposition="top center", name=experiment,
        marker={"size": 14, "color": colour, "symbol": symbol, "line": {"color": "white", "width": 1}},
        hovertemplate=f"%{{text}}<br>%{{x}}{unit} → %{{y}}{unit}<extra></extra>",
    ), row=row, col=1)


def predicted_actual_figure(points: list[ExperimentPoint],
                            content: ContentPack | None = None) -> go.Figure:
    """Each experiment as a point, twice: distress predicted against distress felt (0 to 10),
    and strain on the relationship predicted against the strain there was (0 to 100 %).
    Below the dotted line it went better than feared. The strain after is optional, so an
    experiment without it is left out of the second panel only; with none, the panel says so.
    Traces: distress line, distress points, strain line, strain points."""
    from plotly.subplots import make_subplots

    content = content or pack()
    c = "boundaries.charts"
    t = content.text
    strained = [p for p in points if p.actual_harm is not None]
    fig = make_subplots(rows=2, cols=1, vertical_spacing=0.16,
                        subplot_titles=(t(f"{c}.distress_title"), t(f"{c}.strain_title")))
    _panel(fig, 1, 10, [p.predicted_distress for p in points], [p.actual_distress for p in points],
           [p.when.strftime("%d %b") for p in points], (t(f"{c}.as_predicted"), t(f"{c}.experiment")),
           "", OKABE_ITO["blue"], "diamond")
    _panel(fig, 2, 100, [p.predicted_harm for p in strained], [p.actual_harm or 0 for p in strained],
           [p.when.strftime("%d %b") for p in strained],
           (t(f"{c}.as_predicted"), t(f"{c}.strain_experiment")), " %", OKABE_ITO["vermillion"], "circle")
    if not strained:
        fig.add_annotation(text=t(f"{c}.strain_none"), x=50, y=50, xref="x2", yref="y2",
                           showarrow=False, font={"size": 13, "color": "#4a5561"})
    axis = {"gridcolor": "#eef1f4", "zeroline": False}
    fig.update_xaxes(title=t(f"{c}.x_axis"), range=[-0.5, 10.5], dtick=1, row=1, col=1, **axis)
    fig.update_yaxes(title=t(f"{c}.y_axis"), range=[-0.5, 10.5], dtick=2, row=1, col=1, **axis)
    fig.update_xaxes(title=t(f"{c}.strain_x_axis"), range=[-5, 105], dtick=20, row=2, col=1, **axis)
    fig.update_yaxes(title=t(f"{c}.strain_y_axis"), range=[-5, 105], dtick=20, row=2, col=1, **axis)
    fig.update_layout(
        title={"text": t(f"{c}.title"), "font": {"size": 16}},
        font={"family": FONT, "color": "#2b3640"},
        plot_bgcolor="white", paper_bgcolor="white", height=820,
        margin={"l": 60, "r": 20, "t": 80, "b": 60}, legend={"orientation": "h", "y": -0.1},
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
            f"{c}.harm_summary", count=len(harms),
            lower=sum(1 for p in harms if (p.actual_harm or 0) < p.predicted_harm),
            predicted=f"{sum(p.predicted_harm for p in harms) / len(harms):.0f}",
            actual=f"{sum(p.actual_harm or 0 for p in harms) / len(harms):.0f}")
    else:
        text += " " + content.text(f"{c}.strain_none")
    return text

"""Core beliefs: how true each belief felt over time; emotions before and after a thought record."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go

from attachwork.charts.axes import BOTTOM, date_axis, legend_below, scale_axis
from attachwork.charts.palette import FONT, OKABE_ITO, plot_text
from attachwork.charts.regulation import before_after_figure
from attachwork.content import ContentPack, pack
from attachwork.domain.records import Entry

C = "core_beliefs.charts"
_COLOURS = list(OKABE_ITO.values())
_SYMBOLS = ["circle", "diamond", "square", "triangle-up", "x", "star", "cross", "pentagon"]


def belief_series(entries: list[Entry], content: ContentPack | None = None
                  ) -> dict[str, list[tuple[dt.date, int]]]:
    """Each belief's ratings, oldest first, keyed by the belief's words."""
    content = content or pack()
    names = content.get("core_beliefs.beliefs.items")
    series: dict[str, list[tuple[dt.date, int]]] = {}
    for e in sorted(entries, key=lambda x: x.created_at):
        if e.kind != "belief_ratings" or e.deleted_at:
            continue
        when = e.created_at.astimezone().date()
        for key, value in e.payload.get("ratings", {}).items():
            series.setdefault(names.get(key, key), []).append((when, value))
        for own in e.payload.get("own", []):
            series.setdefault(" ".join(own["text"].split()), []).append((when, own["rating"]))
    return series


def belief_figure(series: dict[str, list[tuple[dt.date, int]]],
                  content: ContentPack | None = None) -> go.Figure:
    content = content or pack()
    fig = go.Figure()
    for n, (belief, points) in enumerate(series.items()):
        fig.add_trace(go.Scatter(
            x=[d for d, _ in points], y=[v for _, v in points], mode="lines+markers",
            name=plot_text(belief if len(belief) <= 48 else belief[:47] + "…"),
            line={"color": _COLOURS[n % len(_COLOURS)], "width": 2},
            marker={"size": 9, "symbol": _SYMBOLS[n % len(_SYMBOLS)]},
            hovertemplate="%{x|%Y-%m-%d}: %{y}<extra></extra>",
        ))
    fig.update_layout(
        title={"text": content.text(f"{C}.beliefs_title"), "font": {"size": 16}},
        font={"family": FONT, "color": "#2b3640"},
        xaxis={"title": content.text(f"{C}.date_axis"), "gridcolor": "#eef1f4",
               **date_axis(d for points in series.values() for d, _ in points)},
        yaxis={"title": content.text(f"{C}.beliefs_y"), "gridcolor": "#eef1f4",
               **scale_axis(0, 100, 20)},
        plot_bgcolor="white", paper_bgcolor="white", height=440,
        margin={"l": 60, "r": 20, "t": 60, "b": BOTTOM}, legend=legend_below(),
    )
    return fig


def belief_summary(series: dict[str, list[tuple[dt.date, int]]],
                   content: ContentPack | None = None) -> str:
    content = content or pack()
    dates = sorted({d for points in series.values() for d, _ in points})
    changes = "; ".join(
        content.text(f"{C}.belief_change", belief=belief, before=points[0][1], after=points[-1][1])
        for belief, points in series.items())
    return content.text(f"{C}.beliefs_summary", count=len(dates), first=dates[0].isoformat(),
                        last=dates[-1].isoformat(), changes=changes)


def emotion_pairs(entries: list[Entry]) -> list[tuple[str, str, int, int]]:
    """(label, emotion, before, after) for every re-rated emotion, oldest record first."""
    pairs = []
    for e in sorted(entries, key=lambda x: x.created_at):
        if e.kind != "thought_record" or e.deleted_at:
            continue
        when = e.created_at.astimezone().strftime("%d %b")
        for emotion in e.payload.get("emotions", []):
            if emotion.get("after") is not None:
                pairs.append((f"{when} · {emotion['name']}", emotion["name"], emotion["before"],
                              emotion["after"]))
    return pairs


def emotion_figure(pairs: list[tuple[str, str, int, int]],
                   content: ContentPack | None = None) -> go.Figure:
    content = content or pack()
    return before_after_figure(
        [plot_text(p[0]) for p in pairs], [p[2] for p in pairs], [p[3] for p in pairs],
        title=content.text(f"{C}.emotions_title"), x_axis=content.text(f"{C}.emotions_x"),
        y_axis=content.text(f"{C}.emotions_y"),
        names=(content.text(f"{C}.before"), content.text(f"{C}.after")), top=100)


def emotion_summary(pairs: list[tuple[str, str, int, int]], content: ContentPack | None = None) -> str:
    content = content or pack()
    n = len(pairs)
    return content.text(f"{C}.emotions_summary", count=n,
                        before=f"{sum(p[2] for p in pairs) / n:.0f}",
                        after=f"{sum(p[3] for p in pairs) / n:.0f}")

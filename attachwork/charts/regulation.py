"""Regulation practice: distress before and after each practice, over time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import plotly.graph_objects as go

from attachwork.charts.axes import BOTTOM, legend_below, scale_axis
from attachwork.charts.palette import FONT, OKABE_ITO, plot_text
from attachwork.content import ContentPack, pack
from attachwork.domain.records import PRACTICE_TOOLS, Entry


@dataclass(frozen=True)
class PracticePoint:
    when: dt.datetime
    tool: str
    before: int
    after: int

    @property
    def drop(self) -> int:
        return self.before - self.after


def practice_points(entries: list[Entry]) -> list[PracticePoint]:
    points = [
        PracticePoint(e.created_at.astimezone().replace(tzinfo=None), e.payload["tool"],
                      int(e.payload["suds_before"]), int(e.payload["suds_after"]))
        for e in entries if e.kind == "practice" and e.deleted_at is None
    ]
    return sorted(points, key=lambda p: p.when)


def before_after_figure(labels: list[str], before: list[int], after: list[int], *, title: str,
                        x_axis: str, y_axis: str, names: tuple[str, str], top: int,
                        hover: list[str] | None = None) -> go.Figure:
    """One line per item from before (open circle) to after (filled diamond)."""
    xs: list = []
    ys: list = []
    for label, b, a in zip(labels, before, after, strict=True):
        xs += [label, label, None]
        ys += [b, a, None]
    hover = hover or labels
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": "#b8c2ca", "width": 3},
                             hoverinfo="skip", showlegend=False))
    fig.add_trace(go.Scatter(
        x=labels, y=before, mode="markers", name=names[0],
        marker={"size": 13, "symbol": "circle-open", "color": OKABE_ITO["vermillion"],
                "line": {"width": 3}},
        customdata=hover, hovertemplate="%{customdata}<br>%{y}<extra></extra>",
    ))
    fig.add_trace(go.Scatter(
        x=labels, y=after, mode="markers", name=names[1],
        marker={"size": 13, "symbol": "diamond", "color": OKABE_ITO["blue"]},
        customdata=hover, hovertemplate="%{customdata}<br>%{y}<extra></extra>",
    ))
    fig.update_layout(
        title={"text": title, "font": {"size": 16}}, font={"family": FONT, "color": "#2b3640"},
        xaxis={"title": x_axis, "type": "category", "gridcolor": "#eef1f4"},
        yaxis={"title": y_axis, "gridcolor": "#eef1f4", **scale_axis(0, top, top // 5)},
        plot_bgcolor="white", paper_bgcolor="white", height=380,
        margin={"l": 60, "r": 20, "t": 60, "b": BOTTOM}, legend=legend_below(),
    )
    return fig


def suds_drop_figure(points: list[PracticePoint], content: ContentPack | None = None) -> go.Figure:
    """One line per practice from distress before to after, each named by its practice and
    dated under the name."""
    content = content or pack()
    c = "regulation.charts"
    return before_after_figure(
        [f"{plot_text(content.text(f'regulation.tools.{p.tool}'))}<br>{p.when:%d %b %H:%M}"
         for p in points], [p.before for p in points],
        [p.after for p in points], title=content.text(f"{c}.title"),
        x_axis=content.text(f"{c}.x_axis"), y_axis=content.text(f"{c}.y_axis"),
        names=(content.text(f"{c}.before"), content.text(f"{c}.after")), top=10,
        hover=[content.text(f"regulation.tools.{p.tool}") for p in points])


def suds_drop_summary(points: list[PracticePoint], content: ContentPack | None = None) -> str:
    content = content or pack()
    c = "regulation.charts"
    n = len(points)
    before = sum(p.before for p in points) / n
    after = sum(p.after for p in points) / n
    per_tool = []
    for tool in PRACTICE_TOOLS:
        mine = [p.drop for p in points if p.tool == tool]
        if mine:
            per_tool.append(content.text(f"{c}.per_tool", tool=content.text(f"regulation.tools.{tool}"),
                                         drop=f"{sum(mine) / len(mine):.1f}", count=len(mine)))
    return content.text(f"{c}.summary", count=n, drop=f"{before - after:.1f}",
                        before=f"{before:.1f}", after=f"{after:.1f}", tools="; ".join(per_tool))

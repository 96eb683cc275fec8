"""The anxiety x avoidance plane: four labelled regions and the client's check-ins."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import plotly.graph_objects as go

from attachwork.charts.axes import BOTTOM, legend_below, scale_axis
from attachwork.charts.palette import FONT, OKABE_ITO, REGION_FILLS
from attachwork.content import ContentPack, pack
from attachwork.domain import when as when_fmt
from attachwork.domain.instruments import Instrument


@dataclass(frozen=True)
class PlanePoint:
    when: dt.date
    avoidance: float
    anxiety: float
    region: str


def plane_points(entries: list, instrument: Instrument, *, kind: str = "checkin"
                 ) -> list[PlanePoint]:
    """Complete check-ins of ``instrument`` (the client's, or ``kind="partner_checkin"``) as
    points on the plane, oldest first (scored afresh from the answers)."""
    from attachwork.domain.review import checkin_points

    plane = instrument.plane
    if plane is None:
        return []
    return [PlanePoint(p.when, p.means[plane.avoidance], p.means[plane.anxiety], p.region)
            for p in checkin_points(entries, instrument, kind=kind)
            if p.region and plane.avoidance in p.means and plane.anxiety in p.means]


def _fmt(value: float) -> str:
    return when_fmt.number(value, 1)


def plane_figure(
    instrument: Instrument, points: list[PlanePoint], content: ContentPack | None = None
) -> go.Figure:
    """Regions cut at the instrument's cut points; points oldest to newest."""
    content = content or pack()
    lo, hi = instrument.scale.min, instrument.scale.max
    assert instrument.plane is not None, "this instrument has no plane"
    cx = instrument.cut(instrument.plane.avoidance)
    cy = instrument.cut(instrument.plane.anxiety)
    fig = go.Figure()
    boxes = {
        "secure": (lo, cx, lo, cy),
        "preoccupied": (lo, cx, cy, hi),
        "dismissive": (cx, hi, lo, cy),
        "fearful": (cx, hi, cy, hi),
    }
    corners = {  # label each region in its outer corner, clear of the cut lines
        "secure": (lo, lo, "left", "bottom"),
        "preoccupied": (lo, hi, "left", "top"),
        "dismissive": (hi, lo, "right", "bottom"),
        "fearful": (hi, hi, "right", "top"),
    }
    for region, (x0, x1, y0, y1) in boxes.items():
        fig.add_shape(type="rect", x0=x0, x1=x1, y0=y0, y1=y1, line_width=0,
                      fillcolor=REGION_FILLS[region], layer="below")
        x, y, xanchor, yanchor = corners[region]
        fig.add_annotation(
            x=x, y=y, xanchor=xanchor, yanchor=yanchor, showarrow=False,
            text=content.text(f"common.regions.{region}.name"),
            font={"size": 12, "color": "#33414d"}, bgcolor="rgba(255,255,255,0.7)",
        )
    fig.add_shape(type="line", x0=cx, x1=cx, y0=lo, y1=hi,
                  line={"color": "#8a99a6", "width": 1, "dash": "dot"})
    fig.add_shape(type="line", x0=lo, x1=hi, y0=cy, y1=cy,
                  line={"color": "#8a99a6", "width": 1, "dash": "dot"})
    if points:
        labels = [when_fmt.day(p.when) for p in points]
        if len(points) > 1:
            fig.add_trace(go.Scatter(
                x=[p.avoidance for p in points[:-1]], y=[p.anxiety for p in points[:-1]],
                mode="lines+markers+text", textposition="bottom center",
                text=[labels[0]] + [""] * (len(points) - 2), customdata=labels[:-1],
                name=content.text("common.plane.trajectory"),
                line={"color": OKABE_ITO["sky"], "width": 2},
                marker={"size": 9, "color": OKABE_ITO["sky"], "symbol": "circle"},
                hovertemplate="%{customdata}<br>%{y:.1f} / %{x:.1f}<extra></extra>",
            ))
            last_two = points[-2:]
            fig.add_annotation(
                x=last_two[1].avoidance, y=last_two[1].anxiety,
                ax=last_two[0].avoidance, ay=last_two[0].anxiety,
                xref="x", yref="y", axref="x", ayref="y", showarrow=True,
                arrowhead=3, arrowsize=1.2, arrowcolor=OKABE_ITO["blue"], text="",
            )
        last = points[-1]
        fig.add_trace(go.Scatter(
            x=[last.avoidance], y=[last.anxiety], mode="markers+text",
            text=[labels[-1]], textposition="top center",
            name=content.text("common.plane.latest"),
            marker={"size": 16, "color": OKABE_ITO["vermillion"], "symbol": "diamond",
                    "line": {"color": "white", "width": 2}},
            hovertemplate="%{text}<br>%{y:.1f} / %{x:.1f}<extra></extra>",
        ))
    fig.update_layout(
        title={"text": content.text("common.plane.title"), "font": {"size": 16}},
        xaxis={"title": content.text("common.plane.x_axis"), "gridcolor": "#eef1f4",
               **scale_axis(lo, hi, 1, pad=0.25)},
        yaxis={"title": content.text("common.plane.y_axis"), "gridcolor": "#eef1f4",
               **scale_axis(lo, hi, 1, pad=0.25)},
        font={"family": FONT, "color": "#2b3640"},
        plot_bgcolor="white", paper_bgcolor="white", height=480,
        margin={"l": 60, "r": 20, "t": 60, "b": BOTTOM},
        legend=legend_below(),
        showlegend=bool(points),
    )
    return fig


def plane_summary(points: list[PlanePoint], content: ContentPack | None = None,
                  instrument: Instrument | None = None) -> str:
    """The same information in words, for a screen reader and for anyone who prefers text.
    With the ``instrument``, a latest point near the middle of either dimension says so, as
    the check-in's own scores do: the area is the nearest one for now, not an answer."""
    content = content or pack()
    if not points:
        return content.text("common.plane.summary_none")
    last = points[-1]
    region = content.text(f"common.regions.{last.region}.name").lower()
    if len(points) == 1:
        text = content.text(
            "common.plane.summary_one", date=when_fmt.day(last.when), anxiety=_fmt(last.anxiety),
            avoidance=_fmt(last.avoidance), region=region,
        )
    else:
        text = content.text(
            "common.plane.summary_many", count=len(points), first=when_fmt.day(points[0].when),
            last=when_fmt.day(last.when), anxiety=_fmt(last.anxiety), avoidance=_fmt(last.avoidance),
            region=region,
        )
    if instrument is not None and instrument.plane is not None:
        plane = instrument.plane
        if (instrument.near_middle_of(plane.anxiety, last.anxiety)
                or instrument.near_middle_of(plane.avoidance, last.avoidance)):
            text += " " + content.text("common.plane.near_middle")
    return text

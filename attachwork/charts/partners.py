"""Session 5 charts: a radar of the secure-partner signs, and two people on the plane.

The radar is drawn with ordinary x/y lines (a spoke per sign, one closed shape per
rating), so it works with the small plotly bundle the workbooks ship and prints the same
in an export.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go

from attachwork.charts.axes import legend_below
from attachwork.charts.palette import FONT, OKABE_ITO, plot_text
from attachwork.charts.plane import PlanePoint, plane_figure
from attachwork.content import ContentPack, pack
from attachwork.domain.instruments import Instrument
from attachwork.domain.records import SECURE_SIGNS

_COLOURS = [OKABE_ITO[k] for k in ("blue", "vermillion", "green", "orange", "purple", "sky")]
_DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
_SYMBOLS = ["circle", "diamond", "square", "triangle-up", "x", "star"]


def _xy(index: int, radius: float) -> tuple[float, float]:
    angle = math.pi / 2 - 2 * math.pi * index / len(SECURE_SIGNS)  # clockwise from the top
    return radius * math.cos(angle), radius * math.sin(angle)


def _rgba(colour: str, alpha: float) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha})"


def _wrap(text: str, width: int = 22) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join([*lines, line])


#: How far from the centre the signs' labels sit (the outer ring is 2).
LABEL_REACH = 2.35


def radar_figure(shapes: list[tuple[str, tuple[int, ...]]], title: str,
                 content: ContentPack | None = None) -> go.Figure:
    """``shapes``: (name, eight ratings 0-2 in ``SECURE_SIGNS`` order), one shape each."""
    c = content or pack()
    names = [c.text(f"partner_choice.signs.items.{s}") for s in SECURE_SIGNS]
    levels = [c.text(f"partner_choice.signs.ratings.{v}") for v in (0, 1, 2)]
    fig = go.Figure()
    for ring in (1, 2):  # the grid: rings for "mixed" and "clearly yes", and the spokes
        xs, ys = zip(*[_xy(i, ring) for i in range(len(SECURE_SIGNS) + 1)], strict=True)
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
                                 line={"color": "#d5dce2", "width": 1}))
    for i in range(len(SECURE_SIGNS)):
        x, y = _xy(i, 2)
        fig.add_trace(go.Scatter(x=[0, x], y=[0, y], mode="lines", hoverinfo="skip",
                                 showlegend=False, line={"color": "#d5dce2", "width": 1}))
        lx, ly = _xy(i, LABEL_REACH)
        fig.add_annotation(x=lx, y=ly, text=_wrap(names[i]), showarrow=False,
                           font={"size": 11, "color": "#33414d"},
                           xanchor="center" if abs(lx) < 0.3 else ("left" if lx > 0 else "right"))
    for n, (name, values) in enumerate(shapes):
        # "not seen yet" sits just off the centre so a shape never collapses to a dot
        pts = [_xy(i, max(v, 0.12)) for i, v in enumerate(values)]
        pts.append(pts[0])
        colour = _COLOURS[n % len(_COLOURS)]
        fig.add_trace(go.Scatter(
            x=[p[0] for p in pts], y=[p[1] for p in pts], mode="lines+markers",
            name=plot_text(name),
            fill="toself", fillcolor=_rgba(colour, 0.12),
            line={"color": colour, "width": 2.5, "dash": _DASHES[n % len(_DASHES)]},
            marker={"size": 8, "symbol": _SYMBOLS[n % len(_SYMBOLS)], "color": colour},
            customdata=[f"{names[i % len(names)]}: {levels[values[i % len(values)]]}"
                        for i in range(len(pts))],
            hovertemplate="%{customdata}<extra>" + plot_text(name) + "</extra>",
        ))
    fig.update_layout(
        title={"text": plot_text(title), "font": {"size": 16}},
        font={"family": FONT, "color": "#2b3640"}, xaxis={"visible": False, "range": [-3.6, 3.6]},
        yaxis={"visible": False, "range": [-2.9, 2.9], "scaleanchor": "x"},
        plot_bgcolor="white", paper_bgcolor="white", height=480,
        margin={"l": 20, "r": 20, "t": 60, "b": 40}, legend=legend_below(),
        showlegend=len(shapes) > 0,
        # for the page's chart widget: a radar, its labels at 2.35 (fitted on a phone)
        meta={"aw_radar": {"reach": LABEL_REACH}},
    )
    return fig


def radar_summary(shapes: list[tuple[str, tuple[int, ...]]],
                  content: ContentPack | None = None) -> str:
    """The same in words: which signs each person showed clearly, and which not yet."""
    c = content or pack()
    parts = []
    for name, values in shapes:
        clear = [c.text(f"partner_choice.signs.items.{s}")
                 for s, v in zip(SECURE_SIGNS, values, strict=True) if v == 2]
        unseen = [c.text(f"partner_choice.signs.items.{s}")
                  for s, v in zip(SECURE_SIGNS, values, strict=True) if v == 0]
        parts.append(c.text("partner_choice.charts.radar_line", name=name, points=sum(values),
                            clear="; ".join(clear) or c.text("partner_choice.charts.none"),
                            unseen="; ".join(unseen) or c.text("partner_choice.charts.none")))
    return " ".join(parts)


def pair_figure(instrument: Instrument, me: PlanePoint, them: PlanePoint, my_name: str,
                their_name: str, title: str, content: ContentPack | None = None) -> go.Figure:
    """The client and the other person as two labelled points on the plane."""
    c = content or pack()
    fig = plane_figure(instrument, [], c)
    for point, name, colour, symbol in ((me, my_name, OKABE_ITO["vermillion"], "diamond"),
                                        (them, their_name, OKABE_ITO["blue"], "circle")):
        fig.add_trace(go.Scatter(
            x=[point.avoidance], y=[point.anxiety], mode="markers+text", text=[plot_text(name)],
            textposition="top center", name=plot_text(name),
            marker={"size": 16, "color": colour, "symbol": symbol,
                    "line": {"color": "white", "width": 2}},
            hovertemplate="%{text}<br>%{y:.1f} / %{x:.1f}<extra></extra>",
        ))
    fig.update_layout(title={"text": title}, showlegend=True)
    return fig

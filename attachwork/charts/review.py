"""Session 6 charts: the check-in trajectory with an arrow between each pair of check-ins,
and the monthly trends of triggers, calming practice and homework.

Trends are drawn per month, so a year of daily entries is twelve points, not thousands.
"""

from __future__ import annotations

import plotly.graph_objects as go

from attachwork.charts.axes import BOTTOM, count_axis, legend_below, scale_axis
from attachwork.charts.palette import FONT, OKABE_ITO
from attachwork.charts.plane import PlanePoint, plane_figure
from attachwork.content import ContentPack, pack
from attachwork.domain import when as when_fmt
from attachwork.domain.instruments import Instrument
from attachwork.domain.review import HomeworkRound, MonthPair, MonthTriggers

R = "review.trends"


def _count(c: ContentPack, key: str, count: int) -> str:
    """"1 month" or "3 months" (``key_one`` for exactly one), never "1 month(s)"."""
    return c.text(f"{R}.{key}_one" if count == 1 else f"{R}.{key}", count=count)


def _layout(fig: go.Figure, title: str, x: str, y: str, **extra) -> go.Figure:
    fig.update_layout(
        title={"text": title, "font": {"size": 16}}, font={"family": FONT, "color": "#2b3640"},
        xaxis={"title": x, "gridcolor": "#eef1f4", "type": "category"},
        yaxis={"title": y, "gridcolor": "#eef1f4", **extra.pop("yaxis", {})},
        plot_bgcolor="white", paper_bgcolor="white", height=400,
        margin={"l": 60, "r": 60, "t": 60, "b": BOTTOM}, legend=legend_below(),
        **extra,
    )
    return fig


def trajectory_figure(instrument: Instrument, points: list[PlanePoint], title: str,
                      content: ContentPack | None = None) -> go.Figure:
    """The check-ins oldest to newest, with an arrow for each step between them."""
    c = content or pack()
    fig = plane_figure(instrument, points, c)
    for a, b in zip(points[:-2], points[1:-1], strict=True):  # the last step has its arrow
        fig.add_annotation(x=b.avoidance, y=b.anxiety, ax=a.avoidance, ay=a.anxiety,
                           xref="x", yref="y", axref="x", ayref="y", showarrow=True, text="",
                           arrowhead=3, arrowsize=1.1, arrowwidth=1.6,
                           arrowcolor=OKABE_ITO["blue"])
    # only the first and the latest are dated on the plane (dates side by side would pile on
    # each other); every date is in the hover and in trajectory_summary
    fig.update_layout(title={"text": title})
    return fig


def trajectory_summary(points: list[PlanePoint], content: ContentPack | None = None,
                       instrument: Instrument | None = None) -> str:
    """The plane's sentence and, with more than one check-in, each one in turn."""
    from attachwork.charts.plane import plane_summary

    c = content or pack()
    text = plane_summary(points, c, instrument)
    if len(points) > 1:
        each = "; ".join(c.text("common.plane.summary_point", date=when_fmt.day(p.when),
                                anxiety=when_fmt.number(p.anxiety, 1),
                                avoidance=when_fmt.number(p.avoidance, 1))
                         for p in points)
        text += " " + c.text("common.plane.summary_each", points=each)
    return text


def trigger_trend_figure(months: list[MonthTriggers], content: ContentPack | None = None
                         ) -> go.Figure:
    """Bars: moments per month; line (right axis): their mean intensity."""
    c = content or pack()
    labels = [m.month for m in months]
    fig = go.Figure()
    fig.add_trace(go.Bar(x=labels, y=[m.count for m in months], name=c.text(f"{R}.triggers_count"),
                         marker={"color": OKABE_ITO["sky"], "pattern": {"shape": "/"}},
                         hovertemplate="%{x}: %{y}<extra></extra>"))
    fig.add_trace(go.Scatter(
        x=labels, y=[round(m.mean_intensity, 1) for m in months], yaxis="y2", mode="lines+markers",
        name=c.text(f"{R}.triggers_intensity"), line={"color": OKABE_ITO["vermillion"], "width": 2},
        marker={"symbol": "diamond", "size": 9}, hovertemplate="%{x}: %{y}<extra></extra>"))
    return _layout(fig, c.text(f"{R}.triggers_title"), c.text(f"{R}.month"),
                   c.text(f"{R}.triggers_count"), yaxis=count_axis(m.count for m in months),
                   yaxis2={"title": c.text(f"{R}.triggers_intensity"), "overlaying": "y",
                           "side": "right", "showgrid": False, **scale_axis(0, 10, 2)})


def trigger_trend_summary(months: list[MonthTriggers], content: ContentPack | None = None) -> str:
    c = content or pack()
    return c.text(f"{R}.triggers_summary", moments=_count(c, "moments", sum(m.count for m in months)),
                  months=_count(c, "months", len(months)),
                  first=when_fmt.number(months[0].mean_intensity, 1), first_month=months[0].month,
                  last=when_fmt.number(months[-1].mean_intensity, 1), last_month=months[-1].month)


def pair_trend_figure(months: list[MonthPair], title: str, names: tuple[str, str],
                      y_axis: str, content: ContentPack | None = None) -> go.Figure:
    """Two monthly means as lines (open circles, dotted: the first; diamonds: the second)."""
    c = content or pack()
    labels = [m.month for m in months]
    fig = go.Figure()
    for name, values, colour, symbol, dash in (
            (names[0], [m.before for m in months], OKABE_ITO["vermillion"], "circle-open", "dot"),
            (names[1], [m.after for m in months], OKABE_ITO["blue"], "diamond", "solid")):
        fig.add_trace(go.Scatter(x=labels, y=[round(v, 1) for v in values], name=name,
                                 mode="lines+markers", line={"color": colour, "dash": dash},
                                 marker={"symbol": symbol, "size": 10, "line": {"width": 2}},
                                 hovertemplate="%{x}: %{y}<extra></extra>"))
    return _layout(fig, title, c.text(f"{R}.month"), y_axis, yaxis=scale_axis(0, 10, 2))


def suds_trend_figure(months: list[MonthPair], content: ContentPack | None = None) -> go.Figure:
    c = content or pack()
    return pair_trend_figure(months, c.text(f"{R}.suds_title"),
                             (c.text(f"{R}.suds_before"), c.text(f"{R}.suds_after")),
                             c.text("common.suds.label"), c)


def experiment_trend_figure(months: list[MonthPair], content: ContentPack | None = None
                            ) -> go.Figure:
    c = content or pack()
    return pair_trend_figure(months, c.text(f"{R}.experiments_title"),
                             (c.text(f"{R}.experiments_predicted"),
                              c.text(f"{R}.experiments_actual")),
                             c.text(f"{R}.experiments_y"), c)


def experiment_trend_summary(months: list[MonthPair], content: ContentPack | None = None) -> str:
    c = content or pack()
    n = sum(m.count for m in months)
    predicted = sum(m.before * m.count for m in months) / n
    actual = sum(m.after * m.count for m in months) / n
    lower = sum(1 for m in months if m.after < m.before)
    return c.text(f"{R}.experiments_summary", experiments=_count(c, "experiments", n),
                  predicted=when_fmt.number(predicted, 1), actual=when_fmt.number(actual, 1),
                  lower=lower, months=_count(c, "months", len(months)))


def suds_trend_summary(months: list[MonthPair], content: ContentPack | None = None) -> str:
    c = content or pack()
    n = sum(m.count for m in months)
    before = sum(m.before * m.count for m in months) / n
    after = sum(m.after * m.count for m in months) / n
    return c.text(f"{R}.suds_summary", count=n, drop=f"{before - after:.1f}",
                  before=f"{before:.1f}", after=f"{after:.1f}")


def homework_figure(rounds: list[HomeworkRound], content: ContentPack | None = None) -> go.Figure:
    c = content or pack()
    labels = [f"{r.date} · {c.get(f'common.workbooks.{r.workbook}', r.workbook)}" for r in rounds]
    fig = go.Figure()
    fig.add_trace(go.Bar(x=labels, y=[r.wanted for r in rounds], name=c.text(f"{R}.homework_set"),
                         marker={"color": "#c9d3db"}, hovertemplate="%{x}: %{y}<extra></extra>"))
    fig.add_trace(go.Bar(x=labels, y=[r.done for r in rounds], name=c.text(f"{R}.homework_done"),
                         marker={"color": OKABE_ITO["green"], "pattern": {"shape": "."}},
                         hovertemplate="%{x}: %{y}<extra></extra>"))
    return _layout(fig, c.text(f"{R}.homework_title"), "", "", barmode="group",
                   yaxis=count_axis([*(r.wanted for r in rounds), *(r.done for r in rounds)]))


def homework_summary(rounds: list[HomeworkRound], content: ContentPack | None = None) -> str:
    c = content or pack()
    return c.text(f"{R}.homework_summary", sessions=_count(c, "sessions", len(rounds)),
                  done=sum(r.done for r in rounds), wanted=sum(r.wanted for r in rounds))

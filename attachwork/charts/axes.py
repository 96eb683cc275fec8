"""Axes and legends that read well, shared by every figure builder.

* a rating axis runs over its scale and no further (0 to 10 is drawn from just below 0 to
  just above 10) with whole-number ticks, never 3.32 / 6.65 / 9.97;
* a count axis starts at 0 and ticks whole numbers only, a few of them;
* a date axis ticks days (or weeks, or months) as dates, so one day of data shows that
  date and not "23:59:59.999";
* the legend sits at the bottom of the whole figure, below the axis title and the tick
  labels (plotly grows the bottom margin to make room for it), so it never meets them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import Any

DAY_MS = 86_400_000
#: Pixels kept under the plot for the x-axis tick labels and title, above the legend.
BOTTOM = 100


def scale_axis(lo: float, hi: float, step: float, pad: float | None = None) -> dict[str, Any]:
    """A rating scale from ``lo`` to ``hi``: that range with a small margin (``pad``, or 5 %
    of the scale), ticks every ``step`` starting at ``lo``, shown as whole numbers."""
    pad = (hi - lo) * 0.05 if pad is None else pad
    return {"range": [lo - pad, hi + pad], "autorange": False, "tickmode": "linear",
            "tick0": lo, "dtick": step, "tickformat": "d", "zeroline": False}


def nice_step(top: float, ticks: int = 5) -> int:
    """A whole step of 1, 2 or 5 times a power of ten giving about ``ticks`` ticks to ``top``."""
    raw = max(top, 1) / ticks
    power = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    for m in (1, 2, 5, 10):
        if m * power >= raw:
            return int(max(1, m * power))
    return int(10 * power)  # pragma: no cover - the loop always returns


def count_axis(values: Iterable[float]) -> dict[str, Any]:
    """Counts from 0: whole-number ticks, room above the tallest bar for its label."""
    top = max([0, *values])
    step = nice_step(top)
    upper = max(step, math.ceil(top * 1.15 / step) * step if top else step)
    return {"range": [0, upper], "autorange": False, "tickmode": "linear", "tick0": 0,
            "dtick": step, "tickformat": "d"}


def _day(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def date_axis(values: Iterable[dt.date | dt.datetime]) -> dict[str, Any]:
    """Dates from the first day to the last, ticked by day, week or month depending on the
    span and labelled as dates (never as times of day). Dates sit on their tick with half a
    day of room each side; moments in time fill their day, with the day's tick at noon."""
    values = list(values)
    days = sorted({_day(v) for v in values})
    if not days:
        return {"type": "date"}
    first, last = days[0], days[-1]
    span = (last - first).days
    midnight = dt.datetime.combine(first, dt.time())
    if any(isinstance(v, dt.datetime) for v in values):
        start = midnight - dt.timedelta(hours=4)
        end = dt.datetime.combine(last, dt.time()) + dt.timedelta(hours=28)
        tick0 = midnight + dt.timedelta(hours=12)
    else:
        start = midnight - dt.timedelta(hours=12)
        end = dt.datetime.combine(last, dt.time()) + dt.timedelta(hours=12)
        tick0 = midnight
    axis: dict[str, Any] = {"type": "date", "autorange": False,
                            "range": [start.isoformat(), end.isoformat()],
                            "tickmode": "linear", "hoverformat": "%Y-%m-%d"}
    if span <= 10:
        axis.update(tick0=tick0.isoformat(), dtick=DAY_MS, tickformat="%d %b %Y")
    elif span <= 70:
        axis.update(tick0=tick0.isoformat(), dtick=7 * DAY_MS, tickformat="%d %b %Y")
    else:
        months = span // 30
        step = 1 if months <= 8 else 2 if months <= 16 else 3 if months <= 24 else 6
        axis.update(tick0=first.replace(day=1).isoformat(), dtick=f"M{step}",
                    tickformat="%b %Y")
    return axis


def legend_below() -> dict[str, Any]:
    """A horizontal legend at the bottom of the whole figure (not of the plot), so it sits
    below the tick labels and the axis title; plotly grows the bottom margin to fit it."""
    return {"orientation": "h", "xref": "container", "yref": "container",
            "x": 0.01, "xanchor": "left", "y": 0.005, "yanchor": "bottom"}

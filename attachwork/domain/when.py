"""Dates and times as people read them: local time, minutes, the date when it is not today.

Every page, summary and command prints times through here, so they read the same everywhere.
"""

from __future__ import annotations

import datetime as dt


def local_date(when: dt.datetime) -> str:
    """``2026-11-30`` in the machine's time zone."""
    return when.astimezone().strftime("%Y-%m-%d")


def local_time(when: dt.datetime) -> str:
    """``2026-11-30 20:10`` in the machine's time zone."""
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


def clock(when: dt.datetime | None = None) -> str:
    """``20:10`` today, or ``2026-11-30 20:10`` on another day."""
    local = (when or dt.datetime.now(dt.UTC)).astimezone()
    if local.date() == dt.date.today():
        return local.strftime("%H:%M")
    return local.strftime("%Y-%m-%d %H:%M")


def hour_minute(when: dt.datetime) -> str:
    """``20:10`` in the machine's time zone."""
    return when.astimezone().strftime("%H:%M")

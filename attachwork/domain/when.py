"""Dates, times and numbers as people read them: local time, minutes, the date when it is not
today, in the way the page's language writes them.

Every page, summary and command prints times through here, so they read the same everywhere.
They follow the language the page speaks (:func:`attachwork.content.current_language`); a
language without its own line here writes dates the ISO way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from attachwork.content import current_language


@dataclass(frozen=True)
class Formats:
    """How one language writes a date, a time of day and a number."""

    date: str
    time: str
    decimal: str
    thousands: str

    @property
    def date_time(self) -> str:
        return f"{self.date} {self.time}"


#: English keeps the ISO date (read the same way in every English-speaking country); Spanish
#: writes day/month/year and a decimal comma, as Spain and Latin America both do.
FORMATS: dict[str, Formats] = {
    "en": Formats(date="%Y-%m-%d", time="%H:%M", decimal=".", thousands=","),
    "es": Formats(date="%d/%m/%Y", time="%H:%M", decimal=",", thousands="."),
}


def formats(lang: str | None = None) -> Formats:
    """How ``lang`` (by default the language the page speaks) writes dates and numbers."""
    return FORMATS.get(lang or current_language(), FORMATS["en"])


def local_date(when: dt.datetime, lang: str | None = None) -> str:
    """``2026-11-30`` (``30/11/2026`` in Spanish) in the machine's time zone."""
    return when.astimezone().strftime(formats(lang).date)


def day(date: dt.date, lang: str | None = None) -> str:
    """A calendar date: ``2026-11-30``, ``30/11/2026``."""
    return date.strftime(formats(lang).date)


def local_time(when: dt.datetime, lang: str | None = None) -> str:
    """``2026-11-30 20:10`` (``30/11/2026 20:10``) in the machine's time zone."""
    return when.astimezone().strftime(formats(lang).date_time)


def clock(when: dt.datetime | None = None, lang: str | None = None) -> str:
    """``20:10`` today, or ``2026-11-30 20:10`` on another day."""
    local = (when or dt.datetime.now(dt.UTC)).astimezone()
    if local.date() == dt.date.today():
        return local.strftime(formats(lang).time)
    return local.strftime(formats(lang).date_time)


def hour_minute(when: dt.datetime, lang: str | None = None) -> str:
    """``20:10`` in the machine's time zone."""
    return when.astimezone().strftime(formats(lang).time)


def number(value: float, places: int = 0, lang: str | None = None) -> str:
    """``1,234.50`` in English, ``1.234,50`` in Spanish."""
    f = formats(lang)
    text = f"{value:,.{places}f}"
    table: dict[str, str | int | None] = {",": f.thousands, ".": f.decimal}
    return text.translate(str.maketrans(table))

"""Which charts a workbook's summary carries, built from everything saved up to the
session date (so a summary made later still shows the picture as it was that day).

The registry names them (``summary_charts``); the builders are the page's own
(:mod:`attachwork.charts.catalog`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from attachwork.charts.catalog import Sources, draw
from attachwork.content import ContentPack
from attachwork.domain.instruments import Catalogue
from attachwork.domain.records import Entry
from attachwork.workbooks import WorkbookSpec


@dataclass
class ChartSpec:
    figure: Any
    summary: str
    svg: str | None = None


def charts_for(spec: WorkbookSpec, entries: list[Entry], date: dt.date, c: ContentPack,
               catalogue: Catalogue) -> list[ChartSpec]:
    upto = [e for e in entries if e.created_at.astimezone().date() <= date]
    sources = Sources(upto, c, catalogue)
    return [ChartSpec(d.figure, d.summary) for name in spec.summary_charts
            for d in draw(name, sources) if not d.empty]

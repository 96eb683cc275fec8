"""Workbook 06: review and relapse prevention.

The check-in trajectory from baseline to now with a reliable-change judgement, the
trends of sessions 1-4 drawn per month, the plan for wobbly days, and where to go from
here (the kinds of therapy that work with attachment, and further reading). All of a client's
entries are read in one query and grouped once, so a year of daily entries opens about
as fast as a month of them.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
from markupsafe import Markup

from attachwork import workbooks
from attachwork.content import pack
from attachwork.store import Store
from attachwork.ui import html
from attachwork.ui.forms import TextFieldsForm
from attachwork.ui.widgets import Field, heading, paragraph
from attachwork.ui.workbook_page import WorkbookPage, open_workbook
from attachwork.ui.workspace import Workspace

SPEC = workbooks.REVIEW
K = SPEC.key
PLAN_FIELDS = ("warning_signs", "what_helps", "people", "first_steps", "progress_noticed")


class PlanForm(TextFieldsForm):
    kind = "relapse_plan"
    keep_after_save = True
    resume_latest = True

    def __init__(self, ws: Workspace):
        c = pack()
        b = f"{K}.plan"
        super().__init__(ws, b, {
            name: Field.text(name, c.text(f"{b}.{name}"), c.get(f"{b}.{name}_help", ""),
                             multiline=True, rows=3)
            for name in PLAN_FIELDS})


def onward_html() -> Markup:
    """The kinds of therapy that work with attachment and books for further reading, as the
    content pack lists them: information for the client, never advice to change or stop
    the therapy they are in."""
    c = pack()
    b = f"{K}.onward"

    def card(title: Any, text: str) -> Markup:
        return html.tag("section", [html.heading(title, 4), html.para(" ".join(text.split()))],
                        cls="aw-concept")

    therapies = [card(t["name"], t["text"]) for t in c.get(f"{b}.therapies")]
    books = [card(html.join(html.tag("cite", r["title"]), f", {r['by']}"), r["text"])
             for r in c.get(f"{b}.reading")]
    return html.join(
        html.heading(c.text(f"{b}.heading")), html.para(c.text(f"{b}.intro")),
        html.heading(c.text(f"{b}.therapies_heading"), 3), *therapies,
        html.heading(c.text(f"{b}.reading_heading"), 3), html.para(c.text(f"{b}.reading_intro")),
        *books, html.para(c.text(f"{b}.coming_back")))


def change_table_html(changes: list[Any], first: str, latest: str) -> Markup:
    """First against latest check-in per dimension, with the reliable-change judgement."""
    c = pack()
    b = f"{K}.trajectory"
    rows = []
    for ch in changes:
        verdict: list[Any] = [c.text(f"{b}.{ch.verdict}")]
        if ch.rci is not None:
            verdict += [" ", html.tag("span", f'({c.text(f"{b}.rci_note", rci=f"{ch.rci:+.2f}")})',
                                      cls="aw-help")]
        rows.append([ch.label, f"{ch.first:.2f}", f"{ch.latest:.2f}", f"{ch.difference:+.2f}",
                     html.join(verdict)])
    note = None
    if any(not ch.judged for ch in changes):
        note = html.notice("info", c.text(f"{b}.cannot_judge_note"), live=False)
    table = html.table([c.text(f"{b}.table_{h}") for h in ("dimension", "first", "latest", "change",
                                                            "judgement")], rows, row_headers=True)
    return html.tag("section", [html.heading(c.text(f"{b}.change_heading"), 3),
                                html.help_text(c.text(f"{b}.change_intro")),
                                html.para(c.text(f"{b}.since", first=first, latest=latest)), table, note],
                    cls="aw-change")


class ReviewWorkbook(WorkbookPage):
    SPEC = SPEC

    def build(self) -> list[widgets.Widget]:
        c = pack()
        self.trajectory, self.trend_box = self.chart_panels()
        self.change = widgets.HTML()
        self.plan = PlanForm(self.ws)
        self.forms.append(self.plan)
        self.onward = widgets.HTML(onward_html())
        self._drawn: set[str] = set()
        b = f"{K}.trajectory"
        t = f"{K}.trends"
        return [
            widgets.VBox([heading(c.text(f"{b}.heading")), paragraph(c.text(f"{b}.intro")),
                          self.trajectory, self.change]),
            widgets.VBox([heading(c.text(f"{t}.heading")), paragraph(c.text(f"{t}.intro")),
                          self.trend_box]),
            self.plan,
            self.onward,
        ]

    def chart_panels(self) -> list[widgets.Widget]:
        """The trajectory is one panel; the trends, one panel per trend that has data."""
        from attachwork.ui.chart_panel import ChartPanel  # plotly and anywidget: only once needed

        trajectory, trends = self.SPEC.page_charts
        self.charts = {trajectory: ChartPanel(), trends: widgets.VBox()}
        return list(self.charts.values())

    def loaded(self) -> None:
        self._drawn = set()

    def entries_changed(self, kind: str) -> None:
        self._drawn = set()

    def on_step(self, name: str) -> None:
        if name in self._drawn:
            return
        if name == "trajectory":
            self.draw_trajectory()
        elif name == "trends":
            self.draw_trends()
        self._drawn.add(name)

    def _sources(self):  # noqa: ANN202 - charts.catalog.Sources, imported on first use
        from attachwork.charts.catalog import Sources
        from attachwork.content import instrument_folders
        from attachwork.domain.instruments import load_catalogue

        assert self.client is not None
        return Sources(self.store.entries(self.client.id), pack(), load_catalogue(instrument_folders()))

    def draw_trajectory(self) -> None:
        from attachwork.charts.catalog import draw
        from attachwork.charts.plane import plane_points
        from attachwork.domain.review import checkin_points, reliable_change

        c = pack()
        b = f"{K}.trajectory"
        sources = self._sources()
        [drawing] = draw("trajectory", sources)
        self.trajectory.show_drawing(drawing)
        self.change.value = ""
        checkins = sources.of("checkin")
        inst = sources.catalogue.get(checkins[-1].payload.get("instrument_id", "")) if checkins else None
        if drawing.empty or inst is None:
            return
        points = plane_points(checkins, inst)
        if len(points) < 2:
            self.change.value = html.notice("info", c.text(f"{b}.one"), live=False)
            return
        changes = reliable_change(inst, checkin_points(checkins, inst))
        self.change.value = change_table_html(changes, points[0].when.isoformat(),
                                              points[-1].when.isoformat())

    def draw_trends(self) -> None:
        from attachwork.charts.catalog import draw
        from attachwork.ui.chart_panel import ChartPanel

        drawings = draw("review.trends", self._sources())
        panels = [p for p in self.trend_box.children if isinstance(p, ChartPanel)]
        while len(panels) < len(drawings):
            panels.append(ChartPanel())
        for panel, drawing in zip(panels, drawings, strict=False):
            panel.show_drawing(drawing)
        self.trend_box.children = panels[: len(drawings)]


def workbook(store: Store | None = None) -> widgets.Widget:
    """Build workbook 06. Returns the widget to display (the notebook's last line)."""
    return open_workbook(ReviewWorkbook, store)

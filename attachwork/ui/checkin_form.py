"""A check-in form for any instrument definition, with scores and the plane."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import ipywidgets as widgets
from markupsafe import Markup

from attachwork.charts.plane import PlanePoint, plane_figure, plane_summary
from attachwork.content import pack
from attachwork.domain import when
from attachwork.domain.instruments import Catalogue, Instrument, Scores
from attachwork.ui import html
from attachwork.ui.chart_panel import ChartPanel
from attachwork.ui.client_view import scores as mark_scores
from attachwork.ui.widgets import heading, live_area


def _fmt(value: float) -> str:
    return when.number(value, 2).rstrip("0").rstrip(".,")


def skip_message(inst: Instrument) -> str:
    """How many statements each part may leave blank, from the instrument's own rule (the
    same ``allowed_missing`` that scoring uses, so the words cannot drift from it)."""
    c = pack()
    allowed = {sub.id: inst.allowed_missing(sub.id) for sub in inst.subscales}
    counts = set(allowed.values())
    if len(counts) > 1:
        parts = "; ".join(f"{sub.label}: {allowed[sub.id]}" for sub in inst.subscales)
        return c.text("intake.checkin.unanswered_parts", parts=parts)
    [n] = counts
    if n == 0:
        return c.text("intake.checkin.unanswered_none")
    if n == 1:
        return c.text("intake.checkin.unanswered_one")
    return c.text("intake.checkin.unanswered_many", allowed=n)


def near_middle_message(scores: Scores) -> str | None:
    """Words for a point within the file's near-the-middle band on either dimension."""
    middle = scores.near_middle()
    if not middle:
        return None
    c = pack()
    if len(middle) > 1:
        return c.text("intake.checkin.near_middle_both")
    return c.text("intake.checkin.near_middle_one",
                  dimension=scores.instrument.subscale(middle[0]).label)


class ItemQuestion(widgets.VBox):
    def __init__(self, number: int, item_id: str, text: str, instrument: Instrument):
        scale = instrument.scale
        self.item_id = item_id
        self.buttons = widgets.ToggleButtons(
            options=[(str(v), v) for v in scale.values()], value=None,
            tooltips=[scale.labels.get(v, str(v)) for v in scale.values()],
            style={"button_width": "3.1em"},
        )
        self.buttons.add_class("aw-scale")
        self.buttons.add_class(f"aw-item-{item_id}")
        low = scale.labels.get(scale.min, str(scale.min))
        high = scale.labels.get(scale.max, str(scale.max))
        text_html = widgets.HTML(html.para([html.tag("strong", f"{number}."), " ", text],
                                           "aw-rating-label"))
        ends = widgets.HTML(html.tag("div", [html.tag("span", f"{scale.min} = {low}"),
                                             html.tag("span", f"{scale.max} = {high}")],
                                     cls="aw-scale-ends", aria_hidden="true"))
        super().__init__([text_html, self.buttons, ends])
        self.add_class("aw-item")
        self.add_class("aw-rating")  # the radio group is named by the statement


class CheckInForm(widgets.VBox):
    def __init__(self, catalogue: Catalogue):
        c = pack()
        self.catalogue = catalogue
        self._listeners: list[Callable[[], None]] = []
        self._quiet = False
        self.instrument = catalogue.default()
        self.chooser = widgets.Dropdown(
            options=[(i.title, i.id) for i in catalogue.instruments.values()],
            value=self.instrument.id, description=c.text("intake.checkin.choose"),
            style={"description_width": "initial"},
        )
        self.chooser.add_class("aw-field")
        self.chooser.layout.display = "flex" if len(catalogue.instruments) > 1 else "none"
        self.chooser.observe(self._instrument_changed, names="value")
        self.intro = widgets.HTML()
        self.items_box = widgets.VBox()
        self.progress = live_area()
        self.results = widgets.HTML(html.help_text(c.text("intake.checkin.nothing_yet")))
        self.results.add_class("aw-scores")
        self.chart = mark_scores(ChartPanel())
        self.history: list[PlanePoint] = []
        self.questions: list[ItemQuestion] = []
        super().__init__([heading(c.text("intake.checkin.heading")), self.chooser, self.intro,
                          self.items_box, self.progress])
        self._build()

    # -- building -------------------------------------------------------------
    def _build(self) -> None:
        inst = self.instrument
        self.intro.value = html.join(html.notice("info", inst.notice, live=False),
                                     html.para(inst.instructions),
                                     html.help_text(skip_message(inst)))
        self.questions = [ItemQuestion(n, item.id, item.text, inst)
                          for n, item in enumerate(inst.items, start=1)]
        for q in self.questions:
            q.buttons.observe(self._answered, names="value")
        self.items_box.children = self.questions
        self._update_progress()

    def _instrument_changed(self, change: dict) -> None:
        inst = self.catalogue.get(change["new"])
        if inst is not None and inst is not self.instrument:
            self.instrument = inst
            self._build()
            self._notify()

    def _answered(self, _change: dict) -> None:
        self._update_progress()
        self._notify()

    def _update_progress(self) -> None:
        answered = sum(1 for q in self.questions if q.buttons.value is not None)
        text = pack().text("intake.checkin.progress", answered=answered, total=len(self.questions))
        self.progress.value = html.para(text, "aw-help")

    def on_change(self, fn: Callable[[], None]) -> None:
        self._listeners.append(fn)

    def _notify(self) -> None:
        if not self._quiet:
            for fn in self._listeners:
                fn()

    # -- values ---------------------------------------------------------------
    def responses(self) -> dict[str, int]:
        return {q.item_id: q.buttons.value for q in self.questions if q.buttons.value is not None}

    def set_state(self, instrument_id: str | None, responses: dict[str, int]) -> None:
        """Fill the form without firing change listeners (used when loading)."""
        self._quiet = True
        try:
            if instrument_id and instrument_id in self.catalogue.instruments:
                self.chooser.value = instrument_id
                if self.instrument.id != instrument_id:
                    self.instrument = self.catalogue.instruments[instrument_id]
                    self._build()
            allowed = set(self.instrument.scale.values())
            for q in self.questions:
                value = responses.get(q.item_id)
                q.buttons.value = value if value in allowed else None
            self._update_progress()
        finally:
            self._quiet = False

    def score(self) -> Scores:
        return self.instrument.score(self.responses())

    # -- results --------------------------------------------------------------
    def show_results(self, history: list[PlanePoint] | None = None, *,
                     unsaved: bool = True) -> Scores:
        """Scores in words and on the plane; ``unsaved`` adds today's answers as a point."""
        c = pack()
        inst = self.instrument
        scores = self.score()
        rows = []
        for sub in inst.subscales:
            s = scores.subscales[sub.id]
            if s.complete and s.mean is not None:
                key = "score_line_middle" if inst.near_middle_of(sub.id, s.mean) else "score_line"
                line = c.text(f"intake.checkin.{key}", label=sub.label, value=_fmt(s.mean),
                              min=inst.scale.min, max=inst.scale.max)
            else:
                line = c.text("intake.checkin.incomplete_line", label=sub.label, needed=s.needed)
            rows.append(html.tag("li", line, cls=f"aw-score-{sub.id}"))
        region = scores.region()
        about: list[Markup] = []
        if region:
            middle = near_middle_message(scores)
            about = [html.para(middle, "aw-near-middle")] if middle else []
            about += [
                html.para([html.tag("strong", c.text(f"common.regions.{region}.name")), ": ",
                           f'{c.text(f"common.regions.{region}.short")}.']),
                html.para(c.text(f"common.regions.{region}.about")),
                html.help_text(c.text("common.regions.framing")),
            ]
        self.results.value = html.join(html.heading(c.text("intake.checkin.scores_heading"), 3),
                                       html.tag("ul", rows), about)
        if history is not None:
            self.history = history
        self.draw_plane(scores if unsaved else None)
        return scores

    def draw_plane(self, scores: Scores | None = None) -> None:
        if self.instrument.plane is None:
            self.chart.layout.display = "none"
            return
        self.chart.layout.display = "flex"
        points = list(self.history)
        point = scores.point() if scores is not None else None
        region = scores.region() if scores is not None else None
        if point and region:
            avo, anx = point
            points.append(PlanePoint(dt.date.today(), avo, anx, region))
        self.chart.show(plane_figure(self.instrument, points), plane_summary(points, None, self.instrument))

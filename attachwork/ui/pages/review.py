"""Workbook 06: review and relapse prevention.

The check-in trajectory from baseline to now with a reliable-change judgement, the
trends of sessions 1-4 drawn per month, and the plan for wobbly days. All of a client's
entries are read in one query and grouped once, so a year of daily entries opens about
as fast as a month of them.
"""

from __future__ import annotations

import ipywidgets as widgets

from attachwork.content import instrument_folders, pack
from attachwork.domain.instruments import load_catalogue
from attachwork.domain.textsafe import esc
from attachwork.ui.forms import TextFieldsForm
from attachwork.ui.widgets import Field, heading, paragraph
from attachwork.ui.workbook_page import SessionWorkbook, open_workbook

K = "review"
PLAN_FIELDS = ("warning_signs", "what_helps", "people", "first_steps", "progress_noticed")


class PlanForm(TextFieldsForm):
    kind = "relapse_plan"
    keep_after_save = True
    resume_latest = True

    def __init__(self, wb: SessionWorkbook):
        c = pack()
        b = f"{K}.plan"
        super().__init__(wb, b, {
            name: Field.text(name, c.text(f"{b}.{name}"), c.get(f"{b}.{name}_help", ""),
                             multiline=True, rows=3)
            for name in PLAN_FIELDS})


def change_table_html(changes: list, first: str, latest: str) -> str:
    """First against latest check-in per dimension, with the reliable-change judgement."""
    c = pack()
    b = f"{K}.trajectory"
    head = "".join(f'<th scope="col">{esc(c.text(f"{b}.table_{h}"))}</th>'
                   for h in ("dimension", "first", "latest", "change", "judgement"))
    rows = []
    for ch in changes:
        verdict = esc(c.text(f"{b}.{ch.verdict}"))
        if ch.rci is not None:
            note = c.text(f"{b}.rci_note", rci=f"{ch.rci:+.2f}")
            verdict += f' <span class="aw-help">({esc(note)})</span>'
        rows.append(f'<tr class="aw-change-{esc(ch.verdict)}"><th scope="row">{esc(ch.label)}</th>'
                    f"<td>{ch.first:.2f}</td><td>{ch.latest:.2f}</td><td>{ch.difference:+.2f}</td>"
                    f"<td>{verdict}</td></tr>")
    note = ""
    if any(not ch.judged for ch in changes):
        note = f'<p class="aw-notice info">{esc(c.text(f"{b}.cannot_judge_note"))}</p>'
    return (f'<section class="aw-change"><h3>{esc(c.text(f"{b}.change_heading"))}</h3>'
            f'<p class="aw-help">{esc(c.text(f"{b}.change_intro"))}</p>'
            f'<p>{esc(c.text(f"{b}.since", first=first, latest=latest))}</p>'
            f'<div class="aw-table-wrap"><table class="aw-table"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>{note}</section>')


class ReviewWorkbook(SessionWorkbook):
    WORKBOOK = "06_review"
    NUMBER = 6
    KEY = K
    STEPS = ("trajectory", "trends", "plan")

    def build(self) -> list[widgets.Widget]:
        from attachwork.ui.chart_panel import ChartPanel  # plotly and anywidget: only once needed

        c = pack()
        self.catalogue = load_catalogue(instrument_folders())
        self.trajectory = ChartPanel()
        self.change = widgets.HTML()
        self.trend_box = widgets.VBox()
        self.trend_panels: list[ChartPanel] = []
        self.plan = PlanForm(self)
        self.forms.append(self.plan)
        self.plan.on_saved(self.saved)
        self._drawn: set[str] = set()
        b = f"{K}.trajectory"
        t = f"{K}.trends"
        return [
            widgets.VBox([heading(c.text(f"{b}.heading")), paragraph(c.text(f"{b}.intro")),
                          self.trajectory, self.change]),
            widgets.VBox([heading(c.text(f"{t}.heading")), paragraph(c.text(f"{t}.intro")),
                          self.trend_box]),
            self.plan,
        ]

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

    def draw_trajectory(self) -> None:
        from attachwork.charts.plane import plane_points, plane_summary
        from attachwork.charts.review import trajectory_figure
        from attachwork.domain.review import checkin_points, reliable_change

        c = pack()
        b = f"{K}.trajectory"
        checkins = self.store.entries(self.client.id, "checkin")
        inst = self.catalogue.get(checkins[-1].payload.get("instrument_id", "")) if checkins else None
        if inst is None or inst.plane is None:
            self.trajectory.show_empty(c.text(f"{b}.none"))
            self.change.value = ""
            return
        points = plane_points(checkins, inst)
        if not points:
            self.trajectory.show_empty(c.text(f"{b}.none"))
            self.change.value = ""
            return
        self.trajectory.show(trajectory_figure(inst, points, c.text(f"{b}.title")),
                             plane_summary(points))
        if len(points) < 2:
            self.change.value = f'<p class="aw-notice info">{esc(c.text(f"{b}.one"))}</p>'
            return
        changes = reliable_change(inst, checkin_points(checkins, inst))
        self.change.value = change_table_html(changes, points[0].when.isoformat(),
                                              points[-1].when.isoformat())

    def draw_trends(self) -> None:
        from attachwork.services.summaries.charts import review_trends
        from attachwork.ui.chart_panel import ChartPanel

        c = pack()
        specs = review_trends(self.store.entries(self.client.id), c)
        while len(self.trend_panels) < len(specs):
            self.trend_panels.append(ChartPanel())
        for panel, spec in zip(self.trend_panels, specs, strict=False):
            panel.show(spec.figure, spec.summary)
        if not specs:
            empty = widgets.HTML(f'<p class="aw-notice info">'
                                 f'{esc(c.text(f"{K}.trends.none"))}</p>')
            self.trend_box.children = [empty]
        else:
            self.trend_box.children = self.trend_panels[: len(specs)]


def workbook(store=None) -> widgets.Widget:  # noqa: ANN001
    """Build workbook 06. Returns the widget to display (the notebook's last line)."""
    return open_workbook(ReviewWorkbook, store)

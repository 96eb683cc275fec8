"""Workbook 02: calming the body.

Why settling skills help, then paced breathing, the 5-4-3-2-1 scan and quick resets
(each with distress rated before and after), and a chart of what helps. The practices
are the same ones the "Calm down first" panel offers in every workbook
(:mod:`attachwork.ui.calming`); they and plotly are loaded once a client is chosen.
"""

from __future__ import annotations

import ipywidgets as widgets

from attachwork.content import pack
from attachwork.domain.textsafe import esc
from attachwork.ui.forms import EntryList, local_time, who_where
from attachwork.ui.widgets import heading, paragraph
from attachwork.ui.workbook_page import SessionWorkbook, open_workbook


class RegulationWorkbook(SessionWorkbook):
    WORKBOOK = "02_regulation"
    NUMBER = 2
    KEY = "regulation"
    STEPS = ("why", "breathing", "grounding", "reset", "progress")

    def build(self) -> list[widgets.Widget]:
        from attachwork.ui.calming import BreathingPractice, GroundingPractice, ResetPractice
        from attachwork.ui.chart_panel import ChartPanel

        c = pack()
        why = widgets.VBox([heading(c.text("regulation.why.heading")),
                            paragraph(c.text("regulation.why.body")),
                            widgets.HTML(self._resets_html())])
        self.breathing = BreathingPractice(self)
        self.grounding = GroundingPractice(self)
        self.reset = ResetPractice(self)
        for form in (self.breathing, self.grounding, self.reset):
            self.forms.append(form)
            form.on_saved(self.saved)
        self.chart = ChartPanel()
        self.list = EntryList(
            self, "practice",
            [c.text(f"regulation.list.{h}") for h in ("when", "tool", "before_after", "who")],
            self._cells, self._label, self._open_practice)
        progress = widgets.VBox([heading(c.text("regulation.progress.heading")),
                                 paragraph(c.text("regulation.progress.intro")), self.chart, self.list])
        return [why, self.breathing, self.grounding, self.reset, progress]

    @staticmethod
    def _resets_html() -> str:
        c = pack()
        tips = "".join(f"<li>{esc(t)}</li>" for t in c.get("regulation.why.tips"))
        return f'<h3>{esc(c.text("regulation.why.tips_heading"))}</h3><ul>{tips}</ul>'

    def _cells(self, e) -> list[str]:  # noqa: ANN001
        c = pack()
        p = e.payload
        return [local_time(e.created_at), c.text(f"regulation.tools.{p['tool']}"),
                c.text("regulation.list.from_to", before=p["suds_before"], after=p["suds_after"]),
                who_where(e)]

    def _label(self, e) -> str:  # noqa: ANN001
        tool = pack().text("regulation.tools." + e.payload["tool"])
        return f"{local_time(e.created_at)} · {tool}"

    def _open_practice(self, entry) -> None:  # noqa: ANN001
        form = {"breathing": self.breathing, "grounding": self.grounding,
                "reset": self.reset}[entry.payload["tool"]]
        form.edit(entry)
        self.steps.go(self.names.index(entry.payload["tool"]))

    def loaded(self) -> None:
        self.list.refresh()

    def entries_changed(self, kind: str) -> None:
        if kind == "practice":
            self.list.refresh()
            self._draw()

    def on_step(self, name: str) -> None:
        if name == "progress":
            self._draw()

    def _draw(self) -> None:
        from attachwork.charts.regulation import practice_points, suds_drop_figure, suds_drop_summary

        points = practice_points(self.store.entries(self.client.id, "practice"))
        if not points:
            self.chart.show_empty(pack().text("regulation.charts.empty"))
        else:
            self.chart.show(suds_drop_figure(points), suds_drop_summary(points))


def workbook(store=None) -> widgets.Widget:  # noqa: ANN001
    """Build workbook 02. Returns the widget to display (the notebook's last line)."""
    return open_workbook(RegulationWorkbook, store)

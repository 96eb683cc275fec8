"""Workbook 02: calming the body.

Why settling skills help, then paced breathing, the 5-4-3-2-1 scan and quick resets
(each with distress rated before and after), and a chart of what helps. The practices
are the same ones the "Calm down first" panel offers in every workbook
(:mod:`attachwork.ui.calming`); they and plotly are loaded once a client is chosen.
"""

from __future__ import annotations

import ipywidgets as widgets
from markupsafe import Markup

from attachwork import workbooks
from attachwork.content import pack
from attachwork.domain.records import Entry
from attachwork.domain.when import local_time
from attachwork.store import Store
from attachwork.ui import html
from attachwork.ui.forms import EntryList, who_where
from attachwork.ui.widgets import heading, paragraph
from attachwork.ui.workbook_page import WorkbookPage, open_workbook

SPEC = workbooks.REGULATION
K = SPEC.key


class RegulationWorkbook(WorkbookPage):
    SPEC = SPEC

    def build(self) -> list[widgets.Widget]:
        from attachwork.ui.calming import BreathingPractice, GroundingPractice, ResetPractice

        c = pack()
        why = widgets.VBox([heading(c.text(f"{K}.why.heading")),
                            paragraph(c.text(f"{K}.why.body")),
                            widgets.HTML(self._resets_html())])
        self.breathing = BreathingPractice(self.ws)
        self.grounding = GroundingPractice(self.ws)
        self.reset = ResetPractice(self.ws)
        self.forms += [self.breathing, self.grounding, self.reset]
        self.list = EntryList(
            self.ws, "practice",
            [c.text(f"{K}.list.{h}") for h in ("when", "tool", "before_after", "who")],
            self._cells, self._label, self._open_practice)
        progress = widgets.VBox([heading(c.text(f"{K}.progress.heading")),
                                 paragraph(c.text(f"{K}.progress.intro")), *self.chart_panels(),
                                 self.list])
        return [why, self.breathing, self.grounding, self.reset, progress]

    @staticmethod
    def _resets_html() -> Markup:
        c = pack()
        return html.join(html.heading(c.text(f"{K}.why.tips_heading"), 3),
                         html.bullets(c.get(f"{K}.why.tips")))

    def _cells(self, e: Entry) -> list[str]:
        c = pack()
        p = e.payload
        return [local_time(e.created_at), c.text(f"{K}.tools.{p['tool']}"),
                c.text(f"{K}.list.from_to", before=p["suds_before"], after=p["suds_after"]),
                who_where(e)]

    def _label(self, e: Entry) -> str:
        tool = pack().text(f"{K}.tools." + e.payload["tool"])
        return f"{local_time(e.created_at)} · {tool}"

    def _open_practice(self, entry: Entry) -> None:
        form = {"breathing": self.breathing, "grounding": self.grounding,
                "reset": self.reset}[entry.payload["tool"]]
        form.edit(entry)
        self.steps.go(self.names.index(entry.payload["tool"]))

    def loaded(self) -> None:
        self.list.refresh()

    def entries_changed(self, kind: str) -> None:
        if kind == "practice" and self._built:
            self.list.refresh()
            self.draw_charts()

    def on_step(self, name: str) -> None:
        if name == "progress":
            self.draw_charts()


def workbook(store: Store | None = None) -> widgets.Widget:
    """Build workbook 02. Returns the widget to display (the notebook's last line)."""
    return open_workbook(RegulationWorkbook, store)

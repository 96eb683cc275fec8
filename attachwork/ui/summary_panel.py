""""Summary and handout": make the session summary (for the record) or the client handout
for a date, as a web page and a PDF, with progress shown while it builds.

The files are offered as download links built in the page (``data:`` URLs): nothing is
written on the server and nothing leaves the computer. The panel is built on the first
click, so it costs a page's first screen nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import ipywidgets as widgets

from attachwork.content import pack
from attachwork.domain.when import day
from attachwork.ui import html
from attachwork.ui.widgets import Field, live_area
from attachwork.ui.workspace import Workspace

if TYPE_CHECKING:
    from attachwork.services.summaries import Audience

E = "export"


class SummaryPanel:
    """The header button and its folded panel (hidden on a page that is not a session)."""

    def __init__(self, ws: Workspace | None):
        c = pack()
        self.ws = ws
        self.button = widgets.ToggleButton(value=False, description=c.text(f"{E}.button"),
                                           tooltip=c.text(f"{E}.button_tooltip"))
        self.button.add_class("aw-export-button")
        self.button.add_class("aw-opens-export")
        self.panel = widgets.VBox()
        self.panel.add_class("aw-panel")
        self.panel.add_class("aw-export")
        self.panel.add_class("aw-panel-export")
        self.panel.layout.display = "none"
        if ws is None:
            self.button.layout.display = "none"
        else:
            self.button.observe(ws.safe(self._toggled), names="value")
        self._built = False

    def _toggled(self, change: dict) -> None:
        if change["new"]:
            self.open()
        else:
            self.panel.layout.display = "none"
            if self.ws is not None:
                self.ws.focus(".aw-opens-export")

    def _build(self, ws: Workspace) -> None:
        c = pack()
        self.date = Field.choice("date", c.text(f"{E}.date"), [])
        whats = [(c.text(f"{E}.whats.handout"), "handout")]
        if not ws.home:
            whats.insert(0, (c.text(f"{E}.whats.summary"), "summary"))
        self.what = widgets.RadioButtons(options=whats, value=whats[0][1])
        self.what_field = Field("what", self.what, c.text(f"{E}.what"))
        self.pdf = widgets.Checkbox(value=True, description="PDF", indent=False)
        self.pdf.add_class("aw-field")
        self.make_button = widgets.Button(description=c.text(f"{E}.make"), button_style="primary")
        self.make_button.on_click(ws.safe(lambda _b: self.make()))
        self.bar = widgets.FloatProgress(value=0, min=0, max=1,
                                         layout=widgets.Layout(width="100%", display="none"))
        self.bar.description = c.text(f"{E}.panel_heading")
        self.status = live_area()
        self.links = widgets.HTML()
        self.links.add_class("aw-downloads")
        close = widgets.Button(description=c.text("common.crisis.close"))
        close.add_class("aw-close")
        close.on_click(lambda _b: setattr(self.button, "value", False))
        self.empty = widgets.HTML()
        self.form = widgets.VBox([self.date, self.what_field, self.pdf, self.make_button, self.bar,
                                  self.status, self.links])
        self.panel.children = [
            widgets.HTML(html.join(html.heading(c.text(f"{E}.panel_heading")),
                                   html.help_text(c.text(f"{E}.panel_intro")))),
            self.empty, self.form, close]
        self._built = True

    def open(self) -> None:
        if self.ws is None:
            return
        if not self._built:
            self._build(self.ws)
        self.refresh()
        was_open = self.panel.layout.display != "none"
        self.panel.layout.display = "flex"
        self.button.value = True
        if not was_open:
            self.ws.focus(".aw-panel-export h2")

    def refresh(self) -> None:
        """Offer the dates this client worked with this workbook (today first if any)."""
        from attachwork.services.summaries import session_dates

        if not self._built or self.ws is None:
            return
        c = pack()
        ws = self.ws
        self.links.value = self.status.value = ""
        self.bar.layout.display = "none"
        days = session_dates(ws.store, ws.client, ws.workbook) if ws.client is not None else []
        if ws.client is None or not days:
            key = "common.session.choose_first" if ws.client is None else f"{E}.no_days"
            self.empty.value = html.notice("info", c.text(key), live=False)
            self.form.layout.display = "none"
            return
        self.empty.value = ""
        self.form.layout.display = "flex"
        self.date.set_options([(day(d), d.isoformat()) for d in days])
        self.date.value = days[0].isoformat()

    def _progress(self, step: str, fraction: float) -> None:
        c = pack()
        self.bar.value = fraction
        if step != "done":
            words = c.text(f"{E}.building", step=c.text(f"{E}.steps.{step}"))
            self.status.value = html.para(words, "aw-help")

    def make(self) -> None:
        from attachwork.services.summaries import make

        c = pack()
        ws = self.ws
        if ws is None or ws.client is None or self.date.value is None:
            self.status.value = html.error_text(c.text("common.session.choose_first"), live=False)
            return
        audience: Audience = "summary" if not ws.home and self.what.value == "summary" else "handout"
        self.links.value = ""
        self.bar.value = 0
        self.bar.layout.display = "flex"
        self.make_button.disabled = True
        try:
            built = make(ws.store, ws.client, ws.workbook, dt.date.fromisoformat(self.date.value),
                         actor=ws.author, audience=audience, pdf=self.pdf.value,
                         progress=self._progress)
        finally:
            self.make_button.disabled = False
        name = built.summary.filename
        links = [html.download_link(f"{name}.html", "text/html", built.html.encode("utf-8"),
                                    c.text(f"{E}.download_html", name=f"{name}.html"))]
        if built.pdf:
            links.append(html.download_link(f"{name}.pdf", "application/pdf", built.pdf,
                                            c.text(f"{E}.download_pdf", name=f"{name}.pdf")))
        notes = [c.text(f"{E}.ready")]
        if self.pdf.value and not built.pdf:
            notes.append(c.text(f"{E}.pdf_unavailable"))
        self.status.value = html.join(html.notice("ok", n, live=False) for n in notes)
        self.links.value = html.bullets(links)

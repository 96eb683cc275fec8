""""Summary and handout": make the session summary (for the record) or the client handout
for a date, as a web page and a PDF, with progress shown while it builds.

The files are offered as download links built in the page (``data:`` URLs): nothing is
written on the server and nothing leaves the computer. The panel is built on the first
click, so it costs a workbook's first screen nothing.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

import ipywidgets as widgets

from attachwork.content import pack
from attachwork.domain.textsafe import esc
from attachwork.ui.errors import guard
from attachwork.ui.widgets import Field, Notice

E = "export"


def session_dates(workbook: Any) -> list[dt.date]:
    """Days with a session record or a saved worksheet of this workbook, newest first."""
    store, client = workbook.store, workbook.client
    days: set[dt.date] = set()
    for e in store.entries(client.id, workbook=workbook.WORKBOOK):
        days.add(e.created_at.astimezone().date())
        if e.kind == "session" and e.payload.get("date"):
            days.add(dt.date.fromisoformat(e.payload["date"]))
    return sorted(days, reverse=True)


def download_link(name: str, mime: str, data: bytes, label: str) -> str:
    href = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    return (f'<a class="aw-download" download="{esc(name)}" href="{href}">'
            f"{esc(label)}</a>")


class ExportPanel:
    """The header button and its folded panel (``workbook`` has ``store``, ``client``,
    ``mode`` and ``WORKBOOK``)."""

    def __init__(self, notice: Notice, workbook: Any = None):
        c = pack()
        self.notice = notice
        self.workbook = workbook
        self.button = widgets.ToggleButton(value=False, description=c.text(f"{E}.button"),
                                           tooltip=c.text(f"{E}.button_tooltip"))
        self.button.add_class("aw-export-button")
        self.panel = widgets.VBox()
        self.panel.add_class("aw-panel")
        self.panel.add_class("aw-export")
        self.panel.layout.display = "none"
        if workbook is None:
            self.button.layout.display = "none"
        self._built = False
        self.button.observe(guard(notice)(self._toggled), names="value")

    def _toggled(self, change: dict) -> None:
        if change["new"]:
            self.open()
        else:
            self.panel.layout.display = "none"

    def _build(self) -> None:
        c = pack()
        home = self.workbook.mode != "clinic"
        self.date = Field.choice("date", c.text(f"{E}.date"), [])
        whats = [(c.text(f"{E}.whats.handout"), "handout")]
        if not home:
            whats.insert(0, (c.text(f"{E}.whats.summary"), "summary"))
        self.what = widgets.RadioButtons(options=whats, value=whats[0][1])
        self.what_field = Field("what", self.what, c.text(f"{E}.what"))
        self.pdf = widgets.Checkbox(value=True, description="PDF", indent=False)
        self.pdf.add_class("aw-field")
        self.make_button = widgets.Button(description=c.text(f"{E}.make"), button_style="primary")
        self.make_button.on_click(guard(self.notice)(lambda _b: self.make()))
        self.bar = widgets.FloatProgress(value=0, min=0, max=1,
                                         layout=widgets.Layout(width="100%", display="none"))
        self.bar.description = c.text(f"{E}.panel_heading")
        self.status = widgets.HTML()
        self.links = widgets.HTML()
        self.links.add_class("aw-downloads")
        close = widgets.Button(description=c.text("common.crisis.close"))
        close.on_click(lambda _b: setattr(self.button, "value", False))
        self.empty = widgets.HTML()
        self.form = widgets.VBox([self.date, self.what_field, self.pdf, self.make_button, self.bar,
                                  self.status, self.links])
        self.panel.children = [
            widgets.HTML(f"<h2>{esc(c.text(f'{E}.panel_heading'))}</h2>"
                         f'<p class="aw-help">{esc(c.text(f"{E}.panel_intro"))}</p>'),
            self.empty, self.form, close]
        self._built = True

    def open(self) -> None:
        if not self._built:
            self._build()
        self.refresh()
        self.panel.layout.display = "flex"
        self.button.value = True

    def refresh(self) -> None:
        """Offer the dates this client worked with this workbook (today first if any)."""
        if not self._built:
            return
        c = pack()
        self.links.value = self.status.value = ""
        self.bar.layout.display = "none"
        client = self.workbook.client
        days = session_dates(self.workbook) if client is not None else []
        if client is None or not days:
            key = "common.session.choose_first" if client is None else f"{E}.no_days"
            self.empty.value = f'<p class="aw-notice info">{esc(c.text(key))}</p>'
            self.form.layout.display = "none"
            return
        self.empty.value = ""
        self.form.layout.display = "flex"
        self.date.set_options([(d.isoformat(), d.isoformat()) for d in days])
        self.date.value = days[0].isoformat()

    def _progress(self, step: str, fraction: float) -> None:
        c = pack()
        self.bar.value = fraction
        if step != "done":
            self.status.value = (f'<p class="aw-help" role="status" aria-live="polite">'
                                 f'{esc(c.text(f"{E}.building", step=c.text(f"{E}.steps.{step}")))}</p>')

    def make(self) -> None:
        from attachwork.services.summaries import build

        c = pack()
        wb = self.workbook
        if wb.client is None or self.date.value is None:
            self.status.value = (f'<p class="aw-error-text" role="alert">'
                                 f'{esc(c.text("common.session.choose_first"))}</p>')
            return
        audience = self.what.value if wb.mode == "clinic" else "handout"
        self.links.value = ""
        self.bar.value = 0
        self.bar.layout.display = "flex"
        self.make_button.disabled = True
        try:
            built = build(wb.store, wb.client, wb.WORKBOOK, dt.date.fromisoformat(self.date.value),
                          audience=audience, pdf=self.pdf.value, progress=self._progress)
        finally:
            self.make_button.disabled = False
        wb.store.audit(wb.author, f"export_{audience}", wb.client.id,
                       f"workbook={wb.WORKBOOK} date={self.date.value}")
        name = built.summary.filename
        links = [download_link(f"{name}.html", "text/html", built.html.encode("utf-8"),
                               c.text(f"{E}.download_html", name=f"{name}.html"))]
        if built.pdf:
            links.append(download_link(f"{name}.pdf", "application/pdf", built.pdf,
                                       c.text(f"{E}.download_pdf", name=f"{name}.pdf")))
        notes = [c.text(f"{E}.ready")]
        if self.pdf.value and not built.pdf:
            notes.append(c.text(f"{E}.pdf_unavailable"))
        self.status.value = "".join(f'<p class="aw-notice ok" role="status">{esc(n)}</p>'
                                    for n in notes)
        self.links.value = "<ul>" + "".join(f"<li>{link}</li>" for link in links) + "</ul>"

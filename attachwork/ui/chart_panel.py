"""Show a plotly figure in a workbook without shipping plotly's 5 MB widget bundle.

``Chart`` is an anywidget whose front end draws the figure JSON with plotly.js's
basic partial bundle, loaded once per page from the Voila template's static folder
(cached by the browser) or, when that is not served, sent by the kernel on request.
Beside every chart sits a text summary of the same data.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anywidget
import ipywidgets as widgets
import traitlets

from attachwork.content import pack
from attachwork.ui import html

if TYPE_CHECKING:
    from attachwork.charts.catalog import Drawing

STATIC = Path(__file__).resolve().parent / "static"
BUNDLE = (
    Path(__file__).resolve().parent.parent
    / "share/jupyter/voila/templates/attachwork/static/plotly-basic.min.js"
)


class Chart(anywidget.AnyWidget):
    _esm = STATIC / "chart.js"
    figure = traitlets.Dict().tag(sync=True)
    summary = traitlets.Unicode("").tag(sync=True)
    loading_text = traitlets.Unicode("").tag(sync=True)
    failed_text = traitlets.Unicode("").tag(sync=True)

    def __init__(self, **kwargs: Any):
        content = pack()
        kwargs.setdefault("loading_text", content.text("common.charts.loading"))
        kwargs.setdefault("failed_text", content.text("common.charts.unavailable"))
        super().__init__(**kwargs)
        self.on_msg(self._on_msg)

    def _on_msg(self, _widget: Any, msg: Any, _buffers: Any) -> None:
        if isinstance(msg, dict) and msg.get("type") == "need-plotly":
            self.send({"type": "plotly-bundle"}, buffers=[BUNDLE.read_bytes()])

    def show(self, fig: Any, summary: str) -> None:
        """Replace the figure (a ``go.Figure``) and its text summary."""
        self.summary = summary
        self.figure = json.loads(fig.to_json())


class ChartPanel(widgets.VBox):
    """A chart with its summary in words beside it (read by screen readers too)."""

    def __init__(self, **kwargs: Any):
        self.chart = Chart()
        self.text = widgets.HTML()
        super().__init__([self.chart, self.text], **kwargs)
        self.add_class("aw-chart-panel")

    def show(self, fig: Any, summary: str) -> None:
        self.chart.layout.display = ""
        self.text.value = html.para(summary, "aw-chart-summary")
        self.chart.show(fig, summary)

    def show_empty(self, text: str) -> None:
        """No data yet: a friendly sentence instead of an empty plot."""
        self.chart.layout.display = "none"
        self.text.value = html.para(text, "aw-chart-empty aw-notice info")

    def show_drawing(self, drawing: Drawing) -> None:
        """A drawing from :mod:`attachwork.charts.catalog` (or its "nothing yet" sentence)."""
        if drawing.empty:
            self.show_empty(drawing.summary)
        else:
            self.show(drawing.figure, drawing.summary)

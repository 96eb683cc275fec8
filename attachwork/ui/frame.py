"""The frame every workbook sits in: theme, title, crisis help, the calming toolkit,
save state and messages."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from attachwork.content import pack
from attachwork.domain.textsafe import esc
from attachwork.logs import setup_logging
from attachwork.ui.errors import guard
from attachwork.ui.html import risk_message_html
from attachwork.ui.summary_panel import ExportPanel
from attachwork.ui.widgets import CrisisPanel, Notice, SaveIndicator, stylesheet


class CalmPanel:
    """"Calm down first": the regulation toolkit, folded away until asked for.

    The toolkit (and its breathing pacer) is built on the first click, so a workbook's
    first screen stays light. Practices are saved for the ``workbook``'s current client
    (it has ``store``, ``client``, ``author``, ``place``, ``shell`` and ``WORKBOOK``).
    """

    def __init__(self, notice: Notice, workbook: Any = None):
        c = pack()
        self.notice = notice
        self.workbook = workbook
        self.button = widgets.ToggleButton(
            value=False, description=c.text("common.calm.button"),
            tooltip=c.text("common.calm.tooltip"),
        )
        self.button.add_class("aw-calm-button")
        self.panel = widgets.VBox()
        self.panel.add_class("aw-panel")
        self.panel.add_class("aw-calm")
        self.panel.layout.display = "none"
        if workbook is None:
            self.button.layout.display = "none"
        self.toolkit = None
        self.button.observe(guard(notice)(self._toggled), names="value")

    @property
    def visible(self) -> bool:
        return self.panel.layout.display != "none"

    def _toggled(self, change: dict) -> None:
        if change["new"]:
            self.open()
        else:
            self.panel.layout.display = "none"

    def open(self) -> None:
        if self.toolkit is None:
            from attachwork.ui.calming import Toolkit

            self.toolkit = Toolkit(self.workbook, self.notice, compact=True)
            close = widgets.Button(description=pack().text("common.calm.close"))
            close.on_click(lambda _b: setattr(self.button, "value", False))
            self.panel.children = [self.toolkit, close]
        self.panel.layout.display = "flex"
        self.button.value = True


class Shell(widgets.VBox):
    def __init__(self, title: str, subtitle: str = "", *, workbook: Any = None):
        setup_logging()
        self.crisis = CrisisPanel()
        self.save_state = SaveIndicator()
        self.notice = Notice()
        self.calm = CalmPanel(self.notice, workbook)
        self.export = ExportPanel(self.notice, workbook)
        self.body = widgets.VBox()
        title_html = widgets.HTML(
            f"<header><h1>{esc(title)}</h1><p>{esc(subtitle)}</p></header>"
        )
        buttons = widgets.HBox([self.export.button, self.calm.button, self.crisis.button])
        buttons.add_class("aw-header-buttons")
        right = widgets.VBox([buttons, self.save_state])
        right.layout.align_items = "flex-end"
        header = widgets.HBox([title_html, right])
        header.add_class("aw-header")
        header.add_class("aw-panel")
        super().__init__([stylesheet(), header, self.crisis.panel, self.calm.panel,
                          self.export.panel, self.notice, self.body])
        self.add_class("aw-app")

    def show_risk(self, near: widgets.HTML | None = None) -> None:
        """Words that suggest risk to self were saved: open the crisis resources at the top
        and put the same kind message where the person is working (``near``)."""
        self.crisis.show()
        if near is not None:
            near.value = risk_message_html()

    @classmethod
    def failed(cls, title: str) -> Shell:
        """The frame alone, with a message, for when the workbook itself cannot start."""
        shell = cls(title)
        shell.notice.show("error", pack().text("common.errors.store_unavailable"))
        return shell


class Page:
    """What every workbook page holds: the store, who writes and where (from the mode), the
    client being worked with, its :class:`Shell` and ``safe`` (a handler guard that turns an
    error into a kind message). Subclasses set ``WORKBOOK``."""

    WORKBOOK = ""

    def __init__(self, store: Any, title: str, subtitle: str = ""):
        from attachwork.config import settings

        cfg = settings()
        self.store = store
        self.mode = cfg.mode
        self.author, self.place = cfg.author, cfg.place
        self.client: Any = None
        self.shell = Shell(title, subtitle, workbook=self)
        self.safe = guard(self.shell.notice)

"""The frame every workbook sits in: theme, title, crisis help, save state, messages."""

from __future__ import annotations

import ipywidgets as widgets

from attachwork.content import pack
from attachwork.ui.kit import CrisisPanel, Notice, SaveIndicator, esc, setup_logging, stylesheet


class Shell(widgets.VBox):
    def __init__(self, title: str, subtitle: str = ""):
        setup_logging()
        self.crisis = CrisisPanel()
        self.save_state = SaveIndicator()
        self.notice = Notice()
        self.body = widgets.VBox()
        title_html = widgets.HTML(
            f"<header><h1>{esc(title)}</h1><p>{esc(subtitle)}</p></header>"
        )
        right = widgets.VBox([self.crisis.button, self.save_state])
        right.layout.align_items = "flex-end"
        header = widgets.HBox([title_html, right])
        header.add_class("aw-header")
        header.add_class("aw-panel")
        super().__init__([stylesheet(), header, self.crisis.panel, self.notice, self.body])
        self.add_class("aw-app")

    @classmethod
    def failed(cls, title: str) -> Shell:
        """The frame alone, with a message, for when the workbook itself cannot start."""
        shell = cls(title)
        shell.notice.show("error", pack().text("common.errors.store_unavailable"))
        return shell

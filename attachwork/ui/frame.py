"""The frame every page sits in: theme, title, crisis help, the calming toolkit, the summary
panel, save state and messages; and :class:`Page`, what every page holds."""

from __future__ import annotations

import ipywidgets as widgets

from attachwork import workbooks
from attachwork.config import settings
from attachwork.content import current_language, pack
from attachwork.domain.records import Client
from attachwork.logs import setup_logging
from attachwork.store import Store
from attachwork.ui import html
from attachwork.ui.address import Address, DocumentLanguage
from attachwork.ui.client_view import THERAPIST_ONLY, ClientView, therapist_only
from attachwork.ui.summary_panel import SummaryPanel
from attachwork.ui.widgets import CrisisPanel, stylesheet
from attachwork.ui.workspace import Workspace
from attachwork.workbooks import WorkbookSpec


class CalmPanel:
    """"Calm down first": the regulation toolkit, folded away until asked for.

    The toolkit (and its breathing pacer) is built on the first click, so a page's first
    screen stays light. Practices are saved for the workspace's current client. Opened, focus
    moves to the toolkit's heading; folded away, back to the button."""

    def __init__(self, ws: Workspace | None):
        c = pack()
        self.ws = ws
        self.button = widgets.ToggleButton(
            value=False, description=c.text("common.calm.button"),
            tooltip=c.text("common.calm.tooltip"),
        )
        self.button.add_class("aw-calm-button")
        self.button.add_class("aw-opens-calm")
        self.panel = widgets.VBox()
        self.panel.add_class("aw-panel")
        self.panel.add_class("aw-calm")
        self.panel.add_class("aw-panel-calm")
        self.panel.layout.display = "none"
        if ws is None:
            self.button.layout.display = "none"
        else:
            self.button.observe(ws.safe(self._toggled), names="value")
        self.toolkit: widgets.Widget | None = None

    @property
    def visible(self) -> bool:
        return self.panel.layout.display != "none"

    def _toggled(self, change: dict) -> None:
        if change["new"]:
            self.open()
        else:
            self.panel.layout.display = "none"
            if self.ws is not None:
                self.ws.focus(".aw-opens-calm")

    def open(self) -> None:
        if self.ws is None:
            return
        if self.toolkit is None:
            from attachwork.ui.calming import Toolkit  # the pacer: only once asked for

            self.toolkit = Toolkit(self.ws, compact=True)
            close = widgets.Button(description=pack().text("common.calm.close"))
            close.add_class("aw-close")
            close.on_click(lambda _b: setattr(self.button, "value", False))
            self.panel.children = [self.toolkit, close]
        was_open = self.visible
        self.panel.layout.display = "flex"
        self.button.value = True
        if not was_open:
            self.ws.focus(".aw-panel-calm h2")


class Shell(widgets.VBox):
    """Header (title, summary / calming / crisis buttons, save state), the panels they open,
    the page's messages and its ``body``. Without a workspace (the page could not start) it
    still offers crisis help."""

    def __init__(self, title: str, subtitle: str = "", ws: Workspace | None = None,
                 front: tuple[str, str] | None = None):
        """``front`` is the link back to the front door: (href, words)."""
        setup_logging()
        c = pack()
        self.ws = ws
        #: the page's address, title, focus moves and accessibility helpers (one model a page)
        self.address = Address(title=title, labels={
            "steps": c.text("common.steps.nav_label"), "tools": c.text("regulation.tools_label")})
        if ws is not None:
            ws.focus = self.address.focus_on
        self.crisis = CrisisPanel(self.address.focus_on)
        self.calm = CalmPanel(ws)
        self.export = SummaryPanel(ws)
        self.body = widgets.VBox()
        if ws is not None:
            ws.on_risk(self.crisis.show)
            self.notice, self.save_state = ws.notice, ws.save_state
        else:
            from attachwork.ui.widgets import Notice, SaveIndicator

            self.notice, self.save_state = Notice(), SaveIndicator()
        # the front door lists the whole caseload: not a way off the shared screen
        nav = (html.tag("nav", html.link(front[0], front[1], "aw-front-link"),
                        aria_label=front[1], cls=THERAPIST_ONLY) if front else None)
        title_html = widgets.HTML(html.tag("header", [nav, html.heading(title, 1), html.para(subtitle)]))
        self.buttons = widgets.HBox([self.export.button, self.calm.button, self.crisis.button])
        self.buttons.add_class("aw-header-buttons")
        # the summary holds the private notes: not on a shared screen
        therapist_only(self.export.button)
        therapist_only(self.export.panel)
        right = widgets.VBox([self.buttons, self.save_state])
        right.layout.align_items = "flex-end"
        header = widgets.HBox([title_html, right])
        header.add_class("aw-header")
        header.add_class("aw-panel")
        banner = None
        if settings().workshop:
            banner = widgets.HTML(html.tag("div", pack().text("common.workshop.banner"),
                                           cls="aw-workshop-banner", role="note"))
        self.view: ClientView | None = None
        self.view_line = widgets.HTML()
        super().__init__([stylesheet(), self.address, DocumentLanguage(lang=current_language()),
                          *([banner] if banner else []), header, self.view_line,
                          self.crisis.panel, self.calm.panel,
                          self.export.panel, self.notice, self.body])
        self.add_class("aw-app")
        if banner is not None:
            self.add_class("aw-workshop")  # larger text, for a projector

    def enable_client_view(self) -> ClientView:
        """Offer "Client view" for the shared screen (clinic pages; see :mod:`client_view`)."""
        if self.view is None:
            self.view = ClientView(self, self.view_line)
            self.buttons.children = (self.view.button, self.view.scores_button,
                                     *self.buttons.children)
        return self.view

    @classmethod
    def failed(cls, title: str, message: str = "common.errors.store_unavailable",
               **values: str) -> Shell:
        """The frame alone, with a kind message and crisis help, for when the page itself
        cannot start."""
        shell = cls(title if isinstance(title, str) else "")
        shell.notice.show("error", pack().text(message, **values))
        return shell


def front_link(spec: WorkbookSpec, home: bool) -> tuple[str, str] | None:
    """The way back to the front door from ``spec``'s page (none on the front door itself)."""
    c = pack()
    front = workbooks.HOME_PAGE if home else workbooks.CLINIC_PAGE
    if spec in (front, workbooks.START):
        return None
    return front.notebook, c.text("start.home_nav_link" if home else "start.nav_link")


class Page:
    """What every page holds: its spec, a :class:`Workspace` (store, who writes and where,
    the client, messages) and its :class:`Shell`. ``entries_for`` is the workbook entries
    saved on this page belong to (Between sessions saves calming practices for 02)."""

    def __init__(self, store: Store, spec: WorkbookSpec, *, entries_for: WorkbookSpec | None = None,
                 subtitle: str | None = None):
        from attachwork.ui.language import choose_page_language
        from attachwork.ui.picker import home_client

        home = settings().mode == "home"
        self.lang = choose_page_language(home_client(store) if home else None, home)
        c = pack()
        self.spec = spec
        self.ws = Workspace(store, entries_for or spec)
        self.store = store
        self.mode = self.ws.mode
        self.safe = self.ws.safe
        self.shell = Shell(c.text(f"{spec.key}.title"),
                           subtitle if subtitle is not None else c.text(f"{spec.key}.subtitle"),
                           self.ws, front=front_link(spec, self.ws.home))

    @property
    def client(self) -> Client | None:
        return self.ws.client

"""Choose a client, or add one under a code name."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from attachwork import workbooks
from attachwork.config import settings
from attachwork.content import pack
from attachwork.domain.records import RELATIONSHIP_CONTEXTS, Client, ClientProfile
from attachwork.domain.risk import screen_values
from attachwork.domain.validation import validate
from attachwork.domain.when import local_time
from attachwork.store import DuplicatePseudonym, Store
from attachwork.ui import html
from attachwork.ui.errors import guard
from attachwork.ui.html import risk_message_html
from attachwork.ui.widgets import Field, Form, Notice, heading, live_area


class NewClientForm(widgets.VBox):
    """Add a client under a code name (with optional initials, relationship, goals).
    ``on_added`` listeners hear of each client added."""

    def __init__(self, store: Store, notice: Notice | None = None,
                 on_risk: Callable[[], None] | None = None):
        c = pack()
        self.store = store
        self.on_risk = on_risk
        self.risk = widgets.HTML()
        self.notice = Notice()
        self._listeners: list[Callable[[Client], None]] = []
        contexts = [(c.text(f"common.picker.contexts.{k}"), k) for k in RELATIONSHIP_CONTEXTS]
        self.form = Form([
            Field.text("pseudonym", c.text("common.picker.pseudonym"),
                       c.text("common.picker.pseudonym_help")),
            Field.text("initials", c.text("common.picker.initials")),
            Field.choice("relationship_context", c.text("common.picker.relationship_context"),
                         contexts, value="other"),
            Field.text("goals", c.text("common.picker.goals"), multiline=True),
        ])
        self.add_button = widgets.Button(description=c.text("common.picker.new_button"),
                                         button_style="primary")
        self.add_button.on_click(guard(notice or self.notice)(lambda _b: self.add_client()))
        super().__init__([
            heading(c.text("common.picker.new_heading"), 3),
            widgets.HTML(html.help_text(c.text("common.picker.new_hint"))),
            *self.form.fields.values(), self.add_button, self.risk, self.notice,
        ])
        self.add_class("aw-new-client")

    def on_added(self, fn: Callable[[Client], None]) -> None:
        self._listeners.append(fn)

    def add_client(self) -> Client | None:
        c = pack()
        self.notice.clear()
        profile, errors = validate(ClientProfile, self.form.values())
        self.form.show_errors(errors)
        if profile is None:
            return None
        try:
            client = self.store.create_client(profile)
        except DuplicatePseudonym:
            self.form.fields["pseudonym"].set_error(c.text("common.picker.duplicate"))
            return None
        self.form.reset({"relationship_context": "other"})
        self.notice.show("ok", c.text("common.picker.created", name=client.pseudonym))
        self.risk.value = ""
        screen = screen_values(profile.goals)
        if screen.flagged:
            self.risk.value = risk_message_html(screen.level or "clear")
            if self.on_risk and screen.level == "clear":
                self.on_risk()
        for fn in self._listeners:
            fn(client)
        return client


class ClientPicker(widgets.VBox):
    """Clients by code name; in the clinic, a mark beside anyone with a flag to check.

    A client is loaded on an explicit choice only: picked from the list with the mouse, Enter,
    or the Open button. Looking through the list with the arrow keys loads nobody (so other
    clients' names and homework never flash up on a shared screen): the page helpers hold
    those changes back in the browser (``static/access.js``, the ``aw-client-select`` class)."""

    def __init__(self, store: Store, notice: Notice | None = None,
                 on_risk: Callable[[], None] | None = None):
        c = pack()
        self.store = store
        self._listeners: list[Callable[[Client | None], None]] = []
        self.selected: Client | None = None
        self.dropdown = widgets.Dropdown(options=[], value=None,
                                         layout=widgets.Layout(width="100%"))
        self.dropdown.add_class("aw-client-select")
        self.pick = Field("client", self.dropdown, c.text("common.picker.label"),
                          c.text("common.picker.choose_help"))
        self.open_button = widgets.Button(description=c.text("common.picker.open"))
        self.open_button.add_class("aw-picker-open")
        row = widgets.HBox([self.pick, self.open_button])
        row.add_class("aw-picker-row")
        self.status = live_area()
        self.new = NewClientForm(store, notice, on_risk)
        self.new.on_added(lambda client: self.refresh(select_id=client.id))
        # the form's parts, by the names the pages and tests know
        self.form, self.add_button, self.risk, self.notice = (
            self.new.form, self.new.add_button, self.new.risk, self.new.notice)
        self.dropdown.observe(guard(notice or self.notice)(self._changed), names="value")
        self.open_button.on_click(guard(notice or self.notice)(lambda _b: self._open()))
        super().__init__([heading(c.text("common.picker.heading")), row, self.status,
                          self.new])
        self.add_class("aw-picker")
        self.refresh()

    def _open(self) -> None:
        """The Open button: work with the client shown (the browser has already passed on one
        only looked at with the arrow keys)."""
        shown = self.dropdown.value
        if shown != (self.selected.id if self.selected else None):
            self._changed({"new": shown})

    def on_select(self, fn: Callable[[Client | None], None]) -> None:
        self._listeners.append(fn)

    def choose(self, client_id: str) -> bool:
        """Choose a client by id, if there is one with that id."""
        if client_id not in {o[1] for o in self.dropdown.options}:
            return False
        self.dropdown.value = client_id
        return True

    def refresh(self, select_id: str | None = None) -> None:
        c = pack()
        clients = self.store.clients()
        flags = self.store.open_flag_counts() if settings().mode == "clinic" else {}
        options: list[tuple[str, str | None]] = [(c.text("common.picker.placeholder"), None)]
        for client in clients:
            label = client.pseudonym + (f" ({client.initials})" if client.initials else "")
            if flags.get(client.id):
                label += " " + c.text("common.risk.picker_mark", count=flags[client.id])
            options.append((label, client.id))
        current = select_id if select_id is not None else self.dropdown.value
        self.dropdown.options = options
        ids = {o[1] for o in options}
        self.dropdown.value = current if current in ids else None
        if not clients:
            self.status.value = html.help_text(c.text("common.picker.none_yet"))

    def _changed(self, change: dict) -> None:
        c = pack()
        client_id = change["new"]
        self.selected = self.store.client(client_id) if client_id else None
        if self.selected:
            last = self.store.last_activity(self.selected.id)
            when = (c.text("common.picker.last_seen", when=local_time(last))
                    if last else c.text("common.picker.nothing_yet"))
            chosen = c.text("common.picker.chosen", name=self.selected.pseudonym)
            self.status.value = html.notice("info", f"{chosen} {when}")
        else:
            self.status.value = ""
        for fn in self._listeners:
            fn(self.selected)

    def add_client(self) -> Client | None:
        return self.new.add_client()


def home_client(store: Store) -> Client | None:
    """The one profile a home copy holds (``None`` before the starter file, or if several)."""
    clients = store.clients()
    return clients[0] if len(clients) == 1 else None


class HomeProfile(widgets.VBox):
    """Home mode's client step: the one profile this copy holds, never a list of clients.

    Same listening interface as :class:`ClientPicker`; :meth:`start` tells the listeners
    whose work this is (or that the starter file has not been opened yet).
    """

    HOME_PAGE = workbooks.HOME_PAGE.notebook

    def __init__(self, store: Store):
        self.store = store
        self._listeners: list[Callable[[Client | None], None]] = []
        self.selected: Client | None = None
        self.status = widgets.HTML()
        super().__init__([self.status])
        self.add_class("aw-home-profile")

    def on_select(self, fn: Callable[[Client | None], None]) -> None:
        self._listeners.append(fn)

    def refresh(self, select_id: str | None = None) -> None:
        c = pack()
        self.selected = home_client(self.store)
        if self.selected is not None:
            text = c.text("bundles.home.profile_line", name=self.selected.pseudonym)
            self.status.value = html.notice("info", text)
            return
        key = "bundles.home.several_profiles" if self.store.clients() else "bundles.home.not_set_up"
        self.status.value = html.notice("warn", [c.text(key), " ", html.link(
            self.HOME_PAGE, c.text("bundles.home.not_set_up_link"))])

    def start(self) -> None:
        self.refresh()
        for fn in self._listeners:
            fn(self.selected)

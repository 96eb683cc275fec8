"""Choose a client, or add one under a code name."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets
from markupsafe import Markup

from attachwork import workbooks
from attachwork.config import settings
from attachwork.content import pack
from attachwork.domain.records import Client, ClientProfile
from attachwork.domain.validation import validate
from attachwork.domain.when import local_time
from attachwork.store import DuplicatePseudonym, Store
from attachwork.ui import html
from attachwork.ui.client_view import therapist_only
from attachwork.ui.errors import guard
from attachwork.ui.profile import ProfilePanel, answer_goals, profile_form
from attachwork.ui.widgets import Field, Notice, heading, live_area


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
        # Consent first: nothing of the profile or goals is stored until it is ticked.
        self.consent = Field("consent", widgets.Checkbox(value=False, indent=False),
                             c.text("common.picker.consent"), c.text("common.picker.consent_help"))
        self.form = profile_form()
        self.add_button = widgets.Button(description=c.text("common.picker.new_button"),
                                         button_style="primary")
        self.add_button.on_click(guard(notice or self.notice)(lambda _b: self.add_client()))
        super().__init__([
            heading(c.text("common.picker.new_heading"), 3),
            widgets.HTML(html.help_text(c.text("common.picker.new_hint"))),
            widgets.HTML(consent_html()), self.consent,
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
        self.consent.clear_error()
        if not self.consent.value:
            self.consent.set_error(c.text("common.picker.consent_needed"))
            return None
        if profile is None:
            return None
        try:
            # the consent is kept with the client (who and when, no words), so intake's
            # "Before we begin" does not ask again
            client = self.store.create_client(profile, consent_by=settings().author)
        except DuplicatePseudonym:
            self.form.fields["pseudonym"].set_error(c.text("common.picker.duplicate"))
            return None
        self.form.reset({"relationship_context": "other", "language": ""})
        self.consent.value = False
        self.notice.show("ok", c.text("common.picker.created", name=client.pseudonym))
        answer_goals(profile.goals, self.risk, self.on_risk)
        for fn in self._listeners:
            fn(client)
        return client


def consent_html() -> Markup:
    """The intake's "Before we begin" words, to read together before a client is added."""
    c = pack()
    body = [p for p in str(c.text(f"{workbooks.INTAKE.key}.consent.body")).split("\n\n") if p.strip()]
    return html.tag("details", [html.tag("summary", c.text("common.picker.consent_read")),
                                *(html.para(" ".join(p.split())) for p in body)],
                    cls="aw-consent-words")


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
        self._narrowed = self._quiet = False
        therapist_only(self.new)
        self.profile = ProfilePanel(store, notice, on_risk)
        self.profile.on_saved(self._profile_saved)
        self._profile_listeners: list[Callable[[Client], None]] = []
        self.dropdown.observe(guard(notice or self.notice)(self._changed), names="value")
        self.open_button.on_click(guard(notice or self.notice)(lambda _b: self._open()))
        super().__init__([heading(c.text("common.picker.heading")), row, self.status,
                          self.profile, self.new])
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

    def on_profile_saved(self, fn: Callable[[Client], None]) -> None:
        """Listeners hear the chosen client's edited profile (the page keeps its work)."""
        self._profile_listeners.append(fn)

    def _profile_saved(self, client: Client) -> None:
        self.selected = client
        if self._narrowed:
            self.narrow(True)
        else:
            self.refresh()
        for fn in self._profile_listeners:
            fn(client)

    def choose(self, client_id: str) -> bool:
        """Choose a client by id, if there is one with that id."""
        if client_id not in {o[1] for o in self.dropdown.options}:
            return False
        self.dropdown.value = client_id
        return True

    def narrow(self, on: bool) -> None:
        """Client view: the list holds the chosen client alone (no other code names, no flag
        marks in the page at all); off again, the whole caseload."""
        c = pack()
        self._narrowed = on
        if not on:
            self.refresh()
            return
        chosen = self.selected
        self._quiet = True
        try:
            if chosen is None:
                self.dropdown.options = [(c.text("common.picker.placeholder"), None)]
                self.dropdown.value = None
            else:
                label = chosen.pseudonym + (f" ({chosen.initials})" if chosen.initials else "")
                self.dropdown.options = [(label, chosen.id)]
                self.dropdown.value = chosen.id
        finally:
            self._quiet = False
        if chosen is None:
            self.status.value = html.help_text(c.text("common.client_view.choose_first"))

    def refresh(self, select_id: str | None = None) -> None:
        if self._narrowed:
            return
        c = pack()
        clients = self.store.clients()
        flags = self.store.open_flag_counts() if settings().mode == "clinic" else {}
        options: list[tuple[str, str | None]] = [(c.text("common.picker.placeholder"), None)]
        for client in clients:
            label = client.pseudonym + (f" ({client.initials})" if client.initials else "")
            if flags.get(client.id):
                label += " " + c.text("common.risk.picker_mark", count=flags[client.id])
            options.append((label, client.id))
        before = self.dropdown.value
        current = select_id if select_id is not None else before
        ids = {o[1] for o in options}
        wanted = current if current in ids else None
        # New options reset the dropdown to its first entry for a moment; unheard, so the page
        # does not load (and show) the placeholder or another client on the way back.
        self._quiet = True
        try:
            self.dropdown.options = options
            self.dropdown.value = wanted
        finally:
            self._quiet = False
        if wanted != before:
            self._changed({"new": wanted})
        if not clients:
            self.status.value = html.help_text(c.text("common.picker.none_yet"))

    def _changed(self, change: dict) -> None:
        if self._quiet:
            return
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
        self.profile.show(self.selected)
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

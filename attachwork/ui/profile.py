"""The chosen client's profile (code name, initials, relationship, goals): shown under the
client chooser, edited in place, and every earlier version kept and listable.

The store copies the profile as it stood into ``record_versions`` before each edit
(:meth:`Store.update_client`), so nothing written about a client is lost by changing it.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

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
from attachwork.ui.language import language_name, language_options
from attachwork.ui.widgets import Field, Form, Notice, heading

K = "common.profile"


def profile_form(*, editing: bool = False) -> Form:
    """The profile's fields, the same when adding a client and when editing one (the editor's
    labels say whose profile it is, so no two fields on a page share a name)."""
    c = pack()
    k = f"{K}.fields" if editing else "common.picker"
    contexts = [(c.text(f"common.picker.contexts.{x}"), x) for x in RELATIONSHIP_CONTEXTS]
    return Form([
        Field.text("pseudonym", c.text(f"{k}.pseudonym"), c.text("common.picker.pseudonym_help")),
        Field.text("initials", c.text(f"{k}.initials")),
        Field.choice("relationship_context", c.text(f"{k}.relationship_context"), contexts,
                     value="other"),
        Field.text("goals", c.text(f"{k}.goals"), multiline=True),
        Field.choice("language", c.text(f"{K}.fields.language") if editing
                     else c.text("common.language.field"), language_options(),
                     c.text("common.language.field_help"), value=""),
    ])


def _context_label(value: str | None) -> str:
    c = pack()
    return c.text(f"common.picker.contexts.{value}") if value in RELATIONSHIP_CONTEXTS else "—"


def profile_html(profile: dict) -> html.Markup:
    """The profile as a short list, every value escaped; goals keep their line breaks."""
    c = pack()
    goals = profile.get("goals") or ""
    rows = [
        (c.text("common.picker.pseudonym"), profile.get("pseudonym") or ""),
        (c.text("common.picker.initials"), profile.get("initials") or "—"),
        (c.text("common.picker.relationship_context"),
         _context_label(profile.get("relationship_context"))),
        (c.text("common.picker.goals"),
         html.client_text(goals) if goals.strip() else c.text(f"{K}.no_goals")),
        (c.text("common.language.field"),
         language_name(profile["language"]) if profile.get("language")
         else c.text("common.language.practice", name=language_name(settings().lang))),
    ]
    return html.tag("dl", [html.join(html.tag("dt", k), html.tag("dd", v)) for k, v in rows],
                    cls="aw-profile-list")


def answer_goals(goals: str, risk: widgets.HTML, on_risk: Callable[[], None] | None) -> None:
    """After a profile is saved: goals that suggest risk bring the message at once (and the
    crisis panel for the clearest words), as any saved text does."""
    screen = screen_values(goals)
    risk.value = risk_message_html(screen.level or "clear") if screen.flagged else ""
    if screen.flagged and on_risk and screen.level == "clear":
        on_risk()


class ProfilePanel(widgets.VBox):
    """Shows the chosen client's profile; "Edit the profile" opens the form in place.
    ``on_saved`` listeners hear of the updated client (the page keeps it, no reload)."""

    def __init__(self, store: Store, notice: Notice | None = None,
                 on_risk: Callable[[], None] | None = None):
        c = pack()
        self.store = store
        self.on_risk = on_risk
        self.client: Client | None = None
        self._listeners: list[Callable[[Client], None]] = []
        self.shown = widgets.HTML()
        self.history = widgets.HTML()
        self.form = profile_form(editing=True)
        self.edit_button = widgets.Button(description=c.text(f"{K}.edit"))
        self.save_button = widgets.Button(description=c.text(f"{K}.save"), button_style="primary")
        self.cancel_button = widgets.Button(description=c.text(f"{K}.cancel"))
        self.message = widgets.HTML()  # beside the buttons: what happened to this save
        self.message.add_class("aw-form-message")
        self.risk = widgets.HTML()
        g = guard(notice or Notice())
        self.edit_button.on_click(g(lambda _b: self.edit()))
        self.save_button.on_click(g(lambda _b: self.save()))
        self.cancel_button.on_click(g(lambda _b: self.cancel()))
        self._editing = [*self.form.fields.values(),
                         widgets.HBox([self.save_button, self.cancel_button])]
        self.editor = widgets.VBox()  # filled only while editing: no hidden fields otherwise
        self.editor.add_class("aw-profile-editor")
        self.editor.layout.display = "none"
        super().__init__([heading(c.text(f"{K}.heading"), 3), self.shown, self.edit_button,
                          self.editor, self.message, self.risk, self.history])
        self.add_class("aw-profile")
        self.layout.display = "none"

    def on_saved(self, fn: Callable[[Client], None]) -> None:
        self._listeners.append(fn)

    def show(self, client: Client | None) -> None:
        self.client = client
        self.message.value = self.risk.value = ""
        self.editor.layout.display = "none"
        self.editor.children = ()
        self.edit_button.layout.display = "flex"
        if client is None:
            self.layout.display = "none"
            return
        self.layout.display = "flex"
        self.shown.value = profile_html(client.profile().model_dump(mode="json"))
        self._history()

    def edit(self) -> None:
        if self.client is None:
            return
        self.form.reset(self.client.profile().model_dump(mode="json"))
        self.message.value = ""
        self.editor.children = self._editing
        self.editor.layout.display = "flex"
        self.edit_button.layout.display = "none"

    def cancel(self) -> None:
        self.show(self.client)

    def save(self) -> Client | None:
        c = pack()
        if self.client is None:
            return None
        values = self.form.values()
        profile, errors = validate(ClientProfile, values)
        self.form.show_errors(errors)
        if profile is None:
            self.message.value = html.notice("error", c.text(f"{K}.check"))
            return None
        if profile.model_dump(mode="json") == self.client.profile().model_dump(mode="json"):
            self.message.value = html.notice("info", c.text(f"{K}.unchanged"))
            return self.client
        try:
            updated = self.store.update_client(self.client.id, profile)
        except DuplicatePseudonym:
            self.form.fields["pseudonym"].set_error(c.text("common.picker.duplicate"))
            self.message.value = html.notice("error", c.text(f"{K}.check"))
            return None
        self.show(updated)
        self.message.value = html.notice(
            "ok", c.text(f"{K}.saved", time=local_time(updated.updated_at)))
        answer_goals(profile.goals, self.risk, self.on_risk)
        for fn in self._listeners:
            fn(updated)
        return updated

    def _history(self) -> None:
        c = pack()
        assert self.client is not None
        versions = self.store.versions(self.client.id)
        if not versions:
            self.history.value = html.help_text(c.text(f"{K}.no_versions"))
            return
        rows = [(local_time(v.saved_at), c.text(f"{K}.by.{v.author}"),
                 profile_html(v.payload)) for v in reversed(versions)]
        table = html.table([c.text(f"{K}.col_until"), c.text(f"{K}.col_by"),
                            c.text(f"{K}.col_profile")], rows,
                           caption=c.text(f"{K}.versions_caption"))
        self.history.value = html.tag("details", [
            html.tag("summary", c.text(f"{K}.versions", count=len(versions))), table])

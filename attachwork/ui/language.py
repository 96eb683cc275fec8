"""Which language a page speaks, and the switch on the page.

A client's own pages (home mode, a client's account) speak the language of their profile. A
therapist's pages speak the practice's language (``ATTACHWORK_LANG``); when the client chosen
reads another one, the client step offers to show the page in the client's language, or the
client's words beside the therapist's labels, and to change the language on the profile.
The switch is a link to the same page with ``lang=`` or ``beside=`` in its address: the page
is built again in the other language, so every word on it changes, not only some.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

import ipywidgets as widgets

from attachwork.config import settings
from attachwork.content import current_language, languages, pack, usable, use_language
from attachwork.domain.records import Client
from attachwork.store import Store
from attachwork.ui import html
from attachwork.ui.address import query
from attachwork.ui.widgets import Field


def language_name(lang: str) -> str:
    """A language named in its own words (``Español``)."""
    return str(pack().get(f"common.language.names.{lang}", lang))


def client_language(client: Client | None) -> str:
    """The language a client's pages speak: their profile's, else the practice's."""
    return usable(client.language if client else None) or settings().lang


def choose_page_language(home_client: Client | None, home: bool) -> str:
    """Set the language this page speaks, before any of it is built: at home the profile's
    (or the address's, when the switch asked for another); in the clinic the address's
    ``lang`` and ``beside``, else the practice's."""
    wanted = query()
    if home:
        return use_language(wanted.get("lang") or (home_client.language if home_client else None))
    return use_language(wanted.get("lang"), wanted.get("beside"))


def language_options() -> list[tuple[str, str]]:
    c = pack()
    practice = c.text("common.language.practice", name=language_name(settings().lang))
    return [(practice, ""), *((language_name(lang), lang) for lang in languages())]


def language_field(value: str = "") -> Field:
    c = pack()
    return Field.choice("language", c.text("common.language.field"), language_options(),
                        c.text("common.language.field_help"), value=value)


def switch_href(client: Client, **params: str) -> str:
    """The same page with ``client`` chosen and ``params`` (``lang``, ``beside``) set."""
    return "?" + urlencode({"client": client.id, **params})


class LanguageSwitch(widgets.VBox):
    """On the therapist's client step: the client's language (changed on their profile), and
    links that show this page in it or beside the labels, and back."""

    def __init__(self, store: Store, on_changed: Callable[[Client], None] | None = None):
        self.store = store
        self.on_changed = on_changed
        self.client: Client | None = None
        self.field = language_field()
        self.field.control.observe(self._chosen, names="value")
        self.links = widgets.HTML()
        self._quiet = False
        super().__init__([self.field, self.links])
        self.add_class("aw-language")
        self.layout.display = "none"

    def show(self, client: Client | None) -> None:
        self.client = client
        if client is None:
            self.layout.display = "none"
            return
        self._quiet = True
        try:
            self.field.value = usable(client.language) or ""
        finally:
            self._quiet = False
        self.layout.display = "flex"
        self._links()

    def _links(self) -> None:
        c = pack()
        client = self.client
        if client is None:
            return
        theirs, page, practice = client_language(client), current_language(), settings().lang
        beside = query().get("beside")
        parts: list[html.Content] = []
        if theirs != page:
            name = language_name(theirs)
            parts.append(html.para(c.text("common.language.client_reads", name=client.pseudonym,
                                          language=name)))
            links = [] if theirs == practice else [html.link(
                switch_href(client, lang=theirs), c.text("common.language.show_in", language=name),
                "aw-lang-switch")]
            if beside != theirs:
                kept = {"lang": page} if page != practice else {}
                links.append(html.link(switch_href(client, **kept, beside=theirs),
                                       c.text("common.language.show_beside", language=name),
                                       "aw-lang-beside"))
            parts.append(html.bullets(links))
        if page != practice or beside:
            parts.append(html.para(html.link(
                switch_href(client), c.text("common.language.back_to", language=language_name(practice)),
                "aw-lang-back")))
        self.links.value = html.join(*parts)

    def _chosen(self, change: dict) -> None:
        if self._quiet or self.client is None or change["new"] == self.client.language:
            return
        c = pack()
        profile = self.client.profile().model_copy(update={"language": change["new"] or ""})
        self.client = self.store.update_client(self.client.id, profile)
        self.links.value = ""
        self._links()
        self.links.value = html.join(html.notice("ok", c.text(
            "common.language.changed", name=self.client.pseudonym,
            language=language_name(client_language(self.client)))), self.links.value)
        if self.on_changed:
            self.on_changed(self.client)

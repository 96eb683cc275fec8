"""What a page hands to the forms and panels on it.

A :class:`Workspace` is the state that flows down (the store, who is writing and where,
the client being worked with, the workbook entries belong to, where messages go) and the
events that come back up (an entry was saved or removed, words that suggest risk were
saved). Forms and panels take one as their first argument and never reach into the page.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from attachwork.config import Settings, settings
from attachwork.domain.records import Client, Entry
from attachwork.store import NotFound, Store
from attachwork.ui.errors import guard
from attachwork.ui.html import risk_message_html
from attachwork.ui.widgets import HTMLWidget, Notice, SaveIndicator
from attachwork.workbooks import WorkbookSpec


class Workspace:
    """``workbook`` is the workbook that entries saved here belong to (their ``workbook``
    column, the prefix of draft keys, the wrap-up's session record)."""

    def __init__(self, store: Store, workbook: WorkbookSpec, cfg: Settings | None = None):
        cfg = cfg or settings()
        self.store = store
        self.workbook = workbook
        self.mode = cfg.mode
        self.author = cfg.author
        self.place = cfg.place
        self.client: Client | None = None
        #: This page (browser tab): its drafts are its own, so two tabs never overwrite each
        #: other's unsaved typing.
        self.tab = str(uuid.uuid4())
        self.notice = Notice()
        self.save_state = SaveIndicator()
        #: Wrap a widget callback so an error becomes a kind message, never a traceback.
        self.safe = guard(self.notice)
        #: Move keyboard focus to the first element shown that matches a CSS selector (the
        #: page's :class:`~attachwork.ui.address.Address` sets this; nothing happens before).
        self.focus: Callable[[str], None] = lambda _selector: None
        self._saved: list[Callable[[Entry], None]] = []
        self._changed: list[Callable[[str], None]] = []
        self._risk: list[Callable[[], None]] = []

    @property
    def home(self) -> bool:
        return self.mode == "home"

    # -- reading -------------------------------------------------------------------------
    def entry(self, entry_id: str, *, include_deleted: bool = False) -> Entry | None:
        """The current client's entry by id, unless it is gone, removed, or someone else's."""
        if self.client is None:
            return None
        try:
            entry = self.store.entry(entry_id)
        except NotFound:
            return None
        if entry.client_id != self.client.id:
            return None
        return entry if include_deleted or entry.deleted_at is None else None

    def latest(self, kind: str) -> Entry | None:
        """The current client's most recent entry of ``kind``."""
        if self.client is None:
            return None
        entries = self.store.entries(self.client.id, kind)
        return entries[-1] if entries else None

    # -- events up -----------------------------------------------------------------------
    def on_saved(self, fn: Callable[[Entry], None]) -> None:
        self._saved.append(fn)

    def on_changed(self, fn: Callable[[str], None]) -> None:
        """``fn(kind)`` after an entry of ``kind`` was saved, removed or put back."""
        self._changed.append(fn)

    def on_risk(self, fn: Callable[[], None]) -> None:
        self._risk.append(fn)

    def saved(self, entry: Entry) -> None:
        for fn in self._saved:
            fn(entry)
        self.changed(entry.kind)

    def changed(self, kind: str) -> None:
        for fn in self._changed:
            fn(kind)

    def show_risk(self, near: HTMLWidget | None = None, level: str | None = "clear") -> None:
        """Words that may point to risk were saved: the kind message for their ``level``
        (``clear``, ``possible``, ``partner``) where the person is working (``near``); for a
        clear sign, the crisis resources open at the top of the page too."""
        level = level or "clear"
        if near is not None:
            near.value = risk_message_html(level, home=self.home,
                                           client_id=None if self.home or not self.client else self.client.id)
        if level == "clear":
            for fn in self._risk:
                fn()

    def flagged(self, entry: Entry | list[Entry], near: HTMLWidget | None = None) -> None:
        """After saving flagged entries: the message the most urgent flag calls for."""
        order = ("clear", "partner", "possible")
        levels = []
        for e in entry if isinstance(entry, list) else [entry]:
            flag = self.store.flag_for(e.id)
            levels.append(flag.level if flag and flag.level in order else "clear")
        self.show_risk(near, min(levels, key=order.index) if levels else "clear")

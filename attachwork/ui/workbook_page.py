"""The page every session workbook is: choose a client, see flags and last time's homework
first, work through the session's steps (built when a client is first chosen), then notes and
homework.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from attachwork.config import settings
from attachwork.content import pack
from attachwork.domain import homework
from attachwork.domain.records import Client, Entry
from attachwork.domain.textsafe import esc, esc_multiline
from attachwork.store import Store
from attachwork.ui.errors import guard, report_error
from attachwork.ui.forms import WorksheetForm, WrapUp, client_entry, local_time
from attachwork.ui.frame import Page, Shell
from attachwork.ui.picker import ClientPicker, HomeProfile
from attachwork.ui.widgets import Steps


# -- flags -----------------------------------------------------------------------------
class FlagBanner(widgets.VBox):
    """Entries the risk screen flagged and nobody has talked through yet (therapist view)."""

    def __init__(self, wb: Any):
        self.wb = wb
        self.text = widgets.HTML()
        self.button = widgets.Button(description=pack().text("common.risk.reviewed_button"),
                                     button_style="warning")
        self.button.on_click(guard(wb.shell.notice)(lambda _b: self.reviewed()))
        self.button.layout.align_self = "flex-start"
        super().__init__([self.text, self.button])
        self.add_class("aw-flags")
        self.layout.display = "none"

    def refresh(self) -> None:
        c = pack()
        wb = self.wb
        flags = wb.store.flags(wb.client.id) if wb.client and settings().mode == "clinic" else []
        self.flags = flags
        if not flags:
            self.layout.display = "none"
            return
        labels = c.get("risk.signals")
        lines = []
        for f in flags:
            label = " / ".join(labels.get(cat, {}).get("label", cat) for cat in f.categories)
            where = c.get(f"common.risk.where.{f.record_kind}", f.record_kind)
            place = ""
            if f.record_kind != "profile":
                entry = wb.maybe_entry(f.record_id, include_deleted=True)
                place = c.get(f"common.risk.places.{entry.place}", "") if entry else ""
            line = c.text("common.risk.flag_line", date=local_time(f.created_at), place=place,
                          where=where, label=label)
            lines.append(f"<li>{esc(line)}</li>")
        self.text.value = (
            f'<section class="aw-notice warn" role="alert">'
            f'<h3>{esc(c.text("common.risk.flag_heading"))}</h3><ul>{"".join(lines)}</ul>'
            f'<p>{esc(c.text("common.risk.flag_hint"))}</p></section>'
        )
        self.layout.display = "flex"

    def clear(self) -> None:
        self.flags = []
        self.layout.display = "none"

    def reviewed(self) -> None:
        for f in getattr(self, "flags", []):
            self.wb.store.review_flag(f.id, by="therapist")
        self.clear()
        self.wb.shell.notice.show("ok", pack().text("common.risk.reviewed"))
        self.wb.picker.refresh()


def since_last_time_html(store: Store, client: Client) -> str:
    """Last homework set (any workbook) and progress on it, for the top of a session."""
    c = pack()
    sessions = store.entries(client.id, "session")
    last = homework.latest_homework(sessions)
    if last is None:
        return ""
    rec = last.payload
    items = []
    for p in homework.progress(last, store.entries(client.id)):
        kind = c.text(f"common.homework.kinds.{p.kind}")
        css = "aw-done" if p.complete else "aw-open"
        line = c.text("common.homework.progress", kind=kind, done=p.done, wanted=p.wanted)
        items.append(f'<li class="{css}">{esc(line)}</li>')
    due = c.text("common.homework.due", date=rec["homework_due"]) if rec.get("homework_due") else ""
    note = (f'<p class="aw-client-text">{esc_multiline(rec["homework"])}</p>'
            if rec.get("homework") else "")
    workbook_title = c.get(f"common.workbooks.{rec.get('workbook')}", rec.get("workbook", ""))
    head = c.text("common.homework.since", date=rec.get("date", ""), workbook=workbook_title)
    return (f'<section class="aw-since aw-panel-soft"><h3>{esc(head)}</h3>'
            f'<ul>{"".join(items)}</ul>{note}<p class="aw-help">{esc(due)}</p></section>')


# -- the workbook ----------------------------------------------------------------------
class SessionWorkbook(Page):
    """Subclasses set ``WORKBOOK``, ``NUMBER``, ``KEY`` (their content file) and ``STEPS``
    (step names after the client step), and implement :meth:`build`."""

    WORKBOOK = ""
    NUMBER = 0
    KEY = ""
    STEPS: tuple[str, ...] = ()

    def __init__(self, store: Store):
        c = pack()
        super().__init__(store, c.text(f"{self.KEY}.title"), c.text(f"{self.KEY}.subtitle"))
        home = self.mode == "home"
        # At home there is one profile and no picker; homework is agreed in session, so the
        # wrap-up step (homework and the therapist's note) is not there.
        self.picker = (HomeProfile(store) if home else
                       ClientPicker(store, notice=self.shell.notice, on_risk=self.shell.crisis.show))
        self.picker.on_select(self.safe(self.select_client))
        self.flags = FlagBanner(self)
        self.since = widgets.HTML()
        self.names = ("client", *self.STEPS) + (() if home else ("wrapup",))
        titles = [c.text("common.session.client_step"),
                  *(c.text(f"{self.KEY}.steps.{s}") for s in self.STEPS)]
        if not home:
            titles.append(c.text("common.session.wrapup_step"))
        self.steps = Steps([(t, widgets.VBox()) for t in titles])
        self.steps.pages[0].children = [self.flags, self.since, self.picker]
        self.steps.on_change(self.safe(self._shown))
        self.shell.body.children = [self.steps]
        self.forms: list[WorksheetForm] = []
        self._built = False
        if home:
            self.picker.start()

    # -- for subclasses ---------------------------------------------------------------
    def build(self) -> list[widgets.Widget]:
        """One widget per name in ``STEPS``; add worksheet forms to ``self.forms``."""
        raise NotImplementedError

    def loaded(self) -> None:
        """A client was chosen and the forms were reset: refresh lists."""

    def on_step(self, name: str) -> None:
        """A step was shown (charts are drawn here, when they are looked at)."""

    def entries_changed(self, kind: str) -> None:
        """Entries of ``kind`` were saved, removed or put back."""

    # -- shared ---------------------------------------------------------------------
    def latest(self, kind: str) -> Entry | None:
        """The client's most recent entry of ``kind`` (for "last time" comparisons)."""
        entries = self.store.entries(self.client.id, kind)
        return entries[-1] if entries else None

    def maybe_entry(self, entry_id: str, *, include_deleted: bool = False) -> Entry | None:
        return client_entry(self.store, self.client, entry_id, include_deleted=include_deleted)

    def _build(self) -> None:
        if self._built:
            return
        pages = [*self.build()] + ([] if self.mode == "home" else [self._wrapup()])
        for page, content in zip(self.steps.pages[1:], pages, strict=True):
            page.children = [content]
        self._built = True

    def _wrapup(self) -> widgets.Widget:
        self.wrapup = WrapUp(self)
        self.forms.append(self.wrapup)
        return self.wrapup

    def select_client(self, client: Client | None) -> None:
        self.client = client
        self.shell.export.refresh()
        if client is None:
            self.flags.clear()
            self.since.value = ""
            if self._built:
                for form in self.forms:
                    form.reset()
            self.steps.lock()
            self.shell.save_state.never()
            return
        self._build()
        self.flags.refresh()
        self.since.value = since_last_time_html(self.store, client)
        for form in self.forms:
            form.load()
        self.loaded()
        self.steps.unlock()
        last = self.store.last_activity(client.id)
        self.shell.save_state.saved(last) if last else self.shell.save_state.never()
        self._shown(self.steps.current)

    def _shown(self, index: int) -> None:
        if self.client is not None and self._built:
            self.on_step(self.names[index])

    def saved(self, entry: Entry) -> None:
        """Listener for worksheet forms: keep lists and charts in step."""
        self.entries_changed(entry.kind)


def open_workbook(cls: type[SessionWorkbook], store: Store | None = None) -> widgets.Widget:
    """Build a workbook; if the store cannot be opened the page still says something kind."""
    try:
        store = store or Store.open()
    except Exception as exc:  # noqa: BLE001 - the page must still say something kind
        shell = Shell.failed(pack().text(f"{cls.KEY}.title"))
        report_error(exc)
        return shell
    return cls(store).shell

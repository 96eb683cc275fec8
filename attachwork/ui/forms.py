"""The forms every workbook is built from.

* :class:`WorksheetForm`: one worksheet that validates against its record schema, keeps
  unsaved typing as a draft, edits an entry without losing the earlier version, and
  brings the crisis resources forward when the risk screen flags what was saved;
* :class:`TextFieldsForm`: a worksheet of text boxes only;
* :class:`FrequencyCheckForm`: lines rated for how often, lately, compared with last time;
* :class:`EntryList`: past entries newest first, to open, remove and put back;
* :class:`WrapUp`: homework (which worksheets, how many, by when) and the session note.

Each takes the page's :class:`~attachwork.ui.workspace.Workspace` and nothing else of it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol

import ipywidgets as widgets

from attachwork import workbooks
from attachwork.content import pack
from attachwork.domain.records import HOMEWORK_KINDS, Entry, compare_frequencies, schema_for
from attachwork.domain.validation import validate
from attachwork.domain.when import local_date, local_time
from attachwork.store import StaleEdit
from attachwork.ui import html
from attachwork.ui.client_view import therapist_only
from attachwork.ui.errors import report_error
from attachwork.ui.widgets import (
    DraftOffer,
    Field,
    NumberField,
    SaveIndicator,
    heading,
    live_area,
    paragraph,
)
from attachwork.ui.workspace import Workspace


class ErrorTarget(Protocol):
    """Anything that can show a message beside itself (a field, a group, a picker)."""

    def set_error(self, message: str) -> None: ...

    def clear_error(self) -> None: ...


def who_where(entry: Entry) -> str:
    """"In session" or "At home, by the client": told apart in every list."""
    return pack().text(f"common.session.written.{entry.place}_{entry.author}")


def jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


# -- one worksheet ---------------------------------------------------------------------
class SaveStatus:
    """The page header's save status and the one beside a form's button, told together."""

    def __init__(self, ws: Workspace, beside: SaveIndicator):
        self.ws, self.beside = ws, beside

    def _both(self) -> tuple[SaveIndicator, SaveIndicator]:
        return self.ws.save_state, self.beside

    def draft(self, when: dt.datetime | None = None) -> None:
        for s in self._both():
            s.draft(when)

    def saving(self) -> None:
        for s in self._both():
            s.saving()

    def saved(self, when: dt.datetime | None = None) -> None:
        for s in self._both():
            s.saved(when)

    def failed(self) -> None:
        for s in self._both():
            s.failed()


_FORMS = iter(range(1, 1 << 30))


class WorksheetForm(widgets.VBox):
    """Subclasses set ``kind`` and implement :meth:`state`, :meth:`apply` and
    :meth:`payload`; ``self.targets`` maps schema fields to widgets that can show an error.

    After a save that cannot go through, keyboard focus moves to the first field with a
    problem (its message is read with it); the form's message below the button is a lasting
    live region ("The entry was saved.").
    """

    kind = ""
    keep_after_save = False  # True: the form goes on editing what it saved (cycle map)
    resume_latest = False  # True: on load, the latest saved entry is opened for editing

    def __init__(self, ws: Workspace, body: list[widgets.Widget], *, save_label: str,
                 saved_text: str, targets: dict[str, ErrorTarget],
                 after: list[widgets.Widget] | None = None, offer_here: bool = True):
        """``after`` goes below the save button; ``offer_here`` False leaves the offer to carry
        on with a draft for the page to place (a form spread over several steps)."""
        c = pack()
        self.ws = ws
        self.key = self.draft_key()
        self.targets = targets
        self.saved_text = saved_text
        self.editing: Entry | None = None
        self._loading = False
        self._listeners: list[Callable[[Entry], None]] = []
        self.offer = DraftOffer(ws.notice, tab=ws.tab)
        self.editing_note = widgets.HTML()
        self.save_button = widgets.Button(description=save_label, button_style="primary")
        self.stop_button = widgets.Button(description=c.text("common.session.stop_editing"))
        self.stop_button.layout.display = "none"
        self.message = live_area()
        self.message.add_class("aw-form-message")
        #: Shown beside the save button when another window saved this entry meanwhile.
        self.conflict = widgets.VBox()
        self.conflict.add_class("aw-conflict")
        self.save_button.on_click(ws.safe(lambda _b: self.save()))
        self.stop_button.on_click(ws.safe(lambda _b: self.reset(discard_draft=True)))
        #: Where this form's saving stands, beside its button (the header says it too).
        self.save_status = SaveIndicator(beside=True)
        self.save_state = SaveStatus(ws, self.save_status)
        self.actions = widgets.HBox([self.save_button, self.stop_button, self.save_status])
        self.actions.add_class("aw-actions")
        super().__init__([*([self.offer] if offer_here else []), self.editing_note, *body,
                          self.actions, self.conflict, self.message, *(after or [])])
        self.add_class("aw-worksheet")
        #: a class only this form has, so focus can be sent to its own fields
        self.css = f"aw-form-{next(_FORMS)}"
        self.add_class(self.css)
        self.blank: dict[str, Any] = {}

    # -- for subclasses -------------------------------------------------------------
    draft_name = ""

    def draft_key(self) -> str:
        """Where unsaved typing is kept: one per workbook and worksheet."""
        return f"{self.ws.workbook.id}:{self.draft_name or self.kind}"

    def draft_payload(self, state: dict[str, Any], editing: str | None) -> dict[str, Any]:
        """What a draft row holds: the form's state and the entry being edited."""
        return {"state": state, "editing": editing}

    def draft_parts(self, payload: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
        """The state and the entry being edited, back out of a draft row."""
        return payload.get("state") or {}, payload.get("editing")

    def state(self) -> dict[str, Any]:
        raise NotImplementedError

    def apply(self, state: dict[str, Any]) -> None:
        raise NotImplementedError

    def payload(self, state: dict[str, Any]) -> dict[str, Any]:
        return dict(state)

    def from_payload(self, payload: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in payload.items() if k != "kind"}

    def check(self) -> bool:
        """Checks before the schema's: typed numbers that are not numbers in range. A message
        is shown beside each field with a problem; whether the form can be saved."""
        return all([t.check() for t in self.targets.values() if isinstance(t, NumberField)])

    # -- wiring ---------------------------------------------------------------------
    def ready(self, *controls: widgets.Widget) -> None:
        """Call at the end of a subclass ``__init__``: remember the blank form, and keep
        a draft whenever one of ``controls`` changes."""
        self.blank = jsonable(self.state())
        for control in controls:
            control.observe(self.ws.safe(self._changed), names="value")

    def on_saved(self, fn: Callable[[Entry], None]) -> None:
        self._listeners.append(fn)

    def _set(self, state: dict[str, Any]) -> None:
        self._loading = True
        try:
            self.apply(state)
        finally:
            self._loading = False

    def _changed(self, _change: Any = None) -> None:
        if self._loading or self.ws.client is None:
            return
        state = jsonable(self.state())
        if self.editing is None and state == self.blank:
            return
        editing = self.editing.id if self.editing else None
        payload = self.draft_payload(state, editing)
        if self.editing is not None:  # the version the typing began from, for a later save
            payload["editing_version"] = self.editing.version
        draft = self.ws.store.save_draft(self.ws.client.id, self.key, payload, tab=self.ws.tab)
        self.save_state.draft(draft.updated_at)

    def clear_errors(self) -> None:
        for target in self.targets.values():
            target.clear_error()

    def problem(self, text: str) -> None:
        """The save could not go through: say so below the button and move focus to the
        first field with a problem (or to the message, if no field is marked)."""
        self.message.value = html.error_text(text, live=False)
        self.ws.focus(f".{self.css} .aw-invalid, .{self.css} .aw-form-message")

    def reset(self, *, discard_draft: bool = False) -> None:
        self.editing = None
        self.editing_note.value = ""
        self.conflict.children = []
        self.stop_button.layout.display = "none"
        self._set(self.blank)
        self.clear_errors()
        if discard_draft and self.ws.client is not None:
            self.ws.store.discard_draft(self.ws.client.id, self.key, tab=self.ws.tab)

    def edit(self, entry: Entry) -> None:
        """Load a saved entry; saving it again keeps the earlier version."""
        c = pack()
        self.reset()
        self.editing = entry
        self._set(self.from_payload(entry.payload))
        self.editing_note.value = html.notice(
            "info", c.text("common.session.editing", date=local_time(entry.created_at)))
        self.stop_button.layout.display = "" if not self.keep_after_save else "none"
        self.message.value = ""

    def load(self) -> None:
        """A client was chosen: start clean and offer back any unsaved work."""
        self.reset()
        self.message.value = ""
        if self.ws.client is None:
            return
        offered = self.offer.offer(self.ws.store, self.ws.client.id, self.key,
                                   lambda: self.draft_payload(jsonable(self.state()), None),
                                   self._restore)
        if self.resume_latest and not offered:
            latest = self.ws.latest(self.kind)
            if latest is not None:
                self.edit(latest)

    def _restore(self, draft: dict[str, Any]) -> None:
        state, editing = self.draft_parts(draft)
        if editing:
            entry = self.ws.entry(editing)
            if entry is not None:
                self.edit(entry)
                began = draft.get("editing_version")
                if isinstance(began, int) and began != entry.version:
                    # Typed against an older version: saving will show both, never overwrite.
                    self.editing = dataclasses.replace(entry, version=began)
        self._set(state)

    # -- saving ---------------------------------------------------------------------
    def save(self) -> Entry | None:
        c = pack()
        ws = self.ws
        self.message.value = ""
        if ws.client is None:
            ws.notice.show("warn", c.text("common.session.choose_first"))
            return None
        self.clear_errors()
        if not self.check():
            self.problem(c.text("common.session.check_fields"))
            return None
        data = self.payload(self.state())
        record, errors = validate(schema_for(self.kind), data)
        if record is None:
            for name, message in errors.items():
                target = self.targets.get(name)
                if target is not None:
                    target.set_error(message)
            self.problem(c.text("common.session.check_fields"))
            return None
        self.save_state.saving()
        self.conflict.children = []
        # The version this form loaded goes with the save: if another window saved the entry
        # meanwhile, the save is refused and both versions are shown (nothing lost silently).
        expected = {self.editing.id: self.editing.version} if self.editing else None
        try:
            [entry] = ws.store.save_many(
                ws.client.id, [(self.editing.id if self.editing else None, self.kind, record)],
                author=ws.author, place=ws.place, workbook=ws.workbook.id, expected=expected)
        except StaleEdit as stale:
            self.save_state.failed()
            self._show_conflict(stale.current, record.model_dump(mode="json"))
            return None
        except Exception as exc:  # noqa: BLE001 - the form keeps its text; say so
            self.save_state.failed()
            stamp = report_error(exc, ws.notice)  # and beside the button, where it was pressed
            self.problem(c.text("common.errors.friendly", time=stamp))
            return None
        ws.store.discard_draft(ws.client.id, self.key, tab=ws.tab)
        self.offer.clear()
        self.save_state.saved(entry.updated_at)
        if self.keep_after_save:
            self.edit(entry)
        else:
            self.reset()
        self.message.value = html.notice("ok", self.saved_text, live=False)
        if entry.flagged:
            ws.flagged(entry, self.message)
        for fn in self._listeners:
            fn(entry)
        ws.saved(entry)
        return entry


    def _show_conflict(self, theirs: Entry, mine: dict[str, Any]) -> None:
        """Another window saved this entry since it was opened here: say so beside the save
        button, show both versions side by side, and let the person keep theirs as the new
        version (the other window's stays in the history) or carry on from the other one."""
        c = pack()
        k = "common.session.conflict"
        rows = []
        for name in [n for n in mine if n != "kind"] + [n for n in theirs.payload if n not in mine]:
            if name == "kind" or mine.get(name) == theirs.payload.get(name):
                continue
            label = getattr(getattr(self.targets.get(name), "control", None), "description", "")
            rows.append([label or name.replace("_", " ").capitalize(),
                         _shown(theirs.payload.get(name)), _shown(mine.get(name))])
        keep = widgets.Button(description=c.text(f"{k}.keep_mine"), button_style="primary")
        take = widgets.Button(description=c.text(f"{k}.take_theirs"))

        def keep_mine(_b: Any) -> None:
            self.editing = theirs  # saving again goes on from the newer version, kept in history
            self.conflict.children = []
            self.save()

        def take_theirs(_b: Any) -> None:
            self.edit(theirs)
            self.message.value = html.notice("info", c.text(f"{k}.took_theirs"))

        keep.on_click(self.ws.safe(keep_mine))
        take.on_click(self.ws.safe(take_theirs))
        table = html.table([c.text(f"{k}.field"), c.text(f"{k}.theirs"), c.text(f"{k}.mine")],
                           rows, caption=c.text(f"{k}.caption"))
        text = c.text(f"{k}.changed", when=local_time(theirs.updated_at))
        self.conflict.children = [widgets.HTML(html.join(html.notice("warn", text), table)),
                                  widgets.HBox([keep, take])]


def _shown(value: Any) -> str:
    """A saved value as plain words for the side-by-side view (escaped by the table)."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return "; ".join(_shown(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_shown(v)}" for k, v in value.items())
    return str(value)


class TextFieldsForm(WorksheetForm):
    """A worksheet of text boxes only. ``section`` is its content key (``heading``,
    ``intro``, ``save``, ``saved``); ``fields`` maps schema fields to their boxes."""

    def __init__(self, ws: Workspace, section: str, fields: dict[str, Field],
                 after: list[widgets.Widget] | None = None):
        c = pack()
        self.fields = fields
        super().__init__(ws, [heading(c.text(f"{section}.heading")),
                              paragraph(c.text(f"{section}.intro")), *fields.values()],
                         save_label=c.text(f"{section}.save"),
                         saved_text=c.text(f"{section}.saved"), targets=dict(fields), after=after)
        self.ready(*(f.control for f in fields.values()))

    def state(self) -> dict[str, Any]:
        return {k: f.value for k, f in self.fields.items()}

    def apply(self, state: dict[str, Any]) -> None:
        for k, f in self.fields.items():
            f.value = state.get(k) or ""


class MessageTarget:
    """An error place for a schema field shown as a whole group (e.g. homework counts)."""

    def __init__(self, box: widgets.HTML):
        self.html = box

    def set_error(self, message: str) -> None:
        self.html.value = html.error_text(message, live=False)
        self.html.add_class("aw-invalid")

    def clear_error(self) -> None:
        self.html.value = ""
        self.html.remove_class("aw-invalid")


# -- frequency checks ----------------------------------------------------------------------
class FrequencyCheckForm(WorksheetForm):
    """Lines rated for how often, lately (protest behaviour, self-silencing, over-functioning).
    Repeatable; each new check is compared line by line with the one before. ``base`` is its
    content section; the scale's words are workbook 01's."""

    WORDS = f"{workbooks.PATTERN_AWARENESS.key}.frequency"

    def __init__(self, ws: Workspace, kind: str, base: str):
        c = pack()
        f = self.WORDS
        self.kind = kind
        self.levels = [(c.text(f"{f}.{n}"), n) for n in range(4)]
        self.items: dict[str, str] = c.get(f"{base}.items")
        self.rows: dict[str, widgets.ToggleButtons] = {}
        self.changes: dict[str, widgets.HTML] = {}
        boxes = []
        for n, (item_id, text) in enumerate(self.items.items(), start=1):
            buttons = widgets.ToggleButtons(options=self.levels, value=None,
                                            style={"button_width": "auto"})
            buttons.add_class("aw-frequency")
            buttons.add_class(f"aw-freq-{item_id}")
            self.rows[item_id] = buttons
            self.changes[item_id] = widgets.HTML()
            box = widgets.VBox([widgets.HTML(html.para([html.tag("strong", f"{n}."), " ", text],
                                                       "aw-rating-label")),
                                buttons, self.changes[item_id]])
            box.add_class("aw-item")
            box.add_class("aw-rating")
            boxes.append(box)
            buttons.observe(lambda _c, i=item_id: self._show_change(i), names="value")
        self.rate_error = widgets.HTML()
        self.note = Field.text("note", c.text(f"{f}.note"), multiline=True, rows=2)
        self.comparison = widgets.HTML()
        self.previous: Entry | None = None
        super().__init__(
            ws, [heading(c.text(f"{base}.heading")), paragraph(c.text(f"{base}.intro")),
                 self.comparison, *boxes, self.rate_error, self.note],
            save_label=c.text(f"{base}.save"), saved_text=c.text(f"{f}.saved"),
            targets={"ratings": MessageTarget(self.rate_error), "note": self.note})
        self.ready(*self.rows.values(), self.note.control)

    def state(self) -> dict[str, Any]:
        return {"ratings": {k: b.value for k, b in self.rows.items() if b.value is not None},
                "note": self.note.value}

    def apply(self, state: dict[str, Any]) -> None:
        ratings = state.get("ratings") or {}
        for k, b in self.rows.items():
            b.value = ratings.get(k) if ratings.get(k) in range(4) else None
        self.note.value = state.get("note") or ""

    def set_previous(self, entry: Entry | None) -> None:
        c = pack()
        self.previous = entry
        if entry is None:
            self.comparison.value = html.help_text(c.text(f"{self.WORDS}.first_time"))
        else:
            text = c.text(f"{self.WORDS}.last_time", date=local_date(entry.created_at))
            self.comparison.value = html.notice("info", text, live=False)
        for item_id in self.rows:
            self._show_change(item_id)

    def _show_change(self, item_id: str) -> None:
        c = pack()
        f = self.WORDS
        before = self.previous.payload.get("ratings", {}).get(item_id) if self.previous else None
        if before is None:
            self.changes[item_id].value = ""
            return
        now = self.rows[item_id].value
        was = c.text(f"{f}.{before}").lower()
        if now is None:
            text = c.text(f"{f}.was", was=was)
        else:
            change = compare_frequencies({item_id: before}, {item_id: now})[item_id]
            text = c.text(f"{f}.change.{change}", was=was)
        self.changes[item_id].value = html.para(text, "aw-help aw-change")


# -- past entries ----------------------------------------------------------------------
class EntryList(widgets.VBox):
    """Past entries of one kind, newest first: a table to read, a chooser to open or
    remove one, and removed entries that can be put back."""

    def __init__(self, ws: Workspace, kind: str, headers: list[str],
                 cells: Callable[[Entry], list[str]], label: Callable[[Entry], str],
                 on_open: Callable[[Entry], None], *, limit: int = 30):
        c = pack()
        self.ws, self.kind, self.headers, self.cells, self.label = ws, kind, headers, cells, label
        self.on_open, self.limit = on_open, limit
        self.entries: list[Entry] = []
        self.table = widgets.HTML()
        self.chooser = widgets.Dropdown(options=[], value=None)
        self.pick = Field("entry", self.chooser, c.text("common.session.list.choose"))
        self.open_button = widgets.Button(description=c.text("common.session.list.open"))
        self.remove_button = widgets.Button(description=c.text("common.session.list.remove"))
        self.removed = widgets.Dropdown(options=[], value=None)
        self.removed_field = Field("removed", self.removed, c.text("common.session.list.removed"))
        self.restore_button = widgets.Button(description=c.text("common.session.list.restore"))
        self.status = live_area()
        self.open_button.on_click(ws.safe(lambda _b: self._open()))
        self.remove_button.on_click(ws.safe(lambda _b: self._remove()))
        self.restore_button.on_click(ws.safe(lambda _b: self._restore()))
        self.removed_box = widgets.VBox([self.removed_field, self.restore_button])
        actions = widgets.HBox([self.open_button, self.remove_button])
        actions.add_class("aw-actions")
        super().__init__([self.table, self.pick, actions, self.status, self.removed_box])
        self.add_class("aw-entry-list")

    def refresh(self) -> None:
        c = pack()
        ws = self.ws
        if ws.client is None:
            return
        everything = ws.store.entries(ws.client.id, self.kind, include_deleted=True)
        live = [e for e in everything if e.deleted_at is None]
        gone = [e for e in everything if e.deleted_at is not None]
        self.entries = list(reversed(live))
        shown = self.entries[: self.limit]
        if not shown:
            self.table.value = html.help_text(c.text(f"common.session.list.empty_{self.kind}"))
        else:
            more = None
            if len(self.entries) > self.limit:
                more = html.help_text(c.text("common.session.list.more", shown=self.limit,
                                             total=len(self.entries)))
            caption = c.text("common.session.list.caption", count=len(self.entries))
            self.table.value = html.join(
                html.table(self.headers, [self.cells(e) for e in shown], caption=caption), more)
        placeholder = [(c.text("common.session.list.placeholder"), None)]
        self.pick.set_options(placeholder + [(self.label(e), e.id) for e in self.entries])
        self.pick.value = None
        for w in (self.pick, self.open_button, self.remove_button):
            w.layout.display = "" if self.entries else "none"
        self.removed_field.set_options(placeholder + [(self.label(e), e.id) for e in reversed(gone)])
        self.removed_field.value = None
        self.removed_box.layout.display = "" if gone else "none"

    def _chosen(self, field: Field) -> str | None:
        if field.value is None:
            self.status.value = html.error_text(pack().text("common.session.list.choose_first"),
                                                live=False)
        return field.value

    def _open(self) -> None:
        entry_id = self._chosen(self.pick)
        if entry_id:
            entry = self.ws.entry(entry_id)
            self.status.value = ""
            if entry is not None:
                self.on_open(entry)

    def _remove(self) -> None:
        entry_id = self._chosen(self.pick)
        if entry_id and self.ws.entry(entry_id) is not None:
            self.ws.store.delete_entry(entry_id)
            self.refresh()
            self.status.value = html.notice("info", pack().text("common.session.list.removed_note"),
                                            live=False)
            self.ws.changed(self.kind)

    def _restore(self) -> None:
        entry_id = self._chosen(self.removed_field)
        if entry_id and self.ws.entry(entry_id, include_deleted=True) is not None:
            self.ws.store.restore_entry(entry_id)
            self.refresh()
            self.status.value = html.notice("ok", pack().text("common.session.list.restored_note"),
                                            live=False)
            self.ws.changed(self.kind)


# -- homework ------------------------------------------------------------------------
class HomeworkFields(widgets.VBox):
    """Which worksheets, how many of each, by when, and a note: the homework of a session
    (the wrap-up of every workbook, and intake's)."""

    def __init__(self) -> None:
        c = pack()
        self.counts = {kind: NumberField(f"count_{kind}", c.text(f"common.homework.kinds.{kind}"), 0, 50)
                       for kind in HOMEWORK_KINDS}
        grid = widgets.GridBox(list(self.counts.values()), layout=widgets.Layout(
            grid_template_columns="repeat(auto-fill, minmax(15em, 1fr))", grid_gap="4px 16px"))
        self.due = Field("homework_due", widgets.DatePicker(value=None),
                         c.text("common.homework.due_label"))
        self.note = Field.text("homework", c.text("common.homework.note_label"),
                               c.text("common.homework.note_help"), multiline=True, rows=3)
        self.items_error = widgets.HTML()
        super().__init__([paragraph(c.text("common.homework.intro"), "aw-help"), grid,
                          self.items_error, self.due, self.note])
        self.add_class("aw-homework-fields")

    @property
    def controls(self) -> list[widgets.Widget]:
        return [*(f.control for f in self.counts.values()), self.due.control, self.note.control]

    def targets(self) -> dict[str, ErrorTarget]:
        return {"homework_items": MessageTarget(self.items_error), "homework_due": self.due,
                "homework": self.note, **{f.name: f for f in self.counts.values()}}

    def check(self) -> bool:
        """Every count is a whole number from 0 to 50 (a message beside any that is not)."""
        return all([f.check() for f in self.counts.values()])

    def state(self) -> dict[str, Any]:
        return {"counts": {k: f.value for k, f in self.counts.items()},
                "homework_due": self.due.value, "homework": self.note.value}

    def apply(self, state: dict[str, Any]) -> None:
        counts = state.get("counts") or {}
        for k, f in self.counts.items():
            given = counts.get(k)
            f.value = None if given in (None, "", 0) else given
        due = state.get("homework_due")
        self.due.value = dt.date.fromisoformat(due) if isinstance(due, str) and due else (due or None)
        self.note.value = state.get("homework") or ""

    def record(self) -> dict[str, Any]:
        """The homework as a session record holds it."""
        return {"homework_items": [{"kind": k, "count": int(f.number)}
                                   for k, f in self.counts.items() if f.number],
                "homework_due": self.due.value, "homework": self.note.value}

    @staticmethod
    def from_record(payload: dict[str, Any]) -> dict[str, Any]:
        return {"counts": {i["kind"]: i["count"] for i in payload.get("homework_items", [])},
                "homework_due": payload.get("homework_due"), "homework": payload.get("homework", "")}


# -- wrap-up ---------------------------------------------------------------------------
class WrapUp(WorksheetForm):
    """Homework for the week (which worksheets, how many, by when) and the session note."""

    kind = "session"
    keep_after_save = True

    def __init__(self, ws: Workspace):
        c = pack()
        self.homework_fields = fields = HomeworkFields()
        self.counts, self.due, self.homework = fields.counts, fields.due, fields.note
        self.note = Field.text("therapist_note", c.text("common.session.note_label"), multiline=True)
        self.note.layout.display = "none" if ws.home else "flex"
        therapist_only(self.note)
        body = [heading(c.text("common.session.wrapup_heading")), fields, self.note]
        super().__init__(ws, body, save_label=c.text("common.session.save_session"),
                         saved_text=c.text("common.session.session_saved"),
                         targets={**fields.targets(), "therapist_note": self.note})
        self.ready(*fields.controls, self.note.control)

    def check(self) -> bool:
        return self.homework_fields.check()

    def state(self) -> dict[str, Any]:
        return {**self.homework_fields.state(), "therapist_note": self.note.value}

    def apply(self, state: dict[str, Any]) -> None:
        self.homework_fields.apply(state)
        self.note.value = state.get("therapist_note") or ""

    def payload(self, state: dict[str, Any]) -> dict[str, Any]:
        date = (dt.date.fromisoformat(self.editing.payload["date"]) if self.editing
                else dt.date.today())
        spec = self.ws.workbook
        return {"workbook": spec.id, "number": spec.number, "date": date,
                **self.homework_fields.record(),
                "therapist_note": state["therapist_note"]}

    def from_payload(self, payload: dict[str, Any]) -> dict[str, Any]:
        return {**HomeworkFields.from_record(payload),
                "therapist_note": payload.get("therapist_note", "")}

    def load(self) -> None:
        """Today's session record for this workbook is edited; otherwise a new one."""
        super().load()
        if self.ws.client is None:
            return
        today = dt.date.today().isoformat()
        for entry in reversed(self.ws.store.entries(self.ws.client.id, "session",
                                                    workbook=self.ws.workbook.id)):
            if entry.payload.get("date") == today:
                if not self.offer.children:
                    self.edit(entry)
                break

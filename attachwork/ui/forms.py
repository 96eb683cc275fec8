"""What every session workbook shares.

* :class:`SessionWorkbook`: choose a client, see flags and last time's homework first,
  work through the session's steps (built when a client is first chosen), then notes
  and homework;
* :class:`WorksheetForm`: one worksheet that validates against its record schema, keeps
  unsaved typing as a draft, edits an entry without losing the earlier version, and
  brings the crisis resources forward when the risk screen flags what was saved;
* :class:`EntryList`: past entries newest first, to open, remove and put back;
* :class:`FlagBanner`: flagged entries waiting for the therapist, at the top of a session;
* :class:`WrapUp`: homework (which worksheets, how many, by when) and the session note.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from attachwork.content import pack
from attachwork.domain.records import HOMEWORK_KINDS, Client, Entry, schema_for
from attachwork.domain.textsafe import esc, esc_multiline
from attachwork.domain.validation import validate
from attachwork.store import NotFound, Store
from attachwork.ui.errors import guard, report_error
from attachwork.ui.widgets import DraftOffer, Field, heading, paragraph

if TYPE_CHECKING:
    from attachwork.ui.workbook_page import SessionWorkbook


def local_date(when: dt.datetime) -> str:
    return when.astimezone().strftime("%Y-%m-%d")


def local_time(when: dt.datetime) -> str:
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


def who_where(entry: Entry) -> str:
    """"In session" or "At home, by the client": told apart in every list."""
    return pack().text(f"common.session.written.{entry.place}_{entry.author}")


def client_entry(store: Store, client: Client | None, entry_id: str, *,
                 include_deleted: bool = False) -> Entry | None:
    """The client's entry by id, unless it is gone, another client's, or removed."""
    try:
        entry = store.entry(entry_id)
    except NotFound:
        return None
    if client is None or entry.client_id != client.id:
        return None
    return entry if include_deleted or entry.deleted_at is None else None


def jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


# -- one worksheet ---------------------------------------------------------------------
class WorksheetForm(widgets.VBox):
    """Subclasses set ``kind`` and implement :meth:`state`, :meth:`apply` and
    :meth:`payload`; ``self.targets`` maps schema fields to widgets that can show an error.
    """

    kind = ""
    keep_after_save = False  # True: the form goes on editing what it saved (cycle map)
    resume_latest = False  # True: on load, the latest saved entry is opened for editing

    def __init__(self, wb: SessionWorkbook, body: list[widgets.Widget], *, save_label: str,
                 saved_text: str, targets: dict[str, Any]):
        c = pack()
        self.wb = wb
        self.key = f"{wb.WORKBOOK}:{getattr(self, 'draft_name', '') or self.kind}"
        self.targets = targets
        self.saved_text = saved_text
        self.editing: Entry | None = None
        self._loading = False
        self._listeners: list[Callable[[Entry], None]] = []
        self.offer = DraftOffer(wb.shell.notice)
        self.editing_note = widgets.HTML()
        self.save_button = widgets.Button(description=save_label, button_style="primary")
        self.stop_button = widgets.Button(description=c.text("common.session.stop_editing"))
        self.stop_button.layout.display = "none"
        self.message = widgets.HTML()
        self.message.add_class("aw-form-message")
        safe = guard(wb.shell.notice)
        self.save_button.on_click(safe(lambda _b: self.save()))
        self.stop_button.on_click(safe(lambda _b: self.reset(discard_draft=True)))
        self.actions = widgets.HBox([self.save_button, self.stop_button])
        self.actions.add_class("aw-actions")
        super().__init__([self.offer, self.editing_note, *body, self.actions, self.message])
        self.add_class("aw-worksheet")
        self.blank: dict[str, Any] = {}

    # -- for subclasses -------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        raise NotImplementedError

    def apply(self, state: dict[str, Any]) -> None:
        raise NotImplementedError

    def payload(self, state: dict[str, Any]) -> dict[str, Any]:
        return dict(state)

    def from_payload(self, payload: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in payload.items() if k != "kind"}

    # -- wiring ---------------------------------------------------------------------
    def ready(self, *controls: widgets.Widget) -> None:
        """Call at the end of a subclass ``__init__``: remember the blank form, and keep
        a draft whenever one of ``controls`` changes."""
        self.blank = jsonable(self.state())
        safe = guard(self.wb.shell.notice)
        for control in controls:
            control.observe(safe(self._changed), names="value")

    def on_saved(self, fn: Callable[[Entry], None]) -> None:
        self._listeners.append(fn)

    def _set(self, state: dict[str, Any]) -> None:
        self._loading = True
        try:
            self.apply(state)
        finally:
            self._loading = False

    def _changed(self, _change: Any = None) -> None:
        if self._loading or self.wb.client is None:
            return
        state = jsonable(self.state())
        if self.editing is None and state == self.blank:
            return
        editing = self.editing.id if self.editing else None
        draft = self.wb.store.save_draft(self.wb.client.id, self.key,
                                         {"state": state, "editing": editing})
        self.wb.shell.save_state.draft(draft.updated_at)

    def clear_errors(self) -> None:
        for target in self.targets.values():
            target.clear_error()

    def reset(self, *, discard_draft: bool = False) -> None:
        self.editing = None
        self.editing_note.value = ""
        self.stop_button.layout.display = "none"
        self._set(self.blank)
        self.clear_errors()
        if discard_draft and self.wb.client is not None:
            self.wb.store.discard_draft(self.wb.client.id, self.key)

    def edit(self, entry: Entry) -> None:
        """Load a saved entry; saving it again keeps the earlier version."""
        c = pack()
        self.reset()
        self.editing = entry
        self._set(self.from_payload(entry.payload))
        self.editing_note.value = (
            f'<p class="aw-notice info" role="status">'
            f'{esc(c.text("common.session.editing", date=local_time(entry.created_at)))}</p>')
        self.stop_button.layout.display = "" if not self.keep_after_save else "none"
        self.message.value = ""

    def load(self) -> None:
        """A client was chosen: start clean and offer back any unsaved work."""
        self.reset()
        self.message.value = ""
        offered = self.offer.offer(self.wb.store, self.wb.client.id, self.key,
                                   lambda: {"state": jsonable(self.state()), "editing": None},
                                   self._restore)
        if self.resume_latest and not offered:
            latest = self.wb.latest(self.kind)
            if latest is not None:
                self.edit(latest)

    def _restore(self, draft: dict[str, Any]) -> None:
        editing = draft.get("editing")
        if editing:
            entry = self.wb.maybe_entry(editing)
            if entry is not None:
                self.edit(entry)
        self._set(draft.get("state") or {})

    # -- saving ---------------------------------------------------------------------
    def save(self) -> Entry | None:
        c = pack()
        wb = self.wb
        self.message.value = ""
        if wb.client is None:
            wb.shell.notice.show("warn", c.text("common.session.choose_first"))
            return None
        data = self.payload(self.state())
        record, errors = validate(schema_for(self.kind), data)
        self.clear_errors()
        if record is None:
            for name, message in errors.items():
                target = self.targets.get(name)
                if target is not None:
                    target.set_error(message)
            self.message.value = (f'<p class="aw-error-text" role="alert">'
                                  f'{esc(c.text("common.session.check_fields"))}</p>')
            return None
        wb.shell.save_state.saving()
        try:
            [entry] = wb.store.save_many(
                wb.client.id, [(self.editing.id if self.editing else None, self.kind, record)],
                author=wb.author, place=wb.place, workbook=wb.WORKBOOK)
        except Exception as exc:  # noqa: BLE001 - the form keeps its text; say so
            wb.shell.save_state.failed()
            report_error(exc, wb.shell.notice)
            return None
        wb.store.discard_draft(wb.client.id, self.key)
        self.offer.clear()
        wb.shell.save_state.saved(entry.updated_at)
        if self.keep_after_save:
            self.edit(entry)
        else:
            self.reset()
        self.message.value = f'<p class="aw-notice ok" role="status">{esc(self.saved_text)}</p>'
        if entry.flagged:
            wb.shell.show_risk(self.message)
        for fn in self._listeners:
            fn(entry)
        return entry


class TextFieldsForm(WorksheetForm):
    """A worksheet of text boxes only. ``section`` is its content key (``heading``,
    ``intro``, ``save``, ``saved``); ``fields`` maps schema fields to their boxes."""

    def __init__(self, wb: SessionWorkbook, section: str, fields: dict[str, Field]):
        c = pack()
        self.fields = fields
        super().__init__(wb, [heading(c.text(f"{section}.heading")),
                              paragraph(c.text(f"{section}.intro")), *fields.values()],
                         save_label=c.text(f"{section}.save"),
                         saved_text=c.text(f"{section}.saved"), targets=dict(fields))
        self.ready(*(f.control for f in fields.values()))

    def state(self) -> dict[str, Any]:
        return {k: f.value for k, f in self.fields.items()}

    def apply(self, state: dict[str, Any]) -> None:
        for k, f in self.fields.items():
            f.value = state.get(k) or ""


# -- past entries ----------------------------------------------------------------------
class EntryList(widgets.VBox):
    """Past entries of one kind, newest first: a table to read, a chooser to open or
    remove one, and removed entries that can be put back."""

    def __init__(self, wb: SessionWorkbook, kind: str, headers: list[str],
                 cells: Callable[[Entry], list[str]], label: Callable[[Entry], str],
                 on_open: Callable[[Entry], None], *, limit: int = 30):
        c = pack()
        self.wb, self.kind, self.headers, self.cells, self.label = wb, kind, headers, cells, label
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
        self.status = widgets.HTML()
        safe = guard(wb.shell.notice)
        self.open_button.on_click(safe(lambda _b: self._open()))
        self.remove_button.on_click(safe(lambda _b: self._remove()))
        self.restore_button.on_click(safe(lambda _b: self._restore()))
        self.removed_box = widgets.VBox([self.removed_field, self.restore_button])
        actions = widgets.HBox([self.open_button, self.remove_button])
        actions.add_class("aw-actions")
        super().__init__([self.table, self.pick, actions, self.status, self.removed_box])
        self.add_class("aw-entry-list")

    def refresh(self) -> None:
        c = pack()
        wb = self.wb
        if wb.client is None:
            return
        everything = wb.store.entries(wb.client.id, self.kind, include_deleted=True)
        live = [e for e in everything if e.deleted_at is None]
        gone = [e for e in everything if e.deleted_at is not None]
        self.entries = list(reversed(live))
        shown = self.entries[: self.limit]
        if not shown:
            empty = c.text(f"common.session.list.empty_{self.kind}")
            self.table.value = f'<p class="aw-help">{esc(empty)}</p>'
        else:
            head = "".join(f'<th scope="col">{esc(h)}</th>' for h in self.headers)
            rows = "".join(
                "<tr>" + "".join(f"<td>{esc_multiline(v)}</td>" for v in self.cells(e)) + "</tr>"
                for e in shown
            )
            more = ""
            if len(self.entries) > self.limit:
                more = c.text("common.session.list.more", shown=self.limit, total=len(self.entries))
                more = f'<p class="aw-help">{esc(more)}</p>'
            caption = c.text("common.session.list.caption", count=len(self.entries))
            self.table.value = (
                f'<div class="aw-table-wrap"><table class="aw-table"><caption>{esc(caption)}'
                f"</caption><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>{more}")
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
            self.status.value = (f'<p class="aw-error-text" role="alert">'
                                 f'{esc(pack().text("common.session.list.choose_first"))}</p>')
        return field.value

    def _open(self) -> None:
        entry_id = self._chosen(self.pick)
        if entry_id:
            self.status.value = ""
            self.on_open(self.wb.store.entry(entry_id))

    def _remove(self) -> None:
        entry_id = self._chosen(self.pick)
        if entry_id:
            self.wb.store.delete_entry(entry_id)
            self.refresh()
            self.status.value = (f'<p class="aw-notice info" role="status">'
                                 f'{esc(pack().text("common.session.list.removed_note"))}</p>')
            self.wb.entries_changed(self.kind)

    def _restore(self) -> None:
        entry_id = self._chosen(self.removed_field)
        if entry_id:
            self.wb.store.restore_entry(entry_id)
            self.refresh()
            self.status.value = (f'<p class="aw-notice ok" role="status">'
                                 f'{esc(pack().text("common.session.list.restored_note"))}</p>')
            self.wb.entries_changed(self.kind)


# -- wrap-up ---------------------------------------------------------------------------
class WrapUp(WorksheetForm):
    """Homework for the week (which worksheets, how many, by when) and the session note."""

    kind = "session"
    keep_after_save = True

    def __init__(self, wb: SessionWorkbook):
        c = pack()
        self.counts = {
            kind: widgets.BoundedIntText(value=0, min=0, max=50, layout=widgets.Layout(width="7em"))
            for kind in HOMEWORK_KINDS
        }
        count_fields = [Field(f"count_{k}", w, c.text(f"common.homework.kinds.{k}"))
                        for k, w in self.counts.items()]
        grid = widgets.GridBox(count_fields, layout=widgets.Layout(
            grid_template_columns="repeat(auto-fill, minmax(15em, 1fr))", grid_gap="4px 16px"))
        self.due = Field("homework_due", widgets.DatePicker(value=None),
                         c.text("common.homework.due_label"))
        self.homework = Field.text("homework", c.text("common.homework.note_label"),
                                   c.text("common.homework.note_help"), multiline=True, rows=3)
        self.note = Field.text("therapist_note", c.text("common.session.note_label"), multiline=True)
        self.note.layout.display = "flex" if wb.mode == "clinic" else "none"
        self.items_error = widgets.HTML()
        body = [heading(c.text("common.session.wrapup_heading")),
                paragraph(c.text("common.homework.intro"), "aw-help"), grid, self.items_error,
                self.due, self.homework, self.note]
        self.items_target = MessageTarget(self.items_error)
        super().__init__(wb, body, save_label=c.text("common.session.save_session"),
                         saved_text=c.text("common.session.session_saved"),
                         targets={"homework_items": self.items_target, "homework_due": self.due,
                                  "homework": self.homework, "therapist_note": self.note})
        self.ready(*self.counts.values(), self.due.control, self.homework.control, self.note.control)

    def state(self) -> dict[str, Any]:
        return {
            "counts": {k: int(w.value or 0) for k, w in self.counts.items()},
            "homework_due": self.due.value, "homework": self.homework.value,
            "therapist_note": self.note.value,
        }

    def apply(self, state: dict[str, Any]) -> None:
        counts = state.get("counts") or {}
        for k, w in self.counts.items():
            w.value = int(counts.get(k, 0) or 0)
        due = state.get("homework_due")
        self.due.value = dt.date.fromisoformat(due) if isinstance(due, str) else due
        self.homework.value = state.get("homework") or ""
        self.note.value = state.get("therapist_note") or ""

    def payload(self, state: dict[str, Any]) -> dict[str, Any]:
        date = (dt.date.fromisoformat(self.editing.payload["date"]) if self.editing
                else dt.date.today())
        return {
            "workbook": self.wb.WORKBOOK, "number": self.wb.NUMBER, "date": date,
            "homework_items": [{"kind": k, "count": n} for k, n in state["counts"].items() if n],
            "homework_due": state["homework_due"], "homework": state["homework"],
            "therapist_note": state["therapist_note"],
        }

    def from_payload(self, payload: dict[str, Any]) -> dict[str, Any]:
        return {
            "counts": {i["kind"]: i["count"] for i in payload.get("homework_items", [])},
            "homework_due": payload.get("homework_due"), "homework": payload.get("homework", ""),
            "therapist_note": payload.get("therapist_note", ""),
        }

    def load(self) -> None:
        """Today's session record for this workbook is edited; otherwise a new one."""
        super().load()
        today = dt.date.today().isoformat()
        for entry in reversed(self.wb.store.entries(self.wb.client.id, "session",
                                                    workbook=self.wb.WORKBOOK)):
            if entry.payload.get("date") == today:
                if not self.offer.children:
                    self.edit(entry)
                break


class MessageTarget:
    """An error place for a schema field shown as a whole group (e.g. homework counts)."""

    def __init__(self, html: widgets.HTML):
        self.html = html

    def set_error(self, message: str) -> None:
        self.html.value = f'<p class="aw-error-text" role="alert">{esc(message)}</p>'

    def clear_error(self) -> None:
        self.html.value = ""

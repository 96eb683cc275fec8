"""Entries and their versions: every save is one committed transaction, nothing is
overwritten.

Editing an entry copies its earlier state to ``record_versions`` in the same transaction
(saving the same payload again is no change at all); deleting an entry only marks it, and
restoring it is a change of its own. Every payload is validated against its kind's schema
and risk-screened before the write transaction begins (so a long text never holds the write
lock while it is read), and the screen's outcome is saved in that transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from attachwork.domain.merge import payload_digest
from attachwork.domain.records import Entry, EntryVersion, Record
from attachwork.store.base import StoreBase
from attachwork.store.errors import NotFound, StaleEdit
from attachwork.store.rows import (
    aware,
    check_who,
    get_row,
    new_entry_row,
    payload_json,
    to_entry,
    utcnow,
)
from attachwork.store.schema import ClientRow, EntryRow, VersionRow
from attachwork.store.screening import Screens, screen, screen_entry


def update_row(s: Session, entry_id: str, data: dict[str, Any], author: str, place: str,
               screens: Screens | None = None) -> EntryRow:
    """Give an entry a new payload, keeping its earlier state as a version (none if unchanged)."""
    row = get_row(s, EntryRow, entry_id)
    if row.payload == data:
        return row
    s.add(VersionRow(
        record_id=row.id, client_id=row.client_id, kind=row.kind, version=row.version,
        payload=row.payload, author=row.author, place=row.place,
        saved_at=aware(row.updated_at),
    ))
    row.payload = data
    row.author = author
    row.place = place
    row.version += 1
    row.updated_at = utcnow()
    screen_entry(s, row, screens)
    return row


def _check_version(row: EntryRow, expected: dict[str, int] | None) -> None:
    """Refuse to change an entry that moved on since the caller loaded it (nothing written)."""
    if expected is not None and row.id in expected and row.version != expected[row.id]:
        raise StaleEdit(to_entry(row))


def version_digests(s: Session, client_id: str) -> dict[str, set[str]]:
    """Record id -> payload digests of its kept versions."""
    out: dict[str, set[str]] = {}
    for rid, payload in s.execute(select(VersionRow.record_id, VersionRow.payload).where(
            VersionRow.client_id == client_id)).all():
        out.setdefault(rid, set()).add(payload_digest(payload))
    return out


class EntriesMixin(StoreBase):
    """Saving, changing, removing and reading entries, and their earlier versions."""

    def add_entry(
        self,
        client_id: str,
        kind: str,
        payload: Record | dict[str, Any],
        *,
        author: str,
        place: str,
        workbook: str | None = None,
        entry_id: str | None = None,
        at: dt.datetime | None = None,
    ) -> Entry:
        check_who(author, place)
        data = payload_json(kind, payload)
        now = at or utcnow()
        row = new_entry_row(entry_id, client_id, kind, data, author, place, workbook, now)
        screens: Screens = {}
        screen(kind, data, screens)
        with self._tx() as s:
            get_row(s, ClientRow, client_id)
            s.add(row)
            screen_entry(s, row, screens)
        return to_entry(row)

    def add_entries(
        self, client_id: str,
        items: Iterable[tuple[str, Record | dict[str, Any], dt.datetime, str, str, str | None]],
    ) -> int:
        """Add many new entries in one transaction (demo data, large imports): each item is
        ``(kind, record, created at, author, place, workbook)``. All are saved or none is."""
        rows: list[EntryRow] = []
        screens: Screens = {}
        for kind, payload, at, author, place, workbook in items:
            check_who(author, place)
            data = payload_json(kind, payload)
            screen(kind, data, screens)
            rows.append(new_entry_row(None, client_id, kind, data, author, place, workbook, at))
        with self._tx() as s:
            get_row(s, ClientRow, client_id)
            for row in rows:
                s.add(row)
                screen_entry(s, row, screens)
        return len(rows)

    def save_many(
        self, client_id: str, items: list[tuple[str | None, str, Record]], *, author: str,
        place: str, workbook: str | None = None, expected: dict[str, int] | None = None,
    ) -> list[Entry]:
        """Add or update several entries in one transaction: all are saved or none is.

        ``items`` holds ``(entry_id, kind, record)``. An id the store already holds is
        updated (its earlier state kept as a version); a new or ``None`` id is added,
        so a caller can choose ids up front and link records to one another.

        ``expected`` maps an entry id to the version the caller's form loaded: if the entry
        has moved on since (another window saved it), :class:`StaleEdit` is raised and
        nothing is written, so no edit is lost silently.
        """
        check_who(author, place)
        saved: list[EntryRow] = []
        screens: Screens = {}
        ready = [(entry_id, kind, payload_json(kind, record)) for entry_id, kind, record in items]
        for _id, kind, data in ready:
            screen(kind, data, screens)  # before the write lock is taken
        with self._tx() as s:
            get_row(s, ClientRow, client_id)
            for entry_id, kind, data in ready:
                row = s.get(EntryRow, entry_id) if entry_id else None
                if row is None:
                    row = new_entry_row(entry_id, client_id, kind, data, author, place,
                                        workbook, utcnow())
                    s.add(row)
                    screen_entry(s, row, screens)
                else:
                    if row.client_id != client_id:
                        raise NotFound(entry_id)
                    _check_version(row, expected)
                    row = update_row(s, row.id, data, author, place, screens)
                saved.append(row)
        return [to_entry(r) for r in saved]

    def update_entry(
        self, entry_id: str, payload: Record | dict[str, Any], *, author: str, place: str,
        expected_version: int | None = None,
    ) -> Entry:
        """Change an entry; its earlier state is kept as a version. No-op if unchanged.

        With ``expected_version`` (the version the edit began from), an entry that has moved
        on since raises :class:`StaleEdit` and nothing is written."""
        check_who(author, place)
        kind = self.entry(entry_id).kind
        data = payload_json(kind, payload)
        screens: Screens = {}
        screen(kind, data, screens)  # before the write lock is taken
        with self._tx() as s:
            row = get_row(s, EntryRow, entry_id)
            if expected_version is not None:
                _check_version(row, {entry_id: expected_version})
            row = update_row(s, entry_id, data, author, place, screens)
        return to_entry(row)

    def delete_entry(self, entry_id: str) -> Entry:
        """Mark an entry removed; it stays recoverable with :meth:`restore_entry`."""
        with self._tx() as s:
            row = get_row(s, EntryRow, entry_id)
            row.deleted_at = row.deleted_at or utcnow()
        return to_entry(row)

    def restore_entry(self, entry_id: str) -> Entry:
        with self._tx() as s:
            row = get_row(s, EntryRow, entry_id)
            if row.deleted_at is not None:
                row.deleted_at = None
                # Putting it back is a change of its own (it wins over an older removal).
                row.updated_at = utcnow()
        return to_entry(row)

    def entry(self, entry_id: str) -> Entry:
        with self._sessions() as s:
            return to_entry(get_row(s, EntryRow, entry_id))

    def entries(
        self, client_id: str, kind: str | None = None, *, workbook: str | None = None,
        include_deleted: bool = False,
    ) -> list[Entry]:
        """A client's entries, oldest first."""
        q = select(EntryRow).where(EntryRow.client_id == client_id)
        if kind:
            q = q.where(EntryRow.kind == kind)
        if workbook:
            q = q.where(EntryRow.workbook == workbook)
        if not include_deleted:
            q = q.where(EntryRow.deleted_at.is_(None))
        q = q.order_by(EntryRow.created_at, EntryRow.id)
        with self._sessions() as s:
            return [to_entry(r) for r in s.scalars(q).all()]

    def versions(self, record_id: str) -> list[EntryVersion]:
        """Earlier states of an entry or profile, oldest first."""
        q = select(VersionRow).where(VersionRow.record_id == record_id).order_by(
            VersionRow.version
        )
        with self._sessions() as s:
            return [
                EntryVersion(r.record_id, r.version, dict(r.payload), r.author, r.place,
                             aware(r.saved_at))
                for r in s.scalars(q).all()
            ]

    def last_activity(self, client_id: str) -> dt.datetime | None:
        q = select(EntryRow.updated_at).where(EntryRow.client_id == client_id).order_by(
            EntryRow.updated_at.desc()
        ).limit(1)
        with self._sessions() as s:
            return aware(s.scalar(q))

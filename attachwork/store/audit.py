"""The audit log, and erasing a client for good.

The audit log notes what happened to whose records (imports, exports, erasures): who, what,
the pseudonymous client id, and counts at most; never content. It has no foreign key, so the
line that a client was erased outlives the client.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from dataclasses import dataclass
from typing import cast

from sqlalchemy import Table, select

from attachwork.store.base import StoreBase
from attachwork.store.engine import BUSY_TIMEOUT_MS
from attachwork.store.rows import aware, get_row, utcnow
from attachwork.store.schema import (
    AuditRow,
    Base,
    ClientRow,
    DraftRow,
    EntryRow,
    HandBackRow,
    HandoutRow,
    RiskFlagRow,
    VersionRow,
)

#: How long erasure waits for other readers of a SQLite file to let its log be emptied.
COMPACT_WAIT = 3.0

#: Every table that holds a client's records; erasing empties these before the client's row.
_CLIENT_TABLES: tuple[type[Base], ...] = (
    VersionRow, EntryRow, DraftRow, RiskFlagRow, HandBackRow, HandoutRow,
)


@dataclass(frozen=True)
class AuditEvent:
    at: dt.datetime
    actor: str
    action: str
    client_ref: str
    detail: str


def audit_row(actor: str, action: str, client_ref: str, detail: str) -> AuditRow:
    """An audit line, each part cut to the width of its column."""
    return AuditRow(at=utcnow(), actor=actor[:16], action=action[:32], client_ref=client_ref[:36],
                    detail=detail[:200])


def _table(row_type: type[Base]) -> Table:
    return cast(Table, row_type.__table__)


class AuditMixin(StoreBase):
    """Noting events, reading the log, and erasure."""

    def audit(self, actor: str, action: str, client_ref: str, detail: str = "") -> None:
        """Note an export or other event (who, what, whose pseudonymous id; no content)."""
        with self._tx() as s:
            s.add(audit_row(actor, action, client_ref, detail))

    def audit_log(self, client_ref: str | None = None) -> list[AuditEvent]:
        q = select(AuditRow).order_by(AuditRow.at, AuditRow.id)
        if client_ref:
            q = q.where(AuditRow.client_ref == client_ref)
        with self._sessions() as s:
            return [AuditEvent(aware(r.at), r.actor, r.action, r.client_ref, r.detail)
                    for r in s.scalars(q).all()]

    def erase_client(self, client_id: str, *, by: str) -> bool:
        """Delete a client and everything about them, for good, in one transaction.

        The audit log keeps that it happened (when, by whom, the pseudonymous id). On SQLite
        the file is then compacted and its write-ahead log emptied, so the deleted text lingers
        neither in free pages nor in the log; whether that was done (see :meth:`compact`)."""
        with self._tx() as s:
            get_row(s, ClientRow, client_id)
            for table in map(_table, _CLIENT_TABLES):
                s.execute(table.delete().where(table.c.client_id == client_id))
            clients = _table(ClientRow)
            s.execute(clients.delete().where(clients.c.id == client_id))
            s.add(audit_row(by, "erase", client_id, "deleted=everything"))
        return self.compact()

    def compact(self, wait: float = COMPACT_WAIT) -> bool:
        """On SQLite, rewrite the file and empty its write-ahead log, so no deleted text stays
        behind in free pages or in the ``-wal`` file; whether the log was emptied.

        Deleted rows are overwritten in place (``secure_delete``), but their earlier pages can
        still sit in the write-ahead log, which only empties when no other connection is reading
        an older snapshot. So the checkpoint is tried again for up to ``wait`` seconds; if
        another window or program still holds the database open, ``False`` says so, and
        calling this again once it has closed finishes the job. (PostgreSQL is left to its
        own vacuuming: ``True``.)"""
        if self.engine.dialect.name != "sqlite":
            return True
        if self.engine.url.database not in (None, "", ":memory:"):
            self.engine.dispose()  # this store's own idle connections hold no snapshot
        raw = self.engine.raw_connection()
        try:
            conn = cast(sqlite3.Connection, raw.driver_connection)  # sqlite:/// uses sqlite3
            try:
                conn.execute("VACUUM")
            except sqlite3.OperationalError:  # another connection is writing: checkpoint anyway
                pass
            # A checkpoint waits out the busy timeout for readers: short tries, not one minute.
            conn.execute("PRAGMA busy_timeout=200")
            deadline = time.monotonic() + wait
            while True:
                busy, frames, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                if busy == 0 and frames in (0, -1):
                    return True
                if time.monotonic() >= deadline:
                    return False
                time.sleep(0.1)
        finally:
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            raw.close()

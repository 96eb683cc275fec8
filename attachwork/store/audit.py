"""The audit log, and erasing a client for good.

The audit log notes what happened to whose records (imports, exports, erasures): who, what,
the pseudonymous client id, and counts at most; never content. It has no foreign key, so the
line that a client was erased outlives the client.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from typing import cast

from sqlalchemy import Table, select

from attachwork.store.base import StoreBase
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

    def erase_client(self, client_id: str, *, by: str) -> None:
        """Delete a client and everything about them, for good, in one transaction.

        The audit log keeps that it happened (when, by whom, the pseudonymous id). On SQLite
        the file is then compacted so the deleted text does not linger in free pages."""
        with self._tx() as s:
            get_row(s, ClientRow, client_id)
            for table in map(_table, _CLIENT_TABLES):
                s.execute(table.delete().where(table.c.client_id == client_id))
            clients = _table(ClientRow)
            s.execute(clients.delete().where(clients.c.id == client_id))
            s.add(audit_row(by, "erase", client_id, "client and all records deleted"))
        self._compact()

    def _compact(self) -> None:
        """On SQLite, rewrite the file and empty the write-ahead log, so no deleted text
        stays behind in free pages (other databases are left to their own vacuuming)."""
        if self.engine.dialect.name != "sqlite":
            return
        raw = self.engine.raw_connection()
        try:
            conn = cast(sqlite3.Connection, raw.driver_connection)  # sqlite:/// uses sqlite3
            conn.execute("VACUUM")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()

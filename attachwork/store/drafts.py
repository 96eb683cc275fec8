"""Drafts: what a form holds before it is saved, one per client and form.

A draft is overwritten in place (it is not a record, so it keeps no versions) and is not
risk-screened: it is screened when it is saved as an entry.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from attachwork.domain.records import Draft
from attachwork.store.base import StoreBase
from attachwork.store.rows import aware, utcnow
from attachwork.store.schema import DraftRow


class DraftsMixin(StoreBase):
    """Keeping, reading and discarding drafts."""

    def save_draft(self, client_id: str, form_key: str, payload: dict[str, Any]) -> Draft:
        now = utcnow()
        with self._tx() as s:
            row = s.get(DraftRow, (client_id, form_key))
            if row is None:
                s.add(DraftRow(client_id=client_id, form_key=form_key, payload=payload,
                               updated_at=now))
            else:
                row.payload = payload
                row.updated_at = now
        return Draft(client_id, form_key, payload, now)

    def draft(self, client_id: str, form_key: str) -> Draft | None:
        with self._sessions() as s:
            row = s.get(DraftRow, (client_id, form_key))
            if row is None:
                return None
            return Draft(row.client_id, row.form_key, dict(row.payload), aware(row.updated_at))

    def discard_draft(self, client_id: str, form_key: str) -> None:
        with self._tx() as s:
            row = s.get(DraftRow, (client_id, form_key))
            if row is not None:
                s.delete(row)

    def drafts(self, client_id: str) -> list[dict[str, Any]]:
        """A client's unsaved drafts, as plain data (for a complete export)."""
        q = select(DraftRow).where(DraftRow.client_id == client_id).order_by(DraftRow.form_key)
        with self._sessions() as s:
            return [{"form_key": r.form_key, "payload": dict(r.payload),
                     "updated_at": aware(r.updated_at).isoformat()} for r in s.scalars(q).all()]

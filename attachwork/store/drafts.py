"""Drafts: what a form holds before it is saved, one per client, form and browser tab.

Each tab (one page load) keys its own drafts, so two tabs typing into the same form never
overwrite each other's unsaved text; a page offers back every tab's draft of a form
(:meth:`DraftsMixin.drafts_for`). A draft is overwritten in place (it is not a record, so it
keeps no versions) and is not risk-screened: it is screened when it is saved as an entry.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import delete, select

from attachwork.domain.records import Draft
from attachwork.store.base import StoreBase
from attachwork.store.rows import aware, utcnow
from attachwork.store.schema import DraftRow

#: The most a draft of one form holds (as JSON); the widest form key and tab id.
MAX_DRAFT_BYTES = 256 * 1024
MAX_FORM_KEY, MAX_TAB = 80, 36


def _check(form_key: str, tab: str, payload: dict[str, Any] | None = None) -> None:
    """Refuse what one of the two databases could not hold, the same way on both."""
    if not form_key or len(form_key) > MAX_FORM_KEY or len(tab) > MAX_TAB:
        raise ValueError("a draft's form key or tab id is too long")
    if payload is not None:
        text = json.dumps(payload)
        if len(text) > MAX_DRAFT_BYTES:
            raise ValueError("a draft larger than a form holds")
        if "\\u0000" in text:
            raise ValueError("contains a character that cannot be saved")


def _draft(row: DraftRow) -> Draft:
    return Draft(row.client_id, row.form_key, dict(row.payload), aware(row.updated_at), row.tab)


class DraftsMixin(StoreBase):
    """Keeping, reading and discarding drafts."""

    def save_draft(self, client_id: str, form_key: str, payload: dict[str, Any],
                   tab: str = "") -> Draft:
        _check(form_key, tab, payload)
        now = utcnow()
        with self._tx() as s:
            row = s.get(DraftRow, (client_id, form_key, tab))
            if row is None:
                s.add(DraftRow(client_id=client_id, form_key=form_key, tab=tab, payload=payload,
                               updated_at=now))
            else:
                row.payload = payload
                row.updated_at = now
        return Draft(client_id, form_key, payload, now, tab)

    def draft(self, client_id: str, form_key: str, tab: str = "") -> Draft | None:
        """This tab's draft of a form (``""``: the draft of no particular tab)."""
        with self._sessions() as s:
            row = s.get(DraftRow, (client_id, form_key, tab))
            return _draft(row) if row is not None else None

    def drafts_for(self, client_id: str, form_key: str) -> list[Draft]:
        """Every tab's draft of a form, newest first."""
        q = (select(DraftRow).where(DraftRow.client_id == client_id, DraftRow.form_key == form_key)
             .order_by(DraftRow.updated_at.desc(), DraftRow.tab))
        with self._sessions() as s:
            return [_draft(r) for r in s.scalars(q).all()]

    def discard_draft(self, client_id: str, form_key: str, tab: str | None = None) -> None:
        """Discard one tab's draft of a form, or (``tab`` ``None``) every tab's."""
        q = delete(DraftRow).where(DraftRow.client_id == client_id, DraftRow.form_key == form_key)
        if tab is not None:
            q = q.where(DraftRow.tab == tab)
        with self._tx() as s:
            s.execute(q)

    def drafts(self, client_id: str) -> list[dict[str, Any]]:
        """A client's unsaved drafts, as plain data (for a complete export)."""
        q = (select(DraftRow).where(DraftRow.client_id == client_id)
             .order_by(DraftRow.form_key, DraftRow.tab))
        with self._sessions() as s:
            return [{"form_key": r.form_key, "tab": r.tab, "payload": dict(r.payload),
                     "updated_at": aware(r.updated_at).isoformat()} for r in s.scalars(q).all()]

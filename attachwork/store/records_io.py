"""What a bundle carries out of the store, and the notes of bundles made and taken in.

A bundle carries a client's entries with their earlier versions (``snapshot``) and the
handouts sent home. Each bundle made or taken in is noted as a hand-back with ``known``:
entry id -> the digest of the state the other side holds, so a return bundle carries exactly
what the clinic has not seen. Notes hold digests and counts, never content.

Taking a bundle in is :mod:`attachwork.store.merging`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from attachwork.domain.merge import EntryState, version_json
from attachwork.store.audit import audit_row
from attachwork.store.base import StoreBase
from attachwork.store.entries import version_digests
from attachwork.store.rows import aware, to_state, utcnow
from attachwork.store.schema import EntryRow, HandBackRow, HandoutRow, VersionRow


@dataclass(frozen=True)
class Handout:
    id: str
    client_id: str
    title: str
    created_at: dt.datetime
    html: str


@dataclass(frozen=True)
class HandBack:
    bundle_id: str
    bundle_type: str
    direction: str  # "made" or "taken_in"
    at: dt.datetime
    known: dict[str, str]


def hand_back_row(client_id: str, bundle_id: str, bundle_type: str, direction: str,
                  known: dict[str, str]) -> HandBackRow:
    """The note of a bundle ``"made"`` or ``"taken_in"`` now."""
    return HandBackRow(id=str(uuid.uuid4()), client_id=client_id, bundle_id=bundle_id,
                       bundle_type=bundle_type, direction=direction, at=utcnow(), known=known)


class RecordsOutMixin(StoreBase):
    """Reading out what a bundle carries, and noting the bundles made."""

    def snapshot(self, client_id: str) -> list[EntryState]:
        """Every entry of a client (removed ones too) with its earlier versions, oldest first."""
        with self._sessions() as s:
            rows = s.scalars(select(EntryRow).where(EntryRow.client_id == client_id)
                             .order_by(EntryRow.created_at, EntryRow.id)).all()
            history: dict[str, list[dict[str, Any]]] = {}
            for v in s.scalars(select(VersionRow).where(
                    VersionRow.client_id == client_id, VersionRow.kind != "profile")
                    .order_by(VersionRow.record_id, VersionRow.version, VersionRow.id)).all():
                history.setdefault(v.record_id, []).append(
                    version_json(v.version, dict(v.payload), v.author, v.place, aware(v.saved_at)))
            return [to_state(r, history.get(r.id, [])) for r in rows]

    def known_digests(self, client_id: str) -> dict[str, set[str]]:
        """Payload digests of every kept version, per entry id (for import previews)."""
        with self._sessions() as s:
            return version_digests(s, client_id)

    def note_hand_back(self, client_id: str, bundle_id: str, bundle_type: str, *, actor: str,
                       known: dict[str, str], detail: str) -> None:
        """A bundle was made: note it and what it carried (digests, never content)."""
        with self._tx() as s:
            s.add(hand_back_row(client_id, bundle_id, bundle_type, "made", known))
            s.add(audit_row(actor, f"export_{bundle_type}", client_id, detail))

    def hand_backs(self, client_id: str) -> list[HandBack]:
        """Bundles made and taken in for a client, oldest first."""
        q = (select(HandBackRow).where(HandBackRow.client_id == client_id)
             .order_by(HandBackRow.at, HandBackRow.id))
        with self._sessions() as s:
            return [HandBack(r.bundle_id, r.bundle_type, r.direction, aware(r.at), dict(r.known))
                    for r in s.scalars(q).all()]

    def handouts(self, client_id: str) -> list[Handout]:
        q = (select(HandoutRow).where(HandoutRow.client_id == client_id)
             .order_by(HandoutRow.created_at.desc(), HandoutRow.id))
        with self._sessions() as s:
            return [Handout(r.id, r.client_id, r.title, aware(r.created_at), r.html)
                    for r in s.scalars(q).all()]

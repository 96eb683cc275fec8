"""Clients and their profiles.

A client is known by a pseudonym, unique in the store. Editing a profile copies its earlier
state to ``record_versions`` (kind ``profile``, record id = the client's id) in the same
transaction, and the goals are risk-screened like any saved text.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from attachwork.domain.records import Client, ClientProfile
from attachwork.domain.risk import screen_values
from attachwork.store.audit import audit_row
from attachwork.store.base import StoreBase
from attachwork.store.errors import DuplicatePseudonym
from attachwork.store.rows import aware, check_who, get_row, to_client, utcnow
from attachwork.store.schema import ClientRow, VersionRow
from attachwork.store.screening import screen_profile


def pseudonym_taken(s: Session, pseudonym: str, *, other_than: str | None = None) -> bool:
    """Whether a client (other than ``other_than``) already goes by ``pseudonym``."""
    q = select(ClientRow.id).where(ClientRow.pseudonym == pseudonym)
    if other_than is not None:
        q = q.where(ClientRow.id != other_than)
    return bool(s.scalar(q))


def client_row(client_id: str, profile: ClientProfile, created_at: dt.datetime,
               updated_at: dt.datetime) -> ClientRow:
    return ClientRow(
        id=client_id,
        pseudonym=profile.pseudonym,
        initials=profile.initials,
        relationship_context=profile.relationship_context,
        goals=profile.goals,
        language=profile.language,
        created_at=created_at,
        updated_at=updated_at,
    )


def keep_profile_version(s: Session, row: ClientRow, *, author: str, place: str) -> None:
    """Copy the profile as it stands to ``record_versions``, numbered after the last one."""
    previous = to_client(row).profile().model_dump(mode="json")
    count = s.scalar(
        select(func.count()).select_from(VersionRow).where(VersionRow.record_id == row.id)
    ) or 0
    s.add(VersionRow(
        record_id=row.id, client_id=row.id, kind="profile", version=count + 1,
        payload=previous, author=author, place=place, saved_at=aware(row.updated_at),
    ))


def set_profile(row: ClientRow, profile: ClientProfile, updated_at: dt.datetime) -> None:
    row.pseudonym = profile.pseudonym
    row.initials = profile.initials
    row.relationship_context = profile.relationship_context
    row.goals = profile.goals
    row.language = profile.language
    row.updated_at = updated_at


class ClientsMixin(StoreBase):
    """Adding, editing and finding clients."""

    def create_client(self, profile: ClientProfile, *, consent_by: str = "") -> Client:
        """A new client. ``consent_by``: who read "Before we begin" with them as they were
        added; the audit log keeps it (who and when, no words) in the same transaction, so a
        client is never stored without the line that spares intake asking again."""
        now = utcnow()
        row = client_row(str(uuid.uuid4()), profile, now, now)
        screened = screen_values(profile.goals)  # before the write lock is taken
        try:
            with self._tx() as s:
                if pseudonym_taken(s, profile.pseudonym):
                    raise DuplicatePseudonym(profile.pseudonym)
                s.add(row)
                s.flush()
                screen_profile(s, row.id, profile, screened)
                if consent_by:
                    s.add(audit_row(consent_by, "consent_given", row.id, ""))
        except IntegrityError as exc:
            raise DuplicatePseudonym(profile.pseudonym) from exc
        return to_client(row)

    def update_client(
        self, client_id: str, profile: ClientProfile, *, author: str = "therapist",
        place: str = "clinic",
    ) -> Client:
        check_who(author, place)
        screened = screen_values(profile.goals)  # before the write lock is taken
        try:
            with self._tx() as s:
                row = get_row(s, ClientRow, client_id)
                if pseudonym_taken(s, profile.pseudonym, other_than=client_id):
                    raise DuplicatePseudonym(profile.pseudonym)
                keep_profile_version(s, row, author=author, place=place)
                set_profile(row, profile, utcnow())
                screen_profile(s, client_id, profile, screened)
        except IntegrityError as exc:
            raise DuplicatePseudonym(profile.pseudonym) from exc
        return to_client(row)

    def clients(self) -> list[Client]:
        with self._sessions() as s:
            rows = s.scalars(select(ClientRow).order_by(ClientRow.pseudonym)).all()
            return [to_client(r) for r in rows]

    def client(self, client_id: str) -> Client:
        with self._sessions() as s:
            return to_client(get_row(s, ClientRow, client_id))

    def client_by_pseudonym(self, pseudonym: str) -> Client | None:
        with self._sessions() as s:
            row = s.scalar(select(ClientRow).where(ClientRow.pseudonym == pseudonym))
            return to_client(row) if row else None

"""The risk screen, and its outcome applied in the transaction that saves a text.

Every text saved here passes the risk screen (:mod:`attachwork.domain.risk`): a positive
screen marks the entry ``flagged`` and opens a risk flag for the therapist in the same
transaction, so no workbook can save a text without it being screened. The screen itself
reads the text *before* the write transaction begins (:func:`screen`, a :class:`Screens`
cache by payload digest), so a long text never holds the write lock while it is read; a
payload that was not screened beforehand (a race with another window) is screened inside,
so nothing is ever saved unscreened. A flag holds categories, never the words; a record
flagged again while its flag still waits for review widens that flag instead of opening a
second one.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from attachwork.domain.merge import payload_digest
from attachwork.domain.records import ClientProfile
from attachwork.domain.risk import Screen, screen_values
from attachwork.store.rows import utcnow
from attachwork.store.schema import EntryRow, RiskFlagRow

#: Screens worked out before a transaction, by payload digest.
Screens = dict[str, Screen]


def screen(payload: dict[str, Any], screens: Screens) -> Screen:
    """Screen a payload (call it before the write transaction), remembering the outcome."""
    digest = payload_digest(payload)
    if digest not in screens:
        screens[digest] = screen_values(payload)
    return screens[digest]


def raise_flag(
    s: Session, client_id: str, record_id: str, kind: str, workbook: str | None,
    categories: list[str],
) -> None:
    """Open a flag for the record, or widen the one still waiting for review."""
    open_row = s.scalar(select(RiskFlagRow).where(
        RiskFlagRow.record_id == record_id, RiskFlagRow.reviewed_at.is_(None)))
    if open_row is not None:
        known = set(open_row.categories.split(","))
        open_row.categories = ",".join(sorted(known | set(categories)))
        return
    s.add(RiskFlagRow(
        id=str(uuid.uuid4()), client_id=client_id, record_id=record_id, record_kind=kind,
        workbook=workbook, categories=",".join(categories), created_at=utcnow(),
    ))


def screen_entry(s: Session, row: EntryRow, screens: Screens | None = None) -> None:
    """Apply the screen of an entry's payload: set its ``flagged`` mark, and flag it if
    positive (worked out now only if it was not in ``screens``)."""
    result = screen(row.payload, {} if screens is None else screens)
    row.flagged = result.flagged
    if result.flagged:
        raise_flag(s, row.client_id, row.id, row.kind, row.workbook, result.categories)


def screen_profile(s: Session, client_id: str, profile: ClientProfile,
                   result: Screen | None = None) -> None:
    """Apply the screen of a client's goals (``result``, worked out before the transaction);
    a positive screen flags the profile (record id = client id)."""
    if result is None:
        result = screen_values(profile.goals)
    if result.flagged:
        raise_flag(s, client_id, client_id, "profile", None, result.categories)

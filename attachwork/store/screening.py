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
from attachwork.domain.risk import Screen, screen_record, screen_values
from attachwork.store.rows import utcnow
from attachwork.store.schema import EntryRow, RiskFlagRow

#: Most urgent first: a flag widened by a later text takes the more urgent level.
LEVELS = ("clear", "partner", "possible")

#: Screens worked out before a transaction, by payload digest.
Screens = dict[str, Screen]


def screen(kind: str, payload: dict[str, Any], screens: Screens) -> Screen:
    """Screen a record of ``kind`` (call it before the write transaction), remembering the
    outcome. The kind matters: some answers raise a flag by themselves (a partner safety
    check saying the person is afraid)."""
    key = f"{kind}:{payload_digest(payload)}"
    if key not in screens:
        screens[key] = screen_record(kind, payload)
    return screens[key]


def raise_flag(
    s: Session, client_id: str, record_id: str, kind: str, workbook: str | None,
    result: Screen,
) -> None:
    """Open a flag for the record, or widen the one still waiting for review."""
    level = result.level or "clear"
    open_row = s.scalar(select(RiskFlagRow).where(
        RiskFlagRow.record_id == record_id, RiskFlagRow.reviewed_at.is_(None)))
    if open_row is not None:
        known = set(open_row.categories.split(","))
        open_row.categories = ",".join(sorted(known | set(result.categories)))
        reasons = [r for r in (open_row.reasons or "").split(",") if r]
        open_row.reasons = ",".join(reasons + [r for r in result.reason_keys if r not in reasons])[:800]
        if LEVELS.index(level) < LEVELS.index(open_row.level or "clear"):
            open_row.level = level
        return
    s.add(RiskFlagRow(
        id=str(uuid.uuid4()), client_id=client_id, record_id=record_id, record_kind=kind,
        workbook=workbook, categories=",".join(result.categories), created_at=utcnow(),
        level=level, reasons=",".join(result.reason_keys)[:800],
    ))


def screen_entry(s: Session, row: EntryRow, screens: Screens | None = None) -> None:
    """Apply the screen of an entry's payload: set its ``flagged`` mark, and flag it if
    positive (worked out now only if it was not in ``screens``)."""
    result = screen(row.kind, row.payload, {} if screens is None else screens)
    row.flagged = result.flagged
    if result.flagged:
        raise_flag(s, row.client_id, row.id, row.kind, row.workbook, result)


def screen_profile(s: Session, client_id: str, profile: ClientProfile,
                   result: Screen | None = None) -> None:
    """Apply the screen of a client's goals (``result``, worked out before the transaction);
    a positive screen flags the profile (record id = client id)."""
    if result is None:
        result = screen_values(profile.goals)
    if result.flagged:
        raise_flag(s, client_id, client_id, "profile", None, result)

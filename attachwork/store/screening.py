"""The risk screen, applied inside the transaction that saves a text.

Every text saved here passes the risk screen (:mod:`attachwork.domain.risk`) inside the same
transaction: a positive screen marks the entry ``flagged`` and opens a risk flag for the
therapist, so no workbook can save a text without it being screened. A flag holds
categories, never the words; a record flagged again while its flag still waits for review
widens that flag instead of opening a second one.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from attachwork.domain.records import ClientProfile
from attachwork.domain.risk import Screen, screen_record, screen_values
from attachwork.store.rows import utcnow
from attachwork.store.schema import EntryRow, RiskFlagRow

#: Most urgent first: a flag widened by a later text takes the more urgent level.
LEVELS = ("clear", "partner", "possible")


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


def screen_entry(s: Session, row: EntryRow) -> None:
    """Screen an entry's payload: set its ``flagged`` mark, and flag it if positive."""
    result = screen_record(row.kind, row.payload)
    row.flagged = result.flagged
    if result.flagged:
        raise_flag(s, row.client_id, row.id, row.kind, row.workbook, result)


def screen_profile(s: Session, client_id: str, profile: ClientProfile) -> None:
    """Screen a client's goals; a positive screen flags the profile (record id = client id)."""
    result = screen_values(profile.goals)
    if result.flagged:
        raise_flag(s, client_id, client_id, "profile", None, result)

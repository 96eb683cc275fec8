"""Risk flags, as the therapist reads and reviews them.

Flags are opened by the screen when a text is saved (:mod:`attachwork.store.screening`);
here they are listed, counted and marked as talked through. A reviewed flag is kept.
"""

from __future__ import annotations

from sqlalchemy import func, select

from attachwork.domain.records import RiskFlag
from attachwork.store.audit import audit_row
from attachwork.store.base import StoreBase
from attachwork.store.rows import get_row, to_flag, utcnow
from attachwork.store.schema import RiskFlagRow

#: What a therapist can record having done about a flag.
REVIEW_ACTIONS = ("asked_safety", "safety_plan", "more_support", "referred", "emergency")


class FlagsMixin(StoreBase):
    """Reading and reviewing risk flags."""

    def flags(self, client_id: str, *, open_only: bool = True) -> list[RiskFlag]:
        """A client's risk flags, newest first (only those not yet reviewed by default)."""
        q = select(RiskFlagRow).where(RiskFlagRow.client_id == client_id)
        if open_only:
            q = q.where(RiskFlagRow.reviewed_at.is_(None))
        q = q.order_by(RiskFlagRow.created_at.desc(), RiskFlagRow.id)
        with self._sessions() as s:
            return [to_flag(r) for r in s.scalars(q).all()]

    def open_flag_counts(self) -> dict[str, int]:
        """How many flags wait for review, per client id (clients with none are left out)."""
        q = (select(RiskFlagRow.client_id, func.count()).where(RiskFlagRow.reviewed_at.is_(None))
             .group_by(RiskFlagRow.client_id))
        with self._sessions() as s:
            return {cid: n for cid, n in s.execute(q).all()}

    def flag_for(self, record_id: str) -> RiskFlag | None:
        """The flag still waiting for review on a record, if there is one."""
        q = select(RiskFlagRow).where(RiskFlagRow.record_id == record_id,
                                      RiskFlagRow.reviewed_at.is_(None))
        with self._sessions() as s:
            row = s.scalar(q)
            return to_flag(row) if row is not None else None

    def review_flag(self, flag_id: str, *, by: str = "therapist", actions: tuple[str, ...] = (),
                    note: str = "") -> RiskFlag:
        """Mark a flag as talked through with the client, with what was done (``actions``,
        codes from :data:`REVIEW_ACTIONS`) and the therapist's note. The audit log keeps that
        it happened and which actions, never the note or the words."""
        unknown = [a for a in actions if a not in REVIEW_ACTIONS]
        if unknown:
            raise ValueError(f"unknown review actions: {unknown}")
        with self._tx() as s:
            row = get_row(s, RiskFlagRow, flag_id)
            if row.reviewed_at is None:
                row.reviewed_at = utcnow()
                row.reviewed_by = by
                row.review_actions = ",".join(actions)
                row.review_note = note[:4000]
                s.add(audit_row(by, "flag_reviewed", row.client_id,
                                f"level={row.level} actions={','.join(actions) or 'none'}"))
        return to_flag(row)

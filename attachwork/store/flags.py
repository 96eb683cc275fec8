"""Risk flags, as the therapist reads and reviews them.

Flags are opened by the screen when a text is saved (:mod:`attachwork.store.screening`);
here they are listed, counted and marked as talked through. A reviewed flag is kept.
"""

from __future__ import annotations

from sqlalchemy import func, select

from attachwork.domain.records import RiskFlag
from attachwork.store.base import StoreBase
from attachwork.store.rows import get_row, to_flag, utcnow
from attachwork.store.schema import RiskFlagRow


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

    def review_flag(self, flag_id: str, *, by: str = "therapist") -> RiskFlag:
        """Mark a flag as talked through with the client."""
        with self._tx() as s:
            row = get_row(s, RiskFlagRow, flag_id)
            if row.reviewed_at is None:
                row.reviewed_at = utcnow()
                row.reviewed_by = by
        return to_flag(row)

"""Session 6: how the check-ins moved, whether the change is reliable, and the trends in
what sessions 1-4 recorded. Pure Python: entries in, plain numbers out.

Reliable change follows Jacobson & Truax (1991)::

    SE    = SD * sqrt(1 - r)          standard error of measurement
    Sdiff = sqrt(2) * SE              standard error of a difference
    RCI   = (x2 - x1) / Sdiff         reliable when |RCI| > 1.96

``SD`` and ``r`` (test-retest or internal-consistency reliability) come from the
instrument file's ``norms``. Without them the change is reported, never judged.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from attachwork.domain import homework
from attachwork.domain.instruments import Instrument
from attachwork.domain.records import Entry

#: |RCI| beyond this is a reliable change (p < .05, two-tailed).
RELIABLE_RCI = 1.96


def rci(before: float, after: float, sd: float, reliability: float) -> float:
    """The reliable change index for one person's change from ``before`` to ``after``."""
    if sd <= 0:
        raise ValueError("the standard deviation must be positive")
    if not 0 <= reliability < 1:
        raise ValueError("the reliability must lie in [0, 1)")
    s_diff = math.sqrt(2) * sd * math.sqrt(1 - reliability)
    return (after - before) / s_diff


@dataclass(frozen=True)
class Change:
    subscale: str
    label: str
    first: float
    latest: float
    rci: float | None  # None: the instrument gives no SD and reliability

    @property
    def difference(self) -> float:
        return self.latest - self.first

    @property
    def judged(self) -> bool:
        return self.rci is not None

    @property
    def reliable(self) -> bool | None:
        return None if self.rci is None else abs(self.rci) > RELIABLE_RCI

    @property
    def verdict(self) -> str:
        """``reliable_down`` / ``reliable_up`` / ``not_reliable`` / ``cannot_judge``."""
        if self.rci is None:
            return "cannot_judge"
        if not self.reliable:
            return "not_reliable"
        return "reliable_down" if self.rci < 0 else "reliable_up"


@dataclass(frozen=True)
class CheckInPoint:
    when: dt.date
    means: dict[str, float]  # complete subscales only
    region: str | None


def checkin_points(entries: Iterable[Entry], instrument: Instrument, *,
                   kind: str = "checkin") -> list[CheckInPoint]:
    """Check-ins with ``instrument`` (the client's own, or ``kind="partner_checkin"``),
    oldest first, scored afresh so a changed cut point or reverse key in the file applies
    to old answers too."""
    points = []
    for e in entries:
        if e.kind != kind or e.deleted_at is not None:
            continue
        if e.payload.get("instrument_id") != instrument.id:
            continue
        try:
            scores = instrument.score(e.payload.get("responses", {}))
        except ValueError:
            continue
        means = {sid: s.mean for sid, s in scores.subscales.items() if s.mean is not None}
        if means:
            points.append(CheckInPoint(e.created_at.astimezone().date(), means, scores.region()))
    return sorted(points, key=lambda p: p.when)


def reliable_change(instrument: Instrument, points: list[CheckInPoint]) -> list[Change]:
    """First against latest check-in, per subscale both of them scored."""
    if len(points) < 2:
        return []
    first, latest = points[0], points[-1]
    changes = []
    for sub in instrument.subscales:
        if sub.id not in first.means or sub.id not in latest.means:
            continue
        x1, x2 = first.means[sub.id], latest.means[sub.id]
        index = rci(x1, x2, sub.norms.sd, sub.norms.reliability) if sub.norms else None
        changes.append(Change(sub.id, sub.label, x1, x2, index))
    return changes


# -- trends ----------------------------------------------------------------------------
def month_of(when: dt.date | dt.datetime) -> str:
    return f"{when.year:04d}-{when.month:02d}"


def _local(entry: Entry) -> dt.datetime:
    return entry.created_at.astimezone()


@dataclass(frozen=True)
class MonthTriggers:
    month: str
    count: int
    mean_intensity: float


def trigger_trend(entries: Iterable[Entry]) -> list[MonthTriggers]:
    """Trigger logs per month (by when the moment happened) and their mean intensity."""
    counts: dict[str, list[int]] = defaultdict(list)
    for e in entries:
        if e.kind != "trigger_log" or e.deleted_at is not None:
            continue
        try:
            when = dt.datetime.fromisoformat(e.payload["occurred"])
        except (KeyError, TypeError, ValueError):
            when = _local(e)
        counts[month_of(when)].append(int(e.payload.get("intensity", 0)))
    return [MonthTriggers(m, len(v), sum(v) / len(v)) for m, v in sorted(counts.items())]


@dataclass(frozen=True)
class MonthPair:
    """Per month: how many, and the mean of two ratings (before / after, or predicted /
    actual)."""

    month: str
    count: int
    before: float
    after: float

    @property
    def drop(self) -> float:
        return self.before - self.after


def _pairs_by_month(pairs: Iterable[tuple[str, int, int]]) -> list[MonthPair]:
    months: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for month, before, after in pairs:
        months[month].append((before, after))
    return [MonthPair(m, len(v), sum(b for b, _ in v) / len(v), sum(a for _, a in v) / len(v))
            for m, v in sorted(months.items())]


def suds_trend(entries: Iterable[Entry]) -> list[MonthPair]:
    """Regulation practices per month: mean distress before and after."""
    return _pairs_by_month(
        (month_of(_local(e)), int(e.payload["suds_before"]), int(e.payload["suds_after"]))
        for e in entries if e.kind == "practice" and e.deleted_at is None)


def experiment_trend(entries: Iterable[Entry]) -> list[MonthPair]:
    """Finished small-no experiments per month: mean predicted and actual distress."""
    return _pairs_by_month(
        (month_of(_local(e)), int(e.payload["predicted_distress"]),
         int(e.payload["actual_distress"]))
        for e in entries if e.kind == "small_no" and e.deleted_at is None
        and e.payload.get("completed") and e.payload.get("actual_distress") is not None)


@dataclass(frozen=True)
class HomeworkRound:
    date: str
    workbook: str
    wanted: int
    done: int


def homework_trend(entries: list[Entry]) -> list[HomeworkRound]:
    """For each session that set homework: worksheets set and done before the next session
    (the latest round counts everything since it was set)."""
    sessions = [e for e in entries if e.kind == "session" and e.deleted_at is None]
    sessions.sort(key=lambda e: e.created_at)
    work = [e for e in entries if e.deleted_at is None and homework.homework_kind(e)]
    rounds = []
    for n, s in enumerate(sessions):
        items = s.payload.get("homework_items") or []
        if not items:
            continue
        until = sessions[n + 1].created_at if n + 1 < len(sessions) else None
        window = [e for e in work if until is None or e.created_at <= until]
        progress = homework.progress(s, window)
        rounds.append(HomeworkRound(
            str(s.payload.get("date", month_of(_local(s)))), str(s.payload.get("workbook", "")),
            sum(p.wanted for p in progress), sum(min(p.done, p.wanted) for p in progress)))
    return rounds


def by_kind(entries: Iterable[Entry]) -> dict[str, list[Entry]]:
    """Live entries grouped by kind, oldest first within each kind (one pass)."""
    out: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        if e.deleted_at is None:
            out[e.kind].append(e)
    return out

"""Session 6: how the check-ins moved, whether the change is reliable, and the trends in
what sessions 1-4 recorded. Pure Python: entries in, plain numbers out.

Reliable change follows Jacobson & Truax (1991)::

    SE    = SD * sqrt(1 - r)          standard error of measurement
    Sdiff = sqrt(2) * SE              standard error of a difference
    RCI   = (x2 - x1) / Sdiff         reliable when |RCI| > 1.96

``SD`` and ``r`` (test-retest or internal-consistency reliability) come from the
instrument file's ``norms``. Without them the change is reported, never judged.

Each dimension is compared from its own first complete check-in (its baseline) to its
own latest complete one: a check-in that left one dimension with too many gaps still
counts for the other, and the table shows each baseline's date.

Clinical significance follows the same paper. A change is clinically significant when it
is reliable, in the easing direction, and takes the score from the far side of a cutoff
to the near side (the "everyday range", typical of people not seeking help). Jacobson
and Truax give three cutoffs (for a dimension where lower is easier):

    a = M_clin - 2 * SD_clin                      beyond the help-seeking group's range
    b = M_func + 2 * SD_func                      within the non-clinical group's range
    c = (SD_clin * M_func + SD_func * M_clin) / (SD_clin + SD_func)
                                                  nearer the non-clinical group's mean

Which one is used depends on what the file gives, as the paper recommends:

* both groups (``norms.clinical`` and ``norms.nonclinical``): **c**. The paper calls it
  the least arbitrary of the three when both sets of norms exist and the groups overlap
  (as scores on questionnaires like these usually do): it is where a score becomes more
  likely to come from the non-clinical group, and it uses both distributions.
* the non-clinical group only: **b**, the only cutoff that needs just that group.
* the help-seeking group only: **a**, the only cutoff that needs just that group.
* neither: no judgement is made.

A score exactly on the cutoff is not past it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from attachwork.domain import homework
from attachwork.domain.instruments import Instrument, Subscale
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
class Cutoff:
    """Where the everyday range begins, and which of Jacobson and Truax's criteria gave it."""

    criterion: Literal["a", "b", "c"]
    value: float
    better: Literal["lower", "higher"] = "lower"

    def past(self, score: float) -> bool:
        """Whether ``score`` lies in the everyday range (strictly past the cutoff)."""
        return score < self.value if self.better == "lower" else score > self.value


def clinical_cutoff(sub: Subscale) -> Cutoff | None:
    """The cutoff for ``sub`` from its file's comparison groups (criterion c, b or a; see
    the module notes for which and why), or ``None`` when the file gives neither group."""
    norms = sub.norms
    if norms is None:
        return None
    clin, func = norms.clinical, norms.nonclinical
    toward_help = 1 if sub.better == "lower" else -1  # the direction of the help-seeking group
    if clin is not None and func is not None:
        value = (clin.sd * func.mean + func.sd * clin.mean) / (clin.sd + func.sd)
        return Cutoff("c", value, sub.better)
    if func is not None:
        return Cutoff("b", func.mean + toward_help * 2 * func.sd, sub.better)
    if clin is not None:
        return Cutoff("a", clin.mean - toward_help * 2 * clin.sd, sub.better)
    return None


@dataclass(frozen=True)
class Change:
    subscale: str
    label: str
    first: float
    latest: float
    rci: float | None  # None: the instrument gives no SD and reliability
    first_when: dt.date | None = None
    latest_when: dt.date | None = None
    cutoff: Cutoff | None = None  # None: the file gives no comparison group

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

    @property
    def clinical(self) -> str:
        """Jacobson and Truax's judgement beside the reliable change:

        ``cannot_judge`` (no comparison group or no reliability), ``worse`` (reliable change
        away from easing), ``started_within`` (the baseline was already in the everyday
        range, so there is nothing to return to), ``significant`` (reliable easing that
        ends in the everyday range: clinically significant), ``improved`` (reliable easing,
        not yet in that range), ``past_not_reliable`` (in the range now, but the change is
        within the wobble, so not significant) or ``not_yet``."""
        if self.cutoff is None or self.rci is None:
            return "cannot_judge"
        easing = self.rci < 0 if self.cutoff.better == "lower" else self.rci > 0
        if self.reliable and not easing:
            return "worse"
        if self.cutoff.past(self.first):
            return "started_within"
        if self.reliable:
            return "significant" if self.cutoff.past(self.latest) else "improved"
        return "past_not_reliable" if self.cutoff.past(self.latest) else "not_yet"


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
    """Per subscale, its first complete check-in (its baseline) against its latest complete
    one; a subscale complete in fewer than two check-ins has no change yet."""
    changes = []
    for sub in instrument.subscales:
        scored = [p for p in points if sub.id in p.means]
        if len(scored) < 2:
            continue
        first, latest = scored[0], scored[-1]
        x1, x2 = first.means[sub.id], latest.means[sub.id]
        index = rci(x1, x2, sub.norms.sd, sub.norms.reliability) if sub.norms else None
        changes.append(Change(sub.id, sub.label, x1, x2, index, first.when, latest.when,
                              clinical_cutoff(sub)))
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

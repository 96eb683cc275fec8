"""The registry of workbooks: everything the code knows about each one, in one place.

A workbook is one session's page (or, for Between sessions, the page between them). Its spec
says what it is called and where its words live, what it records, what it can set as
homework, and which charts its page and its summary draw. Nothing else in the package spells
a workbook id: pages, summaries, exports, the demo and the hand-back all ask here.

Adding a workbook: a spec here, a page module in ``attachwork/ui/pages/``, a notebook in
``workbooks/`` and a content file. Titles are in the content pack
(``common.workbooks.<id>``); this module imports nothing from the package, so every layer
can read it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WorkbookSpec:
    """One workbook.

    ``number`` is the session number (0 intake ... 6 review); ``None`` for a page that is not
    a session. ``key`` names its content file (``content/<lang>/<key>.yaml``) and is the
    prefix of its words; ``page`` is its module in ``attachwork.ui.pages``. ``steps`` are the
    steps after the client step (the wrap-up step is added by the page frame).
    ``record_kinds`` are what its worksheets save; ``homework_kinds`` what a therapist can set
    from it as homework; ``page_charts`` and ``summary_charts`` name chart builders in
    :mod:`attachwork.charts.catalog`.
    """

    id: str
    number: int | None
    key: str
    page: str
    steps: tuple[str, ...] = ()
    record_kinds: tuple[str, ...] = ()
    homework_kinds: tuple[str, ...] = ()
    page_charts: tuple[str, ...] = ()
    summary_charts: tuple[str, ...] = ()

    @property
    def notebook(self) -> str:
        """The notebook's file name in the workbooks folder."""
        return f"{self.id}.ipynb"

    @property
    def is_session(self) -> bool:
        return self.number is not None

    @property
    def title_key(self) -> str:
        return f"common.workbooks.{self.id}"


INTAKE = WorkbookSpec(
    id="00_intake", number=0, key="intake", page="intake",
    steps=("consent", "checkin", "distress"),
    record_kinds=("checkin", "suds"),
    summary_charts=("plane",),
)
PATTERN_AWARENESS = WorkbookSpec(
    id="01_pattern_awareness", number=1, key="pattern_awareness", page="pattern_awareness",
    steps=("learn", "trigger_log", "checks", "cycle", "charts"),
    record_kinds=("trigger_log", "protest_check", "silencing_check", "cycle_map"),
    homework_kinds=("trigger_log", "protest_check", "silencing_check", "cycle_map"),
    page_charts=("triggers.by_kind", "triggers.intensity", "triggers.stress"),
    summary_charts=("triggers.by_kind", "triggers.intensity"),
)
REGULATION = WorkbookSpec(
    id="02_regulation", number=2, key="regulation", page="regulation",
    steps=("why", "breathing", "grounding", "reset", "progress"),
    record_kinds=("practice",),
    homework_kinds=("practice_breathing", "practice_grounding", "practice_reset"),
    page_charts=("practice.suds_drop",),
    summary_charts=("practice.suds_drop_recent",),
)
CORE_BELIEFS = WorkbookSpec(
    id="03_core_beliefs", number=3, key="core_beliefs", page="core_beliefs",
    steps=("beliefs", "origins", "thought_record", "younger_self", "charts"),
    record_kinds=("belief_ratings", "origin_reflection", "thought_record", "younger_self"),
    homework_kinds=("belief_ratings", "thought_record"),
    page_charts=("beliefs", "emotions"),
    summary_charts=("beliefs",),
)
BOUNDARIES = WorkbookSpec(
    id="04_boundaries", number=4, key="boundaries", page="boundaries",
    steps=("safety", "coach", "script", "small_no", "audit"),
    record_kinds=("partner_safety_check", "request_practice", "boundary_script", "small_no",
                  "overfunctioning_audit"),
    homework_kinds=("request_practice", "boundary_script", "small_no", "overfunctioning_audit"),
    page_charts=("experiments",),
    summary_charts=("experiments",),
)
PARTNER_CHOICE = WorkbookSpec(
    id="05_partner_choice", number=5, key="partner_choice", page="partner_choice",
    steps=("safety", "people", "signs", "compare", "map"),
    record_kinds=("partner", "partner_rating", "partner_checkin"),
    homework_kinds=("partner_rating",),
    # The page's radars follow the person chosen on it; the summary shows everyone.
    summary_charts=("partners.side_by_side",),
)
REVIEW = WorkbookSpec(
    id="06_review", number=6, key="review", page="review",
    steps=("trajectory", "trends", "plan", "onward"),
    record_kinds=("relapse_plan",),
    page_charts=("trajectory", "review.trends"),
    summary_charts=("trajectory", "review.trends"),
)
BETWEEN_SESSIONS = WorkbookSpec(id="between_sessions", number=None, key="bundles",
                                page="between_sessions")
#: The clinic's front door: the caseload, a client's way into any workbook, the desk.
START = WorkbookSpec(id="start", number=None, key="start", page="start")
#: The safety plan: one page, built together in session and kept by the client.
SAFETY_PLAN = WorkbookSpec(id="safety_plan", number=None, key="safety_plan", page="safety_plan",
                           steps=("plan",), record_kinds=("safety_plan",))

#: The session workbooks, in order.
SESSIONS: tuple[WorkbookSpec, ...] = (INTAKE, PATTERN_AWARENESS, REGULATION, CORE_BELIEFS,
                                      BOUNDARIES, PARTNER_CHOICE, REVIEW)
#: Every page: the start page, the sessions and Between sessions.
ALL: tuple[WorkbookSpec, ...] = (START, *SESSIONS, BETWEEN_SESSIONS, SAFETY_PLAN)
#: Where a client's home copy opens, and where it points a person who has no profile yet.
HOME_PAGE = BETWEEN_SESSIONS
#: Where the clinic opens.
CLINIC_PAGE = START

_BY_ID = {spec.id: spec for spec in ALL}


def get(workbook_id: str | None) -> WorkbookSpec | None:
    """The spec of a known workbook id, else ``None`` (never trust an id from a file)."""
    return _BY_ID.get(workbook_id or "")


def by_number(number: int) -> WorkbookSpec | None:
    return next((s for s in SESSIONS if s.number == number), None)


def ids() -> tuple[str, ...]:
    return tuple(_BY_ID)


def for_homework(kind: str) -> WorkbookSpec | None:
    """The workbook whose worksheet a homework kind is done in."""
    return next((s for s in SESSIONS if kind in s.homework_kinds), None)


def for_record(kind: str) -> WorkbookSpec | None:
    """The workbook that records entries of ``kind`` (``None`` for shared kinds)."""
    return next((s for s in SESSIONS if kind in s.record_kinds), None)

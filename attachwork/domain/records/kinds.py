"""Which schema validates each record kind: the one list of kinds the store accepts.

A new record kind is a schema in its workbook's module and one line here.
"""

from __future__ import annotations

from attachwork.domain.records.base import Record
from attachwork.domain.records.boundaries import (
    BoundaryScript,
    OverfunctioningAudit,
    RequestPractice,
    SmallNo,
)
from attachwork.domain.records.core_beliefs import (
    BeliefRatings,
    OriginReflection,
    ThoughtRecord,
    YoungerSelf,
)
from attachwork.domain.records.intake import CheckIn, ClientProfile, SessionRecord, Suds
from attachwork.domain.records.partner_choice import PartnerCheckIn, PartnerProfile, PartnerRating
from attachwork.domain.records.pattern_awareness import (
    CycleMap,
    ProtestCheck,
    SilencingCheck,
    TriggerLog,
)
from attachwork.domain.records.regulation import Practice
from attachwork.domain.records.review import RelapsePlan
from attachwork.domain.records.safety import PartnerSafetyCheck, SafetyPlan

RECORD_KINDS: dict[str, type[Record]] = {
    "profile": ClientProfile,
    "checkin": CheckIn,
    "suds": Suds,
    "session": SessionRecord,
    "trigger_log": TriggerLog,
    "protest_check": ProtestCheck,
    "silencing_check": SilencingCheck,
    "cycle_map": CycleMap,
    "practice": Practice,
    "overfunctioning_audit": OverfunctioningAudit,
    "request_practice": RequestPractice,
    "boundary_script": BoundaryScript,
    "small_no": SmallNo,
    "belief_ratings": BeliefRatings,
    "origin_reflection": OriginReflection,
    "thought_record": ThoughtRecord,
    "younger_self": YoungerSelf,
    "partner": PartnerProfile,
    "partner_rating": PartnerRating,
    "partner_checkin": PartnerCheckIn,
    "relapse_plan": RelapsePlan,
    "safety_plan": SafetyPlan,
    "partner_safety_check": PartnerSafetyCheck,
}


def schema_for(kind: str) -> type[Record]:
    try:
        return RECORD_KINDS[kind]
    except KeyError:
        raise ValueError(f"unknown record kind '{kind}'") from None

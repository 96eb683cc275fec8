"""What the workbooks record, as validated models.

Each record kind has a pydantic schema, in the module of the workbook that writes it
(``intake``, ``pattern_awareness``, ``regulation``, ``core_beliefs``, ``boundaries``,
``partner_choice``, ``review``) on the shared base in ``base``. ``kinds`` maps each kind to
its schema. The store keeps an entry's payload as the schema's JSON, with the metadata
every entry shares (who wrote it, where, when, a stable id) held beside it in
:class:`Entry` (``entries``).

Each vocabulary is written once, as a ``Literal`` type that the schemas use (``TriggerKind``);
the tuple beside it (``TRIGGER_KINDS``) is derived from it with ``typing.get_args``, in the
same order, for the pages and charts that list the choices.

Import from here: every public name of the modules is re-exported.
"""

from __future__ import annotations

from attachwork.domain.records.base import (
    AUTHORS,
    FREQUENCIES,
    PLACES,
    Author,
    FreeText,
    Frequency,
    Place,
    Record,
    compare_frequencies,
)
from attachwork.domain.records.boundaries import (
    BoundaryScript,
    OverfunctioningAudit,
    RequestPractice,
    SmallNo,
)
from attachwork.domain.records.core_beliefs import (
    ORIGINS,
    THINKING_TRAPS,
    BeliefRatings,
    Emotion,
    Origin,
    OriginReflection,
    OwnBelief,
    ThinkingTrap,
    ThoughtRecord,
    YoungerSelf,
)
from attachwork.domain.records.entries import Client, Draft, Entry, EntryVersion, RiskFlag
from attachwork.domain.records.intake import (
    HOMEWORK_KINDS,
    RELATIONSHIP_CONTEXTS,
    CheckIn,
    ClientProfile,
    HomeworkItem,
    HomeworkKind,
    RelationshipContext,
    SessionRecord,
    Suds,
)
from attachwork.domain.records.kinds import RECORD_KINDS, schema_for
from attachwork.domain.records.partner_choice import (
    EVIDENCE,
    PARTNER_RELATIONS,
    SECURE_SIGNS,
    TRAP_SIGNS,
    Evidence,
    PartnerCheckIn,
    PartnerProfile,
    PartnerRating,
    PartnerRelation,
    SecureSign,
    SignRating,
    TrapSign,
)
from attachwork.domain.records.pattern_awareness import (
    BODY_SENSATIONS,
    CYCLE_STEPS,
    TRIGGER_KINDS,
    BodySensation,
    CycleMap,
    CycleStep,
    ProtestCheck,
    SilencingCheck,
    TriggerKind,
    TriggerLog,
)
from attachwork.domain.records.regulation import (
    GROUNDING_SENSES,
    PRACTICE_TOOLS,
    RESETS,
    GroundingSense,
    Practice,
    PracticeTool,
    Reset,
)
from attachwork.domain.records.review import RelapsePlan
from attachwork.domain.records.safety import (
    PARTNER_SAFETY_ANSWERS,
    PARTNER_SAFETY_QUESTIONS,
    SAFETY_PLAN_PARTS,
    PartnerSafetyAnswer,
    PartnerSafetyCheck,
    PartnerSafetyQuestion,
    SafetyPlan,
    SafetyPlanPart,
)

__all__ = [
    # base
    "AUTHORS", "FREQUENCIES", "PLACES", "Author", "FreeText", "Frequency", "Place", "Record",
    "compare_frequencies",
    # kinds and entry metadata
    "RECORD_KINDS", "schema_for", "Client", "Draft", "Entry", "EntryVersion", "RiskFlag",
    # 00 intake
    "HOMEWORK_KINDS", "RELATIONSHIP_CONTEXTS", "CheckIn", "ClientProfile", "HomeworkItem",
    "HomeworkKind", "RelationshipContext", "SessionRecord", "Suds",
    # 01 pattern awareness
    "BODY_SENSATIONS", "CYCLE_STEPS", "TRIGGER_KINDS", "BodySensation", "CycleMap", "CycleStep",
    "ProtestCheck", "SilencingCheck", "TriggerKind", "TriggerLog",
    # 02 regulation
    "GROUNDING_SENSES", "PRACTICE_TOOLS", "RESETS", "GroundingSense", "Practice", "PracticeTool",
    "Reset",
    # 03 core beliefs
    "ORIGINS", "THINKING_TRAPS", "BeliefRatings", "Emotion", "Origin", "OriginReflection",
    "OwnBelief", "ThinkingTrap", "ThoughtRecord", "YoungerSelf",
    # 04 boundaries
    "BoundaryScript", "OverfunctioningAudit", "RequestPractice", "SmallNo",
    # 05 partner choice
    "EVIDENCE", "PARTNER_RELATIONS", "SECURE_SIGNS", "TRAP_SIGNS", "Evidence", "PartnerCheckIn",
    "PartnerProfile", "PartnerRating", "PartnerRelation", "SecureSign", "SignRating", "TrapSign",
    # 06 review
    "RelapsePlan",
    # safety
    "PARTNER_SAFETY_ANSWERS", "PARTNER_SAFETY_QUESTIONS", "SAFETY_PLAN_PARTS", "PartnerSafetyAnswer",
    "PartnerSafetyCheck", "PartnerSafetyQuestion", "SafetyPlan", "SafetyPlanPart",
]

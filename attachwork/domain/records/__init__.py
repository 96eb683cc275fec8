"""What the workbooks record, as validated models.

Each record kind has a pydantic schema, in the module of the workbook that writes it
(``intake``, ``pattern_awareness``, ``regulation``, ``core_beliefs``, ``boundaries``,
``partner_choice``, ``review``) on the shared base in ``base``. ``kinds`` maps each kind to
its schema. The store keeps an entry's payload as the schema's JSON, with the metadata
every entry shares (who wrote it, where, when, a stable id) held beside it in
:class:`Entry` (``entries``).

Import from here: every public name of the modules is re-exported.
"""

from __future__ import annotations

from attachwork.domain.records.base import (
    AUTHORS,
    FREQUENCIES,
    PLACES,
    FreeText,
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
    OriginReflection,
    OwnBelief,
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
    SessionRecord,
    Suds,
)
from attachwork.domain.records.kinds import RECORD_KINDS, schema_for
from attachwork.domain.records.partner_choice import (
    EVIDENCE,
    PARTNER_RELATIONS,
    SECURE_SIGNS,
    TRAP_SIGNS,
    PartnerCheckIn,
    PartnerProfile,
    PartnerRating,
    SignRating,
)
from attachwork.domain.records.pattern_awareness import (
    BODY_SENSATIONS,
    CYCLE_STEPS,
    TRIGGER_KINDS,
    CycleMap,
    ProtestCheck,
    SilencingCheck,
    TriggerLog,
)
from attachwork.domain.records.regulation import (
    GROUNDING_SENSES,
    PRACTICE_TOOLS,
    RESETS,
    Practice,
)
from attachwork.domain.records.review import RelapsePlan

__all__ = [
    # base
    "AUTHORS", "FREQUENCIES", "PLACES", "FreeText", "Record", "compare_frequencies",
    # kinds and entry metadata
    "RECORD_KINDS", "schema_for", "Client", "Draft", "Entry", "EntryVersion", "RiskFlag",
    # 00 intake
    "HOMEWORK_KINDS", "RELATIONSHIP_CONTEXTS", "CheckIn", "ClientProfile", "HomeworkItem",
    "SessionRecord", "Suds",
    # 01 pattern awareness
    "BODY_SENSATIONS", "CYCLE_STEPS", "TRIGGER_KINDS", "CycleMap", "ProtestCheck",
    "SilencingCheck", "TriggerLog",
    # 02 regulation
    "GROUNDING_SENSES", "PRACTICE_TOOLS", "RESETS", "Practice",
    # 03 core beliefs
    "ORIGINS", "THINKING_TRAPS", "BeliefRatings", "Emotion", "OriginReflection", "OwnBelief",
    "ThoughtRecord", "YoungerSelf",
    # 04 boundaries
    "BoundaryScript", "OverfunctioningAudit", "RequestPractice", "SmallNo",
    # 05 partner choice
    "EVIDENCE", "PARTNER_RELATIONS", "SECURE_SIGNS", "TRAP_SIGNS", "PartnerCheckIn",
    "PartnerProfile", "PartnerRating", "SignRating",
    # 06 review
    "RelapsePlan",
]

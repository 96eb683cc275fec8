"""The record schemas: each vocabulary is the one its schema validates, every kind is listed."""

from __future__ import annotations

import subprocess
import sys
from typing import Any, get_args

import pytest
from pydantic import BaseModel

from attachwork.domain import records
from attachwork.domain.records import (
    RECORD_KINDS,
    ClientProfile,
    CycleMap,
    HomeworkItem,
    OriginReflection,
    OverfunctioningAudit,
    PartnerProfile,
    PartnerRating,
    PartnerSafetyCheck,
    Practice,
    ProtestCheck,
    Record,
    SafetyPlan,
    SignRating,
    SilencingCheck,
    ThoughtRecord,
    TriggerLog,
    schema_for,
)

#: (tuple, its Literal type, a model that validates it, the path in the model's JSON schema
#: to the values it accepts, values the model accepts beyond the vocabulary).
VALIDATED: list[tuple[str, str, type[BaseModel], tuple[str, ...], tuple[Any, ...]]] = [
    ("RELATIONSHIP_CONTEXTS", "RelationshipContext", ClientProfile, ("relationship_context",), ()),
    ("HOMEWORK_KINDS", "HomeworkKind", HomeworkItem, ("kind",), ()),
    ("TRIGGER_KINDS", "TriggerKind", TriggerLog, ("trigger_kind",), ()),
    ("BODY_SENSATIONS", "BodySensation", TriggerLog, ("body", "items"), ()),
    ("FREQUENCIES", "Frequency", ProtestCheck, ("ratings", "additionalProperties"), ()),
    ("FREQUENCIES", "Frequency", SilencingCheck, ("ratings", "additionalProperties"), ()),
    ("FREQUENCIES", "Frequency", OverfunctioningAudit, ("ratings", "additionalProperties"), ()),
    ("PRACTICE_TOOLS", "PracticeTool", Practice, ("tool",), ()),
    ("GROUNDING_SENSES", "GroundingSense", Practice, ("grounding", "propertyNames"), ()),
    ("RESETS", "Reset", Practice, ("reset",), ("",)),
    ("THINKING_TRAPS", "ThinkingTrap", ThoughtRecord, ("traps", "items"), ()),
    ("SECURE_SIGNS", "SecureSign", PartnerRating, ("signs", "propertyNames"), ()),
    ("TRAP_SIGNS", "TrapSign", PartnerRating, ("traps", "items"), ()),
    ("EVIDENCE", "Evidence", SignRating, ("rating",), ()),
    ("PARTNER_RELATIONS", "PartnerRelation", PartnerProfile, ("relation",), ()),
    ("PARTNER_SAFETY_QUESTIONS", "PartnerSafetyQuestion", PartnerSafetyCheck,
     ("answers", "propertyNames"), ()),
    ("PARTNER_SAFETY_ANSWERS", "PartnerSafetyAnswer", PartnerSafetyCheck,
     ("answers", "additionalProperties"), ()),
]
#: Vocabularies that name a model's fields: (tuple, Literal, model, the fields that are not in it).
FIELD_NAMES: list[tuple[str, str, type[BaseModel], set[str]]] = [
    ("CYCLE_STEPS", "CycleStep", CycleMap, {"kind", "title"}),
    ("ORIGINS", "Origin", OriginReflection, {"kind", "note"}),
    ("SAFETY_PLAN_PARTS", "SafetyPlanPart", SafetyPlan, {"kind"}),
]
#: Vocabularies of entry metadata, which the store checks rather than a schema.
METADATA = [("AUTHORS", "Author"), ("PLACES", "Place")]


def _accepted(model: type[BaseModel], path: tuple[str, ...]) -> list[Any]:
    node = model.model_json_schema()["properties"]
    for step in path:
        node = node[step]
    return node["enum"]


@pytest.mark.parametrize(("name", "literal", "model", "path", "extra"), VALIDATED,
                         ids=[f"{v[0]}-{v[2].__name__}" for v in VALIDATED])
def test_each_vocabulary_is_what_its_schema_validates(name, literal, model, path, extra):
    values = getattr(records, name)
    assert values == get_args(getattr(records, literal))
    assert _accepted(model, path) == [*values, *extra]


@pytest.mark.parametrize(("name", "literal", "model", "others"), FIELD_NAMES,
                         ids=[v[0] for v in FIELD_NAMES])
def test_vocabularies_of_field_names_are_the_fields(name, literal, model, others):
    values = getattr(records, name)
    assert values == get_args(getattr(records, literal))
    assert tuple(f for f in model.model_fields if f not in others) == values


@pytest.mark.parametrize(("name", "literal"), METADATA)
def test_metadata_vocabularies_are_their_literal(name, literal):
    assert getattr(records, name) == get_args(getattr(records, literal))


def test_every_vocabulary_is_checked_here():
    vocabularies = {n for n in records.__all__ if n.isupper() and isinstance(getattr(records, n), tuple)}
    checked = {v[0] for v in VALIDATED} | {v[0] for v in FIELD_NAMES} | {v[0] for v in METADATA}
    assert vocabularies == checked


def _subclasses(cls: type[Record]) -> set[type[Record]]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found


def test_record_kinds_cover_every_record_subclass():
    unlisted = {c.__name__ for c in _subclasses(Record) - set(RECORD_KINDS.values())}
    # Only private bases (such as the frequency check) may stay out of the list.
    assert all(name.startswith("_") for name in unlisted), unlisted
    for kind, schema in RECORD_KINDS.items():
        assert schema.model_fields["kind"].default == kind
        assert schema_for(kind) is schema


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown record kind 'nope'"):
        schema_for("nope")


def test_records_import_no_widgets_charts_or_database():
    code = ("import sys, attachwork.domain.records; "
            "print(sorted({m.split('.')[0] for m in sys.modules} "
            "& {'ipywidgets', 'anywidget', 'plotly', 'sqlalchemy'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"

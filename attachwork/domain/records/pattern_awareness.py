"""Records of workbook 01 (pattern awareness).

A trigger log for one activating moment, the two frequency checks (protest behaviours and
self-silencing), and the client's own pursue-withdraw cycle.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, get_args

from pydantic import Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from attachwork.domain.records.base import (
    LIST_MAX,
    FreeText,
    ItemText,
    Record,
    _FrequencyCheck,
    _required_text,
)

#: What kind of moment set it off.
TriggerKind = Literal["distance", "conflict", "stress", "other"]
TRIGGER_KINDS: tuple[TriggerKind, ...] = get_args(TriggerKind)
#: What the body did.
BodySensation = Literal["tight_chest", "racing_thoughts", "sinking_stomach", "restlessness", "other"]
BODY_SENSATIONS: tuple[BodySensation, ...] = get_args(BodySensation)


class TriggerLog(Record):
    """One activating moment: what happened, the story the mind told, and another story."""

    kind: Literal["trigger_log"] = "trigger_log"
    occurred: dt.datetime
    happened: FreeText
    trigger_kind: TriggerKind
    trigger_other: FreeText = Field(default="", validate_default=True)
    story: FreeText
    other_stories: list[ItemText] = Field(default_factory=list, validate_default=True,
                                          max_length=LIST_MAX)
    intensity: int = Field(ge=0, le=10)
    body: list[BodySensation] = Field(default_factory=list, max_length=len(BODY_SENSATIONS))
    body_other: FreeText = ""
    urge: FreeText = ""
    did: FreeText = ""
    baseline_stress: int | None = Field(default=None, ge=0, le=10)

    _happened = field_validator("happened", "story")(_required_text)

    @field_validator("trigger_other")
    @classmethod
    def _other_named(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("trigger_kind") == "other" and not value:
            raise PydanticCustomError("trigger_other_needed", "say what kind of trigger")
        return value

    @field_validator("other_stories")
    @classmethod
    def _another_story(cls, value: list[str]) -> list[str]:
        stories = [s for s in value if s]
        if not stories:
            raise PydanticCustomError("other_story_needed", "at least one other story")
        return stories


class ProtestCheck(_FrequencyCheck):
    kind: Literal["protest_check"] = "protest_check"


class SilencingCheck(_FrequencyCheck):
    kind: Literal["silencing_check"] = "silencing_check"


#: The steps of the loop, in order round the ring; each is a field of :class:`CycleMap`.
CycleStep = Literal["trigger", "my_feeling", "my_move", "their_feeling", "their_move", "conclusion"]
CYCLE_STEPS: tuple[CycleStep, ...] = get_args(CycleStep)


class CycleMap(Record):
    """The client's own pursue-withdraw loop, in their words."""

    kind: Literal["cycle_map"] = "cycle_map"
    title: FreeText = ""
    trigger: FreeText
    my_feeling: FreeText = ""
    my_move: FreeText
    their_feeling: FreeText = ""
    their_move: FreeText = ""
    conclusion: FreeText = ""

    _needed = field_validator("trigger", "my_move")(_required_text)

"""Records of workbook 03 (core beliefs).

Belief ratings (0 to 100, rated again at later sessions), a reflection on where the beliefs
came from, a thought record, and a note to the younger self.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from attachwork.domain.records.base import (
    LIST_MAX,
    FreeText,
    ItemText,
    Key,
    Record,
    _no_unstorable,
    _required_text,
)


class OwnBelief(BaseModel):
    """A belief in the client's own words, with how true it feels: a rating needs the words
    (a chart line with no name would mean nothing)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    text: ItemText
    rating: int = Field(ge=0, le=100)

    @field_validator("text")
    @classmethod
    def _words(cls, value: str) -> str:
        if not value:
            raise PydanticCustomError("own_belief_words", "write the belief, or clear its rating")
        return value


class BeliefRatings(Record):
    """How true each belief feels today, 0 to 100; rated again at later sessions."""

    kind: Literal["belief_ratings"] = "belief_ratings"
    ratings: dict[Key, int] = Field(default_factory=dict, max_length=LIST_MAX)
    own: list[OwnBelief] = Field(default_factory=list, validate_default=True, max_length=LIST_MAX)

    @field_validator("ratings")
    @classmethod
    def _in_range(cls, value: dict[str, int]) -> dict[str, int]:
        if any(not 0 <= v <= 100 for v in value.values()):
            raise PydanticCustomError("less_than_equal", "0 to 100", {"le": 100})
        return value

    @field_validator("own")
    @classmethod
    def _something_rated(cls, value: list[OwnBelief], info: ValidationInfo) -> list[OwnBelief]:
        if not value and not info.data.get("ratings"):
            raise PydanticCustomError("rate_one", "rate at least one belief")
        return value


#: Where a belief may have come from; each is a field of :class:`OriginReflection`, in the
#: order the page asks. Every one is optional, so a reflection saved before a prompt was
#: added is still valid.
Origin = Literal["unpredictable", "caregiver_anxiety", "loss", "illness", "temperament",
                 "parentification", "family_culture", "later"]
ORIGINS: tuple[Origin, ...] = get_args(Origin)


class OriginReflection(Record):
    kind: Literal["origin_reflection"] = "origin_reflection"
    unpredictable: FreeText = ""
    caregiver_anxiety: FreeText = ""
    loss: FreeText = ""
    illness: FreeText = ""
    temperament: FreeText = ""
    parentification: FreeText = ""
    family_culture: FreeText = ""
    later: FreeText = ""
    note: FreeText = Field(default="", validate_default=True)

    @field_validator("note")
    @classmethod
    def _something_written(cls, value: str, info: ValidationInfo) -> str:
        if not value and not any(info.data.get(k) for k in ORIGINS):
            raise PydanticCustomError("write_one", "write in any box")
        return value


ThinkingTrap = Literal["mind_reading", "catastrophising", "personalising", "all_or_nothing",
                       "fortune_telling", "emotional_reasoning", "discounting_positive"]
THINKING_TRAPS: tuple[ThinkingTrap, ...] = get_args(ThinkingTrap)


class Emotion(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80),
                    AfterValidator(_no_unstorable)]
    before: int = Field(ge=0, le=100)
    after: int | None = Field(default=None, ge=0, le=100)


class ThoughtRecord(Record):
    """Started in session and often finished at home: only the situation and the thought
    are needed to save; it is complete once the balanced view and re-ratings are in."""

    kind: Literal["thought_record"] = "thought_record"
    situation: FreeText
    thought: FreeText
    belief_before: int | None = Field(default=None, ge=0, le=100)
    emotions: list[Emotion] = Field(default_factory=list, max_length=LIST_MAX)
    traps: list[ThinkingTrap] = Field(default_factory=list, max_length=len(THINKING_TRAPS))
    evidence_for: FreeText = ""
    evidence_against: FreeText = ""
    balanced: FreeText = ""
    belief_after: int | None = Field(default=None, ge=0, le=100)

    _needed = field_validator("situation", "thought")(_required_text)

    @property
    def complete(self) -> bool:
        return bool(self.balanced) and self.belief_after is not None and all(
            e.after is not None for e in self.emotions)


class YoungerSelf(Record):
    kind: Literal["younger_self"] = "younger_self"
    note: FreeText
    private: bool = False

    _needed = field_validator("note")(_required_text)

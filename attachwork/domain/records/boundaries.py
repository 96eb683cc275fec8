"""Records of workbook 04 (boundaries).

The overfunctioning audit (a frequency check), a complaint turned into a request with the
coach, a boundary script, and the small-no experiment.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from attachwork.domain.records.base import (
    LIST_MAX,
    FreeText,
    Key,
    Record,
    _FrequencyCheck,
    _required_text,
)


class OverfunctioningAudit(_FrequencyCheck):
    kind: Literal["overfunctioning_audit"] = "overfunctioning_audit"


class RequestPractice(Record):
    """A complaint turned into a request with the coach: the draft, the rewrite, what the
    coach saw in the last text it read, and whether that text read as a request."""

    kind: Literal["request_practice"] = "request_practice"
    draft: FreeText
    rewrite: FreeText = ""
    flags: list[Key] = Field(default_factory=list, max_length=LIST_MAX)
    accepted: bool = False

    _needed = field_validator("draft")(_required_text)


class BoundaryScript(Record):
    kind: Literal["boundary_script"] = "boundary_script"
    situation: FreeText
    need: FreeText
    say: FreeText
    if_not: FreeText = ""
    rehearsal: FreeText = ""

    _needed = field_validator("situation", "need", "say")(_required_text)


class SmallNo(Record):
    """A small honest no, in two stages: the plan with predictions, then how it went."""

    kind: Literal["small_no"] = "small_no"
    plan: FreeText
    predicted_harm: int = Field(ge=0, le=100)
    predicted_distress: int = Field(ge=0, le=10)
    completed: bool = False
    happened: FreeText = Field(default="", validate_default=True)
    actual_distress: int | None = Field(default=None, ge=0, le=10, validate_default=True)
    actual_harm: int | None = Field(default=None, ge=0, le=100)
    learned: FreeText = ""

    _needed = field_validator("plan")(_required_text)

    @field_validator("happened", "actual_distress")
    @classmethod
    def _outcome(cls, value: Any, info: ValidationInfo) -> Any:
        if info.data.get("completed") and value in (None, ""):
            code = "missing_choice" if info.field_name == "actual_distress" else "missing"
            raise PydanticCustomError(code, "required to complete the experiment")
        return value

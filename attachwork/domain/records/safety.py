"""Records that keep a person safe: the safety plan, and the check on feeling safe with a
partner before boundary and honesty experiments."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from attachwork.domain.records.base import FreeText, Record

#: The parts of a safety plan, in the order of Stanley and Brown (2012).
SafetyPlanPart = Literal["warning_signs", "coping", "distractions", "people", "professionals",
                         "safer_surroundings", "reasons"]
SAFETY_PLAN_PARTS: tuple[SafetyPlanPart, ...] = get_args(SafetyPlanPart)


class SafetyPlan(Record):
    """A plan for hard moments, built together in session and kept by the client: warning
    signs; things I can do on my own; people and places that take my mind off it; people I can
    ask for help; professionals and crisis lines; making my surroundings safer; my reasons for
    living. Any part can wait; at least one must be written."""

    kind: Literal["safety_plan"] = "safety_plan"
    warning_signs: FreeText = ""
    coping: FreeText = ""
    distractions: FreeText = ""
    people: FreeText = ""
    professionals: FreeText = ""
    safer_surroundings: FreeText = ""
    reasons: FreeText = Field(default="", validate_default=True)

    @field_validator("reasons")
    @classmethod
    def _something_written(cls, value: str, info: ValidationInfo) -> str:
        if not value and not any(info.data.get(part) for part in SAFETY_PLAN_PARTS if part != "reasons"):
            raise PydanticCustomError("write_one", "write in any part")
        return value


#: The questions of the partner-safety check.
PartnerSafetyQuestion = Literal["afraid", "threatened", "controlled", "hurt"]
PARTNER_SAFETY_QUESTIONS: tuple[PartnerSafetyQuestion, ...] = get_args(PartnerSafetyQuestion)
#: Answers: no / not sure / yes.
PartnerSafetyAnswer = Literal["no", "unsure", "yes"]
PARTNER_SAFETY_ANSWERS: tuple[PartnerSafetyAnswer, ...] = get_args(PartnerSafetyAnswer)


class PartnerSafetyCheck(Record):
    """A short, kind check on feeling safe with a partner, before boundary scripts, small-no
    experiments and the partner workbook. Any "yes" or "not sure" puts safety in doubt: the
    workbook then says the experiments are for safe relationships and suggests talking it
    through first, and the therapist gets a note."""

    kind: Literal["partner_safety_check"] = "partner_safety_check"
    answers: dict[PartnerSafetyQuestion, PartnerSafetyAnswer]

    @field_validator("answers")
    @classmethod
    def _all_answered(cls, value: dict[str, str]) -> dict[str, str]:
        if any(q not in value for q in PARTNER_SAFETY_QUESTIONS):
            raise PydanticCustomError("answer_each", "answer each question")
        return value

    @property
    def in_doubt(self) -> bool:
        return any(a != "no" for a in self.answers.values())

"""Records of workbook 02 (regulation): one calming practice, with distress before and after."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from attachwork.domain.records.base import FreeText, Record

PRACTICE_TOOLS = ("breathing", "grounding", "reset")
GROUNDING_SENSES = ("seen", "heard", "touched", "smelled", "tasted")
RESETS = ("cold_water", "walk", "call", "other")


class Practice(Record):
    """One regulation practice, with distress before and after."""

    kind: Literal["practice"] = "practice"
    tool: Literal["breathing", "grounding", "reset"]
    suds_before: int = Field(ge=0, le=10)
    suds_after: int = Field(ge=0, le=10)
    seconds: int | None = Field(default=None, ge=0, le=24 * 3600)
    breaths: int | None = Field(default=None, ge=0, le=10_000)
    inhale: float | None = Field(default=None, ge=1, le=15)
    exhale: float | None = Field(default=None, ge=1, le=20)
    grounding: dict[Literal["seen", "heard", "touched", "smelled", "tasted"], FreeText] = Field(
        default_factory=dict)
    reset: Literal["cold_water", "walk", "call", "other", ""] = ""
    note: FreeText = ""

    @property
    def drop(self) -> int:
        return self.suds_before - self.suds_after

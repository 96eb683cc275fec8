"""Records of workbook 02 (regulation): one calming practice, with distress before and after."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import Field

from attachwork.domain.records.base import FreeText, Record

#: The three tools of the calming toolkit.
PracticeTool = Literal["breathing", "grounding", "reset"]
PRACTICE_TOOLS: tuple[PracticeTool, ...] = get_args(PracticeTool)
#: The senses of the 5-4-3-2-1 grounding scan, one at a time.
GroundingSense = Literal["seen", "heard", "touched", "smelled", "tasted"]
GROUNDING_SENSES: tuple[GroundingSense, ...] = get_args(GroundingSense)
#: Quick resets: fast, physical ways to take the edge off.
Reset = Literal["cold_water", "walk", "call", "other"]
RESETS: tuple[Reset, ...] = get_args(Reset)


class Practice(Record):
    """One regulation practice, with distress before and after."""

    kind: Literal["practice"] = "practice"
    tool: PracticeTool
    suds_before: int = Field(ge=0, le=10)
    suds_after: int = Field(ge=0, le=10)
    seconds: int | None = Field(default=None, ge=0, le=24 * 3600)
    breaths: int | None = Field(default=None, ge=0, le=10_000)
    inhale: float | None = Field(default=None, ge=1, le=15)
    exhale: float | None = Field(default=None, ge=1, le=20)
    grounding: dict[GroundingSense, FreeText] = Field(default_factory=dict, max_length=5)
    reset: Literal[Reset, ""] = ""  # "" when the practice was not a reset
    note: FreeText = ""

    @property
    def drop(self) -> int:
        return self.suds_before - self.suds_after

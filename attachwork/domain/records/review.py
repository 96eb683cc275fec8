"""Records of workbook 06 (review): the relapse-prevention plan."""

from __future__ import annotations

from typing import Literal

from pydantic import field_validator

from attachwork.domain.records.base import FreeText, Record, _required_text


class RelapsePlan(Record):
    """Session 6: early warning signs, what helps, who I can reach, and my first steps."""

    kind: Literal["relapse_plan"] = "relapse_plan"
    warning_signs: FreeText
    what_helps: FreeText
    people: FreeText
    first_steps: FreeText = ""
    progress_noticed: FreeText = ""

    _needed = field_validator("warning_signs", "what_helps", "people")(_required_text)

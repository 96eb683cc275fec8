"""Records of workbook 05 (partner choice).

A person the client is weighing up, a dated rating of that person on the secure-partner
signs (with the trap signs ticked), and a check-in answered for them.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

from attachwork.domain.records.base import FreeText, Record, _required_text
from attachwork.domain.records.intake import CheckIn

#: Secure-partner signs (session 5), rated on the evidence seen so far.
SECURE_SIGNS = ("consistent", "follows_through", "names_space", "care_lands", "closeness_ok",
                "responds_to_bids", "repairs", "respects_boundaries")
#: Signs of the anxious-avoidant trap, ticked when noticed.
TRAP_SIGNS = ("hot_cold", "intensity_as_chemistry", "calm_as_boredom", "earning_warmth")
#: Evidence seen for a sign: not seen / mixed / clearly yes.
EVIDENCE = (0, 1, 2)
PARTNER_RELATIONS = ("current", "past", "date", "other")


class PartnerProfile(Record):
    """A person the client is weighing up, under a label of the client's choosing."""

    kind: Literal["partner"] = "partner"
    label: Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)]
    relation: Literal["current", "past", "date", "other"]
    note: FreeText = ""

    _needed = field_validator("label")(_required_text)


class SignRating(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    rating: Literal[0, 1, 2]
    evidence: FreeText = ""


class PartnerRating(Record):
    """One dated look at one person: every secure sign rated on evidence, traps ticked."""

    kind: Literal["partner_rating"] = "partner_rating"
    partner_id: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    signs: dict[Literal["consistent", "follows_through", "names_space", "care_lands",
                        "closeness_ok", "responds_to_bids", "repairs", "respects_boundaries"],
                SignRating]
    traps: list[Literal["hot_cold", "intensity_as_chemistry", "calm_as_boredom",
                        "earning_warmth"]] = Field(default_factory=list)
    trap_note: FreeText = ""
    reflection: FreeText = ""

    @field_validator("signs")
    @classmethod
    def _all_rated(cls, value: dict[str, SignRating]) -> dict[str, SignRating]:
        missing = [s for s in SECURE_SIGNS if s not in value]
        if missing:
            raise PydanticCustomError("rate_every_sign", "rate every sign", {"missing": missing})
        return value

    def score(self) -> int:
        """Evidence points across the eight signs, 0 to 16."""
        return sum(r.rating for r in self.signs.values())


class PartnerCheckIn(CheckIn):
    """The check-in for the other person: answered by them, or the client's estimate."""

    kind: Literal["partner_checkin"] = "partner_checkin"  # type: ignore[assignment]
    partner_id: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    source: Literal["partner", "estimate"]

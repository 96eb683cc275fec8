"""Records of workbook 05 (partner choice).

A person the client is weighing up, a dated rating of that person on the secure-partner
signs (with the trap signs ticked), and a check-in answered for them.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

from attachwork.domain.records.base import FreeText, Key, Record, _no_unstorable, _required_text
from attachwork.domain.records.intake import CheckIn

#: Secure-partner signs (session 5), rated on the evidence seen so far.
SecureSign = Literal["consistent", "follows_through", "names_space", "care_lands", "closeness_ok",
                     "responds_to_bids", "repairs", "respects_boundaries"]
SECURE_SIGNS: tuple[SecureSign, ...] = get_args(SecureSign)
#: Signs of the anxious-avoidant trap, ticked when noticed.
TrapSign = Literal["hot_cold", "intensity_as_chemistry", "calm_as_boredom", "earning_warmth"]
TRAP_SIGNS: tuple[TrapSign, ...] = get_args(TrapSign)
#: Evidence seen for a sign: not seen / mixed / clearly yes.
Evidence = Literal[0, 1, 2]
EVIDENCE: tuple[Evidence, ...] = get_args(Evidence)
#: Who the person is to the client.
PartnerRelation = Literal["current", "past", "date", "other"]
PARTNER_RELATIONS: tuple[PartnerRelation, ...] = get_args(PartnerRelation)


class PartnerProfile(Record):
    """A person the client is weighing up, under a label of the client's choosing."""

    kind: Literal["partner"] = "partner"
    label: Annotated[str, StringConstraints(strip_whitespace=True, max_length=40),
                     AfterValidator(_no_unstorable)]
    relation: PartnerRelation
    note: FreeText = ""

    _needed = field_validator("label")(_required_text)


class SignRating(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    rating: Evidence
    evidence: FreeText = ""


class PartnerRating(Record):
    """One dated look at one person: every secure sign rated on evidence, traps ticked."""

    kind: Literal["partner_rating"] = "partner_rating"
    partner_id: Key
    signs: dict[SecureSign, SignRating] = Field(max_length=len(SECURE_SIGNS))
    traps: list[TrapSign] = Field(default_factory=list, max_length=len(TRAP_SIGNS))
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
    partner_id: Key
    source: Literal["partner", "estimate"]

"""Records of workbook 00 (intake), which every later session also writes.

The client's profile, a check-in on an instrument, a distress rating (SUDS), and the
session record with the homework set at it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

from attachwork.domain.records.base import LIST_MAX, FreeText, Key, Record

#: The client's relationship situation, as the profile records it.
RelationshipContext = Literal["single", "dating", "partnered", "separated", "other"]
RELATIONSHIP_CONTEXTS: tuple[RelationshipContext, ...] = get_args(RelationshipContext)

_PSEUDONYM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._-]*$")
_INITIALS = re.compile(r"^[^\W\d_]{1,4}$")


class ClientProfile(Record):
    kind: Literal["profile"] = "profile"
    pseudonym: str = Field(min_length=2, max_length=32)
    initials: str = Field(default="", max_length=4)
    relationship_context: RelationshipContext = "other"
    goals: FreeText = ""

    @field_validator("pseudonym")
    @classmethod
    def _pseudonym(cls, value: str) -> str:
        if not _PSEUDONYM.match(value):
            raise PydanticCustomError(
                "pseudonym_format", "letters, digits, spaces, dots, dashes or underscores"
            )
        return value

    @field_validator("initials")
    @classmethod
    def _initials(cls, value: str) -> str:
        value = value.replace(".", "").replace(" ", "")
        if value and not _INITIALS.match(value):
            raise PydanticCustomError("initials_format", "up to four letters")
        return value.upper()


class CheckIn(Record):
    kind: Literal["checkin"] = "checkin"
    instrument_id: Key
    instrument_version: Key
    responses: dict[Key, int] = Field(max_length=500)
    scores: dict[Key, dict[Key, Any]] = Field(default_factory=dict, max_length=LIST_MAX)
    region: Key | None = None


class Suds(Record):
    """Subjective units of distress, 0 (calm) to 10 (the most distress imaginable)."""

    kind: Literal["suds"] = "suds"
    value: int = Field(ge=0, le=10)
    moment: Literal["baseline", "before", "after"] = "baseline"


#: Worksheets a therapist can set as homework, in the order they are offered.
HomeworkKind = Literal["trigger_log", "protest_check", "silencing_check", "cycle_map",
                       "practice_breathing", "practice_grounding", "practice_reset",
                       "request_practice", "boundary_script", "small_no", "overfunctioning_audit",
                       "belief_ratings", "thought_record", "partner_rating"]
HOMEWORK_KINDS: tuple[HomeworkKind, ...] = get_args(HomeworkKind)


class HomeworkItem(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: HomeworkKind
    count: int = Field(ge=1, le=50)


class SessionRecord(Record):
    kind: Literal["session"] = "session"
    workbook: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,40}$")]
    number: int = Field(ge=0, le=999)
    date: dt.date
    consent_discussed: bool = False
    therapist_note: FreeText = ""
    homework: FreeText = ""
    homework_items: list[HomeworkItem] = Field(default_factory=list, max_length=LIST_MAX)
    homework_due: dt.date | None = None
    checkin_id: Key | None = None
    suds_id: Key | None = None

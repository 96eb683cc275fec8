"""What the workbooks record, as validated models.

Each record kind has a pydantic schema. The store keeps an entry's payload as the
schema's JSON, with the metadata every entry shares (who wrote it, where, when,
a stable id) held beside it in :class:`Entry`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

RELATIONSHIP_CONTEXTS = ("single", "dating", "partnered", "separated", "other")
AUTHORS = ("therapist", "client")
PLACES = ("clinic", "home")

_PSEUDONYM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._-]*$")
_INITIALS = re.compile(r"^[^\W\d_]{1,4}$")

FreeText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=10_000)]


class Record(BaseModel):
    """Base for every record kind: unknown fields are refused, text is trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    kind: str = ""


class ClientProfile(Record):
    kind: Literal["profile"] = "profile"
    pseudonym: str = Field(min_length=2, max_length=32)
    initials: str = Field(default="", max_length=4)
    relationship_context: Literal["single", "dating", "partnered", "separated", "other"] = "other"
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
    instrument_id: str
    instrument_version: str
    responses: dict[str, int]
    scores: dict[str, dict[str, Any]] = Field(default_factory=dict)
    region: str | None = None


class Suds(Record):
    """Subjective units of distress, 0 (calm) to 10 (the most distress imaginable)."""

    kind: Literal["suds"] = "suds"
    value: int = Field(ge=0, le=10)
    moment: Literal["baseline", "before", "after"] = "baseline"


class SessionRecord(Record):
    kind: Literal["session"] = "session"
    workbook: str
    number: int = Field(ge=0, le=999)
    date: dt.date
    consent_discussed: bool = False
    therapist_note: FreeText = ""
    homework: FreeText = ""
    checkin_id: str | None = None
    suds_id: str | None = None


RECORD_KINDS: dict[str, type[Record]] = {
    "profile": ClientProfile,
    "checkin": CheckIn,
    "suds": Suds,
    "session": SessionRecord,
}


def schema_for(kind: str) -> type[Record]:
    try:
        return RECORD_KINDS[kind]
    except KeyError:
        raise ValueError(f"unknown record kind '{kind}'") from None


@dataclass(frozen=True)
class Client:
    id: str
    pseudonym: str
    initials: str
    relationship_context: str
    goals: str
    created_at: dt.datetime
    updated_at: dt.datetime

    def profile(self) -> ClientProfile:
        return ClientProfile(
            pseudonym=self.pseudonym,
            initials=self.initials,
            relationship_context=self.relationship_context,  # type: ignore[arg-type]
            goals=self.goals,
        )


@dataclass(frozen=True)
class Entry:
    id: str
    client_id: str
    kind: str
    payload: dict[str, Any]
    author: str
    place: str
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int = 1
    workbook: str | None = None
    deleted_at: dt.datetime | None = None

    def record(self) -> Record:
        return schema_for(self.kind).model_validate(self.payload)


@dataclass(frozen=True)
class EntryVersion:
    entry_id: str
    version: int
    payload: dict[str, Any]
    author: str
    place: str
    saved_at: dt.datetime


@dataclass(frozen=True)
class Draft:
    client_id: str
    form_key: str
    payload: dict[str, Any] = field(default_factory=dict)
    updated_at: dt.datetime | None = None

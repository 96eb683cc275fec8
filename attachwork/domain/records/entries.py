"""What the store hands back: a client, an entry and its saved versions, flags, drafts.

An entry's payload is its record's JSON; the metadata every entry shares (who wrote it,
where, when, a stable id) is held beside it here, not in the schema.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from attachwork.domain.records.base import Record
from attachwork.domain.records.intake import ClientProfile
from attachwork.domain.records.kinds import schema_for


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
            relationship_context=self.relationship_context,
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
    flagged: bool = False

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
class RiskFlag:
    """A saved text that the risk screen flagged; it holds categories, never the text."""

    id: str
    client_id: str
    record_id: str
    record_kind: str
    categories: tuple[str, ...]
    created_at: dt.datetime
    reviewed_at: dt.datetime | None = None
    reviewed_by: str | None = None
    workbook: str | None = None
    #: ``clear``, ``possible`` or ``partner`` (see :attr:`attachwork.domain.risk.Screen.level`)
    level: str = "clear"
    #: content keys of why it was raised (the therapist reads them, never the words)
    reasons: tuple[str, ...] = ()
    #: what was done when it was talked through, and the therapist's note
    review_actions: tuple[str, ...] = ()
    review_note: str = ""


@dataclass(frozen=True)
class Draft:
    client_id: str
    form_key: str
    payload: dict[str, Any] = field(default_factory=dict)
    updated_at: dt.datetime | None = None
    tab: str = ""  # the browser tab it was typed in ("" for none in particular)

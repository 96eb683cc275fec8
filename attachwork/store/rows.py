"""Between table rows and the domain: reading rows as domain objects, checking what is
about to become a row.

SQLite hands datetimes back without a time zone; every time read from a row passes
:func:`aware`, so the rest of the program only ever sees UTC-aware datetimes.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, TypeVar, overload

from sqlalchemy.orm import Session

from attachwork import workbooks
from attachwork.domain.merge import EntryState
from attachwork.domain.records import AUTHORS, PLACES, Client, Entry, Record, RiskFlag, schema_for
from attachwork.store.errors import NotFound
from attachwork.store.schema import Base, ClientRow, EntryRow, RiskFlagRow

RowT = TypeVar("RowT", bound=Base)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@overload
def aware(value: dt.datetime) -> dt.datetime: ...
@overload
def aware(value: dt.datetime | None) -> dt.datetime | None: ...
def aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def get_row(s: Session, row_type: type[RowT], key: str) -> RowT:
    """The row with this id, or :class:`~attachwork.store.errors.NotFound`."""
    row = s.get(row_type, key)
    if row is None:
        raise NotFound(key)
    return row


def to_client(row: ClientRow) -> Client:
    return Client(
        id=row.id,
        pseudonym=row.pseudonym,
        initials=row.initials,
        relationship_context=row.relationship_context,
        goals=row.goals,
        created_at=aware(row.created_at),
        updated_at=aware(row.updated_at),
    )


def to_entry(row: EntryRow) -> Entry:
    return Entry(
        id=row.id,
        client_id=row.client_id,
        kind=row.kind,
        payload=dict(row.payload),
        author=row.author,
        place=row.place,
        created_at=aware(row.created_at),
        updated_at=aware(row.updated_at),
        version=row.version,
        workbook=row.workbook,
        deleted_at=aware(row.deleted_at),
        flagged=bool(row.flagged),
    )


def to_flag(row: RiskFlagRow) -> RiskFlag:
    return RiskFlag(
        id=row.id, client_id=row.client_id, record_id=row.record_id,
        record_kind=row.record_kind, categories=tuple(c for c in row.categories.split(",") if c),
        created_at=aware(row.created_at), reviewed_at=aware(row.reviewed_at),
        reviewed_by=row.reviewed_by, workbook=row.workbook, level=row.level or "clear",
        reasons=tuple(r for r in (row.reasons or "").split(",") if r),
        review_actions=tuple(a for a in (row.review_actions or "").split(",") if a),
        review_note=row.review_note or "",
    )


def to_state(row: EntryRow, history: list[dict[str, Any]]) -> EntryState:
    """An entry as a bundle carries it (and as :mod:`attachwork.domain.merge` compares it)."""
    return EntryState(
        id=row.id, kind=row.kind, payload=dict(row.payload), author=row.author, place=row.place,
        workbook=row.workbook, version=row.version, created_at=aware(row.created_at),
        updated_at=aware(row.updated_at), deleted_at=aware(row.deleted_at), history=history,
    )


def new_entry_row(
    entry_id: str | None, client_id: str, kind: str, data: dict[str, Any], author: str,
    place: str, workbook: str | None, at: dt.datetime,
) -> EntryRow:
    """A first version of an entry (``entry_id`` kept when the caller chose one)."""
    if entry_id is not None:
        check_id(entry_id)
    check_workbook(workbook)
    return EntryRow(
        id=entry_id or str(uuid.uuid4()), client_id=client_id, kind=kind, payload=data,
        author=author, place=place, workbook=workbook, version=1,
        created_at=at, updated_at=at, deleted_at=None, flagged=False,
    )


def payload_json(kind: str, payload: Record | dict[str, Any]) -> dict[str, Any]:
    """Validate against the kind's schema (always, even a model instance) and return JSON."""
    model = schema_for(kind)
    raw = payload.model_dump(mode="json") if isinstance(payload, Record) else payload
    data = model.model_validate(raw).model_dump(mode="json")
    if kind == "session":
        check_workbook(data["workbook"])
    return data


def check_id(record_id: str) -> None:
    """Refuse an id that is not a UUID in its usual form (36 characters, lower case): the
    same on SQLite, which would store anything, and PostgreSQL, whose column holds 36."""
    try:
        ok = str(uuid.UUID(record_id)) == record_id
    except (ValueError, TypeError, AttributeError):
        ok = False
    if not ok:
        raise ValueError("an id must be a UUID such as 3f2b8c1e-0000-4000-8000-000000000000")


def check_workbook(workbook: str | None) -> None:
    """Refuse a workbook id this version does not know (it names files and pages)."""
    if workbook is not None and workbooks.get(workbook) is None:
        raise ValueError(f"unknown workbook {workbook[:40]!r}")


def check_who(author: str, place: str) -> None:
    """Refuse an author or a place outside the shared vocabulary."""
    if author not in AUTHORS:
        raise ValueError(f"author must be one of {AUTHORS}")
    if place not in PLACES:
        raise ValueError(f"place must be one of {PLACES}")

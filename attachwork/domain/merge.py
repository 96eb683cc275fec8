"""How two copies of one client's records come together (clinic and home).

Every entry has a stable id, so the same entry arriving twice is recognised. When both
sides hold an entry:

* the same state on both sides: nothing to do (a bundle imported twice changes nothing);
* different states: the one changed last wins the screen (ties broken by content, so both
  sides always pick the same one) and the other is kept in the entry's history, so an entry
  edited on both sides keeps both versions;
* earlier versions travel with the entry and are added where missing;
* a client's profile: the one changed last replaces the other, which is kept in the
  profile's history.

Nothing is dropped: every state either copy ever held ends up as the current state or as a
version on both sides once the bundles have gone both ways.

These rules are pure (no database): the store applies them when it takes records in
(:mod:`attachwork.store.merging`), and :func:`preview` applies them to show what an import
would do before it is confirmed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, overload

from attachwork.domain.records import Client

Decision = Literal["add", "same", "take", "keep"]
#: What merging one incoming entry did, as the import counts it.
Outcome = Literal["added", "changed", "kept_both", "unchanged"]

#: The parts of a client's profile a bundle carries and an import may change.
PROFILE_FIELDS = ("pseudonym", "initials", "relationship_context", "goals", "language")


def _iso(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat()


@overload
def parse_time(value: str | dt.datetime) -> dt.datetime: ...
@overload
def parse_time(value: str | dt.datetime | None) -> dt.datetime | None: ...
def parse_time(value: str | dt.datetime | None) -> dt.datetime | None:
    """An ISO time (or a datetime) as an aware datetime; a time without a zone is UTC."""
    if value is None:
        return None
    parsed = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def payload_digest(payload: dict[str, Any]) -> str:
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def carried_versions(entry: EntryState) -> set[str]:
    """Payload digests of every state an entry carries: its current one and its history."""
    return {payload_digest(entry.payload)} | {payload_digest(h["payload"]) for h in entry.history}


def state_digest(payload: dict[str, Any], deleted: bool) -> str:
    """What an entry currently says, and whether it is removed."""
    return hashlib.sha256(f"{payload_digest(payload)}:{int(deleted)}".encode()).hexdigest()


@dataclass
class EntryState:
    """One entry as a bundle carries it (and as the store hands it over)."""

    id: str
    kind: str
    payload: dict[str, Any]
    author: str
    place: str
    workbook: str | None
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    deleted_at: dt.datetime | None = None
    history: list[dict[str, Any]] = field(default_factory=list)

    @property
    def changed_at(self) -> dt.datetime:
        """The last time anything happened to it (an edit or a removal)."""
        if self.deleted_at is not None and self.deleted_at > self.updated_at:
            return self.deleted_at
        return self.updated_at

    @property
    def digest(self) -> str:
        return state_digest(self.payload, self.deleted_at is not None)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "kind": self.kind, "payload": self.payload, "author": self.author,
            "place": self.place, "workbook": self.workbook, "version": self.version,
            "created_at": _iso(self.created_at), "updated_at": _iso(self.updated_at),
            "deleted_at": _iso(self.deleted_at), "history": self.history,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> EntryState:
        created, updated = parse_time(data["created_at"]), parse_time(data["updated_at"])
        if created is None or updated is None:
            raise ValueError("an entry needs its created and updated times")
        return cls(
            id=str(data["id"]), kind=str(data["kind"]), payload=dict(data["payload"]),
            author=str(data["author"]), place=str(data["place"]), workbook=data.get("workbook"),
            version=int(data.get("version", 1)), created_at=created,
            updated_at=updated, deleted_at=parse_time(data.get("deleted_at")),
            history=[dict(h) for h in data.get("history", [])],
        )


def decide(local: EntryState | None, incoming: EntryState) -> Decision:
    """What importing ``incoming`` does to the entry this side holds."""
    if local is None:
        return "add"
    if local.digest == incoming.digest:
        return "same"
    if (incoming.changed_at, incoming.digest) > (local.changed_at, local.digest):
        return "take"
    return "keep"


def edited_on_both_sides(local: EntryState, incoming: EntryState) -> bool:
    """Whether ``incoming`` was made without seeing ``local``'s state: the other side never
    held this side's payload (not now, not in the history it carries), so both are kept.

    When it did hold it, the other side saw this side's state and changed it: a plain change.
    """
    theirs = {payload_digest(h["payload"]) for h in incoming.history}
    theirs.add(payload_digest(incoming.payload))
    return payload_digest(local.payload) not in theirs


def taken_version(local: int, incoming: int, both: bool) -> int:
    """An entry's version number once the incoming state is taken: the higher of the two,
    and one past it when both states are kept (the losing one becomes a version)."""
    return max(local, incoming) + (1 if both else 0)


def profile_changes(local: Client, incoming: Mapping[str, Any]) -> list[str]:
    """The profile fields an incoming profile changes, if it is the newer one.

    A profile that differs but was not changed after this side's (``updated_at``) changes
    nothing: the profile changed last wins.
    """
    if all(getattr(local, f) == incoming[f] for f in PROFILE_FIELDS):
        return []
    if parse_time(incoming["updated_at"]) <= local.updated_at:
        return []
    return [f for f in PROFILE_FIELDS if getattr(local, f) != incoming[f]]


def version_json(version: int, payload: dict[str, Any], author: str, place: str,
                 saved_at: dt.datetime) -> dict[str, Any]:
    return {"version": version, "payload": payload, "author": author, "place": place,
            "saved_at": _iso(saved_at)}


@dataclass
class Preview:
    """What an import would do, shown before it is confirmed."""

    added: list[EntryState] = field(default_factory=list)
    changed: list[EntryState] = field(default_factory=list)   # the incoming state will show
    both_sides: list[EntryState] = field(default_factory=list)  # edited on both; both kept
    unchanged: int = 0
    history_added: int = 0
    profile_changes: list[str] = field(default_factory=list)
    new_client: bool = False
    handouts: int = 0

    @property
    def nothing_new(self) -> bool:
        return not (self.added or self.changed or self.both_sides or self.history_added
                    or self.profile_changes or self.new_client or self.handouts)


def preview(local: dict[str, EntryState], local_versions: dict[str, set[str]],
            incoming: list[EntryState]) -> Preview:
    """``local`` maps id to this side's entry; ``local_versions`` maps id to the payload
    digests of its kept versions."""
    out = Preview()
    for inc in incoming:
        here = local.get(inc.id)
        decision = decide(here, inc)
        known = set(local_versions.get(inc.id, set()))
        if here is not None:
            known.add(payload_digest(here.payload))
        new_history = sum(1 for h in inc.history if payload_digest(h["payload"]) not in known)
        if decision == "add":
            out.added.append(inc)
        elif decision == "same":
            out.unchanged += 1
            out.history_added += new_history
        elif decision == "take":
            assert here is not None  # "take" is only decided against an entry held here
            (out.both_sides if edited_on_both_sides(here, inc) else out.changed).append(inc)
            out.history_added += new_history
        else:
            # This side's state is newer; the incoming one goes into the history if new.
            if payload_digest(inc.payload) in known:
                out.unchanged += 1
            else:
                out.both_sides.append(inc)
            out.history_added += new_history
    return out

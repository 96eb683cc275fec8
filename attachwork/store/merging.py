"""Taking a bundle's records in: all of it in one transaction, or nothing.

The rules for which state wins are pure and live in :mod:`attachwork.domain.merge`
(:func:`~attachwork.domain.merge.decide`, :func:`~attachwork.domain.merge.profile_changes`
and the rest); this module applies them to the rows. Entries merge by id, and nothing is
dropped: a state that loses becomes a version. Every added or changed text is risk-screened
before the write transaction begins (its outcome saved in it), and the hand-back and an audit
line (counts only) are noted.

An import is refused (:class:`~attachwork.store.errors.ImportRefused`, nothing changed) when
it would mix two people's records: another client expected, an unknown client where none may
be created, a pseudonym another client holds, or an entry id that belongs to another client.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from attachwork.domain.merge import (
    PROFILE_FIELDS,
    EntryState,
    Outcome,
    decide,
    edited_on_both_sides,
    parse_time,
    payload_digest,
    profile_changes,
    taken_version,
)
from attachwork.domain.records import ClientProfile
from attachwork.domain.risk import Screen, screen_values
from attachwork.store.audit import audit_row
from attachwork.store.base import StoreBase
from attachwork.store.clients import client_row, keep_profile_version, pseudonym_taken, set_profile
from attachwork.store.entries import version_digests
from attachwork.store.errors import ImportRefused
from attachwork.store.records_io import hand_back_row
from attachwork.store.rows import (
    aware,
    check_id,
    check_who,
    check_workbook,
    payload_json,
    to_client,
    to_state,
)
from attachwork.store.schema import ClientRow, DraftRow, EntryRow, HandoutRow, VersionRow
from attachwork.store.screening import Screens, screen, screen_entry, screen_profile


@dataclass
class Incoming:
    """Everything one import brings: the profile, entries, handouts, and what to note."""

    client: dict[str, Any]
    entries: list[EntryState]
    handouts: list[dict[str, Any]]
    bundle_id: str
    bundle_type: str
    actor: str
    known: dict[str, str]  # what the other side holds once this import is done
    create_client: bool = True
    expect_client_id: str | None = None
    drafts: list[dict[str, Any]] = field(default_factory=list)
    profile_history: list[dict[str, Any]] = field(default_factory=list)


class MergingMixin(StoreBase):
    """Taking records in from a bundle."""

    def merge_in(self, incoming: Incoming,
                 progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
        """Take in a bundle's records in one transaction: all of it or nothing.

        Entries merge by id (see :mod:`attachwork.domain.merge`); every added or changed text is
        risk-screened; the hand-back and an audit line (counts only) are noted.
        """
        info = incoming.client
        client_id = str(info["id"])
        counts = {"added": 0, "changed": 0, "kept_both": 0, "unchanged": 0, "handouts": 0}
        total = len(incoming.entries)
        # Everything that reads the texts happens before the write lock is taken: each payload
        # is checked against its schema, and each one that may become an entry's current state
        # (not the state already held here) is risk-screened.
        entries = [_normalised(e) for e in incoming.entries]
        with self._sessions() as s:
            held = {rid: payload_digest(p) for rid, p in s.execute(
                select(EntryRow.id, EntryRow.payload).where(EntryRow.client_id == client_id))}
        screens: Screens = {}
        for inc in entries:
            if held.get(inc.id) != payload_digest(inc.payload):
                screen(inc.kind, inc.payload, screens)
        goals = screen_values(str(info.get("goals", "")))
        with self._tx() as s:
            _take_client(s, client_id, incoming, goals)
            merge_profile_history(s, client_id, incoming.profile_history)
            clash = s.scalar(select(EntryRow.id).where(
                EntryRow.id.in_([e.id for e in entries]),
                EntryRow.client_id != client_id).limit(1))
            if clash:
                raise ImportRefused("other_client")
            rows = {r.id: r for r in s.scalars(
                select(EntryRow).where(EntryRow.client_id == client_id)).all()}
            known = version_digests(s, client_id)
            for done, inc in enumerate(entries, start=1):
                counts[merge_entry(s, client_id, rows.get(inc.id), inc, known, screens)] += 1
                if progress and (done % 50 == 0 or done == total):
                    progress(done, total)
            counts["handouts"] = _take_handouts(s, client_id, incoming.handouts)
            _take_drafts(s, client_id, incoming.drafts)
            s.add(hand_back_row(client_id, incoming.bundle_id, incoming.bundle_type, "taken_in",
                                incoming.known))
            detail = " ".join(f"{k}={v}" for k, v in counts.items())
            s.add(audit_row(incoming.actor, f"import_{incoming.bundle_type}", client_id, detail))
        return counts


def _normalised(entry: EntryState) -> EntryState:
    """An incoming entry with its payload and every earlier one checked against the kind's
    schema and in the schema's own JSON (as the store keeps them)."""
    return dataclasses.replace(
        entry, payload=payload_json(entry.kind, entry.payload),
        history=[{**h, "payload": payload_json(entry.kind, h["payload"])} for h in entry.history])


def _take_client(s: Session, client_id: str, incoming: Incoming, goals: Screen) -> None:
    """Add the client the bundle is about, or merge its profile into the one held here."""
    info = incoming.client
    row = s.get(ClientRow, client_id)
    if incoming.expect_client_id and incoming.expect_client_id != client_id:
        raise ImportRefused("other_client")
    if row is not None:
        merge_profile(s, row, info, goals)
        return
    if not incoming.create_client:
        raise ImportRefused("unknown_client")
    if pseudonym_taken(s, info["pseudonym"]):
        raise ImportRefused("pseudonym_taken")
    profile = ClientProfile.model_validate({k: info[k] for k in PROFILE_FIELDS})
    row = client_row(client_id, profile, parse_time(info["created_at"]),
                     parse_time(info["updated_at"]))
    s.add(row)
    s.flush()
    screen_profile(s, client_id, profile, goals)


def _take_handouts(s: Session, client_id: str, handouts: list[dict[str, Any]]) -> int:
    """Add the handouts not held here yet; how many were added."""
    have = set(s.scalars(select(HandoutRow.id).where(HandoutRow.client_id == client_id)))
    added = 0
    for h in handouts:
        if h["id"] not in have:
            s.add(HandoutRow(id=h["id"], client_id=client_id, title=h["title"][:200],
                             created_at=parse_time(h["created_at"]), html=h["html"]))
            added += 1
    return added


def _take_drafts(s: Session, client_id: str, drafts: list[dict[str, Any]]) -> None:
    """Add the drafts (per form and tab) not held here (a draft held here is never replaced)."""
    for d in drafts:
        tab = str(d.get("tab", ""))
        if s.get(DraftRow, (client_id, d["form_key"], tab)) is None:
            s.add(DraftRow(client_id=client_id, form_key=d["form_key"], tab=tab,
                           payload=dict(d["payload"]), updated_at=parse_time(d["updated_at"])))


@dataclass
class _KeptVersions:
    """The versions one entry keeps while it merges: each payload once, and never the
    payload that is (or is becoming) its current state."""

    s: Session
    client_id: str
    entry: EntryState
    seen: set[str]  # payload digests of the versions kept
    current: str  # payload digest of the current state ("" for an entry not held yet)

    def keep(self, version: int, payload: dict[str, Any], author: str, place: str,
             saved_at: dt.datetime) -> bool:
        """Keep one earlier state as a version, unless it is known; whether it was kept."""
        digest = payload_digest(payload)
        if digest in self.seen or digest == self.current:
            return False
        self.seen.add(digest)
        self.s.add(VersionRow(record_id=self.entry.id, client_id=self.client_id,
                              kind=self.entry.kind, version=version, payload=payload,
                              author=author, place=place, saved_at=saved_at))
        return True

    def keep_history(self) -> None:
        """Keep the earlier versions the incoming entry carries."""
        for h in self.entry.history:  # payloads checked before the transaction began
            self.keep(int(h["version"]), h["payload"], h["author"], h["place"],
                      parse_time(h["saved_at"]))


def merge_entry(s: Session, client_id: str, row: EntryRow | None, inc: EntryState,
                known: dict[str, set[str]], screens: Screens | None = None) -> Outcome:
    """Merge one incoming entry into ``row`` (``None``: not held here); what it did.

    ``inc`` is checked already (:func:`_normalised`); ``screens`` holds the risk screens
    worked out before the transaction. ``known`` maps entry id to the payload digests of its
    kept versions, and is kept up to date as versions are added."""
    data = inc.payload
    versions = _KeptVersions(s, client_id, inc, known.setdefault(inc.id, set()),
                             payload_digest(row.payload) if row is not None else "")
    check_workbook(inc.workbook)
    if row is None:
        check_who(inc.author, inc.place)
        check_id(inc.id)
        new = EntryRow(id=inc.id, client_id=client_id, kind=inc.kind, payload=data,
                       author=inc.author, place=inc.place, workbook=inc.workbook,
                       version=inc.version, created_at=inc.created_at,
                       updated_at=inc.updated_at, deleted_at=inc.deleted_at, flagged=False)
        s.add(new)
        versions.current = payload_digest(data)
        versions.keep_history()
        screen_entry(s, new, screens)
        return "added"
    here = to_state(row, [])
    decision = decide(here, inc)
    if decision == "same":
        versions.keep_history()
        return "unchanged"
    if decision == "take":
        both = edited_on_both_sides(here, inc)
        check_who(inc.author, inc.place)
        versions.current = payload_digest(data)
        versions.keep(row.version, row.payload, row.author, row.place, aware(row.updated_at))
        versions.keep_history()
        row.payload, row.author, row.place = data, inc.author, inc.place
        row.workbook = inc.workbook
        row.version = taken_version(row.version, inc.version, both)
        row.updated_at, row.deleted_at = inc.updated_at, inc.deleted_at
        screen_entry(s, row, screens)
        return "kept_both" if both else "changed"
    # This side's state is the newer one: the incoming state joins the history.
    added = versions.keep(inc.version, data, inc.author, inc.place, inc.updated_at)
    versions.keep_history()
    return "kept_both" if added else "unchanged"


def merge_profile(s: Session, row: ClientRow, info: dict[str, Any],
                  goals: Screen | None = None) -> None:
    """A newer profile from the other side replaces this one; this one is kept."""
    if not profile_changes(to_client(row), info):
        return
    profile = ClientProfile.model_validate({f: info[f] for f in PROFILE_FIELDS})
    if pseudonym_taken(s, profile.pseudonym, other_than=row.id):
        raise ImportRefused("pseudonym_taken")
    keep_profile_version(s, row, author="therapist", place="clinic")
    set_profile(row, profile, parse_time(info["updated_at"]))
    screen_profile(s, row.id, profile, goals)


def merge_profile_history(s: Session, client_id: str, history: list[dict[str, Any]]) -> None:
    """Add the earlier profiles the other side kept that this side has not (by content)."""
    if not history:
        return
    have = {payload_digest(p) for p in s.scalars(select(VersionRow.payload).where(
        VersionRow.record_id == client_id))}
    for h in history:
        payload = ClientProfile.model_validate(h["payload"]).model_dump(mode="json")
        if payload_digest(payload) in have:
            continue
        have.add(payload_digest(payload))
        check_who(h["author"], h["place"])
        s.add(VersionRow(record_id=client_id, client_id=client_id, kind="profile",
                         version=int(h["version"]), payload=payload, author=h["author"],
                         place=h["place"], saved_at=parse_time(h["saved_at"])))

"""Persistence: every save is one committed transaction, nothing is overwritten.

SQLite (WAL, ``synchronous=FULL``) in the per-user data folder by default;
PostgreSQL when ``ATTACHWORK_DB_URL`` names one. The schema is created and
upgraded with Alembic. Editing an entry or a profile copies the earlier state to
``record_versions`` in the same transaction; deleting an entry only marks it.

Every text saved here passes the risk screen (:mod:`attachwork.domain.risk`) inside the same
transaction: a positive screen marks the entry ``flagged`` and opens a risk flag for the
therapist, so no workbook can save a text without it being screened.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from attachwork.config import ensure_private_dir, settings
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
    version_json,
)
from attachwork.domain.records import (
    AUTHORS,
    PLACES,
    Client,
    ClientProfile,
    Draft,
    Entry,
    EntryVersion,
    Record,
    RiskFlag,
    schema_for,
)
from attachwork.domain.risk import screen_values
from attachwork.store.schema import (
    AuditRow,
    ClientRow,
    DraftRow,
    EntryRow,
    HandBackRow,
    HandoutRow,
    RiskFlagRow,
    VersionRow,
)

#: The newest migration; a store at this revision skips Alembic entirely.
HEAD_REVISION = "0003"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class StoreError(Exception):
    """A problem the person using the workbook can act on."""


class DuplicatePseudonym(StoreError):
    pass


class NotFound(StoreError):
    pass


class ImportRefused(StoreError):
    """An import that would mix two people's records; nothing was changed."""


@dataclass(frozen=True)
class AuditEvent:
    at: dt.datetime
    actor: str
    action: str
    client_ref: str
    detail: str


@dataclass(frozen=True)
class Handout:
    id: str
    client_id: str
    title: str
    created_at: dt.datetime
    html: str


@dataclass(frozen=True)
class HandBack:
    bundle_id: str
    bundle_type: str
    direction: str  # "made" or "taken_in"
    at: dt.datetime
    known: dict[str, str]


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


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def default_sqlite_path() -> Path:
    return settings().data_dir / "attachwork.sqlite3"


def _prepare_sqlite_file(path: Path) -> None:
    ensure_private_dir(path.parent)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def _sqlite_engine(path: Path) -> Engine:
    _prepare_sqlite_file(path)
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 60})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # noqa: ANN001
        # Let SQLAlchemy's "begin" event decide how a transaction starts.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=60000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001
        # Take the write lock up front: two writers never deadlock on an upgrade.
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _to_client(row: ClientRow) -> Client:
    return Client(
        id=row.id,
        pseudonym=row.pseudonym,
        initials=row.initials,
        relationship_context=row.relationship_context,
        goals=row.goals,
        created_at=_aware(row.created_at),
        updated_at=_aware(row.updated_at),
    )


def _to_entry(row: EntryRow) -> Entry:
    return Entry(
        id=row.id,
        client_id=row.client_id,
        kind=row.kind,
        payload=dict(row.payload),
        author=row.author,
        place=row.place,
        created_at=_aware(row.created_at),
        updated_at=_aware(row.updated_at),
        version=row.version,
        workbook=row.workbook,
        deleted_at=_aware(row.deleted_at),
        flagged=bool(row.flagged),
    )


def _to_flag(row: RiskFlagRow) -> RiskFlag:
    return RiskFlag(
        id=row.id, client_id=row.client_id, record_id=row.record_id,
        record_kind=row.record_kind, categories=tuple(c for c in row.categories.split(",") if c),
        created_at=_aware(row.created_at), reviewed_at=_aware(row.reviewed_at),
        reviewed_by=row.reviewed_by, workbook=row.workbook,
    )


def _raise_flag(
    s: Session, client_id: str, record_id: str, kind: str, workbook: str | None,
    categories: list[str],
) -> None:
    """Open a flag for the record, or widen the one still waiting for review."""
    open_row = s.scalar(select(RiskFlagRow).where(
        RiskFlagRow.record_id == record_id, RiskFlagRow.reviewed_at.is_(None)))
    if open_row is not None:
        known = set(open_row.categories.split(","))
        open_row.categories = ",".join(sorted(known | set(categories)))
        return
    s.add(RiskFlagRow(
        id=str(uuid.uuid4()), client_id=client_id, record_id=record_id, record_kind=kind,
        workbook=workbook, categories=",".join(categories), created_at=utcnow(),
    ))


def _screen_entry(s: Session, row: EntryRow) -> None:
    result = screen_values(row.payload)
    row.flagged = result.flagged
    if result.flagged:
        _raise_flag(s, row.client_id, row.id, row.kind, row.workbook, result.categories)


def _screen_profile(s: Session, client_id: str, profile: ClientProfile) -> None:
    result = screen_values(profile.goals)
    if result.flagged:
        _raise_flag(s, client_id, client_id, "profile", None, result.categories)


def _new_entry_row(
    entry_id: str | None, client_id: str, kind: str, data: dict[str, Any], author: str,
    place: str, workbook: str | None, at: dt.datetime,
) -> EntryRow:
    """A first version of an entry (``entry_id`` kept when the caller chose one)."""
    return EntryRow(
        id=entry_id or str(uuid.uuid4()), client_id=client_id, kind=kind, payload=data,
        author=author, place=place, workbook=workbook, version=1,
        created_at=at, updated_at=at, deleted_at=None, flagged=False,
    )


def _payload(kind: str, payload: Record | dict[str, Any]) -> dict[str, Any]:
    """Validate against the kind's schema (always, even a model instance) and return JSON."""
    model = schema_for(kind)
    raw = payload.model_dump(mode="json") if isinstance(payload, Record) else payload
    return model.model_validate(raw).model_dump(mode="json")


def _check_who(author: str, place: str) -> None:
    if author not in AUTHORS:
        raise ValueError(f"author must be one of {AUTHORS}")
    if place not in PLACES:
        raise ValueError(f"place must be one of {PLACES}")


class Store:
    def __init__(self, engine: Engine):
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    # -- opening ------------------------------------------------------------------
    @classmethod
    def open(cls, url: str | None = None, *, migrate: bool = True) -> Store:
        """Open the configured store (or ``url``) and bring its schema up to date."""
        url = url or settings().db_url
        if url is None:
            engine = _sqlite_engine(default_sqlite_path())
        elif url.startswith("sqlite:///") and url != "sqlite:///:memory:":
            engine = _sqlite_engine(Path(url.removeprefix("sqlite:///")))
        else:
            engine = create_engine(url, pool_pre_ping=True)
        store = cls(engine)
        if migrate:
            store.migrate()
        return store

    def close(self) -> None:
        self.engine.dispose()

    def revision(self) -> str | None:
        with self.engine.connect() as conn:
            try:
                return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            except Exception:  # noqa: BLE001 - no table yet means no revision
                conn.rollback()
                return None

    def migrate(self) -> None:
        if self.revision() == HEAD_REVISION:
            return
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
        with self.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    @contextmanager
    def _tx(self) -> Iterator[Session]:
        """One committed transaction, or nothing at all."""
        with self._sessions.begin() as session:
            yield session

    # -- clients ------------------------------------------------------------------
    def create_client(self, profile: ClientProfile) -> Client:
        now = utcnow()
        row = ClientRow(
            id=str(uuid.uuid4()),
            pseudonym=profile.pseudonym,
            initials=profile.initials,
            relationship_context=profile.relationship_context,
            goals=profile.goals,
            created_at=now,
            updated_at=now,
        )
        try:
            with self._tx() as s:
                if s.scalar(select(ClientRow.id).where(ClientRow.pseudonym == profile.pseudonym)):
                    raise DuplicatePseudonym(profile.pseudonym)
                s.add(row)
                s.flush()
                _screen_profile(s, row.id, profile)
        except IntegrityError as exc:
            raise DuplicatePseudonym(profile.pseudonym) from exc
        return _to_client(row)

    def update_client(
        self, client_id: str, profile: ClientProfile, *, author: str = "therapist",
        place: str = "clinic",
    ) -> Client:
        _check_who(author, place)
        try:
            with self._tx() as s:
                row = s.get(ClientRow, client_id)
                if row is None:
                    raise NotFound(client_id)
                clash = s.scalar(
                    select(ClientRow.id).where(
                        ClientRow.pseudonym == profile.pseudonym, ClientRow.id != client_id
                    )
                )
                if clash:
                    raise DuplicatePseudonym(profile.pseudonym)
                previous = _to_client(row).profile().model_dump(mode="json")
                count = s.scalar(
                    select(func.count()).select_from(VersionRow)
                    .where(VersionRow.record_id == client_id)
                )
                s.add(VersionRow(
                    record_id=client_id, client_id=client_id, kind="profile",
                    version=count + 1, payload=previous, author=author, place=place,
                    saved_at=_aware(row.updated_at),
                ))
                row.pseudonym = profile.pseudonym
                row.initials = profile.initials
                row.relationship_context = profile.relationship_context
                row.goals = profile.goals
                row.updated_at = utcnow()
                _screen_profile(s, client_id, profile)
        except IntegrityError as exc:
            raise DuplicatePseudonym(profile.pseudonym) from exc
        return _to_client(row)

    def clients(self) -> list[Client]:
        with self._sessions() as s:
            rows = s.scalars(select(ClientRow).order_by(ClientRow.pseudonym)).all()
            return [_to_client(r) for r in rows]

    def client(self, client_id: str) -> Client:
        with self._sessions() as s:
            row = s.get(ClientRow, client_id)
            if row is None:
                raise NotFound(client_id)
            return _to_client(row)

    def client_by_pseudonym(self, pseudonym: str) -> Client | None:
        with self._sessions() as s:
            row = s.scalar(select(ClientRow).where(ClientRow.pseudonym == pseudonym))
            return _to_client(row) if row else None

    # -- entries ------------------------------------------------------------------
    def add_entry(
        self,
        client_id: str,
        kind: str,
        payload: Record | dict[str, Any],
        *,
        author: str,
        place: str,
        workbook: str | None = None,
        entry_id: str | None = None,
        at: dt.datetime | None = None,
    ) -> Entry:
        _check_who(author, place)
        data = _payload(kind, payload)
        now = at or utcnow()
        row = _new_entry_row(entry_id, client_id, kind, data, author, place, workbook, now)
        with self._tx() as s:
            if s.get(ClientRow, client_id) is None:
                raise NotFound(client_id)
            s.add(row)
            _screen_entry(s, row)
        return _to_entry(row)

    def add_entries(
        self, client_id: str,
        items: Iterable[tuple[str, Record | dict[str, Any], dt.datetime, str, str, str | None]],
    ) -> int:
        """Add many new entries in one transaction (demo data, large imports): each item is
        ``(kind, record, created at, author, place, workbook)``. All are saved or none is."""
        count = 0
        with self._tx() as s:
            if s.get(ClientRow, client_id) is None:
                raise NotFound(client_id)
            for kind, payload, at, author, place, workbook in items:
                _check_who(author, place)
                row = _new_entry_row(None, client_id, kind, _payload(kind, payload), author, place,
                                     workbook, at)
                s.add(row)
                _screen_entry(s, row)
                count += 1
        return count

    def save_many(
        self, client_id: str, items: list[tuple[str | None, str, Record]], *, author: str,
        place: str, workbook: str | None = None,
    ) -> list[Entry]:
        """Add or update several entries in one transaction: all are saved or none is.

        ``items`` holds ``(entry_id, kind, record)``. An id the store already holds is
        updated (its earlier state kept as a version); a new or ``None`` id is added,
        so a caller can choose ids up front and link records to one another.
        """
        _check_who(author, place)
        saved: list[EntryRow] = []
        with self._tx() as s:
            if s.get(ClientRow, client_id) is None:
                raise NotFound(client_id)
            for entry_id, kind, record in items:
                data = _payload(kind, record)
                row = s.get(EntryRow, entry_id) if entry_id else None
                if row is None:
                    row = _new_entry_row(entry_id, client_id, kind, data, author, place,
                                         workbook, utcnow())
                    s.add(row)
                    _screen_entry(s, row)
                else:
                    if row.client_id != client_id:
                        raise NotFound(entry_id)
                    row = self._update_row(s, row.id, data, author, place)
                saved.append(row)
        return [_to_entry(r) for r in saved]

    def _update_row(
        self, s: Session, entry_id: str, data: dict[str, Any], author: str, place: str
    ) -> EntryRow:
        row = s.get(EntryRow, entry_id)
        if row is None:
            raise NotFound(entry_id)
        if row.payload == data:
            return row
        s.add(VersionRow(
            record_id=row.id, client_id=row.client_id, kind=row.kind, version=row.version,
            payload=row.payload, author=row.author, place=row.place,
            saved_at=_aware(row.updated_at),
        ))
        row.payload = data
        row.author = author
        row.place = place
        row.version += 1
        row.updated_at = utcnow()
        _screen_entry(s, row)
        return row

    def update_entry(
        self, entry_id: str, payload: Record | dict[str, Any], *, author: str, place: str
    ) -> Entry:
        """Change an entry; its earlier state is kept as a version. No-op if unchanged."""
        _check_who(author, place)
        with self._tx() as s:
            row = s.get(EntryRow, entry_id)
            if row is None:
                raise NotFound(entry_id)
            row = self._update_row(s, entry_id, _payload(row.kind, payload), author, place)
        return _to_entry(row)

    def delete_entry(self, entry_id: str) -> Entry:
        """Mark an entry removed; it stays recoverable with :meth:`restore_entry`."""
        with self._tx() as s:
            row = s.get(EntryRow, entry_id)
            if row is None:
                raise NotFound(entry_id)
            row.deleted_at = row.deleted_at or utcnow()
        return _to_entry(row)

    def restore_entry(self, entry_id: str) -> Entry:
        with self._tx() as s:
            row = s.get(EntryRow, entry_id)
            if row is None:
                raise NotFound(entry_id)
            if row.deleted_at is not None:
                row.deleted_at = None
                # Putting it back is a change of its own (it wins over an older removal).
                row.updated_at = utcnow()
        return _to_entry(row)

    def entry(self, entry_id: str) -> Entry:
        with self._sessions() as s:
            row = s.get(EntryRow, entry_id)
            if row is None:
                raise NotFound(entry_id)
            return _to_entry(row)

    def entries(
        self, client_id: str, kind: str | None = None, *, workbook: str | None = None,
        include_deleted: bool = False,
    ) -> list[Entry]:
        """A client's entries, oldest first."""
        q = select(EntryRow).where(EntryRow.client_id == client_id)
        if kind:
            q = q.where(EntryRow.kind == kind)
        if workbook:
            q = q.where(EntryRow.workbook == workbook)
        if not include_deleted:
            q = q.where(EntryRow.deleted_at.is_(None))
        q = q.order_by(EntryRow.created_at, EntryRow.id)
        with self._sessions() as s:
            return [_to_entry(r) for r in s.scalars(q).all()]

    def versions(self, record_id: str) -> list[EntryVersion]:
        """Earlier states of an entry or profile, oldest first."""
        q = select(VersionRow).where(VersionRow.record_id == record_id).order_by(
            VersionRow.version
        )
        with self._sessions() as s:
            return [
                EntryVersion(r.record_id, r.version, dict(r.payload), r.author, r.place,
                             _aware(r.saved_at))
                for r in s.scalars(q).all()
            ]

    def last_activity(self, client_id: str) -> dt.datetime | None:
        q = select(EntryRow.updated_at).where(EntryRow.client_id == client_id).order_by(
            EntryRow.updated_at.desc()
        ).limit(1)
        with self._sessions() as s:
            return _aware(s.scalar(q))

    # -- risk flags ---------------------------------------------------------------
    def flags(self, client_id: str, *, open_only: bool = True) -> list[RiskFlag]:
        """A client's risk flags, newest first (only those not yet reviewed by default)."""
        q = select(RiskFlagRow).where(RiskFlagRow.client_id == client_id)
        if open_only:
            q = q.where(RiskFlagRow.reviewed_at.is_(None))
        q = q.order_by(RiskFlagRow.created_at.desc(), RiskFlagRow.id)
        with self._sessions() as s:
            return [_to_flag(r) for r in s.scalars(q).all()]

    def open_flag_counts(self) -> dict[str, int]:
        """How many flags wait for review, per client id (clients with none are left out)."""
        q = (select(RiskFlagRow.client_id, func.count()).where(RiskFlagRow.reviewed_at.is_(None))
             .group_by(RiskFlagRow.client_id))
        with self._sessions() as s:
            return {cid: n for cid, n in s.execute(q).all()}

    def review_flag(self, flag_id: str, *, by: str = "therapist") -> RiskFlag:
        """Mark a flag as talked through with the client."""
        with self._tx() as s:
            row = s.get(RiskFlagRow, flag_id)
            if row is None:
                raise NotFound(flag_id)
            if row.reviewed_at is None:
                row.reviewed_at = utcnow()
                row.reviewed_by = by
        return _to_flag(row)

    # -- drafts -------------------------------------------------------------------
    def save_draft(self, client_id: str, form_key: str, payload: dict[str, Any]) -> Draft:
        now = utcnow()
        with self._tx() as s:
            row = s.get(DraftRow, (client_id, form_key))
            if row is None:
                s.add(DraftRow(client_id=client_id, form_key=form_key, payload=payload,
                               updated_at=now))
            else:
                row.payload = payload
                row.updated_at = now
        return Draft(client_id, form_key, payload, now)

    def draft(self, client_id: str, form_key: str) -> Draft | None:
        with self._sessions() as s:
            row = s.get(DraftRow, (client_id, form_key))
            if row is None:
                return None
            return Draft(row.client_id, row.form_key, dict(row.payload), _aware(row.updated_at))

    def discard_draft(self, client_id: str, form_key: str) -> None:
        with self._tx() as s:
            row = s.get(DraftRow, (client_id, form_key))
            if row is not None:
                s.delete(row)

    # -- hand-back: what a bundle carries and how it comes in ---------------------------
    def snapshot(self, client_id: str) -> list[EntryState]:
        """Every entry of a client (removed ones too) with its earlier versions, oldest first."""
        with self._sessions() as s:
            rows = s.scalars(select(EntryRow).where(EntryRow.client_id == client_id)
                             .order_by(EntryRow.created_at, EntryRow.id)).all()
            history: dict[str, list[dict[str, Any]]] = {}
            for v in s.scalars(select(VersionRow).where(
                    VersionRow.client_id == client_id, VersionRow.kind != "profile")
                    .order_by(VersionRow.record_id, VersionRow.version, VersionRow.id)).all():
                history.setdefault(v.record_id, []).append(
                    version_json(v.version, dict(v.payload), v.author, v.place, _aware(v.saved_at)))
            return [_state(r, history.get(r.id, [])) for r in rows]

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
        with self._tx() as s:
            row = s.get(ClientRow, client_id)
            if incoming.expect_client_id and incoming.expect_client_id != client_id:
                raise ImportRefused("other_client")
            if row is None:
                if not incoming.create_client:
                    raise ImportRefused("unknown_client")
                if s.scalar(select(ClientRow.id).where(ClientRow.pseudonym == info["pseudonym"])):
                    raise ImportRefused("pseudonym_taken")
                profile = ClientProfile.model_validate({k: info[k] for k in PROFILE_FIELDS})
                row = ClientRow(id=client_id, pseudonym=profile.pseudonym, initials=profile.initials,
                                relationship_context=profile.relationship_context,
                                goals=profile.goals, created_at=parse_time(info["created_at"]),
                                updated_at=parse_time(info["updated_at"]))
                s.add(row)
                s.flush()
                _screen_profile(s, client_id, profile)
            else:
                self._merge_profile(s, row, info)
            self._merge_profile_history(s, client_id, incoming.profile_history)
            clash = s.scalar(select(EntryRow.id).where(
                EntryRow.id.in_([e.id for e in incoming.entries]),
                EntryRow.client_id != client_id).limit(1))
            if clash:
                raise ImportRefused("other_client")
            rows = {r.id: r for r in s.scalars(
                select(EntryRow).where(EntryRow.client_id == client_id)).all()}
            known = _version_digests(s, client_id)
            for done, inc in enumerate(incoming.entries, start=1):
                counts[self._merge_one(s, client_id, rows.get(inc.id), inc, known)] += 1
                if progress and (done % 50 == 0 or done == total):
                    progress(done, total)
            have = set(s.scalars(select(HandoutRow.id).where(HandoutRow.client_id == client_id)))
            for h in incoming.handouts:
                if h["id"] not in have:
                    s.add(HandoutRow(id=h["id"], client_id=client_id, title=h["title"][:200],
                                     created_at=parse_time(h["created_at"]), html=h["html"]))
                    counts["handouts"] += 1
            for d in incoming.drafts:
                if s.get(DraftRow, (client_id, d["form_key"])) is None:
                    s.add(DraftRow(client_id=client_id, form_key=d["form_key"],
                                   payload=dict(d["payload"]), updated_at=parse_time(d["updated_at"])))
            s.add(HandBackRow(id=str(uuid.uuid4()), client_id=client_id,
                              bundle_id=incoming.bundle_id, bundle_type=incoming.bundle_type,
                              direction="taken_in", at=utcnow(), known=incoming.known))
            detail = " ".join(f"{k}={v}" for k, v in counts.items())
            s.add(_audit_row(incoming.actor, f"import_{incoming.bundle_type}", client_id, detail))
        return counts

    def _merge_one(self, s: Session, client_id: str, row: EntryRow | None, inc: EntryState,
                   known: dict[str, set[str]]) -> Outcome:
        data = _payload(inc.kind, inc.payload)
        inc = EntryState(**{**inc.__dict__, "payload": data})
        seen = known.setdefault(inc.id, set())  # payloads of kept versions
        current = {"digest": payload_digest(row.payload) if row is not None else ""}

        def keep_version(version: int, payload: dict, author: str, place: str,
                         saved_at: dt.datetime) -> bool:
            digest = payload_digest(payload)
            if digest in seen or digest == current["digest"]:
                return False
            seen.add(digest)
            s.add(VersionRow(record_id=inc.id, client_id=client_id, kind=inc.kind,
                             version=version, payload=payload, author=author, place=place,
                             saved_at=saved_at))
            return True

        def keep_history() -> None:
            for h in inc.history:
                keep_version(int(h["version"]), _payload(inc.kind, h["payload"]), h["author"],
                             h["place"], parse_time(h["saved_at"]))

        if row is None:
            _check_who(inc.author, inc.place)
            new = EntryRow(id=inc.id, client_id=client_id, kind=inc.kind, payload=data,
                           author=inc.author, place=inc.place, workbook=inc.workbook,
                           version=inc.version, created_at=inc.created_at,
                           updated_at=inc.updated_at, deleted_at=inc.deleted_at, flagged=False)
            s.add(new)
            current["digest"] = payload_digest(data)
            keep_history()
            _screen_entry(s, new)
            return "added"
        here = _state(row, [])
        decision = decide(here, inc)
        if decision == "same":
            keep_history()
            return "unchanged"
        if decision == "take":
            both = edited_on_both_sides(here, inc)
            _check_who(inc.author, inc.place)
            current["digest"] = payload_digest(data)
            keep_version(row.version, row.payload, row.author, row.place, _aware(row.updated_at))
            keep_history()
            row.payload, row.author, row.place = data, inc.author, inc.place
            row.workbook = inc.workbook
            row.version = taken_version(row.version, inc.version, both)
            row.updated_at, row.deleted_at = inc.updated_at, inc.deleted_at
            _screen_entry(s, row)
            return "kept_both" if both else "changed"
        # This side's state is the newer one: the incoming state joins the history.
        added = keep_version(inc.version, data, inc.author, inc.place, inc.updated_at)
        keep_history()
        return "kept_both" if added else "unchanged"

    def _merge_profile(self, s: Session, row: ClientRow, info: dict[str, Any]) -> None:
        """A newer profile from the other side replaces this one; this one is kept."""
        if not profile_changes(_to_client(row), info):
            return
        profile = ClientProfile.model_validate({f: info[f] for f in PROFILE_FIELDS})
        if s.scalar(select(ClientRow.id).where(ClientRow.pseudonym == profile.pseudonym,
                                               ClientRow.id != row.id)):
            raise ImportRefused("pseudonym_taken")
        count = s.scalar(select(func.count()).select_from(VersionRow)
                         .where(VersionRow.record_id == row.id))
        s.add(VersionRow(record_id=row.id, client_id=row.id, kind="profile", version=count + 1,
                         payload=_to_client(row).profile().model_dump(mode="json"),
                         author="therapist", place="clinic",
                         saved_at=_aware(row.updated_at)))
        for f in PROFILE_FIELDS:
            setattr(row, f, getattr(profile, f))
        row.updated_at = parse_time(info["updated_at"])
        _screen_profile(s, row.id, profile)

    def _merge_profile_history(self, s: Session, client_id: str,
                               history: list[dict[str, Any]]) -> None:
        if not history:
            return
        have = {payload_digest(p) for p in s.scalars(select(VersionRow.payload).where(
            VersionRow.record_id == client_id))}
        for h in history:
            payload = ClientProfile.model_validate(h["payload"]).model_dump(mode="json")
            if payload_digest(payload) in have:
                continue
            have.add(payload_digest(payload))
            _check_who(h["author"], h["place"])
            s.add(VersionRow(record_id=client_id, client_id=client_id, kind="profile",
                             version=int(h["version"]), payload=payload, author=h["author"],
                             place=h["place"], saved_at=parse_time(h["saved_at"])))

    def drafts(self, client_id: str) -> list[dict[str, Any]]:
        """A client's unsaved drafts, as plain data (for a complete export)."""
        q = select(DraftRow).where(DraftRow.client_id == client_id).order_by(DraftRow.form_key)
        with self._sessions() as s:
            return [{"form_key": r.form_key, "payload": dict(r.payload),
                     "updated_at": _aware(r.updated_at).isoformat()} for r in s.scalars(q).all()]

    def known_digests(self, client_id: str) -> dict[str, set[str]]:
        """Payload digests of every kept version, per entry id (for import previews)."""
        with self._sessions() as s:
            return _version_digests(s, client_id)

    def note_hand_back(self, client_id: str, bundle_id: str, bundle_type: str, *, actor: str,
                       known: dict[str, str], detail: str) -> None:
        """A bundle was made: note it and what it carried (digests, never content)."""
        with self._tx() as s:
            s.add(HandBackRow(id=str(uuid.uuid4()), client_id=client_id, bundle_id=bundle_id,
                              bundle_type=bundle_type, direction="made", at=utcnow(), known=known))
            s.add(_audit_row(actor, f"export_{bundle_type}", client_id, detail))

    def hand_backs(self, client_id: str) -> list[HandBack]:
        """Bundles made and taken in for a client, oldest first."""
        q = (select(HandBackRow).where(HandBackRow.client_id == client_id)
             .order_by(HandBackRow.at, HandBackRow.id))
        with self._sessions() as s:
            return [HandBack(r.bundle_id, r.bundle_type, r.direction, _aware(r.at), dict(r.known))
                    for r in s.scalars(q).all()]

    def handouts(self, client_id: str) -> list[Handout]:
        q = (select(HandoutRow).where(HandoutRow.client_id == client_id)
             .order_by(HandoutRow.created_at.desc(), HandoutRow.id))
        with self._sessions() as s:
            return [Handout(r.id, r.client_id, r.title, _aware(r.created_at), r.html)
                    for r in s.scalars(q).all()]

    # -- audit and erasure -----------------------------------------------------------
    def audit(self, actor: str, action: str, client_ref: str, detail: str = "") -> None:
        """Note an export or other event (who, what, whose pseudonymous id; no content)."""
        with self._tx() as s:
            s.add(_audit_row(actor, action, client_ref, detail))

    def audit_log(self, client_ref: str | None = None) -> list[AuditEvent]:
        q = select(AuditRow).order_by(AuditRow.at, AuditRow.id)
        if client_ref:
            q = q.where(AuditRow.client_ref == client_ref)
        with self._sessions() as s:
            return [AuditEvent(_aware(r.at), r.actor, r.action, r.client_ref, r.detail)
                    for r in s.scalars(q).all()]

    def erase_client(self, client_id: str, *, by: str) -> None:
        """Delete a client and everything about them, for good, in one transaction.

        The audit log keeps that it happened (when, by whom, the pseudonymous id). On SQLite
        the file is then compacted so the deleted text does not linger in free pages."""
        with self._tx() as s:
            if s.get(ClientRow, client_id) is None:
                raise NotFound(client_id)
            for table in (VersionRow, EntryRow, DraftRow, RiskFlagRow, HandBackRow, HandoutRow):
                s.execute(table.__table__.delete().where(table.__table__.c.client_id == client_id))
            s.execute(ClientRow.__table__.delete().where(ClientRow.__table__.c.id == client_id))
            s.add(_audit_row(by, "erase", client_id, "client and all records deleted"))
        self._compact()

    def _compact(self) -> None:
        if self.engine.dialect.name != "sqlite":
            return
        raw = self.engine.raw_connection()
        try:
            conn = raw.driver_connection
            conn.execute("VACUUM")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()


def _version_digests(s: Session, client_id: str) -> dict[str, set[str]]:
    """Record id -> payload digests of its kept versions."""
    out: dict[str, set[str]] = {}
    for rid, payload in s.execute(select(VersionRow.record_id, VersionRow.payload).where(
            VersionRow.client_id == client_id)).all():
        out.setdefault(rid, set()).add(payload_digest(payload))
    return out


def _state(row: EntryRow, history: list[dict[str, Any]]) -> EntryState:
    return EntryState(
        id=row.id, kind=row.kind, payload=dict(row.payload), author=row.author, place=row.place,
        workbook=row.workbook, version=row.version, created_at=_aware(row.created_at),
        updated_at=_aware(row.updated_at), deleted_at=_aware(row.deleted_at), history=history,
    )


def _audit_row(actor: str, action: str, client_ref: str, detail: str) -> AuditRow:
    return AuditRow(at=utcnow(), actor=actor[:16], action=action[:32], client_ref=client_ref[:36],
                    detail=detail[:200])

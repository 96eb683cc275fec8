"""Persistence: every save is one committed transaction, nothing is overwritten.

SQLite (WAL, ``synchronous=FULL``) in the per-user data folder by default;
PostgreSQL when ``ATTACHWORK_DB_URL`` names one. The schema is created and
upgraded with Alembic. Editing an entry or a profile copies the earlier state to
``record_versions`` in the same transaction; deleting an entry only marks it.

Every text saved here passes the risk screen (:mod:`attachwork.risk`) inside the same
transaction: a positive screen marks the entry ``flagged`` and opens a risk flag for the
therapist, so no workbook can save a text without it being screened.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from attachwork.config import ensure_private_dir, settings
from attachwork.records import (
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
from attachwork.risk import screen_values
from attachwork.store.schema import ClientRow, DraftRow, EntryRow, RiskFlagRow, VersionRow

#: The newest migration; a store at this revision skips Alembic entirely.
HEAD_REVISION = "0002"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class StoreError(Exception):
    """A problem the person using the workbook can act on."""


class DuplicatePseudonym(StoreError):
    pass


class NotFound(StoreError):
    pass


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
            row.deleted_at = None
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

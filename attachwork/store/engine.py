"""Opening the database and bringing its schema up to date.

SQLite (WAL, ``synchronous=FULL``) in the per-user data folder by default; PostgreSQL when
``ATTACHWORK_DB_URL`` names one. A SQLite file is created private to the user (mode 0600,
in a private folder), and every transaction on it takes the write lock up front.

The schema is created and upgraded with Alembic (``migrations/``); a store already at
:data:`HEAD_REVISION` skips Alembic entirely, so opening a current store stays quick.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Self

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.pool import ConnectionPoolEntry

from attachwork.config import ensure_private_dir, private_parent, settings
from attachwork.store.base import StoreBase

#: The newest migration; a store at this revision skips Alembic entirely.
HEAD_REVISION = "0007"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
#: How long a writer waits for another one before giving up.
BUSY_TIMEOUT_MS = 60_000


def default_sqlite_path() -> Path:
    return settings().data_dir / "attachwork.sqlite3"


def _prepare_sqlite_file(path: Path) -> None:
    if path.resolve() == default_sqlite_path().resolve():
        ensure_private_dir(path.parent)  # the data folder, the project's own
    else:
        private_parent(path)  # a file the person named: its folder stays as it is
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def _sqlite_engine(path: Path) -> Engine:
    _prepare_sqlite_file(path)
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 60})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
        # Let SQLAlchemy's "begin" event decide how a transaction starts.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        # Deleted rows are overwritten with zeros, not merely marked free.
        cur.execute("PRAGMA secure_delete=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Take the write lock up front: two writers never deadlock on an upgrade.
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def open_engine(url: str | None) -> Engine:
    """The engine for ``url``, or for the configured store when ``url`` is ``None``."""
    url = url or settings().db_url
    if url is None:
        return _sqlite_engine(default_sqlite_path())
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        return _sqlite_engine(Path(url.removeprefix("sqlite:///")))
    return create_engine(url, pool_pre_ping=True)


class EngineMixin(StoreBase):
    """Opening and closing a store, and its schema revision."""

    @classmethod
    def open(cls, url: str | None = None, *, migrate: bool = True) -> Self:
        """Open the configured store (or ``url``) and bring its schema up to date."""
        store = cls(open_engine(url))
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

"""The state every part of the :class:`~attachwork.store.Store` shares: one engine and
the sessions made from it.

Each part of the store (clients, entries, drafts, flags, merging in, audit) is a mixin over
:class:`StoreBase`, so it reaches the database only through :meth:`StoreBase._tx` (one
committed transaction, or nothing at all) or a read-only session from ``_sessions``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker


class StoreBase:
    """An engine, and the session factory every part of the store opens its sessions from."""

    engine: Engine
    _sessions: sessionmaker[Session]

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def _tx(self) -> Iterator[Session]:
        """One committed transaction, or nothing at all."""
        with self._sessions.begin() as session:
            yield session

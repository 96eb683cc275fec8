"""Practice accounts and caseloads, and the PostgreSQL role behind each account.

Only the practice server's administrator connection (the owner of the tables) uses these:
the account roles cannot read ``accounts`` or ``caseload`` at all. On PostgreSQL each account
has a login role, a member of ``attachwork_app``, whose row-level security policies
(migration 0006) let it reach its own client's rows, or its caseload's. The role's password
is set afresh each time the account's server starts and handed to that server only.

An account name is lower case letters, digits and ``_`` (it becomes part of a role name).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import delete, select, text

from attachwork.store.base import StoreBase
from attachwork.store.errors import NotFound, StoreError
from attachwork.store.rows import aware, get_row, utcnow
from attachwork.store.schema import AccountRow, CaseloadRow

ACCOUNT_KINDS = ("therapist", "client")
APP_ROLE = "attachwork_app"
USERNAME = re.compile(r"[a-z][a-z0-9_]{1,29}")
#: What a role password may hold (it is written into SQL, so nothing that needs quoting).
_PASSWORD = re.compile(r"[A-Za-z0-9_\-]{20,128}")


class AccountError(StoreError):
    """An account that cannot be made or changed as asked (the message says why)."""


@dataclass(frozen=True)
class Account:
    username: str
    kind: str
    client_id: str | None
    db_role: str
    active: bool
    created_at: dt.datetime
    password_hash: str


def _to_account(row: AccountRow) -> Account:
    return Account(row.username, row.kind, row.client_id, row.db_role, bool(row.active),
                   aware(row.created_at), row.password_hash)


def check_username(username: str) -> str:
    if not USERNAME.fullmatch(username):
        raise AccountError("an account name is 2 to 30 lower case letters, digits or _, "
                           "starting with a letter")
    return username


class AccountsMixin(StoreBase):
    """Accounts, caseloads and their roles (the administrator's connection only)."""

    @property
    def has_roles(self) -> bool:
        """Whether accounts get database roles (PostgreSQL) or not (SQLite)."""
        return self.engine.dialect.name == "postgresql"

    def add_account(self, username: str, kind: str, password_hash: str, *,
                    client_id: str | None = None, role_prefix: str = "aw_") -> Account:
        check_username(username)
        if kind not in ACCOUNT_KINDS:
            raise AccountError(f"an account is one of {ACCOUNT_KINDS}")
        if (kind == "client") != (client_id is not None):
            raise AccountError("a client account is bound to one client profile")
        now = utcnow()
        row = AccountRow(username=username, kind=kind, client_id=client_id,
                         db_role=f"{role_prefix}{username}", password_hash=password_hash,
                         active=True, created_at=now, updated_at=now)
        with self._tx() as s:
            if s.get(AccountRow, username) is not None:
                raise AccountError(f"there is already an account {username}")
            if client_id is not None and s.scalar(select(AccountRow.username).where(
                    AccountRow.client_id == client_id)):
                raise AccountError("that client profile already has an account")
            s.add(row)
            s.flush()
            if self.has_roles:
                self._ensure_role(s, row.db_role)
        return _to_account(row)

    def account(self, username: str) -> Account | None:
        with self._sessions() as s:
            row = s.get(AccountRow, username)
            return _to_account(row) if row else None

    def accounts(self) -> list[Account]:
        with self._sessions() as s:
            return [_to_account(r) for r in s.scalars(select(AccountRow).order_by(
                AccountRow.kind, AccountRow.username)).all()]

    def set_password_hash(self, username: str, password_hash: str) -> None:
        with self._tx() as s:
            row = get_row(s, AccountRow, username)
            row.password_hash = password_hash
            row.updated_at = utcnow()

    def set_active(self, username: str, active: bool) -> Account:
        """Open or close an account. Closing it also shuts its role out of the database
        (no login, and its open connections are ended)."""
        with self._tx() as s:
            row = get_row(s, AccountRow, username)
            row.active = active
            row.updated_at = utcnow()
            if self.has_roles and not active:
                s.execute(text(f'ALTER ROLE "{row.db_role}" NOLOGIN PASSWORD NULL'))
        if self.has_roles and not active:
            with self.engine.begin() as conn:
                conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                  "WHERE usename = :role"), {"role": row.db_role})
        return _to_account(row)

    def assign(self, therapist: str, client_id: str) -> None:
        with self._tx() as s:
            row = get_row(s, AccountRow, therapist)
            if row.kind != "therapist":
                raise AccountError(f"{therapist} is not a therapist's account")
            if s.get(CaseloadRow, (therapist, client_id)) is None:
                s.add(CaseloadRow(therapist=therapist, client_id=client_id, assigned_at=utcnow()))

    def unassign(self, therapist: str, client_id: str) -> None:
        with self._tx() as s:
            s.execute(delete(CaseloadRow).where(CaseloadRow.therapist == therapist,
                                                CaseloadRow.client_id == client_id))

    def caseload(self, therapist: str) -> list[str]:
        """The client ids on a therapist's caseload."""
        with self._sessions() as s:
            return list(s.scalars(select(CaseloadRow.client_id).where(
                CaseloadRow.therapist == therapist).order_by(CaseloadRow.client_id)).all())

    def therapists_of(self, client_id: str) -> list[str]:
        with self._sessions() as s:
            return list(s.scalars(select(CaseloadRow.therapist).where(
                CaseloadRow.client_id == client_id).order_by(CaseloadRow.therapist)).all())

    def open_role(self, username: str, password: str) -> str:
        """Let the account's role log in with ``password`` (a fresh one for each server
        start); returns the role name. PostgreSQL only."""
        if not self.has_roles:
            raise AccountError("database roles need PostgreSQL")
        if not _PASSWORD.fullmatch(password):
            raise AccountError("a role password is 20 to 128 URL-safe characters")
        with self._tx() as s:
            row = get_row(s, AccountRow, username)
            if not row.active:
                raise NotFound(username)
            self._ensure_role(s, row.db_role)
            s.execute(text(f"ALTER ROLE \"{row.db_role}\" LOGIN PASSWORD '{password}'"))
            return row.db_role

    def sync_roles(self) -> int:
        """Make sure every account has its role (after a restore onto a new server); closed
        accounts' roles cannot log in. Returns how many accounts there are."""
        if not self.has_roles:
            return 0
        with self._tx() as s:
            rows = s.scalars(select(AccountRow)).all()
            for row in rows:
                self._ensure_role(s, row.db_role)
                if not row.active:
                    s.execute(text(f'ALTER ROLE "{row.db_role}" NOLOGIN PASSWORD NULL'))
            return len(rows)

    @staticmethod
    def _ensure_role(s, role: str) -> None:  # noqa: ANN001 - a Session
        if not re.fullmatch(r"[a-z][a-z0-9_]{1,62}", role):
            raise AccountError("unsafe role name")
        # DDL takes no parameters; the role name was checked just above.
        ddl = f"""
            DO $$ BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
                CREATE ROLE {APP_ROLE} NOLOGIN;
              END IF;
              IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN
                CREATE ROLE "{role}" NOLOGIN INHERIT;
              END IF;
            END $$"""  # noqa: S608
        s.execute(text(ddl))
        # A role that could step around the policies is never an account's role.
        if s.execute(text("SELECT rolsuper OR rolbypassrls OR rolcreaterole OR NOT rolinherit "
                          "FROM pg_roles WHERE rolname = :r"), {"r": role}).scalar():
            raise AccountError(f"the database role {role} has powers an account must not have")
        # The policies name attachwork_app; the role uses its privileges (INHERIT).
        s.execute(text(f'GRANT {APP_ROLE} TO "{role}"'))

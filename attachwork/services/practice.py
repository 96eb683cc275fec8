"""A practice server's accounts: what its administrator does, and what a login checks.

An administrator adds therapists and clients, puts clients on a therapist's caseload, resets
a password and closes an account; each of these is one line in the audit log (who did it,
what, whose pseudonymous id; never a password). A client's account is bound to one client
profile, which its server opens in home mode; a therapist's opens the clinic on its caseload.

:func:`server_environment` is what the hub hands a server it starts: the mode, and a database
URL for the account's own role with a password made for that start alone.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy.engine import make_url

from attachwork.domain.passwords import hash_password, verify_password
from attachwork.domain.records import ClientProfile
from attachwork.store import Account, AccountError, Store

ADMIN = "admin"


def _ref(account: Account) -> str:
    """The audit log's record id for an account: the client's id, or the therapist's name."""
    return account.client_id if account.client_id else f"therapist:{account.username}"[:36]


@dataclass(frozen=True)
class Added:
    account: Account
    password: str


def add_therapist(store: Store, username: str, password: str, *, by: str = ADMIN,
                  role_prefix: str = "aw_") -> Added:
    account = store.add_account(username, "therapist", hash_password(password),
                                role_prefix=role_prefix)
    store.audit(by, "account_added", _ref(account), "account=therapist")
    return Added(account, password)


def add_client(store: Store, username: str, password: str, *, pseudonym: str,
               therapist: str | None = None, by: str = ADMIN, role_prefix: str = "aw_") -> Added:
    """A client's account, bound to the profile ``pseudonym`` (made if there is none yet),
    and put on ``therapist``'s caseload when one is named."""
    if therapist is not None:
        owner = store.account(therapist)
        if owner is None or owner.kind != "therapist":
            raise AccountError(f"{therapist} is not a therapist's account")
    client = store.client_by_pseudonym(pseudonym)
    if client is None:
        client = store.create_client(ClientProfile(pseudonym=pseudonym))
    hashed = hash_password(password)
    account = store.add_account(username, "client", hashed, client_id=client.id,
                                role_prefix=role_prefix)
    store.audit(by, "account_added", client.id, "account=client")
    if therapist is not None:
        assign(store, therapist, client.id, by=by)
    return Added(account, password)


def assign(store: Store, therapist: str, client_id: str, *, by: str = ADMIN) -> None:
    store.client(client_id)  # NotFound for an unknown profile
    store.assign(therapist, client_id)
    store.audit(by, "caseload_assigned", client_id, f"therapist={therapist}"[:200])


def unassign(store: Store, therapist: str, client_id: str, *, by: str = ADMIN) -> None:
    store.unassign(therapist, client_id)
    store.audit(by, "caseload_removed", client_id, f"therapist={therapist}"[:200])


def reset_password(store: Store, username: str, password: str, *, by: str = ADMIN) -> Account:
    account = _existing(store, username)
    store.set_password_hash(username, hash_password(password))
    store.audit(by, "password_reset", _ref(account), f"account={account.kind}")
    return account


def deactivate(store: Store, username: str, *, by: str = ADMIN) -> Account:
    """Close an account: no more logins, and its database role is shut out at once."""
    _existing(store, username)
    account = store.set_active(username, False)
    store.audit(by, "account_closed", _ref(account), f"account={account.kind}")
    return account


def reactivate(store: Store, username: str, *, by: str = ADMIN) -> Account:
    _existing(store, username)
    account = store.set_active(username, True)
    store.audit(by, "account_opened", _ref(account), f"account={account.kind}")
    return account


def _existing(store: Store, username: str) -> Account:
    account = store.account(username)
    if account is None:
        raise AccountError(f"there is no account {username}")
    return account


def check_login(store: Store, username: str, password: str) -> Account | None:
    """The open account these credentials belong to, or ``None``. An unknown name costs the
    same hashing time as a wrong password, so the answer's timing says nothing."""
    account = store.account(username.strip().lower())
    if account is None:
        verify_password(password, _DUMMY_HASH)
        return None
    if not verify_password(password, account.password_hash) or not account.active:
        return None
    return account


_DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


def server_environment(store: Store, username: str, database_url: str) -> dict[str, str]:
    """What an account's server is started with: its mode and its own database role, with a
    password made now for this start (PostgreSQL); SQLite stores get the shared URL."""
    account = _existing(store, username)
    if not account.active:
        raise AccountError(f"the account {username} is closed")
    env = {"ATTACHWORK_MODE": "home" if account.kind == "client" else "clinic"}
    if store.has_roles:
        password = secrets.token_urlsafe(32)
        role = store.open_role(username, password)
        env["ATTACHWORK_DB_URL"] = make_url(database_url).set(
            username=role, password=password).render_as_string(hide_password=False)
    else:
        env["ATTACHWORK_DB_URL"] = database_url
    return env

"""Isolation in the database: each account's role reaches only its own rows (a client's) or
its caseload's (a therapist's), whatever SQL it sends. Every person here is fictional."""

from __future__ import annotations

import secrets

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from attachwork.domain.records import ClientProfile
from attachwork.services import practice
from attachwork.store import AccountError, NotFound, Store

RISKY = "(Fictional) some nights I think about ending my life"
PASSWORD = "fictional-password-1"


def _plain(url: str) -> str:
    """A libpq URL from a SQLAlchemy one."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def practice_db(postgres_url):
    """A database of its own on the test cluster, with roles named for this run only."""
    name = f"aw_rls_{secrets.token_hex(4)}"
    admin = psycopg.connect(_plain(postgres_url), autocommit=True)
    admin.execute(f"CREATE DATABASE {name}")
    url = make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    prefix = f"t{secrets.token_hex(3)}_"
    store = Store.open(url)
    yield store, url, prefix
    store.close()
    admin.execute(f"DROP DATABASE {name} WITH (FORCE)")
    for (role,) in admin.execute("SELECT rolname FROM pg_roles WHERE rolname LIKE %s",
                                 (prefix + "%",)).fetchall():
        admin.execute(f'DROP ROLE "{role}"')
    admin.close()


def _records_for(store: Store, pseudonym: str) -> str:
    """A client with an edited entry (a kept version), a flagged entry, a draft and an
    audit line."""
    c = store.create_client(ClientProfile(pseudonym=pseudonym))
    e = store.add_entry(c.id, "suds", {"value": 4}, author="client", place="home")
    store.update_entry(e.id, {"value": 6}, author="client", place="home")
    store.add_entry(c.id, "trigger_log", {"occurred": "2026-11-30T02:00:00+00:00",
                                          "happened": RISKY, "trigger_kind": "distance",
                                          "story": "(Fictional) story", "intensity": 7,
                                          "other_stories": ["(Fictional) other"]},
                    author="client", place="home", workbook="01_pattern_awareness")
    store.save_draft(c.id, "01_pattern_awareness:trigger_log", {"situation": "(Fictional) half"})
    store.audit("therapist", "export_json", c.id, "1 file")
    return c.id


@pytest.fixture(scope="module")
def people(practice_db):
    store, url, prefix = practice_db
    wren = _records_for(store, "Test-Wren")
    birch = _records_for(store, "Test-Birch")
    practice.add_therapist(store, "rowan", PASSWORD, role_prefix=prefix)
    practice.add_therapist(store, "hazel", PASSWORD, role_prefix=prefix)
    practice.add_client(store, "wren", PASSWORD, pseudonym="Test-Wren", therapist="rowan",
                        role_prefix=prefix)
    practice.add_client(store, "birch", PASSWORD, pseudonym="Test-Birch", therapist="hazel",
                        role_prefix=prefix)
    return {"store": store, "url": url, "wren": wren, "birch": birch, "prefix": prefix}


def _connect_as(people, username: str) -> psycopg.Connection:
    env = practice.server_environment(people["store"], username, people["url"])
    return psycopg.connect(_plain(env["ATTACHWORK_DB_URL"]), autocommit=True)


TABLES = {"clients": "id", "entries": "client_id", "record_versions": "client_id",
          "risk_flags": "client_id", "drafts": "client_id", "hand_backs": "client_id",
          "handouts": "client_id", "audit_log": "client_ref"}


def test_the_owner_sees_both_clients_records(people):
    store = people["store"]
    for cid in (people["wren"], people["birch"]):
        assert store.versions(store.entries(cid, "suds")[0].id)
        assert store.flags(cid) and store.drafts(cid) and store.audit_log(cid)


def test_a_clients_role_reads_nothing_of_another_client_with_plain_sql(people):
    wren, birch = people["wren"], people["birch"]
    with _connect_as(people, "wren") as conn:
        for table, column in TABLES.items():
            others = conn.execute(f"SELECT count(*) FROM {table} WHERE {column} = %s",
                                  (birch,)).fetchone()[0]
            assert others == 0, f"{table}: another client's rows are visible"
            everyone = conn.execute(f"SELECT DISTINCT {column} FROM {table}").fetchall()
            assert {v for (v,) in everyone} <= {wren}, table
        # Its own rows are all there: entries, a kept version, the flag, the draft, the audit.
        for table in ("entries", "record_versions", "risk_flags", "drafts", "audit_log"):
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] >= 1, table
        for secret_table in ("accounts", "caseload"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(f"SELECT * FROM {secret_table}")
        # Taking on the shared role changes nothing: the policies ask who logged in.
        conn.execute("SET ROLE attachwork_app")
        assert conn.execute("SELECT count(*) FROM entries WHERE client_id = %s",
                            (birch,)).fetchone()[0] == 0


def test_a_clients_role_cannot_change_or_add_another_clients_rows(people):
    birch = people["birch"]
    with _connect_as(people, "wren") as conn:
        for table, column in TABLES.items():
            if table == "audit_log":
                continue
            cur = conn.execute(f"DELETE FROM {table} WHERE {column} = %s", (birch,))
            assert cur.rowcount == 0, table
        assert conn.execute("UPDATE entries SET flagged = false WHERE client_id = %s",
                            (birch,)).rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO drafts (client_id, form_key, payload, updated_at) "
                         "VALUES (%s, 'x', '{}', now())", (birch,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO audit_log (at, actor, action, client_ref, detail) "
                         "VALUES (now(), 'client', 'x', %s, '')", (birch,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE audit_log SET detail = '' ")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO clients (id, pseudonym, initials, relationship_context, "
                         "goals, created_at, updated_at) VALUES "
                         "('x', 'Test-Intruder', '', 'other', '', now(), now())")
    store = people["store"]
    assert len(store.entries(birch)) == 2 and store.drafts(birch) and store.flags(birch)


def test_a_therapists_role_reads_its_caseload_only(people):
    wren, birch = people["wren"], people["birch"]
    with _connect_as(people, "rowan") as conn:
        for table, column in TABLES.items():
            seen = {v for (v,) in conn.execute(f"SELECT DISTINCT {column} FROM {table}")}
            assert birch not in seen and seen <= {wren}, table
        assert conn.execute("SELECT count(*) FROM risk_flags").fetchone()[0] >= 1


def test_the_store_as_a_clients_role_is_that_client_alone(people):
    env = practice.server_environment(people["store"], "wren", people["url"])
    own = Store.open(env["ATTACHWORK_DB_URL"])
    try:
        assert [c.id for c in own.clients()] == [people["wren"]]
        own.add_entry(people["wren"], "suds", {"value": 3}, author="client", place="home")
        with pytest.raises(NotFound):
            own.add_entry(people["birch"], "suds", {"value": 3}, author="client", place="home")
        assert own.open_flag_counts() == {people["wren"]: 1}
        assert {e.client_ref for e in own.audit_log()} == {people["wren"]}
    finally:
        own.close()


def test_a_client_a_therapist_adds_joins_that_therapists_caseload(people):
    env = practice.server_environment(people["store"], "hazel", people["url"])
    hers = Store.open(env["ATTACHWORK_DB_URL"])
    try:
        new = hers.create_client(ClientProfile(pseudonym="Test-Sorrel", goals=RISKY))
        assert {c.pseudonym for c in hers.clients()} == {"Test-Birch", "Test-Sorrel"}
        assert hers.flags(new.id), "the goals were screened and flagged in the same save"
        hers.audit("therapist", "export_json", new.id, "1 file")
    finally:
        hers.close()
    assert people["store"].caseload("hazel") == sorted([people["birch"], new.id])
    with _connect_as(people, "rowan") as conn:
        assert conn.execute("SELECT count(*) FROM clients WHERE id = %s",
                            (new.id,)).fetchone()[0] == 0


def test_a_closed_account_cannot_log_in_to_the_database(people):
    store = people["store"]
    practice.add_therapist(store, "linden", PASSWORD, role_prefix=people["prefix"])
    env = practice.server_environment(store, "linden", people["url"])
    practice.deactivate(store, "linden")
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(_plain(env["ATTACHWORK_DB_URL"]))
    with pytest.raises(AccountError):
        practice.server_environment(store, "linden", people["url"])
    actions = [e.action for e in store.audit_log("therapist:linden")]
    assert actions == ["account_added", "account_closed"]


def test_accounts_on_sqlite_need_no_roles():
    store = Store.open()
    try:
        added = practice.add_client(store, "juniper", PASSWORD, pseudonym="Test-Juniper")
        assert store.account("juniper").client_id == added.account.client_id
        assert practice.check_login(store, "juniper", PASSWORD).kind == "client"
        assert practice.check_login(store, "juniper", "wrong-password-x") is None
        env = practice.server_environment(store, "juniper", "sqlite:///x")
        assert env["ATTACHWORK_MODE"] == "home"
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM caseload")).scalar() == 0
    finally:
        store.close()

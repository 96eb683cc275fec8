"""Backups that restore: a backup restored into an empty store holds every entry, version,
flag, draft and audit row; a wrong passphrase, a changed byte or a cut-off file is refused
before anything is written. Every person here is fictional."""

from __future__ import annotations

import secrets

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from attachwork.domain.records import ClientProfile
from attachwork.services import backup, practice
from attachwork.store import Store

PASS = "fictional-backup-passphrase"
TABLES = ("clients", "entries", "record_versions", "risk_flags", "drafts", "audit_log",
          "hand_backs", "handouts", "accounts", "caseload")


def _fill(store: Store) -> None:
    for name in ("Test-Alder", "Test-Tansy"):
        c = store.create_client(ClientProfile(pseudonym=name, goals="(Fictional) calmer"))
        e = store.add_entry(c.id, "suds", {"value": 5}, author="client", place="home")
        store.update_entry(e.id, {"value": 2}, author="client", place="home")
        store.add_entry(c.id, "suds", {"value": 1}, author="therapist", place="clinic")
        store.update_client(c.id, ClientProfile(
            pseudonym=name, goals="(Fictional) some days I want to end my life"))
        store.save_draft(c.id, "00_intake:suds", {"value": 3})
        store.audit("therapist", "export_json", c.id, "1 file")
    store.add_account("alder", "client", "scrypt$1$1$1$x$y",
                      client_id=store.client_by_pseudonym("Test-Alder").id, role_prefix="bk_")


def _dump(store: Store) -> dict[str, list[tuple]]:
    out = {}
    with store.engine.connect() as conn:
        for table in TABLES:
            rows = conn.execute(text(f"SELECT * FROM {table}")).all()
            out[table] = sorted(tuple(str(v) for v in r) for r in rows)
    return out


def test_sqlite_backup_restores_every_row_into_an_empty_store(tmp_path):
    source = Store.open(f"sqlite:///{tmp_path / 'clinic' / 'attachwork.sqlite3'}")
    _fill(source)
    before = _dump(source)
    assert before["record_versions"] and before["risk_flags"] and before["audit_log"]
    # Made while the store is open (the online backup API).
    made = backup.make_backup(f"sqlite:///{tmp_path / 'clinic' / 'attachwork.sqlite3'}",
                              tmp_path, PASS)
    source.close()
    assert made.path.stat().st_mode & 0o777 == 0o600
    assert b"Test-Alder" not in made.path.read_bytes() and b"SQLite" not in made.path.read_bytes()

    target_url = f"sqlite:///{tmp_path / 'restored' / 'attachwork.sqlite3'}"
    assert backup.restore_backup(made.path, target_url, PASS) == "sqlite"
    restored = Store.open(target_url)
    assert _dump(restored) == before
    restored.close()
    # A store that holds records is not overwritten by accident.
    with pytest.raises(backup.BackupError, match="not empty"):
        backup.restore_backup(made.path, target_url, PASS)


def test_a_wrong_passphrase_a_changed_byte_or_a_cut_file_is_refused(tmp_path):
    store = Store.open()
    _fill(store)
    store.close()
    made = backup.make_backup(None, tmp_path, PASS)
    data = made.path.read_bytes()
    target = f"sqlite:///{tmp_path / 'new' / 'attachwork.sqlite3'}"
    with pytest.raises(backup.BackupError, match="wrong passphrase"):
        backup.restore_backup(made.path, target, "not-the-passphrase")
    changed = tmp_path / "changed.awbackup"
    changed.write_bytes(data[:-40] + bytes([data[-40] ^ 1]) + data[-39:])
    with pytest.raises(backup.BackupError):
        backup.restore_backup(changed, target, PASS)
    cut = tmp_path / "cut.awbackup"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(backup.BackupError):
        backup.restore_backup(cut, target, PASS)
    other = tmp_path / "other.awbackup"
    other.write_bytes(b"SQLite format 3\x00" + bytes(200))
    with pytest.raises(backup.BackupError, match="not an attachwork backup"):
        backup.restore_backup(other, target, PASS)
    assert not (tmp_path / "new" / "attachwork.sqlite3").exists()


def test_postgres_backup_restores_rows_policies_and_roles(postgres_url, tmp_path):
    admin_url = make_url(postgres_url).set(drivername="postgresql").render_as_string(
        hide_password=False)
    names = [f"aw_bk_{secrets.token_hex(4)}" for _ in range(2)]
    admin = psycopg.connect(admin_url, autocommit=True)
    for name in names:
        admin.execute(f"CREATE DATABASE {name}")
    urls = [make_url(postgres_url).set(database=n).render_as_string(hide_password=False)
            for n in names]
    try:
        source = Store.open(urls[0])
        _fill(source)
        before = _dump(source)
        source.close()
        made = backup.make_backup(urls[0], tmp_path, PASS)
        assert made.kind == "postgresql"
        assert backup.restore_backup(made.path, urls[1], PASS) == "postgresql"
        restored = Store.open(urls[1])
        assert _dump(restored) == before
        with restored.engine.connect() as conn:
            policies = conn.execute(text("SELECT count(*) FROM pg_policies")).scalar()
        assert policies >= 10, "row-level security came back with the tables"
        env = practice.server_environment(restored, "alder", urls[1])
        restored.close()
        role_url = make_url(env["ATTACHWORK_DB_URL"]).set(drivername="postgresql")
        with psycopg.connect(role_url.render_as_string(hide_password=False)) as conn:
            seen = conn.execute("SELECT pseudonym FROM clients").fetchall()
        assert seen == [("Test-Alder",)]
    finally:
        for name in names:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute("DROP ROLE IF EXISTS bk_alder")
        admin.close()

"""Erasure and the write-ahead log: erased words never stay in the ``-wal`` file unnoticed."""

from __future__ import annotations

import sqlite3

from attachwork.domain.records import ClientProfile
from attachwork.services.erasure import erase, finish
from attachwork.store import Store

SECRET = "(Fictional) zebra-violet-words"


def _files_hold(path, words: str) -> dict[str, bool]:
    out = {}
    for suffix in ("", "-wal"):
        f = path.with_name(path.name + suffix)
        out[suffix or "db"] = f.exists() and words.encode() in f.read_bytes()
    return out


def _client_with_words(store: Store):
    c = store.create_client(ClientProfile(pseudonym="Demo-Tide", goals=SECRET))
    store.add_entry(c.id, "trigger_log", {
        "occurred": "2026-11-02T19:30:00", "happened": SECRET, "trigger_kind": "distance",
        "story": SECRET, "intensity": 5, "other_stories": [SECRET]}, author="client", place="home")
    return c


def test_erase_with_an_older_reader_open_says_so_and_finishing_later_empties_the_log(tmp_path):
    path = tmp_path / "store.sqlite3"
    store = Store.open(f"sqlite:///{path}")
    c = _client_with_words(store)
    reader = sqlite3.connect(path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM entries").fetchone()  # holds its snapshot
    said = erase(store, c, "Demo-Tide", by="therapist")
    assert "still has the database open" in said and "--finish" in said
    assert store.clients() == []
    assert not finish(store)  # still open: said plainly again
    reader.execute("COMMIT")
    reader.close()
    store.add_entry(store.create_client(ClientProfile(pseudonym="Demo-Next")).id, "suds",
                    {"value": 2}, author="client", place="home")  # the next save
    assert finish(store)
    assert _files_hold(path, SECRET) == {"db": False, "-wal": False}
    store.close()


def test_erase_with_no_other_reader_empties_everything_at_once(tmp_path):
    path = tmp_path / "store.sqlite3"
    store = Store.open(f"sqlite:///{path}")
    c = _client_with_words(store)
    said = erase(store, c, "Demo-Tide", by="therapist")
    assert said.startswith("The client's records were erased")
    assert _files_hold(path, SECRET) == {"db": False, "-wal": False}
    store.close()


def test_deleted_rows_are_overwritten_in_place(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 's.sqlite3'}")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
    store.close()


def test_the_command_line_says_plainly_when_the_log_could_not_be_emptied(tmp_path, capsys):
    from attachwork.app.cli import main

    data = tmp_path / "data"
    store = Store.open(f"sqlite:///{data / 'attachwork.sqlite3'}")
    _client_with_words(store)
    store.close()
    reader = sqlite3.connect(data / "attachwork.sqlite3", isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM entries").fetchone()
    assert main(["erase", "Demo-Tide", "--confirm", "Demo-Tide", "--data-dir", str(data)]) == 3
    assert "attachwork erase --finish" in capsys.readouterr().err
    reader.execute("COMMIT")
    reader.close()
    assert main(["erase", "--finish", "--data-dir", str(data)]) == 0
    assert _files_hold(data / "attachwork.sqlite3", SECRET) == {"db": False, "-wal": False}

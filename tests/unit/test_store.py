"""The store: round trips, versions kept on edit, drafts, permissions, migrations."""

from __future__ import annotations

import datetime as dt
import os
import stat

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import inspect, text

from attachwork.domain.records import CheckIn, ClientProfile, SessionRecord, Suds
from attachwork.store import (
    HEAD_REVISION,
    MIGRATIONS_DIR,
    DuplicatePseudonym,
    NotFound,
    Store,
    default_sqlite_path,
)
from attachwork.store.schema import Base


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request):
    """The same behaviour on the embedded store and on a practice's PostgreSQL."""
    if request.param == "sqlite":
        s = Store.open()
        yield s
        s.close()
        return
    s = Store.open(request.getfixturevalue("postgres_url"))
    yield s
    Base.metadata.drop_all(s.engine)
    with s.engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    s.close()


@pytest.fixture
def client(store):
    return store.create_client(ClientProfile(pseudonym="Test-Finch", goals="Fictional goals"))


def test_client_round_trip(store, client):
    again = store.client(client.id)
    assert again.pseudonym == "Test-Finch" and again.goals == "Fictional goals"
    assert [c.id for c in store.clients()] == [client.id]
    assert store.client_by_pseudonym("Test-Finch").id == client.id
    with pytest.raises(DuplicatePseudonym):
        store.create_client(ClientProfile(pseudonym="Test-Finch"))


def test_entry_round_trip_keeps_metadata(store, client):
    e = store.add_entry(client.id, "suds", Suds(value=6), author="client", place="home",
                        workbook="02_regulation")
    got = store.entry(e.id)
    assert got.payload == {"kind": "suds", "value": 6, "moment": "baseline"}
    assert (got.author, got.place, got.workbook, got.version) == ("client", "home", "02_regulation", 1)
    assert got.created_at.tzinfo is not None
    assert got.record() == Suds(value=6)


def test_invalid_payload_is_refused_and_nothing_saved(store, client):
    with pytest.raises(ValueError):
        store.add_entry(client.id, "suds", {"value": 42}, author="therapist", place="clinic")
    assert store.entries(client.id) == []


def test_editing_keeps_the_earlier_version(store, client):
    e = store.add_entry(client.id, "suds", Suds(value=7), author="therapist", place="clinic")
    store.update_entry(e.id, Suds(value=5), author="client", place="home")
    store.update_entry(e.id, Suds(value=3), author="client", place="home")
    now = store.entry(e.id)
    assert now.payload["value"] == 3 and now.version == 3
    history = store.versions(e.id)
    assert [v.payload["value"] for v in history] == [7, 5]
    assert [v.version for v in history] == [1, 2]
    assert history[0].author == "therapist"
    # saving the same thing again is not a new version
    store.update_entry(e.id, Suds(value=3), author="client", place="home")
    assert store.entry(e.id).version == 3


def test_profile_edit_keeps_the_earlier_profile(store, client):
    store.update_client(client.id, ClientProfile(pseudonym="Test-Finch", goals="New goals"))
    assert store.client(client.id).goals == "New goals"
    assert store.versions(client.id)[0].payload["goals"] == "Fictional goals"


def test_removed_entries_are_recoverable(store, client):
    e = store.add_entry(client.id, "suds", Suds(value=2), author="client", place="home")
    store.delete_entry(e.id)
    assert store.entries(client.id) == []
    assert [x.id for x in store.entries(client.id, include_deleted=True)] == [e.id]
    store.restore_entry(e.id)
    assert [x.id for x in store.entries(client.id)] == [e.id]


def test_save_many_is_all_or_nothing(store, client):
    good = ("a" * 8 + "-0000-0000-0000-000000000001", "suds", Suds(value=1))
    bad_session = SessionRecord.model_construct(kind="session", workbook="x", number=-5,
                                                date=dt.date(2026, 1, 1))
    with pytest.raises(ValueError):
        store.save_many(client.id, [good, (None, "session", bad_session)],
                        author="therapist", place="clinic")
    assert store.entries(client.id) == []
    saved = store.save_many(client.id, [good], author="therapist", place="clinic")
    assert saved[0].id == good[0]
    store.save_many(client.id, [(good[0], "suds", Suds(value=2))], author="therapist",
                    place="clinic")
    assert store.entry(good[0]).version == 2 and len(store.entries(client.id)) == 1


def test_drafts_are_kept_until_discarded(store, client):
    assert store.draft(client.id, "00_intake") is None
    store.save_draft(client.id, "00_intake", {"homework": "half"})
    store.save_draft(client.id, "00_intake", {"homework": "half-typed"})
    assert store.draft(client.id, "00_intake").payload == {"homework": "half-typed"}
    reopened = Store.open(store.engine.url.render_as_string(hide_password=False))
    assert reopened.draft(client.id, "00_intake").payload == {"homework": "half-typed"}
    reopened.discard_draft(client.id, "00_intake")
    assert store.draft(client.id, "00_intake") is None


def test_data_folder_and_database_are_private():
    Store.open().create_client(ClientProfile(pseudonym="Test-Private"))
    path = default_sqlite_path()
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    for f in path.parent.iterdir():
        if f.name.startswith(path.name):
            assert stat.S_IMODE(os.stat(f).st_mode) == 0o600, f.name


def test_a_database_file_named_in_a_shared_folder_leaves_the_folder_as_it_was(tmp_path):
    """A store or backup opened at a path the person names (``/tmp/x.sqlite3``) makes its file
    private, not the folder: a shared folder keeps its sticky, open mode, and a folder of
    someone's own keeps theirs; a folder that has to be made is made private."""
    from attachwork.config import ensure_private_dir

    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    Store.open(f"sqlite:///{shared / 'x.sqlite3'}").create_client(ClientProfile(pseudonym="Test-Sticky"))
    assert stat.S_IMODE(os.stat(shared).st_mode) == 0o1777
    assert stat.S_IMODE(os.stat(shared / "x.sqlite3").st_mode) == 0o600
    own = tmp_path / "own"
    own.mkdir(mode=0o755)
    os.chmod(own, 0o755)
    Store.open(f"sqlite:///{own / 'y.sqlite3'}")
    assert stat.S_IMODE(os.stat(own).st_mode) == 0o755
    Store.open(f"sqlite:///{tmp_path / 'made' / 'deeper' / 'z.sqlite3'}")
    assert stat.S_IMODE(os.stat(tmp_path / "made").st_mode) == 0o700
    assert stat.S_IMODE(os.stat(tmp_path / "made" / "deeper").st_mode) == 0o700
    ensure_private_dir(shared)
    assert stat.S_IMODE(os.stat(shared).st_mode) == 0o1777, "never a shared folder, even its own"


def test_sqlite_runs_in_wal_mode_with_full_sync():
    with Store.open().engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_migration_from_empty_builds_the_modelled_schema(tmp_path, backend, request):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    url = (f"sqlite:///{tmp_path / 'fresh.sqlite3'}" if backend == "sqlite"
           else request.getfixturevalue("postgres_url"))
    s = Store.open(url)
    assert s.revision() == HEAD_REVISION
    with s.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        tables = set(inspect(conn).get_table_names())
    assert diff == []
    assert {"clients", "entries", "record_versions", "drafts", "alembic_version"} <= tables
    if backend == "postgresql":
        Base.metadata.drop_all(s.engine)
        with s.engine.begin() as conn:
            conn.execute(text("DROP TABLE alembic_version"))


def test_head_revision_constant_matches_the_migration_scripts():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(cfg).get_current_head() == HEAD_REVISION


def test_an_older_database_is_upgraded_on_open(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    s = Store.open(url)
    with s.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'gone'"))
    with pytest.raises(Exception, match="gone"):
        Store.open(url)  # an unknown revision is never silently ignored


def test_entry_for_unknown_client_is_refused(store):
    with pytest.raises(NotFound):
        store.add_entry("nobody", "suds", Suds(value=1), author="client", place="home")


#: Every character both databases hold (NUL and half surrogate pairs are refused alike).
STORABLE = st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(STORABLE, max_size=200), min_size=1, max_size=6))
def test_any_text_survives_a_round_trip_exactly(store, texts):
    client = store.client_by_pseudonym("Test-Any") or store.create_client(
        ClientProfile(pseudonym="Test-Any"))
    e = store.add_entry(client.id, "session", SessionRecord(
        workbook="00_intake", number=0, date=dt.date(2026, 1, 1), homework=texts[0]),
        author="therapist", place="clinic")
    for t in texts[1:]:
        store.update_entry(e.id, SessionRecord(workbook="00_intake", number=0,
                                               date=dt.date(2026, 1, 1), homework=t),
                           author="therapist", place="clinic")
    expected = SessionRecord(workbook="00_intake", number=0, date=dt.date(2026, 1, 1),
                             homework=texts[-1]).homework
    assert store.entry(e.id).payload["homework"] == expected


def test_checkin_payload_keeps_incomplete_scores_as_null(store, client):
    e = store.add_entry(client.id, "checkin", CheckIn(
        instrument_id="x", instrument_version="1", responses={"a": 1},
        scores={"anx": {"mean": None, "answered": 1, "total": 18}}), author="therapist",
        place="clinic")
    assert store.entry(e.id).payload["scores"]["anx"]["mean"] is None


# -- risk flags ---------------------------------------------------------------------
RISKY = {"occurred": "2026-10-01T21:30", "happened": "Fictional: I want to die tonight",
         "trigger_kind": "distance", "story": "x", "other_stories": ["y"], "intensity": 9}


def test_a_risky_text_is_flagged_in_the_same_save(store, client):
    calm = store.add_entry(client.id, "trigger_log", {**RISKY, "happened": "A calm evening"},
                           author="client", place="home", workbook="01_pattern_awareness")
    assert calm.flagged is False and store.flags(client.id) == []
    [risky] = store.save_many(client.id, [(None, "trigger_log", RISKY)], author="client",
                              place="home", workbook="01_pattern_awareness")
    assert risky.flagged and store.entry(risky.id).flagged
    [flag] = store.flags(client.id)
    assert (flag.record_id, flag.record_kind, flag.categories) == (risky.id, "trigger_log",
                                                                   ("wish_to_die",))
    assert flag.workbook == "01_pattern_awareness" and flag.reviewed_at is None
    assert store.open_flag_counts() == {client.id: 1}


def test_editing_a_flagged_entry_widens_its_open_flag_and_a_review_closes_it(store, client):
    e = store.add_entry(client.id, "trigger_log", RISKY, author="client", place="home")
    store.update_entry(e.id, {**RISKY, "story": "Fictional: I have a plan to end my life"},
                       author="client", place="home")
    [flag] = store.flags(client.id)
    assert set(flag.categories) == {"wish_to_die", "plan", "suicide"}
    reviewed = store.review_flag(flag.id, by="therapist")
    assert reviewed.reviewed_at is not None and reviewed.reviewed_by == "therapist"
    assert store.flags(client.id) == [] and store.open_flag_counts() == {}
    assert len(store.flags(client.id, open_only=False)) == 1
    # the same text saved again after the review opens a new flag: nothing is silently skipped
    store.update_entry(e.id, {**RISKY, "did": "Fictional: still feel I want to die"},
                       author="client", place="home")
    assert len(store.flags(client.id)) == 1


def test_an_entry_edited_back_to_calm_words_is_no_longer_marked(store, client):
    e = store.add_entry(client.id, "trigger_log", RISKY, author="client", place="home")
    calm = store.update_entry(e.id, {**RISKY, "happened": "A calm evening"}, author="client",
                              place="home")
    assert not calm.flagged
    assert len(store.flags(client.id)) == 1, "the earlier flag stays for the therapist"


def test_a_profile_goal_is_screened_too(store):
    c = store.create_client(ClientProfile(pseudonym="Test-Goal",
                                          goals="Fictional: stop feeling like a burden to everyone"))
    [flag] = store.flags(c.id)
    assert flag.record_kind == "profile" and flag.categories == ("burden",)


def test_hand_back_merge_and_erasure_on_both_backends(store, client, tmp_path, monkeypatch):
    """The clinic store (SQLite or PostgreSQL) takes a return file in, keeps both versions of
    an entry edited on both sides, and erases the client completely."""
    from attachwork.services import bundle_file, handback

    monkeypatch.setattr(bundle_file, "SCRYPT_LOG_N", 10)
    phrase = "fictional-passphrase"
    base = {"occurred": "2026-11-02T19:30:00", "trigger_kind": "distance", "story": "s",
            "other_stories": ["o"], "intensity": 4}
    e = store.add_entry(client.id, "trigger_log", {**base, "happened": "(Fictional) v1"},
                        author="therapist", place="clinic")
    home = Store.open(f"sqlite:///{tmp_path / 'home.sqlite3'}")
    handback.take_in(home, bundle_file.open_bundle(
        handback.make_starter(store, client.id, phrase, handouts=False).data, phrase), "home")
    store.update_entry(e.id, {**base, "happened": "(Fictional) clinic edit"}, author="therapist",
                       place="clinic")
    home.update_entry(e.id, {**base, "happened": "(Fictional) home edit"}, author="client",
                      place="home")
    home.add_entry(client.id, "suds", {"value": 3}, author="client", place="home")
    back = bundle_file.open_bundle(handback.make_return(home, client.id, phrase).data, phrase)
    counts = handback.take_in(store, back, "clinic", client.id)
    assert (counts["added"], counts["kept_both"]) == (1, 1)
    assert store.entry(e.id).payload["happened"] == "(Fictional) home edit"
    assert {v.payload["happened"] for v in store.versions(e.id)} == {
        "(Fictional) v1", "(Fictional) clinic edit"}
    assert handback.take_in(store, back, "clinic", client.id)["added"] == 0
    store.erase_client(client.id, by="therapist")
    with store.engine.connect() as conn:
        for table in ("clients", "entries", "record_versions", "drafts", "risk_flags",
                      "hand_backs", "handouts"):
            col = "id" if table == "clients" else "client_id"
            n = conn.execute(text(f"SELECT count(*) FROM {table} WHERE {col} = :c"),
                             {"c": client.id}).scalar()
            assert n == 0, table
    assert [a.action for a in store.audit_log(client.id)] == ["export_starter", "import_return",
                                                              "import_return", "erase"]
    home.close()

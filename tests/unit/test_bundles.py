"""Hand-back bundles between a clinic store and a home store, through real files."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import inspect, text

from attachwork.domain.records import ClientProfile
from attachwork.services import bundle_file, handback
from attachwork.store import Store

PASS = "river-lantern-seven"


@pytest.fixture(autouse=True)
def _fast_scrypt(monkeypatch):
    # The file header records the cost, so a cheaper one here still exercises every path.
    monkeypatch.setattr(bundle_file, "SCRYPT_LOG_N", 10)


def trigger(text_: str, intensity: int = 5) -> dict:
    return {"occurred": "2026-11-02T19:30:00", "happened": text_, "trigger_kind": "distance",
            "story": "(Fictional) they have gone quiet on me", "intensity": intensity,
            "other_stories": ["(Fictional) their phone is flat"]}


def session_record(note: str = "(Fictional) private note") -> dict:
    return {"workbook": "01_pattern_awareness", "number": 1, "date": "2026-11-02",
            "therapist_note": note, "homework_items": [{"kind": "trigger_log", "count": 3}],
            "homework_due": "2026-11-09"}


def _two_stores(tmp_path) -> tuple[Store, Store]:
    return (Store.open(f"sqlite:///{tmp_path / 'clinic.sqlite3'}"),
            Store.open(f"sqlite:///{tmp_path / 'home.sqlite3'}"))


@pytest.fixture
def pair(tmp_path):
    clinic, home = _two_stores(tmp_path)
    yield clinic, home
    clinic.close()
    home.close()


def _client(clinic: Store, name: str = "Demo-Fern"):
    return clinic.create_client(ClientProfile(pseudonym=name, initials="DF",
                                              relationship_context="dating"))


def _through_file(tmp_path, made: handback.Made) -> bundle_file.Opened:
    path = tmp_path / made.filename
    path.write_bytes(made.data)
    return bundle_file.read_file(path, PASS)


def _send_home(tmp_path, clinic, home, client_id):
    opened = _through_file(tmp_path, handback.make_starter(clinic, client_id, PASS, handouts=False))
    return handback.take_in(home, opened, "home")


def _send_back(tmp_path, clinic, home, client_id):
    opened = _through_file(tmp_path, handback.make_return(home, client_id, PASS))
    return handback.take_in(clinic, opened, "clinic", client_id)


def _state(store: Store, client_id: str) -> dict:
    """Entry id -> (kind, what it says, removed?), with the therapist's note set aside."""
    out = {}
    for e in store.snapshot(client_id):
        payload = dict(e.payload)
        if e.kind == "session":
            payload["therapist_note"] = ""
        out[e.id] = (e.kind, payload, e.deleted_at is not None)
    return out


def test_starter_goes_home_without_the_private_note_and_the_work_comes_back(tmp_path, pair):
    clinic, home = pair
    c = _client(clinic)
    clinic.add_entry(c.id, "session", session_record(), author="therapist", place="clinic",
                     workbook="01_pattern_awareness")
    _send_home(tmp_path, clinic, home, c.id)
    [session] = home.entries(c.id, "session")
    assert session.payload["therapist_note"] == ""
    assert home.client(c.id).pseudonym == "Demo-Fern"
    logged = home.add_entry(c.id, "trigger_log", trigger("(Fictional) no reply all evening"),
                            author="client", place="home", workbook="01_pattern_awareness")
    counts = _send_back(tmp_path, clinic, home, c.id)
    assert counts["added"] == 1
    came = clinic.entry(logged.id)
    assert (came.place, came.author, came.payload["happened"]) == (
        "home", "client", "(Fictional) no reply all evening")
    # The clinic's note is untouched by the round trip.
    assert clinic.entries(c.id, "session")[0].payload["therapist_note"] == "(Fictional) private note"


def test_the_same_bundle_twice_adds_nothing(tmp_path, pair):
    clinic, home = pair
    c = _client(clinic)
    _send_home(tmp_path, clinic, home, c.id)
    home.add_entry(c.id, "trigger_log", trigger("(Fictional) a late text"), author="client",
                   place="home")
    opened = _through_file(tmp_path, handback.make_return(home, c.id, PASS))
    first = handback.take_in(clinic, opened, "clinic", c.id)
    again = handback.plan(clinic, opened)
    second = handback.take_in(clinic, opened, "clinic", c.id)
    assert first["added"] == 1 and second["added"] == 0 and second["unchanged"] == 1
    assert again.nothing_new
    assert len(clinic.entries(c.id)) == 1


def test_an_entry_edited_on_both_sides_keeps_both_and_shows_the_newer(tmp_path, pair):
    clinic, home = pair
    c = _client(clinic)
    e = clinic.add_entry(c.id, "trigger_log", trigger("(Fictional) first words"),
                         author="therapist", place="clinic")
    _send_home(tmp_path, clinic, home, c.id)
    clinic.update_entry(e.id, trigger("(Fictional) edited in session"), author="therapist",
                        place="clinic")
    home.update_entry(e.id, trigger("(Fictional) edited at home, later"), author="client",
                      place="home")
    opened = _through_file(tmp_path, handback.make_return(home, c.id, PASS))
    preview = handback.plan(clinic, opened)
    assert [x.id for x in preview.both_sides] == [e.id] and not preview.added
    handback.take_in(clinic, opened, "clinic", c.id)
    assert clinic.entry(e.id).payload["happened"] == "(Fictional) edited at home, later"
    kept = {v.payload["happened"] for v in clinic.versions(e.id)}
    assert {"(Fictional) first words", "(Fictional) edited in session"} <= kept
    # Back home, the two copies agree.
    _send_home(tmp_path, clinic, home, c.id)
    assert _state(home, c.id) == _state(clinic, c.id)
    assert {v.payload["happened"] for v in home.versions(e.id)} >= kept


def test_return_bundle_carries_only_what_the_clinic_has_not_seen(tmp_path, pair):
    clinic, home = pair
    c = _client(clinic)
    for i in range(3):
        clinic.add_entry(c.id, "trigger_log", trigger(f"(Fictional) clinic {i}"),
                         author="therapist", place="clinic")
    _send_home(tmp_path, clinic, home, c.id)
    assert handback.home_changes(home, c.id) == []
    new = home.add_entry(c.id, "trigger_log", trigger("(Fictional) at home"), author="client",
                         place="home")
    assert [e.id for e in handback.home_changes(home, c.id)] == [new.id]


def test_a_home_entry_written_before_a_new_starter_still_goes_back(tmp_path, pair):
    clinic, home = pair
    c = _client(clinic)
    _send_home(tmp_path, clinic, home, c.id)
    early = home.add_entry(c.id, "trigger_log", trigger("(Fictional) before the new file"),
                           author="client", place="home")
    _send_home(tmp_path, clinic, home, c.id)  # a new starter, before anything went back
    _send_back(tmp_path, clinic, home, c.id)
    assert clinic.entry(early.id).payload["happened"] == "(Fictional) before the new file"


def test_removal_travels_and_putting_back_wins_over_an_older_removal(tmp_path, pair):
    clinic, home = pair
    c = _client(clinic)
    e = clinic.add_entry(c.id, "trigger_log", trigger("(Fictional) to remove"),
                         author="therapist", place="clinic")
    _send_home(tmp_path, clinic, home, c.id)
    home.delete_entry(e.id)
    _send_back(tmp_path, clinic, home, c.id)
    assert clinic.entry(e.id).deleted_at is not None
    clinic.restore_entry(e.id)
    _send_home(tmp_path, clinic, home, c.id)
    assert home.entry(e.id).deleted_at is None


def test_home_words_that_suggest_risk_raise_a_flag_for_the_therapist(tmp_path, pair):
    clinic, home = pair
    c = _client(clinic)
    _send_home(tmp_path, clinic, home, c.id)
    risky = home.add_entry(c.id, "trigger_log", trigger("(Fictional) I want to end my life"),
                           author="client", place="home")
    _send_back(tmp_path, clinic, home, c.id)
    assert [f.record_id for f in clinic.flags(c.id)] == [risky.id]


def test_handouts_travel_in_the_starter(tmp_path, pair):
    clinic, home = pair
    c = _client(clinic)
    clinic.add_entry(c.id, "session", session_record(), author="therapist", place="clinic",
                     workbook="01_pattern_awareness")
    made = handback.make_starter(clinic, c.id, PASS, handouts=True)
    assert made.handouts == 1
    handback.take_in(home, _through_file(tmp_path, made), "home")
    [page] = home.handouts(c.id)
    assert "(Fictional) private note" not in page.html
    assert "<html" in page.html.lower()


def test_short_passphrase_is_refused(pair):
    clinic, _home = pair
    c = _client(clinic)
    with pytest.raises(bundle_file.BundleError) as err:
        handback.make_starter(clinic, c.id, "short", handouts=False)
    assert err.value.code == "short_passphrase"


def test_audit_log_notes_exports_and_imports_without_content(tmp_path, pair):
    clinic, home = pair
    c = _client(clinic)
    clinic.add_entry(c.id, "trigger_log", trigger("(Fictional) secret words"), author="therapist",
                     place="clinic")
    _send_home(tmp_path, clinic, home, c.id)
    _send_back(tmp_path, clinic, home, c.id)
    actions = [(e.action, e.client_ref) for e in clinic.audit_log()]
    assert actions == [("export_starter", c.id), ("import_return", c.id)]
    assert [e.action for e in home.audit_log()] == ["import_starter", "export_return"]
    for event in clinic.audit_log() + home.audit_log():
        assert "secret" not in event.detail and "Demo-Fern" not in event.detail


# -- refusals change nothing ---------------------------------------------------------------
def _fingerprint(store: Store, path) -> tuple[str, dict]:
    """The database file's bytes and every row of every table."""
    store.close()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    reopened = Store.open(f"sqlite:///{path}")
    with reopened.engine.connect() as conn:
        rows = {t: sorted(map(repr, conn.execute(text(f'SELECT * FROM "{t}"')).all()))
                for t in inspect(reopened.engine).get_table_names()}
    reopened.close()
    return digest, rows


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1:]


@pytest.mark.parametrize("damage, code", [
    ("flip_body", "damaged"), ("flip_header", "damaged"), ("flip_last", "damaged"),
    ("truncate", "truncated"), ("cut_header", "truncated"), ("wrong_passphrase", "wrong_passphrase"),
    ("other_client", "other_client"), ("not_a_bundle", "not_a_bundle"), ("starter_at_clinic",
                                                                        "wrong_type_clinic"),
])
def test_a_bad_bundle_is_refused_and_the_store_is_byte_for_byte_unchanged(tmp_path, damage, code):
    clinic_path = tmp_path / "clinic.sqlite3"
    clinic = Store.open(f"sqlite:///{clinic_path}")
    home = Store.open(f"sqlite:///{tmp_path / 'home.sqlite3'}")
    c = _client(clinic)
    other = _client(clinic, "Demo-Moss")
    clinic.add_entry(c.id, "trigger_log", trigger("(Fictional) before"), author="therapist",
                     place="clinic")
    _send_home(tmp_path, clinic, home, c.id)
    home.add_entry(c.id, "trigger_log", trigger("(Fictional) at home"), author="client",
                   place="home")
    data = handback.make_return(home, c.id, PASS).data
    passphrase, target = PASS, c.id
    header = bundle_file._HEADER.size
    if damage == "flip_body":
        data = _flip(data, header + 20)
    elif damage == "flip_header":
        data = _flip(data, len(bundle_file.MAGIC) + 8)  # inside the salt
    elif damage == "flip_last":
        data = _flip(data, len(data) - 1)
    elif damage == "truncate":
        data = data[: len(data) - 40]
    elif damage == "cut_header":
        data = data[: header - 3]
    elif damage == "wrong_passphrase":
        passphrase = "a-different-passphrase"
    elif damage == "other_client":
        target = other.id
    elif damage == "not_a_bundle":
        data = b'{"format": 1}'
    elif damage == "starter_at_clinic":
        data = handback.make_starter(clinic, c.id, PASS, handouts=False).data
    before = _fingerprint(clinic, clinic_path)
    path = tmp_path / "incoming.awbundle"
    path.write_bytes(data)
    clinic = Store.open(f"sqlite:///{clinic_path}")
    with pytest.raises(bundle_file.BundleError) as err:
        opened = bundle_file.read_file(path, passphrase)
        handback.plan(clinic, opened)
        handback.take_in(clinic, opened, "clinic", target)
    assert err.value.code == code
    assert "Nothing was changed" in str(err.value) or code.startswith(("wrong_type", "not_a"))
    assert _fingerprint(clinic, clinic_path) == before
    home.close()


def test_a_bundle_for_someone_else_is_refused_at_home(tmp_path, pair):
    clinic, home = pair
    c = _client(clinic)
    other = _client(clinic, "Demo-Moss")
    _send_home(tmp_path, clinic, home, c.id)
    opened = _through_file(tmp_path, handback.make_starter(clinic, other.id, PASS, handouts=False))
    with pytest.raises(bundle_file.BundleError) as err:
        handback.take_in(home, opened, "home")
    assert err.value.code == "other_client"
    assert [x.id for x in home.clients()] == [c.id]


def test_a_bundle_from_a_newer_version_is_refused_kindly(pair):
    clinic, _ = pair
    c = _client(clinic)
    document = handback.full_document(clinic, c.id, "therapist")
    document["format"] = bundle_file.FORMAT + 1
    with pytest.raises(bundle_file.BundleError) as err:
        bundle_file.open_bundle(bundle_file.seal(document, PASS), PASS)
    assert err.value.code == "newer"


def test_an_older_format_is_upgraded_on_the_way_in(monkeypatch, pair):
    clinic, home = pair
    c = _client(clinic)
    clinic.add_entry(c.id, "trigger_log", trigger("(Fictional) old file"), author="therapist",
                     place="clinic")
    document = handback.full_document(clinic, c.id, "therapist")
    old = bundle_file.FORMAT

    def rename(doc):  # what a future layout change would look like
        doc["made_by"] = doc.pop("author")
        return doc

    document["author"] = document.pop("made_by")
    monkeypatch.setattr(bundle_file, "FORMAT", old + 1)
    monkeypatch.setitem(bundle_file.UPGRADES, old, rename)
    opened = bundle_file.open_bundle(bundle_file.seal(document, PASS), PASS)
    assert opened.format == old + 1 and opened.made_by == "therapist"
    handback.take_in(home, opened, "clinic")  # e.g. a practice moving to a new server
    assert [e.payload["happened"] for e in home.entries(c.id)] == ["(Fictional) old file"]


# -- the round trip, generated -------------------------------------------------------------
OPS = st.lists(st.one_of(
    st.tuples(st.just("add"), st.sampled_from(["clinic", "home"]), st.integers(0, 10)),
    st.tuples(st.just("edit"), st.sampled_from(["clinic", "home"]), st.integers(0, 50)),
    st.tuples(st.just("remove"), st.sampled_from(["clinic", "home"]), st.integers(0, 50)),
    st.tuples(st.just("restore"), st.sampled_from(["clinic", "home"]), st.integers(0, 50)),
    st.tuples(st.just("starter"), st.just(""), st.just(0)),
    st.tuples(st.just("return"), st.just(""), st.just(0)),
), max_size=14)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(ops=OPS)
# Found by this test: a removal sent back and then undone at home was left out of the next
# return file (its state matched the starter's), so the clinic kept it removed.
@example(ops=[("add", "clinic", 0), ("starter", "", 0), ("remove", "home", 0),
              ("return", "", 0), ("restore", "home", 0)])
# And: an entry edited on both sides, the clinic's edit later, went home in a starter; the
# home's own edit was kept in its history but never went back to the clinic.
@example(ops=[("add", "clinic", 0), ("starter", "", 0), ("edit", "home", 0),
              ("edit", "clinic", 0), ("starter", "", 0)])
# And: put back and removed again at home, so it ended as the starter carried it, after the
# clinic had edited it: the home's removal was the later change but never went back.
@example(ops=[("add", "clinic", 0), ("remove", "clinic", 0), ("starter", "", 0),
              ("edit", "clinic", 0), ("restore", "home", 0), ("remove", "home", 0)])
def test_round_trip_clinic_home_clinic_loses_and_duplicates_nothing(tmp_path_factory, ops):
    tmp = tmp_path_factory.mktemp("trip")
    clinic, home = _two_stores(tmp)
    sides = {"clinic": clinic, "home": home}
    c = _client(clinic)
    clinic.add_entry(c.id, "session", session_record(), author="therapist", place="clinic",
                     workbook="01_pattern_awareness")
    _send_home(tmp, clinic, home, c.id)
    written: dict[str, set[str]] = {}  # entry id -> every text it ever said
    counter = 0
    for op, side, n in ops:
        store = sides.get(side)
        who = ("therapist", "clinic") if side == "clinic" else ("client", "home")
        ids = [e.id for e in store.entries(c.id, "trigger_log", include_deleted=True)] if store else []
        if op == "add":
            counter += 1
            words = f"(Fictional) {side} wrote {counter}"
            e = store.add_entry(c.id, "trigger_log", trigger(words, n), author=who[0], place=who[1])
            written[e.id] = {words}
        elif op == "edit" and ids:
            counter += 1
            eid = ids[n % len(ids)]
            words = f"(Fictional) {side} edit {counter}"
            store.update_entry(eid, trigger(words), author=who[0], place=who[1])
            written[eid].add(words)
        elif op == "remove" and ids:
            store.delete_entry(ids[n % len(ids)])
        elif op == "restore" and ids:
            store.restore_entry(ids[n % len(ids)])
        elif op == "starter":
            _send_home(tmp, clinic, home, c.id)
        elif op == "return":
            _send_back(tmp, clinic, home, c.id)
    _send_back(tmp, clinic, home, c.id)
    _send_home(tmp, clinic, home, c.id)
    both = (_state(clinic, c.id), _state(home, c.id))
    assert both[0] == both[1]
    for store in (clinic, home):
        entries = store.snapshot(c.id)
        assert len({e.id for e in entries}) == len(entries) == len(written) + 1
        for eid, texts in written.items():
            said = {store.entry(eid).payload["happened"]} | {
                v.payload["happened"] for v in store.versions(eid)}
            assert texts <= said, "a version was lost"
    clinic.close()
    home.close()


# -- the command line ---------------------------------------------------------------------
def test_command_line_round_trip_refusal_and_erasure(tmp_path, monkeypatch, capsys):
    from attachwork.app.cli import main

    clinic_dir, home_dir, out = tmp_path / "clinic", tmp_path / "home", tmp_path / "out"
    out.mkdir()
    monkeypatch.setenv("ATTACHWORK_PASSPHRASE", PASS)
    monkeypatch.setenv("ATTACHWORK_DATA_DIR", str(clinic_dir))
    clinic = Store.open()
    c = _client(clinic)
    clinic.close()
    assert main(["bundle", "starter", "Demo-Fern", "--no-handouts", "--out", str(out),
                 "--data-dir", str(clinic_dir)]) == 0
    [starter] = out.glob("*_starter_*.awbundle")
    assert oct(starter.stat().st_mode & 0o777) == "0o600"
    assert main(["bundle", "import", str(starter), "--home", "--yes",
                 "--data-dir", str(home_dir)]) == 0
    monkeypatch.delenv("ATTACHWORK_MODE")
    home = Store.open(f"sqlite:///{home_dir / 'attachwork.sqlite3'}")
    home.add_entry(c.id, "trigger_log", trigger("(Fictional) typed at home"), author="client",
                   place="home")
    home.close()
    assert main(["bundle", "return", "--out", str(out), "--data-dir", str(home_dir)]) == 0
    monkeypatch.delenv("ATTACHWORK_MODE")
    [back] = out.glob("*_return_*.awbundle")
    monkeypatch.setenv("ATTACHWORK_PASSPHRASE", "not-the-passphrase")
    assert main(["bundle", "import", str(back), "--client", "Demo-Fern", "--yes",
                 "--data-dir", str(clinic_dir)]) == 2
    assert "does not open this file" in capsys.readouterr().err
    monkeypatch.setenv("ATTACHWORK_PASSPHRASE", PASS)
    assert main(["bundle", "import", str(back), "--client", "Demo-Fern", "--yes",
                 "--data-dir", str(clinic_dir)]) == 0
    assert "1 new" in capsys.readouterr().out
    assert main(["erase", "Demo-Fern", "--confirm", "demo-fern", "--data-dir", str(clinic_dir)]) == 1
    assert main(["erase", "Demo-Fern", "--confirm", "Demo-Fern", "--data-dir", str(clinic_dir)]) == 0
    assert main(["audit", "--data-dir", str(clinic_dir)]) == 0
    log = capsys.readouterr().out
    assert "Erased" in log and "Return file taken in" in log and "typed at home" not in log


def test_the_clinics_complete_record_never_goes_home(pair):
    clinic, home = pair
    c = _client(clinic)
    clinic.add_entry(c.id, "session", session_record(), author="therapist", place="clinic",
                     workbook="01_pattern_awareness")
    opened = bundle_file.read_document(handback.full_document(clinic, c.id, "therapist"))
    with pytest.raises(bundle_file.BundleError) as err:
        handback.take_in(home, opened, "home")
    assert err.value.code == "clinic_record_at_home" and home.clients() == []
    # The client's own complete copy moves to a new computer.
    starter = bundle_file.open_bundle(handback.make_starter(clinic, c.id, PASS, handouts=False).data,
                                 PASS)
    handback.take_in(home, starter, "home")
    own = bundle_file.read_document(handback.full_document(home, c.id, "client"))
    other_home = Store.open("sqlite://")
    assert handback.take_in(other_home, own, "home")["added"] == 1
    assert other_home.entries(c.id, "session")[0].payload["therapist_note"] == ""
    other_home.close()


def test_a_newer_profile_from_the_clinic_is_previewed_and_the_old_one_kept(tmp_path, pair):
    clinic, home = pair
    c = _client(clinic)
    _send_home(tmp_path, clinic, home, c.id)
    clinic.update_client(c.id, ClientProfile(pseudonym="Demo-Fern", initials="DF",
                                             relationship_context="partnered",
                                             goals="(Fictional) feel steadier"))
    opened = _through_file(tmp_path, handback.make_starter(clinic, c.id, PASS, handouts=False))
    assert handback.plan(home, opened).profile_changes == ["relationship_context", "goals"]
    handback.take_in(home, opened, "home")
    assert home.client(c.id).goals == "(Fictional) feel steadier"
    assert [v.payload["relationship_context"] for v in home.versions(c.id)] == ["dating"]
    assert handback.plan(home, opened).profile_changes == []


def test_a_starter_file_made_in_format_1_still_opens_and_imports(tmp_path):
    """A real file from the first format, kept in the repository: whatever the format or the
    schema becomes, this file must still be taken in (add an upgrade, never break it)."""
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "fixtures" / "starter_format1.awbundle"
    opened = bundle_file.read_file(path, "format-one-fixture")
    assert opened.type == "starter" and opened.pseudonym == "Demo-Format-One"
    home = Store.open(f"sqlite:///{tmp_path / 'home.sqlite3'}")
    counts = handback.take_in(home, opened, "home")
    assert counts["added"] == 3
    [client] = home.clients()
    [log] = home.entries(client.id, "trigger_log")
    assert log.payload["did"] == "(Fictional) waited an hour before replying"
    assert [v.payload.get("did", "") for v in home.versions(log.id)] == [""]
    assert home.entries(client.id, "session")[0].payload["therapist_note"] == ""
    assert [e.kind for e in home.entries(client.id, include_deleted=True)
            if e.deleted_at is not None] == ["suds"]
    home.close()

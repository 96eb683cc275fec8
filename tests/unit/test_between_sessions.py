"""The Between sessions page: the home start page and the clinic's hand-back desk."""

from __future__ import annotations

import base64
import datetime as dt
import re

import pytest

from attachwork.domain.records import ClientProfile
from attachwork.services import bundle_file, handback
from attachwork.store import Store
from attachwork.ui.pages.between_sessions import BetweenSessions

PASS = "moss-kettle-harbour"


@pytest.fixture(autouse=True)
def _fast_scrypt(monkeypatch):
    monkeypatch.setattr(bundle_file, "SCRYPT_LOG_N", 10)


def _download(html: str) -> bytes:
    return base64.b64decode(re.search(r'href="data:[^;]+;base64,([^"]+)"', html).group(1))


def _upload(panel, data: bytes, passphrase: str) -> None:
    panel.upload.value = ({"name": "f.awbundle", "type": "", "size": len(data),
                           "content": memoryview(data), "last_modified": dt.datetime.now()},)
    panel.passphrase.value = passphrase


def _trigger(words: str) -> dict:
    return {"occurred": "2026-11-20T19:30:00", "happened": words, "trigger_kind": "distance",
            "story": "(Fictional) a story", "other_stories": ["(Fictional) another"],
            "intensity": 5}


@pytest.fixture
def clinic_desk(store, monkeypatch):
    monkeypatch.setenv("ATTACHWORK_MODE", "clinic")
    c = store.create_client(ClientProfile(pseudonym="Demo-Heron", relationship_context="dating"))
    store.add_entry(c.id, "session", {
        "workbook": "01_pattern_awareness", "number": 1, "date": "2026-11-16",
        "therapist_note": "(Fictional) keep this in the clinic",
        "homework_items": [{"kind": "trigger_log", "count": 3}], "homework_due": "2026-11-23",
        "homework": "(Fictional) <b>note</b> the moment"}, author="therapist", place="clinic",
        workbook="01_pattern_awareness", at=dt.datetime(2026, 11, 16, 10, tzinfo=dt.UTC))
    desk = BetweenSessions(store)
    desk.picker.dropdown.value = c.id
    return desk, c


def _starter(desk) -> bytes:
    desk.send.passphrase.value = desk.send.repeat.value = PASS
    desk.send.handouts.value = False
    desk.send.make()
    return _download(desk.send.result.value)


def test_a_passphrase_too_short_or_not_repeated_is_named_beside_the_field(clinic_desk):
    desk, _ = clinic_desk
    desk.send.passphrase.value = desk.send.repeat.value = "short"
    desk.send.make()
    assert "at least 10" in desk.send.passphrase.error.value and desk.send.result.value == ""
    desk.send.passphrase.value = PASS
    desk.send.repeat.value = PASS + "x"
    desk.send.make()
    assert "not the same" in desk.send.repeat.error.value and desk.send.result.value == ""


def test_home_page_shows_homework_progress_and_takes_the_starter_in(clinic_desk, tmp_path,
                                                                     monkeypatch):
    desk, c = clinic_desk
    assert "No starter file made yet." in desk.since.value
    data = _starter(desk)
    assert "Starter file made" in desk.audit.value
    assert "Last starter file made" in desk.since.value
    monkeypatch.setenv("ATTACHWORK_MODE", "home")
    home_store = Store.open(f"sqlite:///{tmp_path / 'home.sqlite3'}")
    page = BetweenSessions(home_store)
    assert page.welcome.layout.display == "flex"
    assert page.sections["homework"].layout.display == "none"
    _upload(page.receive, data, "not the passphrase")
    page.receive.check()
    assert "does not open" in page.receive.passphrase.error.value
    assert home_store.clients() == []
    page.receive.passphrase.value = PASS
    page.receive.check()
    assert "New (1)" in page.receive.preview.value and "Demo-Heron" in page.receive.preview.value
    page.receive.take_in()
    assert "1 new" in page.receive.status.value
    assert page.sections["homework"].layout.display == "flex"
    assert "0 of 3 Trigger log entries" in page.homework.value
    assert 'href="01_pattern_awareness.ipynb"' in page.homework.value
    assert "&lt;b&gt;note&lt;/b&gt;" in page.homework.value  # the homework note is escaped
    for when in (17, 18):
        home_store.add_entry(c.id, "trigger_log", _trigger("(Fictional) at home"), author="client",
                             place="home", at=dt.datetime(2026, 11, when, 20, tzinfo=dt.UTC))
    page.refresh_home()
    assert "2 of 3 Trigger log entries" in page.homework.value
    assert "keep this in the clinic" not in repr(home_store.snapshot(c.id))
    assert "2 entries are waiting" in page.hand_back.value
    # The return file goes back to the desk, which previews and takes it in.
    page.send.passphrase.value = page.send.repeat.value = PASS
    page.send.make()
    back = _download(page.send.result.value)
    _upload(desk.receive, back, PASS)
    desk.receive.check()
    assert "New (2)" in desk.receive.preview.value and "at home" in desk.receive.preview.value
    assert desk.receive.decision.layout.display == "flex"
    desk.receive.take_in()
    assert "2 new" in desk.receive.status.value
    assert len(desk.store.entries(c.id, "trigger_log")) == 2
    assert "Return file taken in" in desk.audit.value
    assert "Last return file taken in" in desk.since.value
    # Again: nothing new, nothing to confirm.
    _upload(desk.receive, back, PASS)
    desk.receive.check()
    assert "already here" in desk.receive.preview.value
    assert desk.receive.decision.layout.display == "none"
    home_store.close()


def test_a_return_file_for_another_client_is_refused_beside_the_file(clinic_desk, tmp_path,
                                                                     monkeypatch):
    desk, c = clinic_desk
    data = _starter(desk)
    other = desk.store.create_client(ClientProfile(pseudonym="Demo-Lark", relationship_context="single"))
    monkeypatch.setenv("ATTACHWORK_MODE", "home")
    home_store = Store.open(f"sqlite:///{tmp_path / 'home.sqlite3'}")
    handback.take_in(home_store, bundle_file.open_bundle(data, PASS), "home")
    back = handback.make_return(home_store, c.id, PASS).data
    monkeypatch.setenv("ATTACHWORK_MODE", "clinic")
    desk.picker.refresh()
    desk.picker.dropdown.value = other.id
    _upload(desk.receive, back, PASS)
    desk.receive.check()
    assert "belongs to someone else" in desk.receive.file.error.value
    assert desk.receive.decision.layout.display == "none"
    home_store.close()


def test_erasure_needs_the_code_name_typed(clinic_desk):
    desk, c = clinic_desk
    desk.erase.typed.value = "demo-heron"
    desk.erase.erase()
    assert "Nothing was erased" in desk.erase.typed.error.value
    assert desk.store.client(c.id).pseudonym == "Demo-Heron"
    desk.erase.typed.value = "Demo-Heron"
    desk.erase.erase()
    assert desk.store.clients() == [] and desk.client is None
    assert c.id in desk.erase.status.value and "Erased" in desk.audit.value
    assert all(o[1] != c.id for o in desk.picker.dropdown.options)


def test_exports_offer_downloads_and_are_audited(clinic_desk):
    desk, c = clinic_desk
    desk.data.make("json")
    assert b'"type": "full"' in _download(desk.data.result.value)
    desk.data.make("fhir")
    assert "no check-ins" in desk.data.result.value.lower()
    desk.data.make("csv")
    assert _download(desk.data.result.value)[:2] == b"PK"
    assert [e.action for e in desk.store.audit_log(c.id)] == ["export_json", "export_csv"]


def test_a_suggested_passphrase_is_five_words_shown_once_and_filled_in(clinic_desk):
    desk, _ = clinic_desk
    desk.send.suggest_one()
    phrase = desk.send.passphrase.value
    assert len(phrase.split("-")) == 5 and desk.send.repeat.value == phrase
    assert phrase in desk.send.suggested.value
    desk.send.suggest_one()
    assert desk.send.passphrase.value != phrase  # drawn afresh (1 in 226**5 to repeat)
    desk.send.handouts.value = False
    desk.send.make()
    assert desk.send.result.value and desk.send.suggested.value == ""


def test_home_calming_tools_open_in_place_and_a_practice_counts_as_home_work(store, monkeypatch):
    monkeypatch.setenv("ATTACHWORK_MODE", "home")
    c = store.create_client(ClientProfile(pseudonym="Demo-Wren", relationship_context="dating"))
    page = BetweenSessions(store)
    assert page.toolkit_box.children == () and page.toolkit_box.layout.display == "none"
    page.toolkit_button.value = True
    [toolkit] = page.toolkit_box.children
    form = toolkit.practices["breathing"]
    form.before.value, form.after.value = 7, 4
    form.pacer.elapsed, form.pacer.breaths, form.pacer.state = 60, 6, "done"
    entry = form.save()
    assert (entry.kind, entry.place, entry.author, entry.workbook) == (
        "practice", "home", "client", "02_regulation")
    assert [e.id for e in handback.home_changes(store, c.id)] == [entry.id]
    page.toolkit_button.value = False
    assert page.toolkit_box.layout.display == "none"


def test_the_desk_shows_its_panels_only_once_a_client_is_chosen(store, monkeypatch):
    monkeypatch.setenv("ATTACHWORK_MODE", "clinic")
    c = store.create_client(ClientProfile(pseudonym="Demo-Heron", relationship_context="dating"))
    desk = BetweenSessions(store)
    assert desk.sections == {} and desk.panels.children == ()
    desk.picker.dropdown.value = c.id
    assert set(desk.sections) == {"send", "receive", "data", "erase"}
    assert desk.panels.layout.display == "flex"
    desk.picker.dropdown.value = None
    assert desk.panels.layout.display == "none" and desk.client is None


# -- the hand-back, clearer -------------------------------------------------------------------
def _home_after_starter(desk, tmp_path, monkeypatch):
    data = _starter(desk)
    monkeypatch.setenv("ATTACHWORK_MODE", "home")
    home_store = Store.open(f"sqlite:///{tmp_path / 'home.sqlite3'}")
    page = BetweenSessions(home_store)
    _upload(page.receive, data, PASS)
    page.receive.check()
    page.receive.take_in()
    return page, home_store


def test_at_home_the_return_file_names_its_passphrase_and_how_it_was_agreed(clinic_desk, tmp_path,
                                                                            monkeypatch):
    desk, _ = clinic_desk
    page, home_store = _home_after_starter(desk, tmp_path, monkeypatch)
    which = page.send.which.value
    assert "the passphrase you and your therapist agreed on face to face in session" in which
    assert re.search(r"the same one that opened your starter file on \d{4}-\d\d-\d\d", which)
    assert "you and your therapist agreed on" in page.send.passphrase.error.value  # its help
    home_store.close()


def test_after_sending_nothing_is_waiting_until_something_new_is_written(clinic_desk, tmp_path,
                                                                        monkeypatch):
    desk, c = clinic_desk
    page, home_store = _home_after_starter(desk, tmp_path, monkeypatch)
    assert "Nothing is waiting to go back now" in page.hand_back.value
    home_store.add_entry(c.id, "trigger_log", _trigger("(Fictional) at home"), author="client",
                         place="home")
    page.refresh_home()
    assert "1 entry is waiting to go back" in page.hand_back.value
    page.send.passphrase.value = page.send.repeat.value = PASS
    page.send.make()
    assert "Nothing is waiting to go back now" in page.hand_back.value
    assert "Nothing is waiting to go back now" in page.send.status.value
    assert "waiting to go back to your therapist" not in page.hand_back.value
    # the next return file still carries it (in case the last one went astray)
    assert len(handback.home_changes(home_store, c.id)) == 1
    for day in (21, 22):
        home_store.add_entry(c.id, "trigger_log", _trigger(f"(Fictional) later {day}"),
                             author="client", place="home")
    page.refresh_home()
    assert "2 entries are waiting to go back" in page.hand_back.value
    home_store.close()


def test_the_clinic_preview_names_each_entry_and_a_chosen_file(clinic_desk, tmp_path, monkeypatch):
    from tests.support import HOSTILE

    desk, c = clinic_desk
    page, home_store = _home_after_starter(desk, tmp_path, monkeypatch)
    home_store.add_entry(c.id, "trigger_log", {**_trigger("(Fictional) He went quiet after dinner "
                                                          "and I waited for hours " + HOSTILE)},
                         author="client", place="home", at=dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC))
    home_store.add_entry(c.id, "trigger_log", _trigger("(Fictional) I want to end my life"),
                         author="client", place="home", at=dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC))
    back = handback.make_return(home_store, c.id, PASS).data
    monkeypatch.setenv("ATTACHWORK_MODE", "clinic")
    _upload(desk.receive, back, PASS)
    assert "Chosen file: f.awbundle" in desk.receive.chosen.value
    desk.receive.check()
    preview = desk.receive.preview.value
    # kind, the day it happened (not the day it was written), where, and the first words
    assert ("Trigger log, 2026-11-20 (at home): “(Fictional) He went quiet after dinner and "
            "I…”") in preview
    assert "Trigger log, 2026-11-20 (at home): “(Fictional) I want to end my life” " \
           "(raises a safety flag)" in preview
    assert preview.count("(raises a safety flag)") == 1
    assert "<img" not in preview
    # a file name is client-chosen text: escaped
    desk.receive.upload.value = ({"name": HOSTILE + ".awbundle", "type": "", "size": 1,
                                  "content": memoryview(b"x"), "last_modified": dt.datetime.now()},)
    assert "&lt;img" in desk.receive.chosen.value and "<img" not in desk.receive.chosen.value
    home_store.close()


def test_the_audit_log_reads_in_plain_words_and_never_in_codes(clinic_desk):
    from attachwork.ui.pages.between_sessions import audit_html

    desk, c = clinic_desk
    log = {"occurred": "2026-10-01T21:30", "happened": "Fictional: I have a plan to end my life",
           "trigger_kind": "distance", "story": "x", "other_stories": ["y"], "intensity": 9}
    risky = desk.store.add_entry(c.id, "trigger_log", log, author="client", place="home")
    assert risky.flagged
    [flag] = desk.store.flags(c.id)
    desk.store.review_flag(flag.id, by="therapist", actions=["asked_safety", "safety_plan"])
    desk.data.make("json")
    page = str(audit_html(desk.store))
    assert "A flag talked through" in page
    assert "Urgent; what was done: Asked about safety now, Made or updated the safety plan" in page
    assert "entries: " in page
    assert "level=" not in page and "actions=" not in page and "asked_safety" not in page
    from attachwork.services.audit_words import detail_words

    # a session summary names its workbook by title, not by id
    words = detail_words("workbook=01_pattern_awareness date=2026-10-01")
    assert "01_pattern_awareness" not in words and "2026-10-01" in words
    assert detail_words("an import was refused") == "an import was refused", "a sentence stays"
    assert "Fictional" not in page, "never what anyone wrote"


def test_account_and_erasure_lines_read_in_the_readers_language(store, capsys):
    """The practice's own lines (accounts, caseloads, an erasure) are kept as codes and read in
    the page's language, on the page and from the command line."""
    from attachwork import content
    from attachwork.app.cli import main
    from attachwork.services import practice
    from attachwork.services.audit_words import detail_words
    from attachwork.ui.pages.between_sessions import audit_html

    practice.add_therapist(store, "rowan", "correct horse battery staple 9")
    added = practice.add_client(store, "ouzel", "correct horse battery staple 9",
                                pseudonym="Test-Ouzel", therapist="rowan")
    practice.deactivate(store, "ouzel")
    page = str(audit_html(store))
    assert "a therapist&#x27;s account" in page and "a client&#x27;s account" in page
    assert "therapist: rowan" in page and "account=" not in page
    content.use_language("es")
    page = str(audit_html(store))
    assert "Cuenta creada" in page and "cuenta de terapeuta" in page and "cuenta de cliente" in page
    assert "terapeuta: rowan" in page
    assert "account" not in page.replace("therapist:rowan", ""), "no English words on a Spanish page"
    assert detail_words("deleted=everything") == "se borraron la persona y todos sus registros"
    # lines written before the codes, as English sentences, read in Spanish too
    assert detail_words("therapist account added") == "cuenta de terapeuta"
    assert detail_words("put on the caseload of rowan") == "terapeuta: rowan"
    assert detail_words("client and all records deleted") == detail_words("deleted=everything")
    content.reset_language()
    assert main(["audit"]) == 0  # the same store: the tests' data folder
    printed = capsys.readouterr().out
    assert f"Account closed            {added.account.client_id}  a client's account" in printed
    assert "therapist: rowan" in printed and "=" not in printed

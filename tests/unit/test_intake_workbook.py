"""Workbook 00 driven through its widgets in-process (the browser tests do it for real)."""

from __future__ import annotations

import logging

import pytest

from attachwork.app.demo import ensure_demo_store
from attachwork.logs import log
from attachwork.store import Store
from attachwork.ui.pages import intake
from tests.support import HOSTILE


@pytest.fixture
def store():
    s = Store.open()
    yield s
    s.close()


def _new_client(wb: intake.IntakeWorkbook, name: str = "Test-Lark", goals: str = "Fictional"):
    form = wb.picker.form.fields
    form["pseudonym"].value = name
    form["goals"].value = goals
    wb.picker.new.consent.value = True
    return wb.picker.add_client()


def _client_added_elsewhere(wb: intake.IntakeWorkbook, name: str = "Test-Plover"):
    """A client added without the picker's consent box (a practice account, a hand-back
    taken in): intake's "Before we begin" must be ticked there."""
    from attachwork.domain.records import ClientProfile

    client = wb.ws.store.create_client(ClientProfile(pseudonym=name))
    wb.picker.refresh()
    assert wb.picker.choose(client.id)
    return client


def _answer(wb: intake.IntakeWorkbook, value: int) -> None:
    for q in wb.checkin.questions:
        q.buttons.value = value


def test_steps_stay_locked_until_a_client_is_chosen(store):
    wb = intake.IntakeWorkbook(store)
    assert all(page.children == () for page in wb.steps.pages[1:]), "built on first choice"
    wb.steps.go(3)
    assert wb.steps.current == 0 and wb.steps.next.disabled
    _new_client(wb)
    assert wb.client is not None
    wb.steps.go(3)
    assert wb.steps.current == 3
    assert "Step 4 of 5" in wb.steps.header.value


def test_consent_comes_before_any_profile_or_goal_is_stored(store):
    wb = intake.IntakeWorkbook(store)
    new = wb.picker.new
    assert list(new.children).index(new.consent) < list(new.children).index(
        new.form.fields["pseudonym"]), "the consent box comes first"
    assert "Nothing of the profile or goals below is stored until this box is ticked" in \
        new.consent.error.value, "the form says so beside the box"
    assert "Before we begin" in new.children[2].value, "the consent words are there to read"
    form = new.form.fields
    form["pseudonym"].value = "Test-Wren"
    form["initials"].value = "tw"
    form["goals"].value = "Fictional: feel steadier"
    assert new.add_client() is None
    assert store.clients() == [], "nothing of the profile or goals is stored"
    assert "tick this box first" in new.consent.error.value
    assert form["goals"].value == "Fictional: feel steadier", "nothing typed is lost"
    assert wb.client is None
    new.consent.value = True
    client = new.add_client()
    assert client is not None and [c.id for c in store.clients()] == [client.id]
    assert store.client(client.id).goals == "Fictional: feel steadier"
    assert "tick this box first" not in new.consent.error.value
    assert new.consent.value is False, "the next client is asked again"


def test_consent_given_when_the_client_was_added_is_not_asked_for_twice(store):
    wb = intake.IntakeWorkbook(store)
    client = _new_client(wb)  # the picker's box: "Before we begin" read together
    assert wb.consent.value is True, "intake's box comes ticked"
    assert "when the client was added" in wb.consent_carried.value
    [given] = [e for e in store.audit_log(client.id) if e.action == "consent_given"]
    assert given.detail == "", "who and when, never any words"
    wb.consent.value = False
    assert wb.consent_carried.value == "", "the line goes once the box is unticked"
    wb.consent.value = True
    _answer(wb, 4)
    assert wb.save(), "the session saves without a second tick"
    # a client who came another way is asked on the intake page itself
    other = intake.IntakeWorkbook(store)
    _client_added_elsewhere(other)
    assert other.consent.value is False and other.consent_carried.value == ""


def test_a_client_and_their_consent_line_are_stored_together_or_not_at_all(store, monkeypatch):
    from attachwork.domain.records import ClientProfile
    from attachwork.store import clients
    from attachwork.store.schema import AuditRow

    first = store.create_client(ClientProfile(pseudonym="Test-Ouzel"), consent_by="therapist")
    assert [e.action for e in store.audit_log(first.id)] == ["consent_given"]
    # the consent line cannot be written (a row the database refuses): the client is not kept
    # either, so intake never finds a client whose consent it was told about but has no line for
    monkeypatch.setattr(clients, "audit_row", lambda *args: AuditRow())
    with pytest.raises(Exception):  # noqa: B017 - whatever the database says, nothing is kept
        store.create_client(ClientProfile(pseudonym="Test-Grebe"), consent_by="therapist")
    assert [c.pseudonym for c in store.clients()] == ["Test-Ouzel"]
    assert [e.client_ref for e in store.audit_log() if e.action == "consent_given"] == [first.id]


def test_full_intake_is_saved_and_loaded_again(store):
    wb = intake.IntakeWorkbook(store)
    client = _new_client(wb, goals=HOSTILE)
    wb.consent.value = True
    _answer(wb, 6)
    wb.suds.value = 4
    wb.note.value = "Fictional private note"
    wb.homework.value = HOSTILE
    assert wb.save()
    assert wb.shell.save_state.state == "saved"
    assert store.drafts_for(client.id, intake.WORKBOOK) == []

    kinds = sorted(e.kind for e in store.entries(client.id))
    assert kinds == ["checkin", "session", "suds"]
    session = store.entries(client.id, "session")[0].payload
    checkin = store.entries(client.id, "checkin")[0]
    assert session["checkin_id"] == checkin.id and session["homework"] == HOSTILE

    again = intake.IntakeWorkbook(store)
    again.picker.dropdown.value = client.id
    assert again.checkin.responses() == checkin.payload["responses"]
    assert again.suds.value == 4 and again.consent.value is True
    assert again.homework.value == HOSTILE and again.note.value == "Fictional private note"
    # typed markup reaches HTML only escaped
    assert "&lt;img src=x" in again.summary.value and "<img" not in again.summary.value
    assert "Worry about closeness:" in again.checkin.results.value
    assert again.checkin.chart.chart.figure["data"], "the plane shows the saved point"


def test_editing_a_saved_intake_keeps_the_earlier_answers(store):
    wb = intake.IntakeWorkbook(store)
    client = _new_client(wb)
    wb.consent.value = True
    _answer(wb, 2)
    wb.save()
    checkin_id = wb.checkin_entry.id
    wb.checkin.questions[0].buttons.value = 7
    wb.save()
    assert store.entry(checkin_id).version == 2
    assert store.versions(checkin_id)[0].payload["responses"]["r01"] == 2
    assert len(store.entries(client.id, "checkin")) == 1


def test_a_fresh_checkin_adds_to_the_trajectory(store):
    wb = intake.IntakeWorkbook(store)
    client = _new_client(wb)
    wb.consent.value = True
    _answer(wb, 2)
    wb.save()
    wb.new_checkin()
    assert wb.checkin.responses() == {}
    _answer(wb, 6)
    wb.save()
    assert len(store.entries(client.id, "checkin")) == 2
    assert len(wb.history()) == 2
    assert "2 check-ins from" in wb.checkin.chart.text.value


def test_consent_must_be_discussed_before_saving(store):
    wb = intake.IntakeWorkbook(store)
    client = _client_added_elsewhere(wb)
    _answer(wb, 3)
    assert not wb.save()
    assert "tick the box" in wb.consent_field.error.value
    assert store.entries(client.id) == []
    assert wb.checkin.responses(), "nothing typed is lost when a save is refused"


def test_the_consent_message_is_where_the_box_is_and_goes_once_it_is_ticked(store):
    wb = intake.IntakeWorkbook(store)
    _client_added_elsewhere(wb)
    wb.steps.go(wb.names.index("wrapup"))
    wb.save_button.click()
    # beside the button: which box, on which step; the page shows that step, focus on the box
    assert "the box on step 2, “What this workbook is”" in wb.save_message.value
    assert "Saved" not in wb.form.save_status.value and "saved." not in wb.save_message.value
    assert wb.steps.current == wb.names.index("consent")
    assert wb.address.focus["selector"] == ".aw-consent-box input"
    assert "tick the box" in wb.consent_field.error.value
    assert "tick the box" not in wb.shell.notice.value, "nothing at the top, out of view"
    wb.consent.value = True
    assert wb.consent_field.error.value == "" and wb.save_message.value == ""
    wb.steps.go(wb.names.index("wrapup"))
    wb.save_button.click()
    assert "Everything for this session was saved." in wb.save_message.value
    assert wb.form.save_status.state == "saved"


def test_unsaved_work_is_kept_as_a_draft_and_offered_back(store):
    wb = intake.IntakeWorkbook(store)
    client = _new_client(wb)
    wb.homework.value = "Half-typed fictional homework"
    assert wb.shell.save_state.state == "draft"
    [draft] = store.drafts_for(client.id, intake.WORKBOOK)  # this tab's
    assert draft.payload["homework"] == (
        "Half-typed fictional homework")

    again = intake.IntakeWorkbook(store)
    again.picker.dropdown.value = client.id
    assert again.homework.value == ""
    restore = again.draft_banner.children[1].children[0]
    restore.click()
    assert again.homework.value == "Half-typed fictional homework"


def test_a_failed_save_keeps_the_text_says_so_kindly_and_logs_no_client_text(
        store, monkeypatch, tmp_path):
    wb = intake.IntakeWorkbook(store)
    _new_client(wb)
    wb.consent.value = True
    wb.homework.value = "Fictional secret homework text"

    def broken(*_a, **_k):
        raise RuntimeError("disk said no: " + wb.homework.value)

    monkeypatch.setattr(store, "save_many", broken)
    wb.save_button.click()
    assert wb.shell.save_state.state == "failed"
    assert "Nothing you wrote has been lost" in wb.shell.notice.value
    assert "Traceback" not in wb.shell.notice.value
    assert wb.homework.value == "Fictional secret homework text"
    for h in log.handlers:
        h.flush()
    from attachwork.config import settings

    logged = settings().log_file.read_text()
    assert "RuntimeError" in logged and "Fictional secret" not in logged


def test_callbacks_never_raise_into_the_page(store, monkeypatch):
    wb = intake.IntakeWorkbook(store)
    _new_client(wb)
    monkeypatch.setattr(wb, "show_scores", lambda: 1 / 0)
    wb.score_button.click()  # would raise without the guard
    assert "Something went wrong" in wb.shell.notice.value


def test_demo_store_has_fictional_clients_with_history(store):
    assert ensure_demo_store(store) == 4
    assert ensure_demo_store(store) == 0
    names = [c.pseudonym for c in store.clients()]
    assert names and all(n.startswith("Demo-") for n in names)
    juniper = store.client_by_pseudonym("Demo-Juniper")  # a year of work, for the review
    entries = store.entries(juniper.id)
    first, last = entries[0].created_at, entries[-1].created_at
    assert len(entries) > 250 and (last - first).days > 350
    assert all(e.payload.get(k, "").startswith("(Fictional") for e in entries
               for k in ("happened", "plan", "therapist_note") if k in e.payload)
    wren = store.client_by_pseudonym("Demo-Wren")
    wb = intake.IntakeWorkbook(store)
    wb.picker.dropdown.value = wren.id
    assert len(wb.history()) == 4


def test_workbook_says_something_kind_when_the_store_cannot_open(monkeypatch):
    monkeypatch.setenv("ATTACHWORK_DB_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    shell = intake.workbook()
    assert "cannot reach its data store" in shell.notice.value


def test_crisis_panel_opens_with_configured_text(store):
    wb = intake.IntakeWorkbook(store)
    assert not wb.shell.crisis.visible
    wb.shell.crisis.button.click()
    assert wb.shell.crisis.visible
    assert "988" in wb.shell.crisis.panel.children[0].value


@pytest.fixture(autouse=True)
def _quiet_log():
    logging.getLogger("attachwork").handlers.clear()
    yield
    logging.getLogger("attachwork").handlers.clear()


def test_a_saved_checkin_is_not_drawn_twice(store):
    wb = intake.IntakeWorkbook(store)
    _new_client(wb)
    wb.consent.value = True
    _answer(wb, 5)
    wb.show_scores()
    assert len(wb.checkin.chart.chart.figure["data"]) == 1  # today's unsaved point
    wb.save()
    latest = wb.checkin.chart.chart.figure["data"][-1]
    assert len(wb.checkin.chart.chart.figure["data"]) == 1 and len(latest["x"]) == 1
    wb.checkin.questions[0].buttons.value = 1
    wb.show_scores()
    trail, current = wb.checkin.chart.chart.figure["data"]
    assert len(trail["x"]) == 1 and len(current["x"]) == 1


def test_a_practice_instrument_appears_in_the_workbook(store, monkeypatch):
    from pathlib import Path

    folder = Path(__file__).resolve().parents[1] / "fixtures" / "instruments"
    monkeypatch.setenv("ATTACHWORK_INSTRUMENTS_DIR", str(folder))
    wb = intake.IntakeWorkbook(store)
    client = _new_client(wb)
    assert ("ECR-R shaped test instrument", "ecr-r-shaped") in wb.checkin.chooser.options
    wb.checkin.chooser.value = "ecr-r-shaped"
    assert len(wb.checkin.questions) == 36
    for q in wb.checkin.questions[:14]:  # 14 of 18 anxiety items: 4 missing, not scored
        q.buttons.value = 5
    wb.show_scores()
    assert "not scored yet. Please answer 1 more" in wb.checkin.results.value
    wb.consent.value = True
    _answer(wb, 5)
    wb.save()
    saved = store.entries(client.id, "checkin")[0].payload
    assert saved["instrument_id"] == "ecr-r-shaped" and saved["instrument_version"] == "test-1"
    assert saved["region"] == "fearful"  # both means above the file's cut points

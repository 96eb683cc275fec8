"""Workbook 04 driven through its widgets in-process (the browser test does it for real)."""

from __future__ import annotations

import pytest

from attachwork.domain.records import ClientProfile
from attachwork.ui.pages.boundaries import BoundariesWorkbook
from tests.support import HOSTILE


@pytest.fixture
def wb(store):
    client = store.create_client(ClientProfile(pseudonym="Test-Wagtail"))
    book = BoundariesWorkbook(store)
    book.picker.dropdown.value = client.id
    return book


def test_the_coach_quotes_what_it_sees_and_accepts_a_rewrite(wb):
    form = wb.coach_form
    form.draft.value = "You never listen, you obviously don't care. " + HOSTILE
    form.read("draft")
    shown = form.draft_reading.value
    assert "&quot;You never&quot; sounds like every time" in shown
    assert "guesses what they think or feel" in shown
    assert "<img" not in shown
    assert "I feel … when … Would … work for us?" in shown
    form.rewrite.value = ("I feel lonely when evenings go quiet. Could we have a ten minute call "
                          "at nine on weeknights?")
    form.read("rewrite")
    assert "This reads as a request" in form.rewrite_reading.value
    assert "What already helps" in form.rewrite_reading.value
    entry = form.save()
    assert entry.payload["accepted"] is True and entry.payload["flags"] == []
    assert "a request" in wb.coach_list.table.value and "&lt;img" in wb.coach_list.table.value


def test_a_saved_complaint_keeps_its_flags(wb):
    wb.coach_form.draft.value = "Oh great, late again. You're so selfish."
    entry = wb.coach_form.save()
    assert entry.payload["accepted"] is False
    assert {"sarcasm", "label", "no_ask"} <= set(entry.payload["flags"])


def test_a_small_no_is_planned_then_completed_later_and_charted(wb, store):
    plan = wb.plan_form
    plan.plan.value = "Fictional: say I'd rather stay in on Friday"
    plan.harm.value, plan.distress.value = 70, 8
    entry = plan.save()
    assert entry.payload["completed"] is False
    wb.steps.go(wb.names.index("small_no"))
    assert "No completed experiments yet" in wb.charts["experiments"].text.value

    again = BoundariesWorkbook(store)  # another day, a new page
    again.picker.dropdown.value = wb.client.id
    outcome = again.outcome_form
    assert outcome.outcome.layout.display == "none", "nothing to fill in until one is chosen"
    assert outcome.save() is None and "choose an open experiment" in outcome.message.value
    outcome.open_list.value = entry.id
    outcome.open_button.click()
    assert "Predicted strain 70 %" in outcome.plan_was.value
    assert outcome.save() is None and "Please pick one." in outcome.actual.error.value
    outcome.happened.value = "They said that was fine and we had a cosy night"
    outcome.actual.value = 2
    outcome.harm.value = 20
    done = outcome.save()
    assert done.id == entry.id and done.version == 2 and done.payload["completed"]
    assert store.versions(entry.id)[0].payload["completed"] is False
    assert outcome.open_box.layout.display == "none", "the experiment is no longer open"
    assert again.charts["experiments"].chart.figure["data"][1]["x"] == [8]
    strain = again.charts["experiments"].chart.figure["data"][3]  # the strain panel
    assert (strain["x"], strain["y"]) == ([70], [20])
    assert "on average 70 % predicted and 20 % actual" in again.charts["experiments"].text.value
    assert "lower than predicted in 1 of them" in again.charts["experiments"].text.value


def test_a_boundary_script_is_saved_listed_and_editable(wb, store):
    form = wb.script_form
    assert form.save() is None and "Please fill this in." in form.fields["say"].error.value
    form.fields["situation"].value = "When plans change on the day"
    form.fields["need"].value = "To know by noon"
    form.fields["say"].value = "Could you tell me by noon if plans change?"
    entry = form.save()
    assert "When plans change on the day" in wb.script_list.table.value
    wb.script_list.pick.value = entry.id
    wb.script_list.open_button.click()
    form.fields["rehearsal"].value = "Felt shaky but clear"
    assert form.save().version == 2


def test_over_functioning_audit_compares_with_last_week(wb):
    wb.audit.rows["apologising"].value = 3
    wb.audit.save()
    wb.audit.rows["apologising"].value = 1
    assert "Less often than last time (most days)" in wb.audit.changes["apologising"].value


def test_a_risk_sentence_in_the_coach_brings_help(wb):
    wb.coach_form.draft.value = "Honestly I keep thinking about ending my life"
    assert wb.coach_form.save().flagged
    assert wb.shell.crisis.visible and "988" in wb.coach_form.message.value


def test_a_failing_button_says_something_kind_instead_of_raising(wb, monkeypatch):
    monkeypatch.setattr(wb.coach_form, "read", lambda _which: 1 / 0)
    wb.coach_form.draft.value = "Fictional draft text"
    wb.coach_form.read_button.click()  # would raise into the page without the guard
    assert "Something went wrong on our side" in wb.shell.notice.value
    assert wb.coach_form.draft.value == "Fictional draft text"

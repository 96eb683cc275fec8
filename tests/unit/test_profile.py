"""The chosen client's profile: seen under the chooser, edited in place, earlier versions kept."""

from __future__ import annotations

from attachwork.domain.records import ClientProfile
from attachwork.ui.pages.pattern_awareness import PatternWorkbook
from tests.support import HOSTILE


def _page(store):
    robin = store.create_client(ClientProfile(pseudonym="Test-Robin", relationship_context="dating",
                                              goals="Fictional: text less when worried"))
    store.create_client(ClientProfile(pseudonym="Test-Wren"))
    wb = PatternWorkbook(store)
    wb.picker.dropdown.value = robin.id
    return wb, robin


def test_the_profile_shows_under_the_chooser_escaped(store):
    wb, _ = _page(store)
    panel = wb.picker.profile
    assert panel.layout.display == "flex"
    assert "Fictional: text less when worried" in panel.shown.value and "Dating" in panel.shown.value
    assert "first version of the profile" in panel.history.value
    wb.picker.dropdown.value = None
    assert panel.layout.display == "none"


def test_an_edit_keeps_the_earlier_version_and_the_page_keeps_its_work(store):
    wb, robin = _page(store)
    heard = []
    wb.picker.on_select(heard.append)
    wb.steps.go(2)
    wb.trigger_form.happened.value = "Fictional: typed but not saved"
    panel = wb.picker.profile
    panel.edit_button.click()
    assert panel.editor.layout.display == "flex"
    assert panel.form.fields["goals"].value == "Fictional: text less when worried"
    panel.form.fields["goals"].value = "Fictional: ask for what I need " + HOSTILE
    panel.form.fields["relationship_context"].value = "partnered"
    panel.save_button.click()

    assert "The profile was saved" in panel.message.value
    assert panel.editor.layout.display == "none"
    now = store.client(robin.id)
    assert now.goals.startswith("Fictional: ask for what I need") and now.relationship_context == "partnered"
    [earlier] = store.versions(robin.id)
    assert earlier.payload["goals"] == "Fictional: text less when worried"
    assert earlier.payload["relationship_context"] == "dating" and earlier.author == "therapist"
    assert "Earlier versions (1)" in panel.history.value
    assert "Fictional: text less when worried" in panel.history.value
    assert "<img" not in panel.shown.value and "&lt;img" in panel.shown.value
    # the page kept the client and what was typed; nothing was loaded again
    assert heard == [] and wb.ws.client.goals == now.goals
    assert wb.trigger_form.happened.value == "Fictional: typed but not saved"


def test_a_bad_edit_is_refused_beside_its_field_and_nothing_changes(store):
    wb, robin = _page(store)
    panel = wb.picker.profile
    panel.edit_button.click()
    panel.form.fields["pseudonym"].value = "Test-Wren"
    panel.save_button.click()
    assert "already in use" in panel.form.fields["pseudonym"].error.value
    assert "was not saved" in panel.message.value
    assert panel.form.fields["pseudonym"].value == "Test-Wren", "what was typed stays"
    panel.form.fields["pseudonym"].value = ""
    panel.save_button.click()
    assert panel.form.fields["pseudonym"].error.value
    assert store.client(robin.id).pseudonym == "Test-Robin" and store.versions(robin.id) == []
    # unchanged: said so, and no empty version is kept
    panel.cancel_button.click()
    panel.edit_button.click()
    panel.save_button.click()
    assert "Nothing has changed" in panel.message.value and store.versions(robin.id) == []


def test_a_renamed_client_is_renamed_in_the_chooser(store):
    wb, robin = _page(store)
    panel = wb.picker.profile
    panel.edit_button.click()
    panel.form.fields["pseudonym"].value = "Test-Robin-2"
    panel.save_button.click()
    labels = [label for label, _ in wb.picker.dropdown.options]
    assert "Test-Robin-2" in labels and "Test-Robin" not in labels
    assert wb.picker.dropdown.value == robin.id


def test_goals_that_suggest_risk_bring_help_when_the_profile_is_saved(store):
    wb, robin = _page(store)
    panel = wb.picker.profile
    panel.edit_button.click()
    panel.form.fields["goals"].value = "Fictional: I want to kill myself"
    panel.save_button.click()
    assert "988" in panel.risk.value
    assert store.flags(robin.id), "the goals are screened like any other text"

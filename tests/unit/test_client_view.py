"""Client view: the clinic page turned toward the client on a shared screen (issue 14)."""

from __future__ import annotations

import pytest

from attachwork.domain.records import ClientProfile
from attachwork.ui.client_view import SCORES, THERAPIST_ONLY
from attachwork.ui.pages.intake import IntakeWorkbook
from attachwork.ui.pages.pattern_awareness import PatternWorkbook
from attachwork.ui.pages.review import ReviewWorkbook


@pytest.fixture
def two(store):
    robin = store.create_client(ClientProfile(pseudonym="Test-Robin", initials="TR",
                                              goals="Fictional goals"))
    wren = store.create_client(ClientProfile(pseudonym="Test-Wren", goals="Fictional goals"))
    return robin, wren


def _labels(wb) -> list[str]:
    return [label for label, _ in wb.picker.dropdown.options]


def _opened(store, client, cls=PatternWorkbook):
    wb = cls(store)
    heard = []
    wb.picker.on_select(heard.append)
    wb.picker.dropdown.value = client.id
    heard.clear()
    return wb, heard


def test_client_view_leaves_only_the_chosen_client_and_keeps_what_was_typed(store, two):
    robin, wren = two
    wb, heard = _opened(store, robin)
    wb.steps.go(2)
    wb.trigger_form.happened.value = "Fictional: a late reply"
    view = wb.shell.view
    assert view is not None and "Test-Wren" in " ".join(_labels(wb))

    view.button.value = True
    assert _labels(wb) == ["Test-Robin (TR)"]
    assert "aw-client-view" in wb.shell._dom_classes
    assert "other clients, flags, private notes" in view.line.value
    assert "Scores are hidden" in view.line.value
    # nothing reloaded: the same client, the same step, the words still there
    assert heard == [] and wb.client.id == robin.id and wb.steps.current == 2
    assert wb.trigger_form.happened.value == "Fictional: a late reply"
    # a refresh while it is on (after a flag is reviewed, for instance) does not bring them back
    wb.picker.refresh()
    assert _labels(wb) == ["Test-Robin (TR)"]

    view.button.value = False
    assert "Test-Wren" in " ".join(_labels(wb)) and wb.picker.dropdown.value == robin.id
    assert "aw-client-view" not in wb.shell._dom_classes and view.line.value == ""
    assert heard == [] and wb.trigger_form.happened.value == "Fictional: a late reply"
    # a refresh of the whole list (after a flag is reviewed) does not load the page again
    # (new options reset the dropdown for a moment: the placeholder, then the client)
    wb.picker.refresh()
    assert heard == [] and wb.picker.dropdown.value == robin.id


def test_flags_the_private_note_the_summary_and_a_new_client_are_therapist_only(store, two):
    robin, _ = two
    wb, _ = _opened(store, robin)
    marked = [wb.flags, wb.picker.new, wb.shell.export.button, wb.shell.export.panel]
    wrapup = [f for f in wb.forms if hasattr(f, "note") and hasattr(f, "due")]
    assert wrapup, "the session's wrap-up form is on the page"
    marked.append(wrapup[0].note)
    for widget in marked:
        assert THERAPIST_ONLY in widget._dom_classes, widget
    # what the client is working on is not hidden
    assert THERAPIST_ONLY not in wb.trigger_form._dom_classes
    assert THERAPIST_ONLY not in wb.shell.crisis.button._dom_classes


def test_scores_show_only_when_the_therapist_chooses(store, two):
    robin, _ = two
    intake, _ = _opened(store, robin, IntakeWorkbook)
    review, _ = _opened(store, robin, ReviewWorkbook)
    for part in (intake.form.checkin.results, intake.form.checkin.chart, intake.form.summary,
                 review.trajectory, review.change):
        assert SCORES in part._dom_classes
    view = review.shell.view
    assert view.scores_button.layout.display == "none"
    view.button.value = True
    assert view.scores_button.layout.display == "flex"
    view.scores_button.value = True
    assert "aw-scores-shown" in review.shell._dom_classes
    assert "Scores and the region are showing" in view.line.value
    # off and on again starts with the scores hidden
    view.button.value = False
    assert "aw-scores-shown" not in review.shell._dom_classes and not view.scores_button.value
    view.button.value = True
    assert "Scores are hidden" in view.line.value


def test_turned_on_before_a_client_is_chosen_it_asks_for_one(store, two):
    wb = PatternWorkbook(store)
    wb.shell.view.button.value = True
    assert _labels(wb) == ["Choose a client…"]
    assert "Choose the client before turning on client view" in wb.picker.status.value


def test_a_reload_keeps_the_view_and_home_mode_has_none(store, two, monkeypatch):
    robin, _ = two
    monkeypatch.setenv("QUERY_STRING", f"client={robin.id}&view=client")
    wb = PatternWorkbook(store)
    assert wb.client.id == robin.id and wb.shell.view.on
    assert _labels(wb) == ["Test-Robin (TR)"] and wb.address.view == "client"
    wb.shell.view.button.value = False
    assert wb.address.view == ""
    # a view asked for without a client, or with nonsense, is not turned on
    monkeypatch.setenv("QUERY_STRING", "view=client")
    assert not PatternWorkbook(store).shell.view.on
    monkeypatch.setenv("QUERY_STRING", f"client={robin.id}&view=<b>")
    assert not PatternWorkbook(store).shell.view.on
    monkeypatch.setenv("ATTACHWORK_MODE", "home")
    monkeypatch.delenv("QUERY_STRING")
    home = PatternWorkbook(store)
    assert home.shell.view is None
    assert all("aw-view-button" not in b._dom_classes for b in home.shell.buttons.children)

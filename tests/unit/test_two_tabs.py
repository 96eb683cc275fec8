"""Two tabs on one entry: a stale save is refused with both versions shown, never lost; each
tab keeps its own draft, and both are offered back."""

from __future__ import annotations

import pytest

from attachwork import workbooks
from attachwork.domain.records import ClientProfile
from attachwork.store import StaleEdit
from attachwork.ui.pages.pattern_awareness import CycleMapForm
from attachwork.ui.workspace import Workspace

MAP = {"trigger": "(Fictional) a late reply", "my_feeling": "(Fictional) uneasy",
       "my_move": "(Fictional) I text again", "their_move": "(Fictional) they go quiet"}


def _tab(store, client) -> CycleMapForm:
    ws = Workspace(store, workbooks.PATTERN_AWARENESS)
    ws.client = client
    form = CycleMapForm(ws)
    form.load()
    return form


@pytest.fixture
def wren(store):
    c = store.create_client(ClientProfile(pseudonym="Demo-Wren"))
    store.add_entry(c.id, "cycle_map", MAP, author="client", place="home",
                    workbook="01_pattern_awareness")
    return c


def test_the_store_refuses_a_save_from_an_older_version(store, wren):
    [entry] = store.entries(wren.id, "cycle_map")
    store.update_entry(entry.id, {**MAP, "trigger": "(Fictional) A's trigger"}, author="client",
                       place="home", expected_version=1)
    with pytest.raises(StaleEdit) as err:
        store.update_entry(entry.id, {**MAP, "my_feeling": "(Fictional) B's feeling"},
                           author="client", place="home", expected_version=1)
    assert "another window" in str(err.value) and err.value.current.version == 2
    with pytest.raises(StaleEdit):
        store.save_many(wren.id, [(entry.id, "cycle_map", {**MAP, "title": "x"})],
                        author="client", place="home", expected={entry.id: 1})
    assert store.entry(entry.id).payload["trigger"] == "(Fictional) A's trigger"


def test_tab_b_is_told_and_sees_both_and_can_keep_its_own_after_seeing_the_other(store, wren):
    a, b = _tab(store, wren), _tab(store, wren)
    assert a.editing.version == b.editing.version == 1
    a.fields["trigger"].value = "(Fictional) A: when plans change"
    assert a.save() is not None
    b.fields["my_feeling"].value = "(Fictional) B: small and unwanted"
    assert b.save() is None  # refused: A's edit would have been lost
    shown = b.conflict.children[0].value
    assert "changed in another window" in shown
    assert "A: when plans change" in shown and "a late reply" in shown  # both versions
    assert "B: small and unwanted" in shown
    [entry] = store.entries(wren.id, "cycle_map")
    assert entry.payload["trigger"] == "(Fictional) A: when plans change"
    keep = b.conflict.children[1].children[0]
    assert keep.description == "Keep mine as the new version"
    keep.click()
    [entry] = store.entries(wren.id, "cycle_map")
    assert entry.payload["my_feeling"] == "(Fictional) B: small and unwanted"
    kept = [v.payload["trigger"] for v in store.versions(entry.id)]
    assert "(Fictional) A: when plans change" in kept  # A's edit is in the history
    assert not b.conflict.children


def test_taking_the_other_windows_version_loads_it(store, wren):
    a, b = _tab(store, wren), _tab(store, wren)
    a.fields["trigger"].value = "(Fictional) A: when plans change"
    a.save()
    b.fields["my_feeling"].value = "(Fictional) B: small"
    b.save()
    b.conflict.children[1].children[1].click()
    assert b.fields["trigger"].value == "(Fictional) A: when plans change"
    assert b.editing.version == 2


def test_two_tabs_typing_keep_two_drafts_and_both_are_offered_back(store, wren):
    a, b = _tab(store, wren), _tab(store, wren)
    a.reset()
    b.reset()
    a.fields["trigger"].value = "(Fictional) typed in tab A"
    b.fields["trigger"].value = "(Fictional) typed in tab B"
    drafts = store.drafts_for(wren.id, a.key)
    assert len(drafts) == 2
    assert {d.payload["state"]["trigger"] for d in drafts} == {
        "(Fictional) typed in tab A", "(Fictional) typed in tab B"}
    again = _tab(store, wren)  # a reload: a new tab
    offered = again.offer.children
    assert "2 windows" in offered[0].value
    buttons = offered[1].children
    assert [x.description.startswith("Carry on with the one from") for x in buttons[:2]] == [True, True]
    buttons[1].click()
    assert again.fields["trigger"].value in ("(Fictional) typed in tab A", "(Fictional) typed in tab B")
    assert len(store.drafts_for(wren.id, a.key)) == 2  # the restored one is the new tab's now


def test_a_draft_typed_against_an_older_version_cannot_overwrite_a_newer_one(store, wren):
    a = _tab(store, wren)
    a.fields["my_feeling"].value = "(Fictional) typed, then the tab was closed"
    [entry] = store.entries(wren.id, "cycle_map")
    store.update_entry(entry.id, {**MAP, "trigger": "(Fictional) saved elsewhere"},
                       author="client", place="home")
    again = _tab(store, wren)
    again.offer.children[1].children[0].click()
    assert again.save() is None and "another window" in again.conflict.children[0].value

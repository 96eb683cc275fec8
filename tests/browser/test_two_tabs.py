"""Two tabs on one entry, in Chromium: the second save is refused with both versions beside
its button (nothing lost silently), the person keeps theirs after seeing the other, and two
tabs typing into one form keep two drafts that are both offered back."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from attachwork import workbooks
from attachwork.domain.records import ClientProfile
from tests.support.browser import open_workbook, press, step, type_into

pytestmark = pytest.mark.browser

PATTERN = workbooks.PATTERN_AWARENESS.notebook
MAP = {"trigger": "(Fictional) a late reply", "my_feeling": "(Fictional) uneasy",
       "my_move": "(Fictional) I text again", "their_move": "(Fictional) they go quiet"}



def _open(page, server, name: str, where: str) -> None:
    open_workbook(page, server, PATTERN)
    page.get_by_label("Client", exact=True).select_option(label=name)
    expect(page.get_by_text(f"Working with {name}.")).to_be_visible()
    step(page, where)


def test_two_tabs_on_one_cycle_map_lose_nothing(page, voila_server):
    store = voila_server.store()
    c = store.create_client(ClientProfile(pseudonym="Test-Tabs"))
    cycle = store.add_entry(c.id, "cycle_map", MAP, author="therapist", place="clinic",
                            workbook=workbooks.PATTERN_AWARENESS.id)
    store.close()
    a, b = page, page.context.new_page()
    _open(a, voila_server, "Test-Tabs", "5. My cycle map")
    _open(b, voila_server, "Test-Tabs", "5. My cycle map")
    expect(b.get_by_label("1. What sets it off")).to_have_value("(Fictional) a late reply")

    a.get_by_label("1. What sets it off").fill("")
    type_into(a, "1. What sets it off", "(Fictional) A: plans change at the last minute")
    press(a, "button", "Save the cycle map")
    expect(a.get_by_text("The cycle map was saved.")).to_be_visible()

    b.get_by_label("2. What I feel").fill("")
    type_into(b, "2. What I feel", "(Fictional) B: small and unwanted")
    press(b, "button", "Save the cycle map")
    conflict = b.locator(".aw-conflict").filter(has_text="This changed in another window")
    expect(conflict.get_by_text("This changed in another window")).to_be_visible()
    expect(conflict.get_by_text("(Fictional) A: plans change at the last minute")).to_be_visible()
    expect(conflict.get_by_text("(Fictional) B: small and unwanted")).to_be_visible()
    store = voila_server.store()
    assert store.entry(cycle.id).payload["trigger"] == "(Fictional) A: plans change at the last minute"
    store.close()

    press(b, "button", "Keep mine as the new version")
    expect(b.get_by_text("The cycle map was saved.")).to_be_visible()
    store = voila_server.store()
    now = store.entry(cycle.id)
    assert now.payload["my_feeling"] == "(Fictional) B: small and unwanted"
    assert "(Fictional) A: plans change at the last minute" in [
        v.payload["trigger"] for v in store.versions(cycle.id)]
    store.close()
    assert a.watch.errors == []
    b.close()


def test_two_tabs_typing_into_one_form_keep_both_drafts(page, voila_server):
    store = voila_server.store()
    c = store.create_client(ClientProfile(pseudonym="Test-Drafts"))
    store.close()
    a, b = page, page.context.new_page()
    _open(a, voila_server, "Test-Drafts", "3. Trigger log")
    _open(b, voila_server, "Test-Drafts", "3. Trigger log")
    type_into(a, "What happened?", "(Fictional) typed in the first tab")
    type_into(b, "What happened?", "(Fictional) typed in the second tab")
    a.wait_for_timeout(1000)
    store = voila_server.store()
    assert {d.payload["state"]["happened"] for d in store.drafts_for(
        c.id, f"{workbooks.PATTERN_AWARENESS.id}:trigger_log")} == {
        "(Fictional) typed in the first tab", "(Fictional) typed in the second tab"}
    store.close()
    b.close()
    a.reload()
    a.get_by_role("button", name="Need help now?").wait_for(timeout=90_000)
    step(a, "3. Trigger log")  # the address carries the client across the reload
    expect(a.get_by_text("You have unsaved work from 2 windows or visits")).to_be_visible()
    buttons = a.get_by_role("button", name="Carry on with the one from", exact=False)
    expect(buttons).to_have_count(2)
    buttons.first.click()
    expect(a.get_by_label("What happened?")).to_have_value("(Fictional) typed in the second tab")
    assert a.watch.errors == []

"""Workbook 00 in a real browser, used as a therapist would use it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support import HOSTILE
from tests.support.browser import CONSENT, axe_report, open_workbook, shown, step, structure_findings

pytestmark = pytest.mark.browser

NOTEBOOK = "00_intake.ipynb"


def _next(page):
    page.get_by_role("button", name="Next", exact=True).click()


def _answer_all(page, value: str):
    items = page.locator(".aw-scale[class*='aw-item-']")
    count = items.count()
    assert count >= 6
    for i in range(count):
        items.nth(i).get_by_role("radio", name=value, exact=True).click()
    expect(page.get_by_text(f"{count} of {count} answered")).to_be_visible()


def test_intake_saved_and_shown_again_after_reload(page, voila_server):
    open_workbook(page, voila_server, NOTEBOOK)
    title = page.title().split(" · ")[0]  # the workbook; the step's name follows it

    page.get_by_label("Code name").fill("Test-Heron")
    page.get_by_label("Initials (optional)").fill("th")
    page.get_by_label("What the client hopes to get").fill(HOSTILE)
    page.get_by_label(CONSENT).check()
    page.get_by_role("button", name="Add client").click()
    expect(page.get_by_text("Working with Test-Heron.")).to_be_visible()

    _next(page)
    page.get_by_label("We have read this together").check()
    _next(page)
    _answer_all(page, "6")
    page.get_by_role("button", name="Show my scores").click()
    expect(page.locator(".aw-score-anxiety")).to_contain_text("Worry about closeness:")
    expect(page.locator(".aw-chart-summary")).to_contain_text("worry about closeness")
    _next(page)
    page.locator(".aw-suds").get_by_role("radio", name="4", exact=True).click()
    expect(page.get_by_text("4 of 10:")).to_be_visible()
    _next(page)
    page.get_by_label("Anything else for this week").fill(HOSTILE)
    page.get_by_label("Private session note").fill("Fictional note for a test.")
    page.get_by_role("button", name="Save the session").click()
    expect(shown(page, "Everything for this session was saved.")).to_be_visible()
    expect(page.locator(".aw-header .aw-save")).to_contain_text(re.compile(r"Saved \d\d:\d\d"))
    saved_scores = page.locator(".aw-score-anxiety").inner_text()

    # A fresh page (new kernel): pick the client and find everything as saved.
    open_workbook(page, voila_server, NOTEBOOK)
    page.get_by_label("Client", exact=True).select_option(label="Test-Heron (TH)")
    expect(page.get_by_text("Working with Test-Heron.")).to_be_visible()
    _next(page)
    expect(page.get_by_label("We have read this together")).to_be_checked()
    _next(page)
    expect(page.get_by_text("12 of 12 answered")).to_be_visible()
    expect(page.locator(".aw-score-anxiety")).to_have_text(saved_scores)
    expect(page.locator(".aw-chart-summary")).to_contain_text("Check-in of")
    # the chart was drawn by plotly.js (served locally), with the client's point on it
    expect(page.locator(".aw-chart-plot .main-svg").first).to_be_visible(timeout=30_000)
    _next(page)
    expect(page.get_by_text("4 of 10:")).to_be_visible()
    _next(page)
    expect(page.get_by_label("Anything else for this week")).to_have_value(HOSTILE)
    # typed markup is shown as text and never runs
    client_text = page.locator(".aw-client-text")  # the summary, and "since last time" on step 1
    expect(client_text.first).to_be_attached()
    for item in client_text.all():
        expect(item).to_have_text(HOSTILE)
    assert page.locator("img[src='x']").count() == 0
    assert page.title().split(" · ")[0] == title != "X"
    assert page.watch.outside == []
    assert page.watch.errors == []


def test_consent_comes_before_any_profile_or_goal_is_stored(page, voila_server):
    open_workbook(page, voila_server, NOTEBOOK)
    box = page.get_by_label(CONSENT)
    expect(box).not_to_be_checked()
    # the form says so beside the box, and the words to read together are one click away
    expect(page.get_by_text("Nothing of the profile or goals below is stored until this box is "
                            "ticked.")).to_be_visible()
    page.get_by_text("Before we begin: read this together first").click()
    expect(page.get_by_text("They do not give a diagnosis")).to_be_visible()

    page.get_by_label("Code name").fill("Test-Godwit")
    page.get_by_label("What the client hopes to get").fill("(Fictional) to feel steadier")
    page.get_by_role("button", name="Add client").click()
    expect(page.get_by_text("tick this box first. Nothing has been stored yet.")).to_be_visible()
    expect(page.get_by_text("Working with Test-Godwit.")).to_have_count(0)
    store = voila_server.store()
    try:
        assert "Test-Godwit" not in [c.pseudonym for c in store.clients()]
        box.check()
        page.get_by_role("button", name="Add client").click()
        expect(page.get_by_text("Working with Test-Godwit.")).to_be_visible()
        [added] = [c for c in store.clients() if c.pseudonym == "Test-Godwit"]
        assert added.goals == "(Fictional) to feel steadier"
    finally:
        store.close()
    expect(box).not_to_be_checked()  # the next client is asked again
    assert page.watch.outside == [] and page.watch.errors == []


def test_the_consent_gate_speaks_beside_the_box_and_clears_once_ticked(page, voila_server):
    open_workbook(page, voila_server, NOTEBOOK)
    page.get_by_label("Code name").fill("Test-Avocet")
    page.get_by_label(CONSENT).check()
    page.get_by_role("button", name="Add client").click()
    expect(page.get_by_text("Working with Test-Avocet.")).to_be_visible()
    # read together when the client was added: intake's box comes ticked and says so ...
    step(page, "2. What this workbook is")
    box = page.get_by_label("We have read this together")
    expect(box).to_be_checked()
    expect(page.get_by_text("when the client was added after reading this together")).to_be_visible()
    box.uncheck()  # ... and the therapist may untick it to go through it again
    step(page, "5. Notes and homework")
    expect(shown(page, "Everything for this session was saved.")).to_have_count(0)
    page.get_by_role("button", name="Save the session").click()
    # the consent step comes up with focus on its box, and the message says which box
    box = page.get_by_label("We have read this together")
    expect(box).to_be_focused()
    expect(page.get_by_text("Please talk through this page together and tick the box")).to_be_visible()
    expect(page.locator(".aw-notice").filter(has_text="tick the box")).to_have_count(0)
    page.keyboard.press(" ")
    expect(page.get_by_text("Please talk through this page together and tick the box")).to_have_count(0)
    step(page, "5. Notes and homework")
    expect(page.get_by_text("needs a tick first")).to_have_count(0)
    page.get_by_role("button", name="Save the session").click()
    expect(shown(page, "Everything for this session was saved.")).to_be_visible()
    expect(page.locator(".aw-actions .aw-save")).to_contain_text(re.compile(r"Saved \d\d:\d\d"))
    assert page.watch.outside == [] and page.watch.errors == []


def test_bad_input_gets_a_message_beside_the_field(page, voila_server):
    open_workbook(page, voila_server, NOTEBOOK)
    page.get_by_label("Code name").fill("!")
    page.get_by_role("button", name="Add client").click()
    expect(page.get_by_text("Please use at least 2 characters.")).to_be_visible()
    page.get_by_label("Code name").fill("#bad name")
    page.get_by_role("button", name="Add client").click()
    expect(page.get_by_text("Use letters, digits, spaces, dots or dashes")).to_be_visible()
    assert page.locator("text=Traceback").count() == 0


def test_unsaved_work_is_offered_back_after_reload(page, voila_server):
    open_workbook(page, voila_server, NOTEBOOK)
    page.get_by_label("Code name").fill("Test-Draft")
    page.get_by_label(CONSENT).check()
    page.get_by_role("button", name="Add client").click()
    expect(page.get_by_text("Working with Test-Draft.")).to_be_visible()
    for _ in range(4):
        _next(page)
    page.get_by_label("Anything else for this week").fill("Half-typed fictional homework")
    expect(page.locator(".aw-header .aw-save")).to_contain_text("Draft kept")

    open_workbook(page, voila_server, NOTEBOOK)
    page.get_by_label("Client", exact=True).select_option(label="Test-Draft")
    page.get_by_role("button", name="Carry on with it").click()
    for _ in range(4):
        _next(page)
    expect(page.get_by_label("Anything else for this week")).to_have_value(
        "Half-typed fictional homework")


def test_crisis_resources_one_click_away(page, voila_server):
    open_workbook(page, voila_server, NOTEBOOK)
    page.get_by_role("button", name="Need help now?").click()
    call = page.get_by_role("link", name="Call 988, 9 8 8").first
    expect(call).to_be_visible()
    expect(call).to_have_attribute("href", "tel:988")
    page.get_by_role("button", name="Close", exact=True).click()
    expect(call).to_be_hidden()


def test_no_serious_accessibility_findings(page, voila_server):
    """axe (serious, critical, and moderate too) and the page's structure at every step, and
    with the help and calming panels open."""
    open_workbook(page, voila_server, NOTEBOOK)
    found = [f"on load: {f}" for f in axe_report(page) + structure_findings(page)]
    page.get_by_label("Code name").fill("Test-Axe")
    page.get_by_label(CONSENT).check()
    page.get_by_role("button", name="Add client").click()
    expect(page.get_by_text("Working with Test-Axe.")).to_be_visible()
    for _step in range(5):
        found += [f"step {_step + 1}: {f}" for f in axe_report(page) + structure_findings(page)]
        if page.get_by_role("button", name="Next", exact=True).is_enabled():
            _next(page)
            page.wait_for_timeout(400)
    page.get_by_role("button", name="Need help now?").click()
    page.get_by_role("button", name="Calm down first").click()
    expect(page.locator(".aw-calm .aw-pacer")).to_be_visible()
    found += [f"panels open: {f}" for f in axe_report(page) + structure_findings(page)]
    assert found == [], "\n".join(sorted(set(found)))
    assert page.watch.outside == []

"""Client view in a real browser: the therapist turns the screen toward the client, and only
what the client should see stays on it (issue 14)."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from attachwork import workbooks
from attachwork.content import instrument_folders
from attachwork.domain.instruments import load_catalogue
from attachwork.domain.records import CheckIn, ClientProfile
from tests.support.browser import open_workbook, press, step

pytestmark = pytest.mark.browser


@pytest.fixture
def caseload(voila_server) -> None:
    """Two fictional clients; Test-Phalarope has a flag to check and two check-ins (made once for
    the server, by the first test that asks)."""
    store = voila_server.store()
    if store.client_by_pseudonym("Test-Phalarope"):
        store.close()
        return
    heron = store.create_client(ClientProfile(pseudonym="Test-Phalarope", goals="Fictional goals"))
    store.create_client(ClientProfile(pseudonym="Test-Dotterel", goals="Fictional goals"))
    store.add_entry(heron.id, "cycle_map", {"trigger": "(Fictional) I want to kill myself",
                                            "my_feeling": "(Fictional) alone",
                                            "my_move": "(Fictional) I text again",
                                            "their_move": "(Fictional) they go quiet"},
                    author="client", place="home", workbook=workbooks.PATTERN_AWARENESS.id)
    inst = load_catalogue(instrument_folders()).get("reflection-checkin")
    for weeks, answer in ((8, 6), (0, 4)):
        responses = {item.id: answer for item in inst.items}
        scores = inst.score(responses)
        store.add_entry(heron.id, "checkin", CheckIn(
            instrument_id=inst.id, instrument_version=inst.version, responses=responses,
            scores=scores.as_dict(), region=scores.region()),
            author="therapist", place="clinic", workbook=workbooks.INTAKE.id,
            at=dt.datetime.now(dt.UTC) - dt.timedelta(weeks=weeks))
    store.close()


def test_client_view_hides_other_clients_flags_and_the_private_note(page, voila_server, caseload):
    open_workbook(page, voila_server, workbooks.PATTERN_AWARENESS.notebook)
    chooser = page.get_by_label("Client", exact=True)
    chooser.select_option(label="Test-Phalarope ⚑ 1 to check")
    expect(page.get_by_text("Please check in about safety first")).to_be_visible()
    expect(chooser.locator("option", has_text="Test-Dotterel")).to_have_count(1)

    press(page, "button", "Client view", " ")
    expect(page.locator(".aw-view-line")).to_contain_text("Client view is on")
    # the chooser holds Test-Phalarope alone, without the flag mark; the flag banner is gone
    expect(chooser.locator("option")).to_have_count(1)
    expect(chooser.locator("option", has_text="Test-Dotterel")).to_have_count(0)
    expect(chooser).not_to_contain_text("⚑")
    expect(page.get_by_text("Please check in about safety first")).to_be_hidden()
    expect(page.get_by_role("button", name="Add client")).to_be_hidden()
    # what the client is working on stays, the private note does not
    step(page, "7. Notes and homework")
    expect(page.get_by_label("Anything else for this week")).to_be_visible()
    expect(page.get_by_label("Private session note", exact=False)).to_be_hidden()
    # the help stays on every screen
    expect(page.get_by_role("button", name="Need help now?")).to_be_visible()

    # a reload keeps the view on: the caseload does not flash up on the shared screen
    page.reload()
    page.get_by_role("button", name="Need help now?").wait_for(timeout=90_000)
    expect(page.locator(".aw-view-line")).to_contain_text("Client view is on")
    expect(page.get_by_label("Client", exact=True).locator("option")).to_have_count(1)

    press(page, "button", "Client view", " ")
    expect(page.locator(".aw-view-line")).not_to_contain_text("Client view is on")
    expect(page.get_by_label("Client", exact=True).locator("option", has_text="Test-Dotterel")
           ).to_have_count(1)
    assert page.watch.outside == [] and page.watch.errors == []


def test_scores_stay_hidden_until_the_therapist_shows_them(page, voila_server, caseload):
    open_workbook(page, voila_server, workbooks.REVIEW.notebook)
    page.get_by_label("Client", exact=True).select_option(label="Test-Phalarope ⚑ 1 to check")
    step(page, "2. The path so far")
    scores = page.locator(".aw-scores").first
    expect(scores).to_be_visible()
    press(page, "button", "Client view", " ")
    expect(page.locator(".aw-view-line")).to_contain_text("Scores are hidden until you choose")
    expect(page.locator(".aw-scores:visible")).to_have_count(0)
    press(page, "button", "Show scores", " ")
    expect(page.locator(".aw-view-line")).to_contain_text("Scores and the region are showing.")
    expect(scores).to_be_visible()
    assert page.watch.outside == [] and page.watch.errors == []


def test_a_link_followed_on_the_shared_screen_keeps_the_client_view(page, voila_server, caseload):
    """The safety plan opened from a risk message in client view opens in client view: the
    caseload never shows on the shared screen, and the way back to the front door (which
    lists every client) is not offered there."""
    from tests.support.browser import log_a_moment, new_client

    open_workbook(page, voila_server, workbooks.PATTERN_AWARENESS.notebook)
    new_client(page, "Test-Whimbrel")
    expect(page.locator(".aw-front-link")).to_be_visible()
    press(page, "button", "Client view", " ")
    expect(page.locator(".aw-view-line")).to_contain_text("Client view is on")
    expect(page.locator(".aw-front-link")).to_be_hidden()
    step(page, "3. Trigger log")
    log_a_moment(page, "Honestly I just want to die")
    link = page.locator(".aw-form-message .aw-risk").get_by_role("link", name="Open my safety plan")
    expect(link).to_be_visible(timeout=15_000)
    link.click()
    page.wait_for_url("**/safety_plan.ipynb?*view=client*")
    page.get_by_role("button", name="Need help now?").wait_for(timeout=90_000)
    expect(page.locator(".aw-view-line")).to_contain_text("Client view is on")
    chooser = page.get_by_label("Client", exact=True)
    expect(chooser.locator("option")).to_have_count(1)
    expect(chooser.locator("option", has_text="Test-Phalarope")).to_have_count(0)
    assert page.watch.outside == [] and page.watch.errors == []

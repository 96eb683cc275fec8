"""The care of issue 14 in a real browser, each on a fresh store with fictional people: the risk
message at home, the safety plan from session to home and back, a flag reviewed on its own,
and the partner-safety check changing what workbooks 04 and 05 say."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from attachwork.domain.records import ClientProfile
from attachwork.services import handback
from tests.support.browser import (
    axe_findings,
    log_a_moment,
    new_client,
    open_hand_back_file,
    open_workbook,
    press,
    shown,
    start_server,
    step,
    stop_server,
    type_into,
)

pytestmark = pytest.mark.browser

PASS = "fictional-heron-lighthouse"
PATTERN = "01_pattern_awareness.ipynb"
BOUNDARIES = "04_boundaries.ipynb"
PARTNER = "05_partner_choice.ipynb"
PLAN = "safety_plan.ipynb"
BETWEEN = "between_sessions.ipynb"
RISK = "Honestly I just want to die"


@pytest.fixture
def home_server(tmp_path_factory):
    server = start_server(tmp_path_factory.mktemp("care-home-data"), "--home")
    yield server
    stop_server(server, "voila-care-home.log")


def _take_in(page, path: str) -> None:
    """Open a hand-back file with its passphrase and take it in."""
    open_hand_back_file(page, path, PASS)
    expect(page.locator(".aw-bundle-preview")).to_be_visible()
    press(page, "button", "Take it in")
    expect(page.locator(".aw-bundle-status")).to_contain_text(re.compile(r"\d+ (new|changed)"))


# -- (a) the risk message at home ------------------------------------------------------------
def test_at_home_the_risk_message_says_nobody_reads_it_yet_and_what_to_do_now(page, home_server):
    store = home_server.store()
    store.create_client(ClientProfile(pseudonym="Test-Dunlin", relationship_context="single"))
    store.close()
    page.goto(home_server.url(PATTERN))
    expect(page.get_by_text("Working as Test-Dunlin.")).to_be_visible(timeout=90_000)
    step(page, "3. Trigger log")
    log_a_moment(page, RISK)

    alert = page.locator(".aw-form-message .aw-risk")
    expect(alert).to_be_visible()
    # plainly: nobody reads it until the work goes back ...
    expect(alert).to_contain_text("Your entry is saved on this computer only.")
    expect(alert).to_contain_text("Nobody reads it until you send your work back to your therapist")
    # ... never the clinic's promise that the therapist will see it
    expect(alert).not_to_contain_text("your therapist sees a note")
    expect(alert).not_to_contain_text("at the top of your next session")
    # ... and what to do right now: the lines in full, and the safety plan
    expect(alert).to_contain_text("please reach out to one of these now")
    call = alert.get_by_role("link", name="Call 988, 9 8 8").first
    expect(call).to_have_attribute("href", "tel:988")
    expect(alert.get_by_role("link", name="Open my safety plan")).to_be_visible()
    expect(page.locator(".aw-crisis")).to_be_visible()
    assert axe_findings(page) == []
    assert page.watch.outside == [] and page.watch.errors == []


# -- (b) the safety plan: session, home, and back ----------------------------------------------
def test_safety_plan_built_in_session_edited_at_home_and_carried_back(
        page, voila_server, home_server, tmp_path):
    signs = "1. The signs that a hard moment is starting"
    coping = "2. Things I can do on my own to get through it"
    reasons = "7. My reasons for living"

    # In session: built together.
    open_workbook(page, voila_server, PLAN)
    new_client(page, "Test-Curlew")
    step(page, "2. My plan")
    type_into(page, signs, "(Fictional) lying awake after midnight")
    type_into(page, coping, "(Fictional) the breathing practice")
    press(page, "button", "Save my safety plan")
    expect(shown(page, "Your safety plan was saved.")).to_be_visible()

    store = voila_server.store()
    [client] = [c for c in store.clients() if c.pseudonym == "Test-Curlew"]
    # a session earlier today, so a change at home shows as news next time
    store.add_entry(client.id, "session", {
        "workbook": "01_pattern_awareness", "number": 1, "date": dt.date.today().isoformat()},
        author="therapist", place="clinic", workbook="01_pattern_awareness")
    made = handback.make_starter(store, client.id, PASS, handouts=False)
    store.close()
    starter = tmp_path / made.filename
    starter.write_bytes(made.data)

    # At home: the starter file brings the plan; the client changes it.
    page.goto(home_server.url(BETWEEN))
    expect(page.get_by_role("heading", name="Welcome")).to_be_visible(timeout=90_000)
    _take_in(page, str(starter))
    page.get_by_role("link", name="Open my safety plan").first.click()
    page.get_by_role("button", name="Need help now?").wait_for(timeout=90_000)
    expect(page.get_by_text("Working as Test-Curlew.")).to_be_visible()
    step(page, "2. My plan")
    expect(page.get_by_label(signs, exact=True)).to_have_value("(Fictional) lying awake after midnight")
    type_into(page, reasons, "(Fictional) my niece's laugh")
    press(page, "button", "Save my safety plan")
    expect(shown(page, "Your safety plan was saved.")).to_be_visible()

    # The return file goes back ...
    page.goto(home_server.url(BETWEEN))
    expect(page.get_by_role("button", name="Make my return file")).to_be_visible(timeout=90_000)
    type_into(page, "Passphrase", PASS, within=".aw-send")
    type_into(page, "Passphrase again", PASS, within=".aw-send")
    press(page, "button", "Make my return file")
    link = page.locator(".aw-bundle-result a")
    expect(link).to_be_visible()
    with page.expect_download() as download:
        link.click()
    returned = tmp_path / download.value.suggested_filename
    download.value.save_as(returned)

    # ... and is taken in at the clinic, where the change is news and the plan is the home one.
    open_workbook(page, voila_server, BETWEEN)
    page.get_by_label("Client", exact=True).select_option(label="Test-Curlew")
    _take_in(page, str(returned))
    open_workbook(page, voila_server, PLAN)
    page.get_by_label("Client", exact=True).select_option(label="Test-Curlew")
    expect(shown(page, "The safety plan was changed at home on")).to_be_visible()
    step(page, "2. My plan")
    expect(page.get_by_label(reasons, exact=True)).to_have_value("(Fictional) my niece's laugh")
    expect(page.get_by_label(signs, exact=True)).to_have_value("(Fictional) lying awake after midnight")
    expect(page.get_by_label(coping, exact=True)).to_have_value("(Fictional) the breathing practice")
    assert page.watch.outside == [] and page.watch.errors == []


# -- (c) a flag reviewed on its own -------------------------------------------------------------
def test_a_flag_is_reviewed_on_its_own_with_what_was_done(page, voila_server):
    store = voila_server.store()
    client = store.create_client(ClientProfile(pseudonym="Test-Sanderling"))
    for n, words in enumerate(("(Fictional) FIRST-WORDS: I just want to die",
                               "(Fictional) SECOND-WORDS: I want to kill myself")):
        store.add_entry(client.id, "trigger_log", {
            "occurred": f"2026-11-0{n + 1}T22:00", "happened": "(Fictional) a quiet night",
            "trigger_kind": "distance", "story": words, "other_stories": ["(Fictional) tired"],
            "intensity": 8}, author="therapist", place="clinic", workbook="01_pattern_awareness",
            at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=2 - n))
    assert len(store.flags(client.id)) == 2
    store.close()

    open_workbook(page, voila_server, PATTERN)
    page.get_by_label("Client", exact=True).select_option(label="Test-Sanderling ⚑ 2 to check")
    expect(page.get_by_text("Please check in about safety first")).to_be_visible(timeout=30_000)
    reviews = page.locator(".aw-flag-review")
    expect(reviews).to_have_count(2)
    first = reviews.first
    first.get_by_label("Asked about safety now").check()
    first.get_by_label("Made or updated the safety plan").check()
    first.get_by_label("A note for the record (optional, therapist only)").fill(
        "(Fictional) NOTE-SECRET we rang the crisis line together")
    first.get_by_role("button", name="Record what we did; we have talked it through").click()
    expect(shown(page, "Marked as talked through.")).to_be_visible()
    # the other stays open, on the page and in the picker
    expect(reviews).to_have_count(1)
    expect(page.get_by_text("Please check in about safety first")).to_be_visible()
    expect(page.get_by_label("Client", exact=True).locator("option:checked")).to_have_text(
        "Test-Sanderling ⚑ 1 to check")

    store = voila_server.store()
    try:
        every = store.flags(client.id, open_only=False)
        done = [f for f in every if f.reviewed_at is not None]
        still = [f for f in every if f.reviewed_at is None]
        assert len(done) == 1 and len(still) == 1
        assert set(done[0].review_actions) == {"asked_safety", "safety_plan"}
        assert "NOTE-SECRET" in done[0].review_note
    finally:
        store.close()

    # the audit log keeps that it happened, and no content
    open_workbook(page, voila_server, BETWEEN)
    audit = page.locator(".aw-audit")
    expect(audit).to_contain_text("A flag talked through")
    expect(audit).to_contain_text("what was done: Asked about safety now, Made or updated the safety plan")
    for secret in ("NOTE-SECRET", "FIRST-WORDS", "SECOND-WORDS", "want to die", "kill myself"):
        expect(audit).not_to_contain_text(secret)
    assert page.watch.outside == [] and page.watch.errors == []


# -- (d) the partner-safety check changes what 04 and 05 say ----------------------------------
def _answer_safety(page, afraid: str) -> None:
    step(page, "2. Feeling safe first")
    for q in ("afraid", "threatened", "controlled", "hurt"):
        answer = afraid if q == "afraid" else "No"
        page.locator(f".aw-safety-{q}").get_by_role("radio", name=answer, exact=True).click()
    press(page, "button", "Save my answers")


CAUTION = "suggest you may not be safe with a partner"


def test_the_partner_safety_check_changes_what_04_and_05_say(page, voila_server):
    open_workbook(page, voila_server, BOUNDARIES)
    new_client(page, "Test-Turnstone")
    step(page, "4. Boundary script")
    expect(page.get_by_text("Please answer the four safety questions on the first step")
           .first).to_be_visible()

    # "Not sure" about being afraid: safety is in doubt
    _answer_safety(page, "Not sure")
    expect(page.get_by_text("Please talk it through with your therapist first.")).to_be_visible()
    expect(page.get_by_text("Your therapist sees a note that this came up")).to_be_visible()
    step(page, "4. Boundary script")
    expect(page.get_by_text(CAUTION).first).to_be_visible()
    step(page, "5. Small-no experiments")
    expect(page.get_by_text(CAUTION).last).to_be_visible()

    open_workbook(page, voila_server, PARTNER)
    page.get_by_label("Client", exact=True).select_option(label="Test-Turnstone ⚑ 1 to check")
    step(page, "3. People I'm weighing up")
    expect(shown(page, CAUTION).first).to_be_visible()
    assert page.get_by_text("Honesty will be fine").count() == 0

    # safe after all (answered again in 05): both workbooks stop cautioning
    _answer_safety(page, "No")
    expect(page.get_by_text("From your answers, the practices that follow are for you.")).to_be_visible()
    step(page, "3. People I'm weighing up")
    expect(shown(page, CAUTION)).to_have_count(0)

    open_workbook(page, voila_server, BOUNDARIES)
    page.get_by_label("Client", exact=True).select_option(label="Test-Turnstone ⚑ 1 to check")
    step(page, "4. Boundary script")
    expect(page.get_by_text("Boundary script").first).to_be_visible()
    expect(shown(page, CAUTION)).to_have_count(0)
    expect(page.get_by_text("Please answer the four safety questions")).to_have_count(0)
    assert page.watch.outside == [] and page.watch.errors == []

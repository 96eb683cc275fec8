"""Workbooks 01 and 02 in a real browser, used the way a client or therapist would."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support import HOSTILE
from tests.support.browser import (
    axe_report,
    new_client,
    open_workbook,
    press,
    settle,
    shown,
    step,
    structure_findings,
    type_into,
)

pytestmark = pytest.mark.browser

PATTERN = "01_pattern_awareness.ipynb"
REGULATION = "02_regulation.ipynb"


def test_client_logs_a_trigger_with_the_keyboard_and_finds_it_after_reload(page, voila_server):
    open_workbook(page, voila_server, PATTERN)
    title = page.title().split(" · ")[0]  # the workbook; the step's name follows it
    new_client(page, "Test-Kestrel")
    step(page, "3. Trigger log")

    type_into(page, "What happened?", HOSTILE + " no reply all evening (fictional)")
    page.get_by_label("What kind of moment was it?").focus()
    page.keyboard.press("ArrowDown")  # first kind: distance or a late reply
    type_into(page, "The story my mind told", "They are bored of me")
    type_into(page, "How strong was the feeling? (0 to 10)", "7")
    press(page, "checkbox", "Tight chest", " ")
    type_into(page, "My stress that day, before this happened (0 to 10)", "6")
    # saved at 2 a.m. without another story: kept as it is, marked unfinished
    press(page, "button", "Save this entry")
    expect(page.get_by_text("The other possible story can wait")).to_be_visible()
    expect(page.locator(".aw-header .aw-save")).to_contain_text(re.compile(r"Saved \d\d:\d\d"))
    expect(page.locator(".aw-entry-list table")).to_contain_text("(unfinished)")

    # a new page and kernel: it is offered back, and finished
    open_workbook(page, voila_server, PATTERN)
    page.get_by_label("Client", exact=True).select_option(label="Test-Kestrel")
    step(page, "3. Trigger log")
    expect(page.get_by_text("is still waiting for another possible story")).to_be_visible()
    press(page, "button", "Finish it now")
    expect(page.get_by_label("The story my mind told")).to_have_value("They are bored of me")
    type_into(page, "Another possible story", "Their phone battery died")
    press(page, "button", "Save this entry")
    expect(shown(page, "The entry was saved.")).to_be_visible()
    expect(page.locator(".aw-header .aw-save")).to_contain_text(re.compile(r"Saved \d\d:\d\d"))
    expect(page.get_by_text("is still waiting for another possible story")).to_be_hidden()

    # a new page and kernel: the entry is in the list and in the chart
    open_workbook(page, voila_server, PATTERN)
    page.get_by_label("Client", exact=True).select_option(label="Test-Kestrel")
    step(page, "3. Trigger log")
    table = page.locator(".aw-entry-list table")
    expect(table).not_to_contain_text("(unfinished)")
    expect(table).to_contain_text("no reply all evening (fictional)")
    expect(table).to_contain_text(HOSTILE)  # shown as text ...
    assert page.locator("img[src='x']").count() == 0  # ... and never run
    expect(table).to_contain_text("7/10")
    expect(table).to_contain_text("In session")
    step(page, "6. Charts")
    expect(page.get_by_text("Moments logged so far: 1 (Distance or a late reply: 1)")).to_be_visible()
    expect(page.locator(".aw-chart-plot .main-svg").first).to_be_visible(timeout=30_000)
    assert page.title().split(" · ")[0] == title != "X"
    assert page.watch.outside == [] and page.watch.errors == []


def test_a_risk_sentence_brings_the_crisis_resources_at_once(page, voila_server):
    open_workbook(page, voila_server, PATTERN)
    new_client(page, "Test-Plover")
    step(page, "3. Trigger log")
    type_into(page, "What happened?", "A fictional argument about the weekend")
    page.get_by_label("What kind of moment was it?").select_option(
        label="Conflict or not knowing where I stand")
    type_into(page, "The story my mind told", "Honestly I just want to die")
    type_into(page, "Another possible story", "We were both tired")
    page.get_by_label("How strong was the feeling? (0 to 10)").select_option(label="8 · very strong")
    press(page, "button", "Save this entry")
    alert = page.locator(".aw-form-message .aw-risk")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("Thank you for writing this down")
    expect(alert).to_contain_text("988")
    expect(page.locator(".aw-crisis")).to_be_visible()  # and the panel at the top is open
    # the therapist sees the flag at the start of the next session
    open_workbook(page, voila_server, PATTERN)
    page.get_by_label("Client", exact=True).select_option(label="Test-Plover ⚑ 1 to check")
    expect(page.get_by_text("Please check in about safety first")).to_be_visible()
    page.get_by_role("button", name="We have talked it through").click()
    expect(shown(page, "Marked as talked through.")).to_be_visible()
    assert page.watch.outside == []


def test_pacer_starts_pauses_and_stops(page, voila_server):
    open_workbook(page, voila_server, REGULATION)
    new_client(page, "Test-Heron2")
    step(page, "3. Paced breathing")
    pacer = page.locator(".aw-practice-breathing .aw-pacer")
    expect(pacer.locator(".aw-pacer-phase")).to_have_text(
        "Sit comfortably and press Start when you are ready.")
    pacer.get_by_role("button", name="Start").click()
    expect(pacer.locator(".aw-pacer-phase")).to_contain_text("Breathe in")
    expect(pacer.locator(".aw-pacer-phase")).to_contain_text("Breathe out", timeout=10_000)
    pacer.get_by_role("button", name="Pause").click()
    expect(pacer.locator(".aw-pacer-phase")).to_contain_text("Paused")
    pacer.get_by_role("button", name="Carry on").click()
    expect(pacer.locator(".aw-pacer-count")).to_contain_text("Breaths: 1", timeout=15_000)
    pacer.get_by_role("button", name="Stop").click()
    expect(pacer.locator(".aw-pacer-phase")).to_contain_text("Well done")
    # save the practice with distress before and after; the drop is charted
    page.locator(".aw-practice-breathing .aw-suds-before").get_by_role("radio", name="6", exact=True).click()
    page.locator(".aw-practice-breathing .aw-suds-after").get_by_role("radio", name="3", exact=True).click()
    page.locator(".aw-practice-breathing").get_by_role("button", name="Save this practice").click()
    expect(page.get_by_text("Distress went from 6 to 3.")).to_be_visible()
    step(page, "6. What helps you")
    expect(page.get_by_text("Practices saved: 1.")).to_be_visible()
    expect(page.locator(".aw-chart-plot .main-svg").first).to_be_visible(timeout=30_000)
    assert page.watch.outside == [] and page.watch.errors == []


def test_pacer_holds_still_when_the_browser_asks_for_reduced_motion(browser, voila_server):
    context = browser.new_context(reduced_motion="reduce", viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    try:
        open_workbook(page, voila_server, REGULATION)
        new_client(page, "Test-Still")
        step(page, "3. Paced breathing")
        pacer = page.locator(".aw-practice-breathing .aw-pacer")
        pacer.get_by_role("button", name="Start").click()
        expect(pacer).to_have_class(re.compile("aw-pacer-calm"))
        circle = pacer.locator(".aw-pacer-circle")
        first = circle.evaluate("e => getComputedStyle(e).transform")
        page.wait_for_timeout(1500)
        assert circle.evaluate("e => getComputedStyle(e).transform") == first
        expect(pacer.locator(".aw-pacer-phase")).to_contain_text("Breathe in")  # words still guide
    finally:
        context.close()


def test_calm_panel_opens_from_the_intake_too(page, voila_server):
    open_workbook(page, voila_server, "00_intake.ipynb")
    page.get_by_role("button", name="Calm down first").click()
    expect(page.locator(".aw-calm .aw-pacer")).to_be_visible()
    expect(page.get_by_text("Choose a client first if you would like to keep a record")).to_be_visible()
    page.get_by_role("button", name="Fold the toolkit away").click()
    expect(page.locator(".aw-calm")).to_be_hidden()
    assert page.watch.outside == []


@pytest.mark.parametrize("notebook", [PATTERN, REGULATION, "03_core_beliefs.ipynb",
                                      "04_boundaries.ipynb", "05_partner_choice.ipynb",
                                      "06_review.ipynb"])
def test_no_serious_accessibility_findings(page, voila_server, notebook):
    """axe (serious, critical and moderate: the stock one-button page has none of these) and
    the page's structure (tests/support/browser.py structure_findings), on load, with a client,
    at every step, and with the help, calming and summary panels open."""
    open_workbook(page, voila_server, notebook)
    found = [f"on load: {f}" for f in axe_report(page) + structure_findings(page)]
    new_client(page, f"Test-Axe{notebook[:2]}")
    for n in range(1, 8):
        found += [f"step {n}: {f}" for f in axe_report(page) + structure_findings(page)]
        if not page.get_by_role("button", name="Next", exact=True).is_enabled():
            break
        page.get_by_role("button", name="Next", exact=True).click()
        expect(page.locator(".aw-steps-head")).to_contain_text(f"Step {n + 1} of")
        settle(page)
    page.get_by_role("button", name="Need help now?").click()
    page.get_by_role("button", name="Calm down first").click()
    expect(page.locator(".aw-calm .aw-pacer")).to_be_visible()
    page.get_by_role("button", name="Summary and handout").click()
    expect(page.locator(".aw-export")).to_contain_text("Summary and handout")
    found += [f"panels open: {f}" for f in axe_report(page) + structure_findings(page)]
    assert found == [], "\n".join(sorted(set(found)))
    assert page.watch.outside == []


BOUNDARIES = "04_boundaries.ipynb"


def test_complaint_becomes_a_request_with_the_coach(page, voila_server):
    open_workbook(page, voila_server, BOUNDARIES)
    title = page.title().split(" · ")[0]  # the workbook; the step's name follows it
    new_client(page, "Test-Linnet")
    step(page, "3. From complaint to request")
    page.get_by_label("What I want to say to my partner").fill(
        "You never call me back, you obviously don't care. " + HOSTILE)
    page.get_by_role("button", name="Read it", exact=True).click()
    flags = page.locator(".aw-coach-flags").first
    expect(flags).to_contain_text('"You never" sounds like every time')
    expect(flags).to_contain_text("guesses what they think or feel")
    expect(page.get_by_text("I feel … when … Would … work for us?")).to_be_visible()
    page.get_by_label("My rewrite").fill(
        "I feel lonely when evenings go quiet. Could we have a short call at nine on weeknights?")
    page.get_by_role("button", name="Read my rewrite").click()
    # (in the page; the screen readers' announcer says the same words outside it)
    expect(shown(page, "This reads as a request.")).to_be_visible()
    page.get_by_role("button", name="Save this practice").click()
    table = page.locator(".aw-entry-list table").first
    expect(table).to_contain_text(HOSTILE)  # the typed markup is shown as text
    assert page.locator("img[src='x']").count() == 0 and page.title().split(" · ")[0] == title
    assert page.watch.outside == [] and page.watch.errors == []


def test_small_no_experiment_planned_reloaded_completed_and_charted(page, voila_server):
    open_workbook(page, voila_server, BOUNDARIES)
    new_client(page, "Test-Pipit")
    step(page, "5. Small-no experiments")
    page.get_by_label("The small no or preference I will voice").fill("Say I'd rather stay in (fictional)")
    page.get_by_label("How much do I predict it will strain").select_option(label="70 %")
    page.get_by_label("How much distress do I predict").select_option(label="8 · very distressed")
    page.get_by_role("button", name="Save the plan").click()
    expect(page.get_by_text("The plan was saved.")).to_be_visible()

    open_workbook(page, voila_server, BOUNDARIES)
    page.get_by_label("Client", exact=True).select_option(label="Test-Pipit")
    step(page, "5. Small-no experiments")
    expect(page.get_by_text("No completed experiments yet")).to_be_visible()
    page.get_by_label("An experiment to fill in").select_option(index=1)
    page.get_by_role("button", name="Fill in how it went").click()
    expect(page.get_by_text("Predicted strain 70 %")).to_be_visible()
    page.get_by_label("What actually happened").fill("They said fine, and we had a cosy night")
    page.get_by_label("How much distress did I actually feel?").select_option(label="2")
    page.get_by_role("button", name="Save how it went").click()
    expect(page.get_by_text("Distress was lower than predicted in 1 of them")).to_be_visible()
    expect(page.locator(".aw-chart-plot .main-svg").first).to_be_visible(timeout=30_000)
    expect(page.get_by_text("No open experiments.")).to_be_visible()
    assert page.watch.outside == [] and page.watch.errors == []


def test_a_thought_that_points_to_danger_gets_help_not_trap_hints(page, voila_server):
    open_workbook(page, voila_server, "03_core_beliefs.ipynb")
    new_client(page, "Test-Shrike")
    step(page, "4. Thought record")
    suggest = page.get_by_role("button", name="Suggest traps from my words")
    suggest.click()  # nothing typed yet: the page says so, no error
    expect(page.get_by_text("No trap stood out in the words")).to_be_visible()
    page.get_by_label("The automatic thought").fill("He said he will kill me if I leave")
    suggest.click()
    expect(page.get_by_text("not something to pick apart as a thinking trap")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"^Call 18007997233, "))).to_be_visible()
    expect(page.locator(".aw-suggestions")).to_have_count(0)  # no list of hints
    expect(page.get_by_role("button", name="Tick the suggested ones")).to_be_hidden()
    assert page.watch.outside == [] and page.watch.errors == []


def test_thought_record_suggests_traps_and_shows_typed_markup_as_text(page, voila_server):
    open_workbook(page, voila_server, "03_core_beliefs.ipynb")
    title = page.title().split(" · ")[0]  # the workbook; the step's name follows it
    new_client(page, "Test-Bunting")
    step(page, "4. Thought record")
    page.get_by_label("The situation").fill(HOSTILE)
    page.get_by_label("The automatic thought").fill("He must think I'm too much and he's going to leave")
    page.get_by_role("button", name="Suggest traps from my words").click()
    expect(page.get_by_text('Might be mind reading, because of: "He must think"')).to_be_visible()
    expect(page.get_by_label("mind reading", exact=True)).not_to_be_checked()  # never forced
    page.get_by_role("button", name="Tick the suggested ones").click()
    expect(page.get_by_label("mind reading", exact=True)).to_be_checked()
    page.get_by_role("button", name="Save the thought record").click()
    # (in the page; the screen readers' announcer says the same words outside it)
    expect(shown(page, "Unfinished thought records: 1.")).to_be_visible()

    open_workbook(page, voila_server, "03_core_beliefs.ipynb")
    page.get_by_label("Client", exact=True).select_option(label="Test-Bunting")
    step(page, "4. Thought record")
    table = page.locator(".aw-entry-list table").first
    expect(table).to_contain_text("unfinished, open it to finish")
    page.get_by_label("Choose an entry").first.select_option(index=1)
    page.get_by_role("button", name="Open to edit").first.click()
    expect(page.get_by_label("The situation")).to_have_value(HOSTILE)
    assert page.locator("img[src='x']").count() == 0 and page.title().split(" · ")[0] == title
    assert page.watch.outside == [] and page.watch.errors == []

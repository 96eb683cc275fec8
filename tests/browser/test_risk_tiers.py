"""Issue 13 in a real browser: a *possible* sign of risk brings the gentler message with the
crisis lines one click away (the crisis panel stays closed), and danger from a partner
brings the safety message with the domestic-violence lines instead of the suicide panel.
Every sentence here is fictional."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.browser import log_a_moment, new_client, open_workbook, step

pytestmark = pytest.mark.browser

PATTERN = "01_pattern_awareness.ipynb"


def save_a_trigger(page, story: str) -> None:
    step(page, "3. Trigger log")
    log_a_moment(page, story, happened="A fictional evening after a quiet phone call",
                 other="We were both tired")


def test_a_possible_sign_brings_the_gentler_message_with_the_lines_one_click_away(page, voila_server):
    open_workbook(page, voila_server, PATTERN)
    new_client(page, "Test-Wren")
    save_a_trigger(page, "Some days I wish I could just disappear for good")
    message = page.locator(".aw-risk-possible")
    expect(message).to_be_visible()
    expect(message).to_contain_text("you do not have to hold them alone")
    expect(page.locator(".aw-crisis")).to_be_hidden()  # not the crisis panel at the top
    lines = message.get_by_text("Who you can talk to right now")
    call = message.get_by_role("link", name="Call 988, 9 8 8").first
    expect(call).to_be_hidden()
    lines.focus()
    page.keyboard.press("Enter")  # one click (or key) away
    expect(call).to_be_visible()
    expect(page.locator(".aw-risk-partner")).to_have_count(0)
    assert page.watch.outside == [] and page.watch.errors == []


def test_danger_from_a_partner_brings_the_domestic_violence_lines(page, voila_server):
    open_workbook(page, voila_server, PATTERN)
    new_client(page, "Test-Knot")
    save_a_trigger(page, "He checks my phone every night and will not let me see my sister")
    message = page.locator(".aw-risk-partner")
    expect(message).to_be_visible()
    expect(message).to_contain_text("You deserve to be safe")
    expect(message).to_contain_text("National Domestic Violence Hotline")
    # the name spells the digits: a screen reader would read the number as one large number
    hotline = "Call 18007997233, National Domestic Violence Hotline, 1 8 0 0 7 9 9 7 2 3 3"
    expect(message.get_by_role("link", name=hotline, exact=True)).to_be_visible()
    expect(message).to_contain_text("you can close this page now")
    expect(page.locator(".aw-crisis")).to_be_hidden()  # not the suicide crisis panel
    expect(page.locator(".aw-risk-possible")).to_have_count(0)
    assert page.watch.outside == [] and page.watch.errors == []

"""The client's profile edited in the clinic, in a real browser, with the earlier version kept."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from attachwork import workbooks
from tests.support.browser import new_client, open_workbook, press, shown, type_into

pytestmark = pytest.mark.browser


def test_the_profile_is_edited_in_place_and_the_earlier_version_kept(page, voila_server):
    open_workbook(page, voila_server, workbooks.REGULATION.notebook)
    new_client(page, "Test-Sandpiper")
    profile = page.locator(".aw-profile")
    expect(profile).to_contain_text("Nothing written yet.")
    press(page, "button", "Edit the profile")
    type_into(page, "What they hope to get from this work, in their own words",
              "(Fictional) fewer 2 a.m. texts")
    press(page, "button", "Save the profile")
    # the page, not the screen-reader announcer, which repeats the notice
    expect(shown(page, "The profile was saved")).to_be_visible()
    expect(profile).to_contain_text("(Fictional) fewer 2 a.m. texts")
    expect(page.get_by_role("button", name="Save the profile")).to_be_hidden()

    # a new page: the profile as saved, and the version before it kept
    open_workbook(page, voila_server, workbooks.REGULATION.notebook)
    page.get_by_label("Client", exact=True).select_option(label="Test-Sandpiper")
    expect(profile).to_contain_text("(Fictional) fewer 2 a.m. texts")
    profile.get_by_text("Earlier versions (1)").click()
    expect(profile.get_by_role("table")).to_contain_text("Nothing written yet.")
    expect(profile.get_by_role("table")).to_contain_text("The therapist")
    assert page.watch.outside == [] and page.watch.errors == []

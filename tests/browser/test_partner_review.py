"""Workbooks 05 and 06 and the summary export, in a real browser as a therapist would use
them."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import new_client, open_workbook, press, step, type_into

pytestmark = pytest.mark.browser

PARTNER = "05_partner_choice.ipynb"
REVIEW = "06_review.ipynb"


def test_rate_a_partner_and_see_the_radar(page, voila_server):
    open_workbook(page, voila_server, PARTNER)
    new_client(page, "Test-Grebe")
    step(page, "3. People I'm weighing up")
    type_into(page, "Label", "Partner <b>A</b>")
    page.get_by_label("Who they are to me").select_option(label="Current partner")
    page.wait_for_timeout(300)
    press(page, "button", "Save this person")
    expect(page.get_by_text("Saved. You can now rate the signs")).to_be_visible()
    expect(page.locator(".aw-entry-list table")).to_contain_text("Partner <b>A</b>")

    step(page, "4. Signs of a steady partner")
    page.get_by_label("Who are you rating?").select_option(label="Partner <b>A</b>")
    page.wait_for_timeout(300)
    press(page, "button", "Save this rating")  # nothing rated yet: said beside each sign
    expect(page.locator(".aw-sign .aw-error-text").first).to_have_text("Please pick one.")
    for n, sign in enumerate(("consistent", "follows_through", "names_space", "care_lands",
                              "closeness_ok", "responds_to_bids", "repairs",
                              "respects_boundaries")):
        choice = "Not seen yet" if sign == "repairs" else ("Mixed" if n % 2 else "Clearly yes")
        page.locator(f".aw-sign-{sign}").get_by_role("radio", name=choice).click()
    page.wait_for_timeout(300)
    press(page, "button", "Save this rating")
    expect(page.get_by_text("The rating was saved with today's date.")).to_be_visible()
    radar = page.locator(".aw-chart-panel").filter(has_text="evidence points").first
    expect(radar.locator(".main-svg").first).to_be_visible(timeout=30_000)
    expect(radar).to_contain_text("Partner <b>A</b> · ")
    expect(radar).to_contain_text("10 of 16 evidence points")  # 2+1+2+1+2+1+0+1
    # the label is shown as typed in the chart too, never read as markup
    expect(radar.locator(".legendtext").first).to_have_text(re.compile(r"^Partner <b>A</b> · "))
    assert page.watch.outside == [] and page.watch.errors == []


class SlowKernel:
    """The kernel's side of the page's websocket, held back on demand (a slow server or a busy
    kernel): the page's messages still go at once, the kernel's answers wait for release()."""

    def __init__(self) -> None:
        self.holding = False
        self.held: list = []
        self.route = None

    def __call__(self, route) -> None:
        server = route.connect_to_server()
        self.route = route
        route.on_message(server.send)  # the page's messages: at once
        server.on_message(lambda m: self.held.append(m) if self.holding else route.send(m))

    def release(self) -> None:
        self.holding = False
        while self.held:
            self.route.send(self.held.pop(0))


def test_a_label_typed_and_saved_at_once_on_a_slow_server_is_saved_whole(page, voila_server):
    # ipywidgets holds back a field's newest value while the kernel has not answered its last
    # one, but sends a click at once: without the page's ordering, the kernel saved "P".
    slow = SlowKernel()
    page.route_web_socket(re.compile(r"/api/kernels/[^/]+/channels"), slow)
    open_workbook(page, voila_server, PARTNER)
    new_client(page, "Test-Stilt")
    step(page, "3. People I'm weighing up")
    page.get_by_label("Who they are to me").select_option(label="Someone I'm dating or have met")
    page.get_by_label("Label", exact=True).focus()
    page.wait_for_timeout(300)
    slow.holding = True
    page.keyboard.type("Partner Merlin", delay=10)
    page.get_by_role("button", name="Save this person").click()
    page.wait_for_timeout(1500)  # the click has had time to reach the kernel, if it was sent
    assert slow.held, "the kernel's answers were not held back: the test proves nothing"
    slow.release()
    expect(page.get_by_text("Saved. You can now rate the signs")).to_be_visible()
    rows = page.locator(".aw-entry-list table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Partner Merlin")
    assert page.watch.errors == []


def test_review_of_a_year_shows_trajectory_and_trends(page, voila_server, monkeypatch):
    from attachwork.app.demo import ensure_demo_store
    from attachwork.store import Store

    monkeypatch.setenv("ATTACHWORK_DATA_DIR", str(voila_server.data_dir))
    store = Store.open()
    ensure_demo_store(store)
    store.close()
    open_workbook(page, voila_server, REVIEW)
    page.get_by_label("Client", exact=True).select_option(label="Demo-Juniper (DJ)")
    step(page, "2. The path so far")
    panel = page.locator(".aw-chart-panel").first
    expect(panel.locator(".main-svg").first).to_be_visible(timeout=30_000)
    expect(panel).to_contain_text("9 check-ins from")
    expect(page.locator(".aw-change table")).to_contain_text("Cannot be judged reliable")
    # each dimension's baseline and latest check-in carry their dates; the project's own
    # check-in is named as the reflection aid it is
    expect(page.locator(".aw-change table th", has_text="Need for distance")
           .locator("xpath=..")).to_contain_text(re.compile(r"\(\d{4}-\d\d-\d\d\).*\(\d{4}-\d\d-\d\d\)"))
    expect(page.locator(".aw-change")).to_contain_text("reflection aid without published norms")
    step(page, "3. What the worksheets show")
    for words in ("moments logged over", "practices. On average distress dropped",
                  "sessions set homework", "finished experiments over"):
        expect(page.get_by_text(words, exact=False)).to_be_visible()
    expect(page.locator(".aw-chart-panel .js-plotly-plot")).to_have_count(6, timeout=30_000)
    assert page.watch.outside == [] and page.watch.errors == []


def test_export_a_summary_from_the_workbook(page, voila_server):
    open_workbook(page, voila_server, REVIEW)
    new_client(page, "Test-Dunlin")
    step(page, "4. My plan for wobbly days")
    type_into(page, "Early signs that the old pattern is back", "(Fictional) Checking the phone <i>")
    type_into(page, "What helps me", "(Fictional) Slow breathing")
    type_into(page, "Who I can reach", "(Fictional) My sister")
    press(page, "button", "Save my plan")
    expect(page.get_by_text("Your plan was saved.")).to_be_visible()

    page.get_by_role("button", name="Summary and handout").click()
    panel = page.locator(".aw-export")
    expect(panel.get_by_label("Session date")).to_be_visible()
    panel.get_by_label("Client handout").check()
    panel.get_by_text("PDF", exact=True).click()  # the web page alone is enough here
    page.wait_for_timeout(300)
    press(page, "button", "Make it")
    link = panel.get_by_role("link", name="handout.html", exact=False)
    expect(link).to_be_visible(timeout=60_000)
    expect(panel.get_by_role("status").first).to_contain_text("Ready.")
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.startswith("Test-Dunlin_06_review_")
    html = open(download.path(), encoding="utf-8").read()
    assert "(Fictional) Checking the phone &lt;i&gt;" in html
    assert "My plan for wobbly days" in html and "Private session note" not in html
    assert page.watch.outside == []

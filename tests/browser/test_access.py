"""Issue 19 in a real browser: the keyboard alone, what a screen reader is told, and a phone.

* the keyboard: a trigger log, a check-in, the breathing pacer and the crisis panel done with
  the keyboard only, asserting where focus lands after each action; the key presses are
  printed (``pytest -s`` shows them);
* every rating group says what is chosen, by role; named groups; the lasting live regions,
  the page title with the step's name, the chart pointed at its sentence;
* axe and the page's structure on the pages the other modules do not walk (the start page,
  the clinic desk, the safety plan, and every page at home), in every state: on load, every
  step, the help, calming and summary panels open;
* a phone (360 and 320 px): the header wraps and "Need help now?" shows in full, and so do
  the crisis panel's numbers; the radar's labels stay inside it; screenshots go to
  ``$ATTACHWORK_TEST_ARTIFACTS`` when it is set.

One server per mode: the session's clinic server and one home server for this module.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from attachwork.domain.records import ClientProfile
from tests.support.browser import (
    Keys,
    axe_report,
    focused,
    open_workbook,
    settle,
    shown,
    start_server,
    stop_server,
    structure_findings,
)

pytestmark = pytest.mark.browser

NEED_HELP = "Need help now?"


@pytest.fixture(scope="module")
def keys_client(voila_server) -> str:
    """A client made in the store, so the keyboard test starts from the chooser."""

    store = voila_server.store()
    store.create_client(ClientProfile(pseudonym="Test-Keys", relationship_context="single"))
    store.close()
    return "Test-Keys"


@pytest.fixture(scope="module")
def home_demo(tmp_path_factory):
    """The client's side of the demo (Demo-Wren's own copy), served at home."""
    data = tmp_path_factory.mktemp("home-demo")
    server = start_server(data, "--home", "--demo", "--data-dir", str(data / "clinic"))
    yield server
    stop_server(server, "voila-home-demo.log")


def _lands(page, **want) -> dict:
    """Focus is where it should be (each given key of :func:`focused` starts with its value)."""
    now = {}
    for _ in range(40):
        now = focused(page)
        if all(str(now.get(k, "")).startswith(v) for k, v in want.items()):
            return now
        page.wait_for_timeout(100)
    raise AssertionError(f"focus is on {now}, wanted {want}")


def _choose_client(page, keys: Keys, name: str, *, by_open: bool = False) -> None:
    """The chooser: the arrow keys look (nobody is loaded), Enter (or the Open button, with
    ``by_open``) opens the one shown."""
    keys.tab_to(lambda f: f["label"] == "Client")
    for _ in range(30):
        keys.press("ArrowDown")
        if page.evaluate("document.activeElement.selectedOptions[0].textContent").startswith(name):
            break
    page.wait_for_timeout(600)
    status = page.locator(".aw-picker .aw-live").first
    assert "Working with" not in status.inner_text(), "looking through the list loaded a client"
    if by_open:
        keys.press("Tab")
        _lands(page, text="Open")
    keys.press("Enter")
    expect(page.get_by_text(f"Working with {name}.")).to_be_visible()
    expect(page.get_by_role("button", name="Next", exact=True)).to_be_enabled(  # steps built
        timeout=30_000)
    if not by_open:
        _lands(page, label="Client")


def _open_step(page, keys: Keys, title: str, heading: str) -> None:
    """The step list is one tab stop: Shift+Tab back to it, the arrows to the step, Enter."""
    keys.choose("Workbook steps", title, activate="Enter", back=True)
    _lands(page, tag="h2", text=heading)


def _report(name: str, keys: Keys) -> None:
    print(f"\nkeyboard: {name}: {keys.presses} key presses (and {keys.typed} letters typed)")


def test_keyboard_alone_logs_a_trigger_does_a_check_in_breathes_and_finds_help(page, voila_server,
                                                                                keys_client):
    # -- a trigger log, from page load -----------------------------------------------------
    open_workbook(page, voila_server, "01_pattern_awareness.ipynb")
    keys = Keys(page)
    _choose_client(page, keys, keys_client)
    chooser = keys.presses
    _open_step(page, keys, "3. Trigger log", "Trigger log")
    steplist = keys.presses - chooser
    keys.tab_to(lambda f: f["label"] == "What happened?")
    keys.type("(Fictional) no reply all evening")
    keys.tab_to(lambda f: f["label"].startswith("What kind of moment"))
    keys.press("ArrowDown")
    keys.tab_to(lambda f: f["label"].startswith("How strong was the feeling"))
    keys.type("7")
    keys.tab_to(lambda f: f["label"] == "Tight chest")
    keys.press(" ")
    keys.tab_to(lambda f: f["text"] == "Save this entry")
    keys.press("Enter")
    first_save = keys.presses
    # the save cannot go through yet: focus goes to the field with the problem, marked invalid,
    # and its help and message are read with it
    # (the story is left out: the other possible story may wait, the story itself may not)
    now = _lands(page, label="The story my mind told", invalid="true")
    assert now["described"], now
    form_message = page.locator(".aw-worksheet .aw-form-message").first
    assert form_message.get_attribute("role") == "status"  # a lasting live region
    assert page.locator(".aw-header .aw-save").get_attribute("role") == "status"
    keys.type("They are bored of me")
    keys.tab_to(lambda f: f["label"] == "Another possible story")
    keys.type("Their phone battery died")
    keys.tab_to(lambda f: f["text"] == "Save this entry")
    keys.press("Enter")
    expect(shown(page, "The entry was saved.")).to_be_visible()
    _lands(page, text="Save this entry")
    # the same region said it, with no status element of its own inside
    expect(form_message).to_contain_text("The entry was saved.")
    assert form_message.locator("[role=status], [aria-live]").count() == 0
    _report("a trigger log from page load", keys)
    print(f"  of which: choosing the client {chooser}, the step list {steplist}, the form to its "
          f"first Save {first_save - chooser - steplist}, the missing field and Save again "
          f"{keys.presses - first_save}")

    # -- a check-in (workbook 00), from page load ------------------------------------------
    open_workbook(page, voila_server, "00_intake.ipynb")
    keys = Keys(page)
    _choose_client(page, keys, keys_client, by_open=True)
    _open_step(page, keys, "2. What this workbook is", "Before we begin")
    keys.tab_to(lambda f: f["label"].startswith("We have read this together"))
    keys.press(" ")
    _open_step(page, keys, "3. Relationship patterns check-in", "Relationship patterns check-in")
    statements = page.locator(".aw-app .aw-item.aw-rating .aw-rating-label")
    count = statements.count()
    assert count >= 6
    for i in range(count):
        keys.choose(statements.nth(i).inner_text().split(" ", 1)[0], "4")
    expect(page.get_by_text(f"{count} of {count} answered")).to_be_visible()
    keys.tab_to(lambda f: f["text"] == "Save this check-in")
    keys.press("Enter")
    expect(page.locator(".aw-header .aw-save")).to_contain_text("Saved")
    expect(page.locator(".aw-item").get_by_role("radio", name="4", checked=True)).to_have_count(count)
    # the plane: the figure is named by its visible sentence; plotly's insides are hidden
    plot = page.locator(".aw-chart-plot").first
    expect(plot.locator(".main-svg").first).to_be_visible(timeout=30_000)
    sentence = page.locator(f"#{plot.get_attribute('aria-labelledby')}")
    expect(sentence).to_have_class("aw-chart-summary")
    assert plot.locator(".svg-container").get_attribute("aria-hidden") == "true"
    assert plot.locator(".modebar-btn:not([tabindex='-1'])").count() == 0
    # Next: focus goes to the new step's heading; "Step n of N" is said by the same lasting
    # region (its words change, the element stays), and the page's title names the step
    head = page.locator(".aw-live:has(.aw-steps-head)").first
    head.evaluate("(el) => { el.dataset.awMark = 'kept'; }")
    keys.tab_to(lambda f: f["text"] == "Next")
    keys.press("Enter")
    _lands(page, tag="h2", text="How you feel right now")
    expect(head).to_contain_text("Step 4 of")
    assert head.get_attribute("data-aw-mark") == "kept" and head.get_attribute("role") == "status"
    assert page.locator(".aw-steps-head").count() == 1
    assert page.title().endswith("How you feel right now"), page.title()
    # Back: focus goes to the step's heading again
    keys.tab_to(lambda f: f["text"] == "Back")
    keys.press("Enter")
    _lands(page, tag="h2", text="Relationship patterns check-in")
    expect(head).to_contain_text("Step 3 of")
    _report(f"a check-in of {count} statements from page load, saved, then Next and Back", keys)

    # -- the pacer, from the header's calming panel -----------------------------------------
    keys = Keys(page)
    keys.tab_to(lambda f: f["text"] == "Calm down first", back=True)
    assert focused(page)["expanded"] == "false"
    keys.press("Enter")
    _lands(page, tag="h2", text="Calm down first")
    keys.tab_to(lambda f: f["text"] == "Start")
    keys.press("Enter")
    pacer = page.locator(".aw-calm .aw-pacer")
    expect(pacer.locator(".aw-pacer-phase")).to_contain_text("Breathe in")
    _lands(page, text="Pause")  # the same button, still enabled: focus stays on it
    keys.press("Enter")
    expect(pacer.locator(".aw-pacer-phase")).to_contain_text("Paused")
    _lands(page, text="Carry on")
    keys.press("Enter")
    _lands(page, text="Pause")
    keys.press("Tab")
    _lands(page, text="Stop")
    keys.press("Enter")
    expect(pacer.locator(".aw-pacer-phase")).to_contain_text("Well done")
    _lands(page, text="Start")  # Stop can no longer be pressed: focus went back to Start
    keys.press("Escape")
    expect(page.locator(".aw-calm")).to_be_hidden()
    _lands(page, text="Calm down first", expanded="false")
    _report("the pacer: open, start, pause, carry on, stop, close", keys)

    # -- crisis help -------------------------------------------------------------------------
    keys = Keys(page)
    keys.tab_to(lambda f: f["text"] == NEED_HELP)
    keys.press("Enter")
    _lands(page, tag="h2", text="If you are in crisis")
    assert page.get_by_role("button", name=NEED_HELP).get_attribute("aria-expanded") == "true"
    # the numbers are links a phone can call or text, the first one Tab away from the heading
    crisis = page.locator(".aw-crisis")
    assert crisis.locator("a[href^='tel:']").count() >= 1
    assert crisis.locator("a[href^='sms:']").count() >= 1
    before = keys.presses
    keys.tab_to(lambda f: f["tag"] == "a" and f["text"].startswith("Call"))
    assert keys.presses - before <= 3, "the first number to call is more than 3 Tabs away"
    keys.press("Escape")
    expect(page.locator(".aw-crisis")).to_be_hidden()
    _lands(page, text=NEED_HELP, expanded="false")
    _report("crisis help: open and close", keys)
    assert page.watch.errors == []


def test_each_rating_group_says_what_is_chosen(page, voila_server):
    open_workbook(page, voila_server, "01_pattern_awareness.ipynb")
    from tests.support.browser import new_client, step

    new_client(page, "Test-Roles")
    steps = page.get_by_role("navigation", name="Workbook steps")
    expect(steps.get_by_role("radio", checked=True)).to_have_text("1. Who we're working with")
    step(page, "3. Trigger log")  # body sensations: a group named by its question
    body = page.get_by_role("group", name="What I felt in my body")
    expect(body.get_by_role("checkbox", name="Tight chest")).to_be_visible()
    _lands(page, tag="h2", text="Trigger log")  # (the kernel moves focus there, then the next step)
    step(page, "4. Protest and self-silencing")
    expect(steps.get_by_role("radio", checked=True)).to_have_text("4. Protest and self-silencing")
    question = page.get_by_role(
        "radiogroup", name="1. Called or texted again and again while waiting for a reply")
    question.get_by_role("radio", name="Weekly").click()
    expect(question.get_by_role("radio", checked=True)).to_have_text("Weekly")
    expect(question.get_by_role("radio", name="Never")).to_have_attribute("aria-checked", "false")

    open_workbook(page, voila_server, "05_partner_choice.ipynb")
    new_client(page, "Test-Roles5")
    step(page, "2. Feeling safe first")  # the safety questions: each named by its question
    afraid = page.get_by_role("radiogroup", name="1. I sometimes feel afraid of my partner or an ex.")
    afraid.get_by_role("radio", name="No", exact=True).click()
    expect(afraid.get_by_role("radio", checked=True)).to_have_text("No")
    step(page, "4. Signs of a steady partner")
    sign = page.get_by_role("radiogroup", name="Keeps in touch in a way I can count on")
    sign.get_by_role("radio", name="Mixed").click()
    expect(sign.get_by_role("radio", checked=True)).to_have_text("Mixed")
    # the eight "What I've seen" boxes are each named by their sign
    expect(page.get_by_role("textbox", name="What I've seen Keeps in touch in a way I can count on")
           ).to_be_visible()
    expect(page.get_by_role("group", name="Keeps in touch in a way I can count on")).to_be_visible()
    page.get_by_role("button", name="Calm down first").click()
    tools = page.get_by_role("radiogroup", name="Choose a practice")
    expect(tools.get_by_role("radio", checked=True)).to_have_text("Paced breathing")
    before = page.locator(".aw-calm").get_by_role(
        "radiogroup", name="Before you start, how much distress do you feel?").first
    before.get_by_role("radio", name="6", exact=True).click()
    expect(before.get_by_role("radio", checked=True)).to_have_text("6")
    assert page.watch.errors == []


def _walk(page, where: str) -> list[str]:
    """Findings on load, at every step, and with the panels open."""
    found = [f"{where} on load: {f}" for f in axe_report(page) + structure_findings(page)]
    for n in range(2, 9):
        following = page.get_by_role("button", name="Next", exact=True)
        if not following.count() or not following.is_enabled():
            break
        following.click()
        expect(page.locator(".aw-steps-head")).to_contain_text(f"Step {n} of")
        settle(page)
        found += [f"{where} step {n}: {f}" for f in axe_report(page) + structure_findings(page)]
    page.get_by_role("button", name=NEED_HELP).click()
    calm = page.get_by_role("button", name="Calm down first")
    if calm.is_visible():
        calm.click()
        expect(page.locator(".aw-calm .aw-pacer")).to_be_visible()
    summary = page.get_by_role("button", name="Summary and handout")
    if summary.is_visible():
        summary.click()
    settle(page)
    found += [f"{where} panels open: {f}" for f in axe_report(page) + structure_findings(page)]
    return found


def test_the_stock_one_button_page_has_no_moderate_finding(page, tmp_path):
    """The yardstick: plain Voila's page with one button (axe finds nothing moderate there)."""
    import json
    import socket
    import subprocess
    import sys

    (tmp_path / "one_button.ipynb").write_text(json.dumps({
        "cells": [{"cell_type": "code", "execution_count": None, "id": "b0", "metadata": {},
                   "outputs": [], "source": ["import ipywidgets as w\n", "w.Button(description='Go')"]}],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4, "nbformat_minor": 5}))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "voila", str(tmp_path / "one_button.ipynb"),
                             "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(150):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                page.wait_for_timeout(200)
        page.goto(f"http://127.0.0.1:{port}/")
        page.get_by_role("button", name="Go").wait_for(timeout=60_000)
        assert axe_report(page) == []
    finally:
        proc.terminate()
        proc.wait(timeout=15)


@pytest.mark.parametrize("notebook", ["start.ipynb", "between_sessions.ipynb"])
def test_clinic_pages_without_steps_are_clean(page, voila_server, notebook):
    open_workbook(page, voila_server, notebook)
    found = [f"{notebook} on load: {f}" for f in axe_report(page) + structure_findings(page)]
    if notebook == "between_sessions.ipynb":
        from tests.support.browser import new_client

        new_client(page, "Test-Desk")
        found += [f"{notebook} client: {f}" for f in axe_report(page) + structure_findings(page)]
    page.get_by_role("button", name=NEED_HELP).click()
    found += [f"{notebook} help open: {f}" for f in axe_report(page) + structure_findings(page)]
    assert found == [], "\n".join(found)
    assert page.watch.outside == []


def test_the_safety_plan_in_the_clinic_is_clean(page, voila_server):
    """The safety plan (no other module walks it): on load, with a client, at every step, and
    with the help panel open."""
    from tests.support.browser import new_client

    open_workbook(page, voila_server, "safety_plan.ipynb")
    new_client(page, "Test-Plan")
    found = _walk(page, "clinic safety_plan.ipynb")
    assert found == [], "\n".join(found)
    assert page.watch.outside == []


HOME_PAGES = ["between_sessions.ipynb", "00_intake.ipynb", "01_pattern_awareness.ipynb",
              "02_regulation.ipynb", "03_core_beliefs.ipynb", "04_boundaries.ipynb",
              "05_partner_choice.ipynb", "06_review.ipynb", "safety_plan.ipynb"]


def test_every_home_page_in_every_state_is_clean(page, home_demo):
    found: list[str] = []
    for notebook in HOME_PAGES:
        open_workbook(page, home_demo, notebook)
        if notebook == "between_sessions.ipynb":
            expect(page.get_by_text("Working as Demo-Wren.")).to_be_visible()
            page.get_by_role("button", name="Open the calming tools").click()
            expect(page.locator(".aw-toolkit .aw-pacer").first).to_be_visible()
        elif notebook != "00_intake.ipynb":
            expect(page.get_by_text("Working as Demo-Wren.")).to_be_visible()
        found += _walk(page, f"home {notebook}")
    assert found == [], "\n".join(found)
    assert page.watch.outside == []


def _artifacts() -> Path | None:
    where = os.environ.get("ATTACHWORK_TEST_ARTIFACTS")
    if not where:
        return None
    Path(where).mkdir(parents=True, exist_ok=True)
    return Path(where)


_CUT_OFF = """() => {
  const out = [];
  const shown = (el) => el.getClientRects().length > 0;
  const width = document.documentElement.clientWidth;
  for (const b of document.querySelectorAll(".aw-header button")) {
    if (!shown(b)) continue;
    const r = b.getBoundingClientRect();
    if (b.scrollWidth > b.clientWidth + 1 || r.left < 0 || r.right > width + 0.5)
      out.push(`header button cut: ${b.textContent.trim()}`);
  }
  for (const f of document.querySelectorAll(".aw-app input, .aw-app textarea, .aw-app select")) {
    if (!shown(f) || f.type === "checkbox" || f.type === "file") continue;
    const r = f.getBoundingClientRect();
    let box = f.parentElement;
    while (box && getComputedStyle(box).overflow === "visible") box = box.parentElement;
    const edge = box ? box.getBoundingClientRect().right : width;
    if (r.right > Math.min(edge, width) + 0.5)
      out.push(`field cut on the right: ${f.outerHTML.slice(0, 60)}`);
  }
  return out;
}"""


@pytest.mark.parametrize("width", [360, 320])
def test_a_phone_shows_need_help_in_full_and_cuts_no_field(browser, voila_server, home_demo, width):
    context = browser.new_context(viewport={"width": width, "height": 740}, device_scale_factor=1)
    page = context.new_page()
    shots = _artifacts()
    try:
        for name, server, notebook, client in (
                ("home", home_demo, "between_sessions.ipynb", None),
                ("clinic", voila_server, "01_pattern_awareness.ipynb", "Test-Phone")):
            open_workbook(page, server, notebook)
            if client:
                from tests.support.browser import new_client, step

                new_client(page, f"{client}{width}")
                step(page, "5. My cycle map")
            help_button = page.get_by_role("button", name=NEED_HELP)
            expect(help_button).to_be_visible()
            expect(help_button).to_have_text(NEED_HELP)
            assert page.evaluate(_CUT_OFF) == []
            if client:  # the cycle map is a list here, not a drawing in 6 px words
                expect(page.locator(".aw-cycle-list")).to_be_visible()
                expect(page.locator(".aw-cycle-svg")).to_be_hidden()
            if shots:
                page.screenshot(path=str(shots / f"phone-{width}-{name}.png"), full_page=False)
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            # open, the panel's numbers fit too: a call link in full, nothing wider than the screen
            help_button.click()
            call = page.locator(".aw-crisis a[href^='tel:']").first
            expect(call).to_be_visible()
            box = call.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, box
            assert call.evaluate("(a) => a.getClientRects().length") == 1  # on one line
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            if shots:
                page.screenshot(path=str(shots / f"phone-{width}-{name}-help.png"), full_page=False)
            page.keyboard.press("Escape")
            # the close goes through the kernel: time for it on a loaded machine
            expect(page.locator(".aw-crisis")).to_be_hidden(timeout=15_000)
    finally:
        context.close()


_CLIPPED_LABELS = """() => {
  const out = [];
  let count = 0;
  const width = document.documentElement.clientWidth;
  for (const plot of document.querySelectorAll(".aw-chart-plot")) {
    if (!plot.getClientRects().length) continue;
    const edge = plot.getBoundingClientRect();
    for (const t of plot.querySelectorAll("text.annotation-text")) {
      const r = t.getBoundingClientRect();
      if (!r.width) continue;
      count += 1;
      if (r.left < Math.max(edge.left, 0) - 0.5 || r.right > Math.min(edge.right, width) + 0.5)
        out.push(`${t.textContent.trim()}: ${Math.round(r.left)} to ${Math.round(r.right)}`);
    }
  }
  return {count, out};
}"""


def test_a_phone_shows_the_radar_s_labels_whole(browser, home_demo):
    """05's side-by-side radar and one person's over time, at 360 px (Demo-Wren has two people
    rated): every sign's label inside its drawing and the screen."""
    from tests.support.browser import step

    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=1)
    page = context.new_page()
    try:
        open_workbook(page, home_demo, "05_partner_choice.ipynb")
        expect(page.get_by_text("Working as Demo-Wren.")).to_be_visible()
        step(page, "5. Side by side")
        plots = page.locator(".aw-chart-plot:visible")
        expect(plots.nth(1).locator("text.annotation-text").first).to_be_attached(timeout=30_000)
        page.wait_for_timeout(1000)
        got = page.evaluate(_CLIPPED_LABELS)
        assert got["count"] >= 16 and got["out"] == [], got
        if (shots := _artifacts()):
            plots.first.scroll_into_view_if_needed()
            page.screenshot(path=str(shots / "phone-360-radar.png"), full_page=False)
    finally:
        context.close()


def test_focus_is_seen_on_every_kind_of_control(page, voila_server):
    """A ring of at least 2 px and 3:1 against the page on text boxes, text areas, dropdowns,
    passphrase fields, buttons, checkboxes and radio buttons, and field borders of 3:1."""
    open_workbook(page, voila_server, "between_sessions.ipynb")
    from tests.support.browser import new_client

    new_client(page, "Test-Rings")
    ring = """(el) => {
      const s = getComputedStyle(el);
      const rgb = (c) => (c.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
      const lum = (c) => { const [r, g, b] = rgb(c).map((v) => { v /= 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
      const ratio = (a, b) => (Math.max(lum(a), lum(b)) + 0.05) / (Math.min(lum(a), lum(b)) + 0.05);
      return {width: parseFloat(s.outlineWidth), style: s.outlineStyle,
              contrast: ratio(s.outlineColor, "rgb(255,255,255)"),
              border: el.matches("input, textarea, select")
                ? ratio(s.borderRightColor, "rgb(255,255,255)") : 99};
    }"""
    kinds = {
        "text box": page.get_by_label("Code name", exact=True),
        "text area": page.get_by_label("What the client hopes to get"),
        "dropdown": page.get_by_label("Relationship right now"),
        "passphrase": page.locator(".aw-send").get_by_label("Passphrase", exact=True),
        "button": page.get_by_role("button", name="Add client"),
        "checkbox": page.get_by_role("checkbox").first,
    }
    seen = {}
    for name, control in kinds.items():
        control.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # reached by the keyboard, as :focus-visible wants
        seen[name] = control.evaluate(ring)
    for name, got in seen.items():
        assert got["style"] != "none" and got["width"] >= 2, (name, got)
        assert got["contrast"] >= 3 and got["border"] >= 3, (name, got)
    print("\nfocus rings:", {k: (v["width"], round(v["contrast"], 1)) for k, v in seen.items()})
    # at a desk's width too, no field loses its right border
    assert page.evaluate(_CUT_OFF) == []


def test_the_header_panels_say_whether_they_are_open(page, voila_server):
    open_workbook(page, voila_server, "02_regulation.ipynb")
    for name, panel in ((NEED_HELP, ".aw-crisis"), ("Calm down first", ".aw-calm")):
        button = page.get_by_role("button", name=name)
        expect(button).to_have_attribute("aria-expanded", "false")
        controls = button.get_attribute("aria-controls")
        assert controls and page.locator(f"#{controls}").evaluate(
            f"(el) => el.matches('{panel}')")
        button.click()
        expect(button).to_have_attribute("aria-expanded", "true")
        page.keyboard.press("Escape")
        expect(page.locator(panel)).to_be_hidden(timeout=20_000)  # the kernel closes it
        expect(button).to_have_attribute("aria-expanded", "false")
        expect(button).to_be_focused()
    assert page.watch.errors == []


@pytest.mark.parametrize(("notebook", "title", "before"), [
    ("00_intake.ipynb", "3. Relationship patterns check-in", 99),
    ("01_pattern_awareness.ipynb", "4. Protest and self-silencing", 65),
    ("05_partner_choice.ipynb", "6. How our patterns meet", 90),
])
def test_the_long_steps_are_short_tab_walks(page, voila_server, notebook, title, before):
    """Tab stops from a step's heading to Next; ``before``: the count when every rating choice
    was a stop of its own (measured on the code before issue 19, same walk)."""
    from tests.support.browser import new_client

    open_workbook(page, voila_server, notebook)
    new_client(page, f"Test-Walk{notebook[:2]}")
    keys = Keys(page, limit=200)
    _open_step(page, keys, title, "")
    keys = Keys(page, limit=200)
    keys.tab_to(lambda f: f["text"] == "Next")
    print(f"\ntab stops: {notebook} {title}: {keys.presses} (before: {before})")
    assert keys.presses < before / 2

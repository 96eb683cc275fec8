"""Home mode end to end: a starter file goes home, the client sees the homework, logs a
moment, sends the work back, and the clinic takes it in and sees it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from attachwork import workbooks
from attachwork.domain.records import ClientProfile
from attachwork.services import bundle_file, handback
from tests.support.browser import (
    TOKEN,
    axe_findings,
    open_hand_back_file,
    open_workbook,
    press,
    shown,
    start_server,
    step,
    stop_server,
    type_into,
)

PASS = "fictional-lantern-harbour"
BETWEEN = "between_sessions.ipynb"


@pytest.fixture
def home_server(tmp_path_factory):
    server = start_server(tmp_path_factory.mktemp("home-data"), "--home")
    yield server
    stop_server(server, "voila-home.log")


def _clinic_client(voila_server) -> str:
    """A client whose last session set three trigger logs, and the starter file for them."""
    store = voila_server.store()
    c = store.create_client(ClientProfile(pseudonym="Test-Wagtail", relationship_context="dating"))
    store.add_entry(c.id, "session", {
        "workbook": "01_pattern_awareness", "number": 1, "date": dt.date.today().isoformat(),
        "therapist_note": "(Fictional) stays in the clinic",
        "homework_items": [{"kind": "trigger_log", "count": 3}]}, author="therapist",
        place="clinic", workbook="01_pattern_awareness",
        at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1))
    made = handback.make_starter(store, c.id, PASS, handouts=False)
    path = voila_server.data_dir / made.filename
    path.write_bytes(made.data)
    store.close()
    return str(path)


def test_home_round_trip_through_real_files(page, voila_server, home_server, tmp_path):
    starter = _clinic_client(voila_server)

    # At home: the start page asks for the starter file first.
    page.goto(f"http://127.0.0.1:{home_server.port}/voila/render/{BETWEEN}?token={TOKEN}")
    expect(page.get_by_role("heading", name="Welcome")).to_be_visible(timeout=90_000)
    expect(page.get_by_role("button", name="Need help now?")).to_be_visible()
    open_hand_back_file(page, starter, PASS)
    expect(page.locator(".aw-bundle-preview")).to_contain_text("New (1)")
    press(page, "button", "Take it in")
    expect(page.locator(".aw-bundle-status")).to_contain_text("1 new")
    homework = page.locator(".aw-home-homework")
    expect(homework).to_contain_text("0 of 3 Trigger log entries")
    expect(page.locator(".aw-crisis-inline")).to_contain_text("If you are in crisis")
    assert axe_findings(page) == []
    assert "stays in the clinic" not in page.content()

    # The homework link opens the worksheet on the one profile, with no picker.
    page.get_by_role("link", name="Open Noticing the pattern").click()
    page.get_by_role("button", name="Need help now?").wait_for(timeout=90_000)
    expect(page.get_by_text("Working as Test-Wagtail.")).to_be_visible()
    assert page.get_by_label("Client", exact=True).count() == 0
    step(page, "3. Trigger log")
    type_into(page, "What happened?", "(Fictional) a friend cancelled at the last minute")
    page.get_by_label("What kind of moment was it?").focus()
    page.keyboard.press("ArrowDown")
    type_into(page, "The story my mind told", "(Fictional) I am too much")
    type_into(page, "Another possible story", "(Fictional) they were unwell")
    type_into(page, "How strong was the feeling? (0 to 10)", "6")
    press(page, "button", "Save this entry")
    expect(shown(page, "The entry was saved.")).to_be_visible()

    # Back on the start page: progress moved; the return file is made and saved.
    page.goto(f"http://127.0.0.1:{home_server.port}/voila/render/{BETWEEN}?token={TOKEN}")
    expect(page.locator(".aw-home-homework")).to_contain_text("1 of 3 Trigger log entries",
                                                              timeout=90_000)
    type_into(page, "Passphrase", PASS, within=".aw-send")
    type_into(page, "Passphrase again", PASS, within=".aw-send")
    press(page, "button", "Make my return file")
    link = page.locator(".aw-bundle-result a")
    expect(link).to_be_visible()
    with page.expect_download() as download:
        link.click()
    returned = tmp_path / download.value.suggested_filename
    download.value.save_as(returned)
    assert re.fullmatch(r"Test-Wagtail_return_.*\.awbundle", returned.name)
    assert returned.read_bytes().startswith(bundle_file.MAGIC)
    assert page.watch.outside == [] and page.watch.errors == []

    # In the clinic: choose the client, check the file, see the preview, take it in.
    open_workbook(page, voila_server, BETWEEN)
    page.get_by_label("Client", exact=True).select_option(label="Test-Wagtail")
    open_hand_back_file(page, str(returned), PASS)
    preview = page.locator(".aw-bundle-preview")
    expect(preview).to_contain_text("New (1)")
    expect(preview).to_contain_text("at home")
    press(page, "button", "Take it in")
    expect(page.locator(".aw-bundle-status")).to_contain_text("1 new")
    expect(page.locator(".aw-audit")).to_contain_text("Return file taken in")
    assert axe_findings(page) == []

    # ... and the entry is there in the workbook, marked as written at home.
    open_workbook(page, voila_server, "01_pattern_awareness.ipynb")
    page.get_by_label("Client", exact=True).select_option(label="Test-Wagtail")
    step(page, "3. Trigger log")
    table = page.locator(".aw-entry-list table")
    expect(table).to_contain_text("a friend cancelled at the last minute")
    expect(table).to_contain_text("At home")
    assert page.watch.outside == [] and page.watch.errors == []


def test_a_calming_draft_that_was_editing_a_practice_comes_back_on_the_home_page(page, home_server):
    """The home page's calming tools share their drafts with workbook 02. A draft left while
    editing a saved practice used to break the page when it was brought back."""
    store = home_server.store()
    c = store.create_client(ClientProfile(pseudonym="Test-Linnet", relationship_context="single"))
    practice = store.add_entry(c.id, "practice", {"tool": "breathing", "suds_before": 6,
                                                 "suds_after": 4, "note": "(Fictional) first go"},
                               author="client", place="home", workbook=workbooks.REGULATION.id)
    state = {"suds_before": 6, "suds_after": 3, "note": "(Fictional) better the second time",
             "inhale": 4, "exhale": 6, "minutes": 2}
    store.save_draft(c.id, f"{workbooks.REGULATION.id}:practice_breathing",
                     {"state": state, "editing": practice.id})
    store.close()

    page.goto(f"http://127.0.0.1:{home_server.port}/voila/render/{BETWEEN}?token={TOKEN}")
    expect(page.get_by_text("Working as Test-Linnet.")).to_be_visible(timeout=90_000)
    press(page, "button", "Open the calming tools")
    press(page, "button", "Carry on with it")
    expect(shown(page, "Your earlier work is back in the form.")).to_be_visible()
    breathing = page.locator(".aw-practice-breathing")
    expect(breathing.get_by_label("Anything you noticed (optional)")).to_have_value(
        "(Fictional) better the second time")
    assert "Something went wrong" not in page.content()
    breathing.get_by_role("button", name="Save this practice").click()
    expect(breathing.get_by_text("Distress went from 6 to 3.")).to_be_visible()
    store = home_server.store()
    [saved] = store.entries(c.id, "practice")
    assert saved.id == practice.id and saved.version == 2, "the edit kept the earlier version"
    store.close()
    assert page.watch.errors == []

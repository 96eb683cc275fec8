"""The home round trip in Spanish: a client whose profile says Spanish takes the starter file
home, the page offers Spanish, the homework and the worksheet are in Spanish (no English piece
of the pack on them), an entry is logged and sent back, and the clinic takes it in."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from attachwork.content import pack
from attachwork.domain.records import ClientProfile
from attachwork.services import bundle_file, handback
from tests.support.browser import TOKEN, press, start_server, stop_server, type_into
from tests.support.language import leaks

pytestmark = pytest.mark.browser

PASS = "fictional-lantern-harbour"
ES, EN = pack("es"), pack("en")
P = "pattern_awareness.trigger"


@pytest.fixture
def home_server(tmp_path_factory):
    server = start_server(tmp_path_factory.mktemp("home-es-data"), "--home")
    yield server
    stop_server(server, "voila-home-es.log")


def _body(page) -> str:
    return page.locator("body").inner_text()


def test_home_round_trip_in_spanish(page, voila_server, home_server, tmp_path):
    clinic = voila_server.store()
    c = clinic.create_client(ClientProfile(pseudonym="Prueba-Jacaranda", relationship_context="dating",
                                           language="es"))
    clinic.add_entry(c.id, "session", {
        "workbook": "01_pattern_awareness", "number": 1, "date": dt.date.today().isoformat(),
        "therapist_note": "(Fictional) stays in the clinic",
        "homework_items": [{"kind": "trigger_log", "count": 2}]}, author="therapist",
        place="clinic", workbook="01_pattern_awareness",
        at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1))
    starter = tmp_path / "starter.awbundle"
    starter.write_bytes(handback.make_starter(clinic, c.id, PASS, handouts=False).data)

    # At home, before the starter file: the computer's language (English here).
    base = f"http://127.0.0.1:{home_server.port}/voila/render/between_sessions.ipynb?token={TOKEN}"
    page.goto(base)
    expect(page.get_by_role("heading", name=EN.text("bundles.home.welcome_heading"))).to_be_visible(
        timeout=180_000)
    with page.expect_file_chooser() as chooser:
        page.locator(".aw-receive .widget-upload").click()
    chooser.value.set_files(str(starter))
    type_into(page, EN.text("bundles.receive.passphrase"), PASS, within=".aw-receive")
    press(page, "button", EN.text("bundles.receive.check"))
    press(page, "button", EN.text("bundles.receive.confirm"))
    # The file says the client reads Spanish: the page offers it, in Spanish.
    switch = page.get_by_role("link", name=ES.text("common.language.show_in", language="Español"))
    expect(switch).to_be_visible(timeout=60_000)
    switch.click()

    # From now on every page of this copy speaks Spanish.
    page.get_by_role("button", name=ES.text("common.crisis.button")).wait_for(timeout=180_000)
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator(".aw-home-homework")).to_contain_text("0")
    assert leaks(_body(page)) == []
    assert "stays in the clinic" not in page.content()
    title = ES.text("common.workbooks.01_pattern_awareness")
    page.get_by_role("link", name=ES.text("bundles.home.homework_open", workbook=title)).click()
    page.get_by_role("button", name=ES.text("common.crisis.button")).wait_for(timeout=180_000)
    expect(page.get_by_text(ES.text("bundles.home.profile_line", name="Prueba-Jacaranda"))).to_be_visible()
    step = ES.text("pattern_awareness.steps.trigger_log")
    press(page, "radio", f"3. {step}", exact=False)
    expect(page.locator(".aw-steps-head")).to_contain_text(step)
    assert leaks(_body(page)) == []
    type_into(page, ES.text(f"{P}.happened"), "(Ficticio) una amiga canceló a última hora")
    page.get_by_label(ES.text(f"{P}.kind")).focus()
    page.keyboard.press("ArrowDown")
    type_into(page, ES.text(f"{P}.story"), "(Ficticio) soy demasiado")
    type_into(page, ES.text(f"{P}.other_story"), "(Ficticio) se sentía mal")
    type_into(page, ES.text(f"{P}.intensity"), "6")
    press(page, "button", ES.text(f"{P}.save"))
    expect(page.get_by_text(ES.text(f"{P}.saved"))).to_be_visible()

    # Back on the start page (still Spanish, with no switch in the address): send it back.
    page.goto(base)
    expect(page.locator(".aw-home-homework")).to_contain_text("1", timeout=180_000)
    expect(page.locator("html")).to_have_attribute("lang", "es")
    type_into(page, ES.text("bundles.send.passphrase"), PASS, within=".aw-send")
    type_into(page, ES.text("bundles.send.repeat"), PASS, within=".aw-send")
    press(page, "button", ES.text("bundles.send.button_home"))
    link = page.locator(".aw-bundle-result a")
    expect(link).to_be_visible()
    with page.expect_download() as download:
        link.click()
    returned = tmp_path / download.value.suggested_filename
    download.value.save_as(returned)
    assert page.watch.outside == [] and page.watch.errors == []

    # In the clinic, the entry written at home in Spanish comes in.
    opened, plan = handback.inspect(clinic, returned.read_bytes(), PASS, "clinic", c.id)
    handback.take_in(clinic, opened, "clinic", c.id)
    [entry] = clinic.entries(c.id, "trigger_log")
    assert entry.place == "home" and "canceló" in entry.payload["happened"]
    assert clinic.client(c.id).language == "es"
    clinic.close()
    assert isinstance(opened, bundle_file.Opened)

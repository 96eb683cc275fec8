"""Every workbook in Spanish, in the browser: a client whose profile says Spanish, each page
opened in it (the switch's address) and walked step by step, and no English piece of the
pack anywhere on it, shown or folded away."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from attachwork import workbooks
from attachwork.content import pack
from attachwork.domain.records import ClientProfile
from tests.support.browser import press, settle, shown, type_into
from tests.support.language import leaks

pytestmark = pytest.mark.browser

ES = pack("es")


@pytest.fixture(scope="module")
def spanish_client(voila_server) -> str:
    store = voila_server.store()
    found = store.client_by_pseudonym("Prueba-Lirio") or store.create_client(ClientProfile(
        pseudonym="Prueba-Lirio", relationship_context="dating", language="es"))
    store.close()
    return found.id


def _open(page, server, notebook: str, query: str) -> None:
    """A workbook's page opened with ``query`` added to its address, once it is drawn (its
    crisis button, in Spanish, is there)."""
    page.goto(f"{server.url(notebook)}&{query}")
    page.get_by_role("button", name=ES.text("common.crisis.button")).wait_for(timeout=180_000)


def _everything(page) -> str:
    """All the text of the page, folded-away steps and panels too (``textContent``)."""
    return page.evaluate("""() => {
        const body = document.body.cloneNode(true);
        body.querySelectorAll('script, style, template').forEach(n => n.remove());
        return body.textContent;
    }""")


@pytest.mark.parametrize("spec", workbooks.ALL, ids=lambda s: s.id)
def test_every_workbook_renders_in_spanish_with_no_english_left(page, voila_server, spanish_client,
                                                                spec):
    query = "lang=es" if spec is workbooks.START else f"client={spanish_client}&lang=es"
    _open(page, voila_server, spec.notebook, query)
    expect(page.get_by_role("heading", name=ES.text(f"{spec.key}.title"), level=1)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "es")  # for screen readers
    seen = [_everything(page)]
    if spec.steps:
        expect(page.locator(".aw-steps-head")).to_be_visible()
        # the client is chosen from the address (every step is built then)
        expect(page.get_by_text(ES.text("common.picker.chosen", name="Prueba-Lirio"))).to_be_visible(
            timeout=60_000)
        nxt = page.get_by_role("button", name=ES.text("common.steps.next"), exact=True)
        head = page.locator(".aw-steps-head")
        for _ in range(len(spec.steps) + 1):
            if not nxt.is_enabled():
                break
            before = head.inner_text()
            nxt.click()
            expect(head).not_to_have_text(before)  # the kernel has sent the next step
            settle(page)
            seen.append(page.locator("body").inner_text())
        seen.append(_everything(page))
    text = "\n".join(seen)
    found = leaks(text)
    if found and os.environ.get("ATTACHWORK_TEST_ARTIFACTS"):
        Path(os.environ["ATTACHWORK_TEST_ARTIFACTS"], f"es-{spec.id}.txt").write_text(text)
    assert found == [], f"English on the Spanish {spec.id} page:\n" + "\n".join(found)
    assert page.watch.errors == []


def test_a_link_followed_from_a_page_shown_in_spanish_stays_in_spanish(page, voila_server):
    """The therapist showed the page in the client's language; the safety plan opened from the
    risk message opens in it too, for the same client (the language is not lost on the way)."""
    store = voila_server.store()
    client = store.client_by_pseudonym("Prueba-Garza") or store.create_client(ClientProfile(
        pseudonym="Prueba-Garza", relationship_context="dating", language="es"))
    store.close()
    t = "pattern_awareness.trigger"
    _open(page, voila_server, workbooks.PATTERN_AWARENESS.notebook, f"client={client.id}&lang=es")
    page.get_by_role("radio", name=ES.text("pattern_awareness.steps.trigger_log"), exact=False).click()
    page.get_by_label(ES.text(f"{t}.happened"), exact=True).fill("(Ficticio) una discusión por el finde")
    page.get_by_label(ES.text(f"{t}.kind")).select_option(label=ES.text(f"{t}.kinds.conflict"))
    page.get_by_label(ES.text(f"{t}.story"), exact=True).fill("La verdad es que quiero morirme")
    page.get_by_label(ES.text(f"{t}.other_story"), exact=True).fill("Estábamos cansados los dos")
    page.get_by_label(ES.text(f"{t}.intensity")).select_option(index=8)
    page.wait_for_timeout(300)  # the typed values reach the kernel before the click
    page.get_by_role("button", name=ES.text(f"{t}.save")).click()
    link = page.locator(".aw-form-message .aw-risk").get_by_role(
        "link", name=ES.text("safety_plan.open_link"))
    expect(link).to_be_visible(timeout=15_000)
    link.click()
    page.wait_for_url("**/safety_plan.ipynb?*lang=es*")
    page.get_by_role("button", name=ES.text("common.crisis.button")).wait_for(timeout=90_000)
    expect(page.get_by_role("heading", name=ES.text("safety_plan.title"), level=1)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "es")


def test_the_practice_s_audit_lines_read_in_spanish(page, voila_server):
    """A client added on a Spanish page (consent read together, ticked in the picker), an account
    line, and an erasure written in an older version as an English sentence: the audit log on
    the Spanish page says all three in Spanish, and none of them in English."""
    _open(page, voila_server, workbooks.PATTERN_AWARENESS.notebook, "lang=es")
    press(page, "checkbox", ES.text("common.picker.consent"), " ", exact=False)
    type_into(page, ES.text("common.picker.pseudonym"), "Prueba-Junco")
    press(page, "button", ES.text("common.picker.new_button"))
    expect(shown(page, ES.text("common.picker.chosen", name="Prueba-Junco"))
           ).to_be_visible()
    store = voila_server.store()
    try:
        added = store.client_by_pseudonym("Prueba-Junco")
        assert added is not None
        assert [e.action for e in store.audit_log(added.id)] == ["consent_given"]
        store.audit("admin", "account_added", "therapist:test-alder", "account=therapist")
        store.audit("admin", "erase", "0f3c-fictional", "client and all records deleted")
    finally:
        store.close()

    _open(page, voila_server, workbooks.BETWEEN_SESSIONS.notebook, "lang=es")
    audit = page.locator(".aw-audit")
    for spanish in (ES.text("bundles.audit.actions.consent_given"),
                    ES.text("bundles.audit.actions.account_added"),
                    ES.text("bundles.audit.values.account.therapist"),
                    ES.text("bundles.audit.actions.erase"),
                    ES.text("bundles.audit.values.deleted.everything")):
        expect(audit).to_contain_text(spanish)
    for english in ("Consent given", "Account added", "a therapist's account",
                    "client and all records deleted", "Erased"):
        expect(audit).not_to_contain_text(english)
    assert page.watch.errors == []

"""Two languages, per person: the profile's language, the page's language and the switch,
dates and numbers written the language's way, and exports (summaries, CSV, FHIR) in the
client's language."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaire import Questionnaire

from attachwork import content
from attachwork.content import current_language, instrument_folders, pack, speaking, use_language
from attachwork.domain import when
from attachwork.domain.instruments import load_catalogue
from attachwork.domain.records import ClientProfile
from attachwork.domain.validation import validate
from attachwork.services import bundle_file, handback, portable
from attachwork.store import Store

TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"


# -- formatting ---------------------------------------------------------------------------
def test_dates_and_numbers_are_written_the_languages_way():
    moment = dt.datetime(2026, 3, 14, 21, 30).astimezone()
    assert when.local_time(moment, "en") == "2026-03-14 21:30"
    assert when.local_time(moment, "es") == "14/03/2026 21:30"
    assert when.day(dt.date(2026, 3, 4), "es") == "04/03/2026"
    assert when.number(1234.5, 2, "en") == "1,234.50"
    assert when.number(1234.5, 2, "es") == "1.234,50"
    assert when.number(-0.25, 2, "es") == "-0,25"
    # without a language: the page's
    use_language("es")
    assert when.number(3.5, 1) == "3,5" and when.local_date(moment) == "14/03/2026"
    use_language("en")
    assert when.number(3.5, 1) == "3.5"
    # a language without its own formats writes the ISO way
    assert when.local_date(moment, "xx") == "2026-03-14"


# -- the page's language ----------------------------------------------------------------
def test_speaking_a_language_comes_back_after_the_block():
    use_language("en")
    with speaking("es") as lang:
        assert lang == "es" and pack().lang == "es"
    assert current_language() == "en" and pack().lang == "en"
    with speaking("zz"):  # a language with no pack: the page's
        assert pack().lang == "en"


def test_beside_shows_the_clients_words_next_to_short_labels_only():
    use_language("en", beside="es")
    c = pack()
    assert c.text("common.picker.label") == "Client · " + pack("es").text("common.picker.label")
    long_key = "common.picker.new_hint"
    assert c.text(long_key) == pack("en").text(long_key)  # not a label: left alone
    assert c.text("common.picker.created", name="X") == "X was added."  # filled: left alone
    use_language("en", beside="en")  # the same language: nothing beside
    assert pack().text("common.picker.label") == "Client"


def test_the_page_speaks_the_address_language_or_the_home_profile(store, monkeypatch):
    from attachwork.ui.language import choose_page_language

    c = store.create_client(ClientProfile(pseudonym="Demo-Lirio", language="es"))
    assert choose_page_language(None, home=False) == "en"
    assert choose_page_language(c, home=True) == "es"
    monkeypatch.setenv("QUERY_STRING", "lang=es&beside=en")
    assert choose_page_language(None, home=False) == "es"
    monkeypatch.setenv("QUERY_STRING", "lang=<script>")
    assert choose_page_language(None, home=False) == "en"
    monkeypatch.setenv("ATTACHWORK_LANG", "es")
    monkeypatch.delenv("QUERY_STRING")
    assert choose_page_language(None, home=False) == "es"


# -- the profile's language -----------------------------------------------------------
def test_a_profile_keeps_its_language_and_an_edit_keeps_the_earlier_one(store):
    c = store.create_client(ClientProfile(pseudonym="Demo-Lirio", language="es"))
    assert store.client(c.id).language == "es"
    store.update_client(c.id, c.profile().model_copy(update={"language": "en"}))
    assert store.client(c.id).language == "en"
    [earlier] = store.versions(c.id)
    assert earlier.payload["language"] == "es"
    _, errors = validate(ClientProfile, {"pseudonym": "Demo-X", "language": "<b>"})
    assert "language" in errors


def test_the_language_goes_home_in_the_starter_file(store, tmp_path):
    c = store.create_client(ClientProfile(pseudonym="Demo-Lirio", language="es"))
    made = handback.make_starter(store, c.id, "fictional-lantern-harbour", handouts=False)
    home = Store.open(f"sqlite:///{tmp_path / 'home.sqlite3'}")
    opened = bundle_file.open_file(made.data, "fictional-lantern-harbour")
    assert opened.client["language"] == "es"
    handback.take_in(home, opened, mode="home")
    assert home.client(c.id).language == "es"
    home.close()


def test_a_file_made_before_languages_opens_with_the_practices_language(store):
    c = store.create_client(ClientProfile(pseudonym="Demo-Lirio"))
    document = handback.full_document(store, c.id, "therapist")
    document["client"].pop("language")
    assert bundle_file.read_document(document).client["language"] == ""


def test_migration_0007_adds_the_language_to_clients_held_before(tmp_path):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, text

    from attachwork.store import MIGRATIONS_DIR

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    engine = create_engine(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0006")
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO clients (id, pseudonym, initials, relationship_context, goals, "
            "created_at, updated_at) VALUES ('00000000-0000-0000-0000-000000000001', "
            "'Demo-Old', '', 'other', '', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"))
    engine.dispose()
    store = Store.open(url)
    assert store.revision() == "0007"
    assert store.client_by_pseudonym("Demo-Old").language == ""
    store.close()


# -- exports in the client's language -----------------------------------------------------
def _answered(store: Store, language: str):
    c = store.create_client(ClientProfile(pseudonym="Demo-Lirio", language=language))
    inst = load_catalogue(instrument_folders("en")).get("reflection-checkin")
    responses = {i.id: 3 for i in inst.items}
    store.add_entry(c.id, "checkin", {"instrument_id": inst.id, "instrument_version": inst.version,
                                      "responses": responses}, author="therapist", place="clinic")
    store.add_entry(c.id, "trigger_log", {
        "occurred": "2026-11-02T19:30:00", "happened": "(Ficticio) canceló a última hora",
        "trigger_kind": "distance", "story": "(Ficticio) sobro", "intensity": 6,
        "other_stories": ["(Ficticio) tuvo un imprevisto"]},
        author="client", place="home")
    return c


def test_fhir_questionnaire_speaks_the_clients_language_with_english_beside(store):
    c = _answered(store, "es")
    document = json.loads(portable.export_fhir(store, c.id, actor="therapist"))
    Bundle.model_validate(document)
    [q] = [e["resource"] for e in document["entry"]
           if e["resource"]["resourceType"] == "Questionnaire"]
    Questionnaire.model_validate(q)
    es = load_catalogue(instrument_folders("es")).get("reflection-checkin")
    en = load_catalogue(instrument_folders("en")).get("reflection-checkin")
    assert q["language"] == "es" and q["title"] == es.title
    for item, mine, english in zip(q["item"], es.items, en.items, strict=True):
        assert item["text"] == mine.text
        [ext] = item["_text"]["extension"]
        assert ext["url"] == TRANSLATION
        assert {x["url"]: x.get("valueCode") or x.get("valueString") for x in ext["extension"]} == {
            "lang": "en", "content": english.text}
    assert q["_title"]["extension"][0]["extension"][1]["valueString"] == en.title


def test_fhir_for_an_english_client_is_english_with_spanish_beside(store):
    c = _answered(store, "")
    document = json.loads(portable.export_fhir(store, c.id, actor="therapist"))
    [q] = [e["resource"] for e in document["entry"]
           if e["resource"]["resourceType"] == "Questionnaire"]
    en = load_catalogue(instrument_folders("en")).get("reflection-checkin")
    assert q["language"] == "en" and q["item"][0]["text"] == en.items[0].text
    langs = {x["valueCode"] for x in q["item"][0]["_text"]["extension"][0]["extension"]
             if x["url"] == "lang"}
    assert langs == {"es"}


def test_csv_headings_are_in_the_clients_language(store):
    c = _answered(store, "es")
    with zipfile.ZipFile(io.BytesIO(portable.export_csv_zip(store, c.id, actor="therapist"))) as zf:
        [header, *_] = list(csv.reader(io.StringIO(zf.read("trigger_log.csv").decode())))
        index = list(csv.reader(io.StringIO(zf.read("columns.csv").decode())))
    es = pack("es")
    assert es.text("export.fields.happened") in header
    assert es.text("export.csv_columns.author") in header
    assert pack("en").text("export.fields.happened") not in header
    assert index[0] == [es.text("export.csv_index.table"), es.text("export.csv_index.heading"),
                        es.text("export.csv_index.field")]
    assert ["trigger_log.csv", es.text("export.fields.happened"), "happened"] in index
    assert current_language() == "en"  # the page's language is back


def test_the_handout_is_in_the_clients_language_with_its_dates(store):
    from attachwork import workbooks
    from attachwork.services.summaries import build

    c = _answered(store, "es")
    today = dt.date.today()
    built = build(store, store.client(c.id), workbooks.get("00_intake"), today,
                  audience="handout", pdf=False)
    es = pack("es")
    assert '<html lang="es"' in built.html
    assert es.text("export.handout_notice") in built.html
    assert pack("en").text("export.handout_notice") not in built.html
    assert when.day(today, "es") in built.html
    assert current_language() == "en"


@pytest.fixture(autouse=True)
def _back_to_english():
    yield
    content.reset_language()


def test_the_switch_on_the_client_step_offers_the_clients_language_and_changes_it(store):
    from attachwork.ui.pages.pattern_awareness import PatternWorkbook

    c = store.create_client(ClientProfile(pseudonym="Demo-Lirio", language="es"))
    page = PatternWorkbook(store)
    page.picker.choose(c.id)
    switch = page.language
    assert switch.layout.display == "flex" and switch.field.value == "es"
    links = switch.links.value
    assert f"?client={c.id}&amp;lang=es" in links and f"?client={c.id}&amp;beside=es" in links
    assert "Español" in links
    switch.field.value = ""  # back to the practice's language, on the profile
    assert store.client(c.id).language == ""
    assert "lang=es" not in switch.links.value  # nothing to switch to any more
    assert [v.payload["language"] for v in store.versions(c.id)] == ["es"]


def test_a_client_added_with_a_language_keeps_it(store):
    from attachwork.ui.picker import NewClientForm

    form = NewClientForm(store)
    form.form.fields["pseudonym"].value = "Demo-Ceiba"
    form.form.fields["language"].value = "es"
    form.consent.value = True  # consent first, as for every client added
    client = form.add_client()
    assert client is not None and store.client(client.id).language == "es"
    assert form.form.fields["language"].value == ""  # the form is ready for the next one

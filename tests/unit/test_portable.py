"""Portable exports (JSON, CSV, FHIR) and erasure."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from sqlalchemy import inspect, text

from attachwork.app.demo import ensure_demo_store
from attachwork.content import instrument_folders
from attachwork.domain.instruments import load_catalogue
from attachwork.domain.records import ClientProfile
from attachwork.services import portable
from attachwork.store import Store


@pytest.fixture
def demo(store):
    ensure_demo_store(store)
    return store, store.client_by_pseudonym("Demo-Wren")


def test_json_export_is_complete_and_imports_back_into_an_empty_store(demo, tmp_path):
    store, wren = demo
    edited = store.entries(wren.id, "trigger_log")[0]
    store.update_entry(edited.id, {**edited.payload, "did": "(Fictional) went for a walk"},
                       author="therapist", place="clinic")
    store.save_draft(wren.id, "01_pattern_awareness.trigger_log", {"happened": "(Fictional) half"})
    data = portable.export_json(store, wren.id, actor="therapist")
    other = Store.open(f"sqlite:///{tmp_path / 'elsewhere.sqlite3'}")
    counts = portable.import_json(other, data, "clinic")
    assert counts["added"] == len(store.snapshot(wren.id))
    mine = {e.id: (e.payload, e.deleted_at, e.version) for e in store.snapshot(wren.id)}
    theirs = {e.id: (e.payload, e.deleted_at, e.version) for e in other.snapshot(wren.id)}
    assert mine == theirs
    assert [v.payload for v in other.versions(edited.id)] == [edited.payload]
    assert other.draft(wren.id, "01_pattern_awareness.trigger_log").payload == {
        "happened": "(Fictional) half"}
    assert other.client(wren.id).profile() == wren.profile()
    # Taking it in again changes nothing.
    assert portable.import_json(other, data, "clinic")["added"] == 0
    other.close()


def test_csv_has_one_table_per_kind_and_defuses_formulas(store):
    c = store.create_client(ClientProfile(pseudonym="Demo-Sorrel", relationship_context="single"))
    store.add_entry(c.id, "trigger_log", {
        "occurred": "2026-11-02T19:30:00", "happened": "=HYPERLINK(\"http://x\")",
        "trigger_kind": "distance", "story": "(Fictional) a story", "intensity": 6,
        "other_stories": ["(Fictional) one", "(Fictional) two"], "body": ["tight_chest"]},
        author="client", place="home")
    store.add_entry(c.id, "suds", {"value": 4}, author="client", place="home")
    with zipfile.ZipFile(io.BytesIO(portable.export_csv_zip(store, c.id, actor="client"))) as zf:
        assert sorted(zf.namelist()) == ["columns.csv", "suds.csv", "trigger_log.csv"]
        [row] = list(csv.DictReader(io.StringIO(zf.read("trigger_log.csv").decode())))
        index = list(csv.reader(io.StringIO(zf.read("columns.csv").decode())))
    # headings are the client's words; columns.csv gives software each heading's field
    field = {h: f for t, h, f in index[1:] if t == "trigger_log.csv"}
    row = {field[h]: v for h, v in row.items()}
    assert row["happened"] == "'=HYPERLINK(\"http://x\")"
    assert row["other_stories"] == "(Fictional) one; (Fictional) two"
    assert (row["intensity"], row["place"], row["author"]) == ("6", "home", "client")
    assert "What happened" in field and "Written by" in field


def test_every_checkin_exports_as_valid_fhir_with_its_questionnaire(demo):
    store, wren = demo
    document = json.loads(portable.export_fhir(store, wren.id, actor="therapist"))
    Bundle.model_validate(document)
    resources = [e["resource"] for e in document["entry"]]
    responses = [r for r in resources if r["resourceType"] == "QuestionnaireResponse"]
    [q] = [r for r in resources if r["resourceType"] == "Questionnaire"]
    Questionnaire.model_validate(q)
    checkins = store.entries(wren.id, "checkin")
    assert len(responses) == len(checkins) > 0
    inst = load_catalogue(instrument_folders()).get("reflection-checkin")
    assert [i["linkId"] for i in q["item"]] == [i.id for i in inst.items]
    for r, entry in zip(responses, checkins, strict=True):
        QuestionnaireResponse.model_validate(r)
        assert r["questionnaire"].startswith(q["url"] + "|")
        answers = {i["linkId"]: int(i["answer"][0]["valueCoding"]["code"]) for i in r["item"]}
        assert answers == entry.payload["responses"]
    assert [e.action for e in store.audit_log(wren.id)] == ["export_fhir"]


def test_erasure_leaves_no_row_and_no_words_and_keeps_an_audit_line(tmp_path):
    path = tmp_path / "erase.sqlite3"
    store = Store.open(f"sqlite:///{path}")
    ensure_demo_store(store)
    wren = store.client_by_pseudonym("Demo-Wren")
    word = "Zanzibarquill"  # a made-up word that appears nowhere else
    e = store.add_entry(wren.id, "trigger_log", {
        "occurred": "2026-11-02T19:30:00", "happened": f"(Fictional) {word}",
        "trigger_kind": "distance", "story": "(Fictional) story", "intensity": 3,
        "other_stories": ["(Fictional) other"]}, author="client", place="home")
    store.update_entry(e.id, {**e.payload, "did": f"(Fictional) {word} again"}, author="client",
                       place="home")
    store.save_draft(wren.id, "k", {"x": word})
    store.erase_client(wren.id, by="therapist")
    with store.engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            columns = {c["name"] for c in inspect(conn).get_columns(table)}
            for col in ("client_id", "id", "record_id"):
                if col in columns:
                    n = conn.execute(text(f'SELECT count(*) FROM "{table}" WHERE "{col}" = :c'),
                                     {"c": wren.id}).scalar()
                    assert n == 0, f"{table}.{col} still holds the client"
    [event] = store.audit_log(wren.id)
    assert (event.action, event.actor, event.client_ref) == ("erase", "therapist", wren.id)
    assert "Demo-Wren" not in event.detail
    store.close()
    for f in tmp_path.iterdir():
        assert word.encode() not in f.read_bytes(), f"{f.name} still holds the words"
        assert b"Demo-Wren" not in f.read_bytes()
    # Everyone else is still there.
    again = Store.open(f"sqlite:///{path}")
    assert again.client_by_pseudonym("Demo-Tide") is not None
    again.close()

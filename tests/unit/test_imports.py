"""Imports that say no clearly: every part of a file is checked against its schema (unknown
fields refused, UUID ids, sizes that fit the columns) and every failure is one message, with
nothing written; the command line never shows a traceback."""

from __future__ import annotations

import copy
import json
import uuid

import pytest

from attachwork.domain.records import ClientProfile
from attachwork.services import bundle_file, handback, portable
from attachwork.store import Store

MB = 1024 * 1024


def trigger(words: str) -> dict:
    return {"occurred": "2026-11-02T19:30:00", "happened": words, "trigger_kind": "distance",
            "story": "(Fictional) they have gone quiet", "intensity": 5,
            "other_stories": ["(Fictional) the phone is flat"]}


@pytest.fixture
def document(store) -> dict:
    c = store.create_client(ClientProfile(pseudonym="Demo-Sorrel", goals="(Fictional) calmer"))
    e = store.add_entry(c.id, "trigger_log", trigger("(Fictional) a quiet evening"),
                        author="client", place="home", workbook="01_pattern_awareness")
    store.update_entry(e.id, trigger("(Fictional) a quiet evening, then a call"),
                       author="client", place="home")
    store.update_client(c.id, ClientProfile(pseudonym="Demo-Sorrel", goals="(Fictional) steadier"))
    store.save_draft(c.id, "01_pattern_awareness:trigger_log", {"state": {"happened": "(Fictional) half"}})
    doc = json.loads(portable.export_json(store, c.id, actor="therapist"))
    doc["handouts"] = [{"id": str(uuid.uuid4()), "title": "Handout", "created_at": doc["made_at"],
                        "html": "<p>(Fictional) handout</p>"}]
    return doc


def _refused(doc: dict) -> bundle_file.BundleError:
    other = Store.open("sqlite://")
    try:
        with pytest.raises(bundle_file.BundleError) as err:
            portable.import_json(other, json.dumps(doc).encode(), "clinic")
        assert other.clients() == []
    finally:
        other.close()
    return err.value


def test_the_untouched_export_imports(document):
    other = Store.open("sqlite://")
    counts = portable.import_json(other, json.dumps(document).encode(), "clinic")
    assert counts["added"] == 1 and len(other.drafts(document["client"]["id"])) == 1
    other.close()


MUTATIONS = {
    "unknown top-level field": lambda d: d.update(surprise=1),
    "unknown field in the client": lambda d: d["client"].update(real_name="(Fictional) Ann"),
    "unknown field in an entry": lambda d: d["entries"][0].update(extra=True),
    "unknown field in a version": lambda d: d["entries"][0]["history"][0].update(extra=True),
    "unknown field in a draft": lambda d: d["drafts"][0].update(extra=True),
    "draft without its payload": lambda d: d["drafts"][0].pop("payload"),
    "draft without its form": lambda d: d["drafts"][0].pop("form_key"),
    "profile history item without a payload": lambda d: d["profile_history"][0].pop("payload"),
    "profile history item with missing keys": lambda d: d["profile_history"].append({"version": 9}),
    "profile history with an unknown field": lambda d: d["profile_history"][0].update(x=1),
    "handout with an unknown field": lambda d: d["handouts"][0].update(script="x"),
    "entry id not a UUID": lambda d: d["entries"][0].update(id="x" * 40),
    "entry id too long": lambda d: d["entries"][0].update(id=str(uuid.uuid4()) + "-and-more"),
    "client id not a UUID": lambda d: d["client"].update(id="client-1"),
    "bundle id not a UUID": lambda d: d.update(bundle_id="b" * 10_000),
    "handout id not a UUID": lambda d: d["handouts"][0].update(id="h1"),
    "10 MB draft payload": lambda d: d["drafts"][0].update(payload={"x": "a" * (10 * MB)}),
    "10 MB form key": lambda d: d["drafts"][0].update(form_key="k" * (10 * MB)),
    "10 MB handout": lambda d: d["handouts"][0].update(html="a" * (10 * MB)),
    "10 MB text in an entry": lambda d: d["entries"][0]["payload"].update(happened="a" * (10 * MB)),
    "NUL in a draft": lambda d: d["drafts"][0].update(payload={"x": "a\x00b"}),
    "NUL in the goals": lambda d: d["client"].update(goals="a\x00b"),
    "unknown workbook": lambda d: d["entries"][0].update(workbook="x/../../../somewhere/escaped"),
    "unknown author": lambda d: d["entries"][0].update(author="someone"),
}


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_a_bad_part_is_refused_with_one_message_and_nothing_written(document, name):
    doc = copy.deepcopy(document)
    MUTATIONS[name](doc)
    err = _refused(doc)
    assert err.code in ("invalid_content", "too_large")
    assert "Nothing was changed" in str(err)
    assert "(Fictional)" not in str(err) and "aaaa" not in str(err)


def test_a_session_naming_an_unknown_workbook_is_refused(document, store):
    doc = copy.deepcopy(document)
    doc["entries"][0] = {**doc["entries"][0], "id": str(uuid.uuid4()), "kind": "session",
                         "history": [],
                         "payload": {"workbook": "x/../../../somewhere/escaped", "number": 1,
                                     "date": "2026-11-02"}}
    assert _refused(doc).code == "invalid_content"


@pytest.mark.parametrize("content, words", [
    (b'{"type": "full", "x": ' + b"[" * 50_000 + b"]" * 50_000 + b"}", "changed or damaged"),
    (b"\x00\x01 not json", "not an attachwork file"),
    ("draft", "not in the expected shape"),  # a draft with missing keys
    ("history", "not in the expected shape"),  # a profile-history item with missing keys
])
def test_the_command_line_says_no_in_one_sentence(tmp_path, capsys, document, content, words):
    from attachwork.app.cli import main

    if content in ("draft", "history"):
        doc = copy.deepcopy(document)
        if content == "draft":
            doc["drafts"] = [{"form_key": "k"}]
        else:
            doc["profile_history"] = [{"payload": {}}]
        content = json.dumps(doc).encode()
    path = tmp_path / "incoming.json"
    path.write_bytes(content)
    code = main(["bundle", "import", str(path), "--yes", "--data-dir", str(tmp_path / "other")])
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert words in err


def test_an_unexpected_failure_on_the_command_line_is_one_sentence(tmp_path, capsys, monkeypatch):
    from attachwork.app import cli

    def boom(_store, _data, _mode):
        raise KeyError("(Fictional) words that must not be shown")

    monkeypatch.setattr(handback, "inspect", lambda *a, **k: boom(*a[:3]))
    path = tmp_path / "f.json"
    path.write_bytes(b"{}")
    assert cli.main(["bundle", "import", str(path), "--yes", "--data-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "(Fictional)" not in err and "KeyError" in err

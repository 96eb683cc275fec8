"""Every list and text in a record is bounded; a session names a known workbook; an export
is named by one plain file name under its folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pydantic import ValidationError

from attachwork.domain.records import ClientProfile, ThoughtRecord, TriggerLog, schema_for
from attachwork.domain.records.base import LIST_MAX, TEXT_MAX
from attachwork.services.filenames import safe_name


def trigger(**over) -> dict:
    return {"occurred": "2026-11-02T19:30:00", "happened": "(Fictional) a late text",
            "trigger_kind": "distance", "story": "(Fictional) they are pulling away",
            "intensity": 5, "other_stories": ["(Fictional) the phone is flat"], **over}


def test_a_one_megabyte_record_is_refused():
    with pytest.raises(ValidationError):
        TriggerLog.model_validate(trigger(other_stories=["(Fictional) story " * 500] * 120))


@pytest.mark.parametrize("field, value", [
    ("other_stories", ["(Fictional) another"] * (LIST_MAX + 1)),
    ("other_stories", ["a" * 2_001]),
    ("happened", "a" * (TEXT_MAX + 1)),
])
def test_each_list_and_text_has_a_bound(field, value):
    with pytest.raises(ValidationError):
        TriggerLog.model_validate(trigger(**{field: value}))


def test_the_record_as_a_whole_has_a_bound():
    texts = {k: "a" * 9_900 for k in ("situation", "thought", "evidence_for", "evidence_against",
                                      "balanced")}
    ThoughtRecord.model_validate(texts)  # 49,500 characters: kept
    with pytest.raises(ValidationError) as err:
        ThoughtRecord.model_validate({**texts, "emotions": [{"name": "n" * 80, "before": 1}] * 10})
    assert "more text than one record holds" in str(err.value)


@pytest.mark.parametrize("kind, payload", [
    ("checkin", {"instrument_id": "x", "instrument_version": "1",
                 "responses": {f"i{n}": 1 for n in range(501)}}),
    ("belief_ratings", {"ratings": {f"b{n}": 50 for n in range(LIST_MAX + 1)}}),
    ("request_practice", {"draft": "(Fictional) ask", "flags": ["f"] * (LIST_MAX + 1)}),
    ("checkin", {"instrument_id": "x/../y", "instrument_version": "1", "responses": {}}),
])
def test_keys_and_tables_the_program_chose_are_bounded_too(kind, payload):
    with pytest.raises(ValidationError):
        schema_for(kind).model_validate(payload)


def test_a_session_must_name_a_known_workbook_on_save(store):
    c = store.create_client(ClientProfile(pseudonym="Demo-Path"))
    bad = {"workbook": "x/../../../somewhere/escaped", "number": 1, "date": "2026-11-02"}
    with pytest.raises(ValueError):
        store.add_entry(c.id, "session", bad, author="therapist", place="clinic")
    with pytest.raises(ValueError, match="unknown workbook"):
        store.add_entry(c.id, "session", {**bad, "workbook": "07_nowhere"}, author="therapist",
                        place="clinic")
    with pytest.raises(ValueError, match="unknown workbook"):
        store.add_entry(c.id, "suds", {"value": 3}, author="client", place="home",
                        workbook="../escaped")
    with pytest.raises(ValueError, match="UUID"):
        store.add_entry(c.id, "suds", {"value": 3}, author="client", place="home",
                        entry_id="x" * 200)
    assert store.entries(c.id) == []


@pytest.mark.parametrize("name", ["x/../../../somewhere/escaped", "../..", ".hidden", "a b\\c",
                                  "/etc/passwd", "", "..", "\x00"])
def test_every_export_name_is_one_plain_file_name(name, tmp_path):
    out = safe_name(f"{name}_summary")
    assert "/" not in out and "\\" not in out and not out.startswith(".") and ".." not in out
    assert (tmp_path / out).resolve().parent == tmp_path.resolve()


def test_summary_file_names_stay_plain_whatever_the_names_hold():
    from attachwork.domain.records import Client
    from attachwork.services.summaries import Summary

    now = dt.datetime.now(dt.UTC)
    client = Client("c", "../../x", "", "other", "", now, now)
    summary = Summary.__new__(Summary)
    object.__setattr__(summary, "client", client)
    object.__setattr__(summary, "workbook", "x/../../../somewhere/escaped")
    object.__setattr__(summary, "date", dt.date(2026, 11, 2))
    object.__setattr__(summary, "audience", "summary")
    assert "/" not in summary.filename and not summary.filename.startswith(".")


def test_the_command_line_writer_refuses_a_name_outside_its_folder(tmp_path):
    from attachwork.app.cli import _write

    _write(tmp_path, "../escaped.html", b"x")  # the name is cut to its last part
    assert (tmp_path / "escaped.html").exists() and not (tmp_path.parent / "escaped.html").exists()
    with pytest.raises(SystemExit):
        _write(tmp_path, "..", b"x")
    assert Path(tmp_path).is_dir()

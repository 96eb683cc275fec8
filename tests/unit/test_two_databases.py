"""SQLite and PostgreSQL accept and refuse the same things with the same messages, and a
JSON export from a SQLite clinic imports into a PostgreSQL practice exactly."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError
from sqlalchemy import text

from attachwork.domain.records import ClientProfile
from attachwork.services import portable
from attachwork.store import Store
from attachwork.store.schema import Base

AWKWARD = [
    "(Fictional) emoji 😀👩‍👩‍👧 and a flag 🇳🇿", "(Fictional) עברית and العربية, right to left",
    "(Fictional) e\u0301 combining, \u200d joiner, \u200b zero width, \ufeff BOM",
    "(Fictional) line\u2028separator\u2029paragraph", "(Fictional) \"quotes\" 'single' \\back\\slash",
    "(Fictional) <script>alert(1)</script> & <img src=x onerror=alert(1)>",
    "(Fictional) tab\there\r\nwindows line\nunix line", "(Fictional) 𝄞 astral, Ωmega, 中文, Кириллица",
    "(Fictional) '; DROP TABLE entries; --", "(Fictional) " + "long " * 1_990,
    "=1+1 (Fictional) a formula", "(Fictional) \x01\x1f control characters",
]


def _drop(store: Store) -> None:
    Base.metadata.drop_all(store.engine)
    with store.engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture(params=["sqlite", "postgresql"])
def either(request, tmp_path):
    if request.param == "sqlite":
        s = Store.open(f"sqlite:///{tmp_path / 's.sqlite3'}")
        yield s
        s.close()
        return
    s = Store.open(request.getfixturevalue("postgres_url"))
    yield s
    _drop(s)
    s.close()


def _message(call) -> str:
    with pytest.raises((ValidationError, ValueError)) as err:
        call()
    return str(err.value).split("[type=")[0].splitlines()[-1].strip()


def test_both_refuse_the_same_things_with_the_same_message(either):
    c = either.create_client(ClientProfile(pseudonym="Demo-Both"))
    said = {
        "NUL in goals": _message(lambda: either.update_client(
            c.id, ClientProfile(pseudonym="Demo-Both", goals="(Fictional) a\x00b"))),
        "NUL in an entry": _message(lambda: either.add_entry(c.id, "relapse_plan", {
            "warning_signs": "a\x00b", "what_helps": "x", "people": "y"},
            author="client", place="home")),
        "long id": _message(lambda: either.add_entry(c.id, "suds", {"value": 1}, author="client",
                                                     place="home", entry_id="e" * 37)),
        "not a uuid": _message(lambda: either.add_entry(c.id, "suds", {"value": 1},
                                                        author="client", place="home",
                                                        entry_id="entry-1")),
    }
    assert said == {
        "NUL in goals": "contains a character that cannot be saved",
        "NUL in an entry": "contains a character that cannot be saved",
        "long id": "an id must be a UUID such as 3f2b8c1e-0000-4000-8000-000000000000",
        "not a uuid": "an id must be a UUID such as 3f2b8c1e-0000-4000-8000-000000000000",
    }
    assert either.entries(c.id) == [] and either.client(c.id).goals == ""


def test_a_json_export_from_sqlite_imports_into_postgresql_exactly(tmp_path, postgres_url):
    clinic = Store.open(f"sqlite:///{tmp_path / 'clinic.sqlite3'}")
    c = clinic.create_client(ClientProfile(pseudonym="Demo-Awkward", goals=AWKWARD[0]))
    clinic.update_client(c.id, ClientProfile(pseudonym="Demo-Awkward", goals=AWKWARD[1]))
    for n, words in enumerate(AWKWARD):
        e = clinic.add_entry(c.id, "relapse_plan", {
            "warning_signs": words, "what_helps": AWKWARD[(n + 1) % len(AWKWARD)],
            "people": AWKWARD[(n + 2) % len(AWKWARD)]}, author="client", place="home",
            workbook="06_review")
        clinic.update_entry(e.id, {"warning_signs": words[::-1] or "x", "what_helps": words,
                                   "people": "(Fictional) a friend"}, author="client", place="home")
    clinic.save_draft(c.id, "06_review:relapse_plan", {"state": {"w": AWKWARD[3]}})
    data = portable.export_json(clinic, c.id, actor="therapist")
    practice = Store.open(postgres_url)
    try:
        counts = portable.import_json(practice, data, "clinic")
        assert counts["added"] == len(AWKWARD)
        assert ([(e.id, e.payload, e.version) for e in practice.snapshot(c.id)]
                == [(e.id, e.payload, e.version) for e in clinic.snapshot(c.id)])
        for e in clinic.snapshot(c.id):
            assert ([v.payload for v in practice.versions(e.id)]
                    == [v.payload for v in clinic.versions(e.id)])
        assert practice.client(c.id).goals == AWKWARD[1]
        assert [v.payload for v in practice.versions(c.id)] == [v.payload for v in clinic.versions(c.id)]
        assert practice.drafts(c.id)[0]["payload"] == {"state": {"w": AWKWARD[3]}}
        again = json.loads(portable.export_json(practice, c.id, actor="therapist"))
        assert again["entries"] == json.loads(data)["entries"]
    finally:
        _drop(practice)
        practice.close()
        clinic.close()

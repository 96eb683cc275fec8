"""A long text is risk-screened before the write transaction begins, so saving it never
holds the write lock while it is read: another window's save goes through meanwhile."""

from __future__ import annotations

import threading
import time

import pytest

from attachwork.domain.records import ClientProfile
from attachwork.store import Store, screening

SLOW = 1.5  # seconds the screen of the long text takes here


def trigger(words: str) -> dict:
    return {"occurred": "2026-11-02T19:30:00", "happened": words, "trigger_kind": "distance",
            "story": "(Fictional) they are pulling away", "intensity": 5,
            "other_stories": ["(Fictional) the phone is flat"]}


@pytest.fixture
def slow_screen(monkeypatch):
    """The screen takes ``SLOW`` seconds for the long text (as a 1 MB text once did); ``started``
    is set once it is under way."""
    real = screening.screen_record
    started = threading.Event()

    def screen_record(kind, values):
        if "(Fictional) long" in str(values):
            started.set()
            time.sleep(SLOW)
        return real(kind, values)

    monkeypatch.setattr(screening, "screen_record", screen_record)
    return started


@pytest.mark.parametrize("how", ["add_entry", "update_entry", "save_many", "merge_in"])
def test_a_long_save_does_not_block_another_writer(tmp_path, slow_screen, how):
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    first, second = Store.open(url), Store.open(url)
    c = first.create_client(ClientProfile(pseudonym="Demo-Lark"))
    long_words = "(Fictional) long " + "a quiet evening, " * 500
    existing = first.add_entry(c.id, "trigger_log", trigger("(Fictional) short"), author="client",
                               place="home")

    def long_save():
        if how == "add_entry":
            first.add_entry(c.id, "trigger_log", trigger(long_words), author="client", place="home")
        elif how == "update_entry":
            first.update_entry(existing.id, trigger(long_words), author="client", place="home")
        elif how == "save_many":
            from attachwork.domain.records import TriggerLog
            first.save_many(c.id, [(None, "trigger_log", TriggerLog.model_validate(
                trigger(long_words)))], author="client", place="home")
        else:
            from attachwork.services import bundle_file, handback
            doc = handback.full_document(first, c.id, "client")
            doc["type"] = "full"
            doc["entries"][0]["payload"]["happened"] = long_words
            doc["entries"][0]["updated_at"] = "2099-01-01T00:00:00+00:00"
            handback.take_in(first, bundle_file.read_document(doc), "clinic")

    writer = threading.Thread(target=long_save)
    writer.start()
    assert slow_screen.wait(10)
    started = time.perf_counter()
    second.add_entry(c.id, "suds", {"value": 3}, author="client", place="home")
    waited = time.perf_counter() - started
    writer.join()
    print(f"{how}: the other writer waited {waited * 1000:.0f} ms while a {SLOW:.1f} s screen ran")
    assert waited < SLOW / 2  # generous: it waited the whole screen before
    assert len(first.entries(c.id)) >= 2
    first.close()
    second.close()


def test_a_text_changed_by_another_window_meanwhile_is_still_screened(tmp_path, monkeypatch):
    """A payload that was not screened beforehand is screened inside: nothing is saved
    unscreened."""
    store = Store.open(f"sqlite:///{tmp_path / 's.sqlite3'}")
    c = store.create_client(ClientProfile(pseudonym="Demo-Wren"))
    e = store.add_entry(c.id, "trigger_log", trigger("I want to kill myself"), author="client",
                        place="home")
    assert e.flagged
    from sqlalchemy import select

    from attachwork.store.schema import EntryRow
    with store._tx() as s:
        row = s.scalar(select(EntryRow).where(EntryRow.id == e.id))
        screening.screen_entry(s, row, {})
        assert row.flagged
    store.close()

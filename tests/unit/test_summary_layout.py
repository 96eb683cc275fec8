"""The PDF summary is compact and the handout explains scores plainly: several entries share
a page, ratings are a table, counts read "1 saved text" / "2 saved texts" in both
languages, and a check-in shows one decimal, its title (never its file id), the
reflection-aid notice, and its area of the plane in plain words with what that means.
Every client here is fictional."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import pytest

from attachwork import content, workbooks
from attachwork.content import instrument_folders
from attachwork.domain.instruments import load_catalogue
from attachwork.domain.records import (
    CheckIn,
    ClientProfile,
    ProtestCheck,
    SessionRecord,
    TriggerLog,
)
from attachwork.services import summaries
from tests.unit.test_export import needs_chromium

PROTEST = {"repeat_contact": 2, "pick_fight": 0, "keep_score": 1, "jealousy": 3}


@pytest.fixture
def busy_day(store):
    """A fictional client's session 1 with four trigger logs and a protest check."""
    client = store.create_client(ClientProfile(pseudonym="Test-Heron", initials="TH"))
    kw = {"author": "therapist", "place": "clinic", "workbook": "01_pattern_awareness"}
    now = dt.datetime.now().replace(microsecond=0)
    for i in range(4):
        store.add_entry(client.id, "trigger_log", TriggerLog(
            occurred=now - dt.timedelta(minutes=10 * i), happened=f"(Fictional) A slow reply, time {i}",
            trigger_kind="distance", story="(Fictional) They are drifting off",
            other_stories=["(Fictional) A busy day at work"], intensity=6, baseline_stress=5), **kw)
    store.add_entry(client.id, "protest_check", ProtestCheck(ratings=PROTEST), **kw)
    store.add_entry(client.id, "session", SessionRecord(
        workbook="01_pattern_awareness", number=1, date=dt.date.today(),
        therapist_note="(Fictional) Calm session.",
        homework_items=[{"kind": "trigger_log", "count": 3}]), **kw)
    return client


@pytest.fixture
def checked_in(store):
    """A fictional client's intake check-in: worry about closeness high, distance low."""
    inst = load_catalogue(instrument_folders()).get("reflection-checkin")
    assert inst is not None and inst.plane is not None
    client = store.create_client(ClientProfile(pseudonym="Test-Linnet", initials="TL"))
    anxiety = {i.id for i in inst.items if i.subscale == inst.plane.anxiety}
    answers = {}
    first = min(anxiety)
    for item in inst.items:
        # scored: one anxiety item 5, the others 6 (a mean such as 5.83); distance items 2
        value = (5 if item.id == first else 6) if item.id in anxiety else 2
        answers[item.id] = (inst.scale.max + inst.scale.min - value) if item.reverse else value
    scores = inst.score(answers)
    store.add_entry(client.id, "checkin", CheckIn(
        instrument_id=inst.id, instrument_version=inst.version, responses=answers,
        scores=scores.as_dict(), region=scores.region()),
        author="client", place="clinic", workbook="00_intake")
    return client, inst, scores


def _html(store, client, spec, audience="summary"):
    summary = summaries.gather(store, client, spec, dt.date.today(), audience=audience)
    return summary, summaries.render_html(summary)


def _pdf_text(pdf: bytes, tmp_path) -> tuple[int, str]:
    path = tmp_path / "s.pdf"
    path.write_bytes(pdf)
    info = subprocess.run([shutil.which("pdfinfo") or "pdfinfo", str(path)], capture_output=True,
                          text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    text = subprocess.run([shutil.which("pdftotext") or "pdftotext", "-layout", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout
    return pages, text


@needs_chromium
def test_the_pdf_summary_puts_several_entries_on_a_page(store, busy_day, tmp_path):
    built = summaries.build(store, busy_day, workbooks.by_number(1), dt.date.today())
    pages, text = _pdf_text(built.pdf, tmp_path)
    # five worksheets, two charts, homework, note and crisis lines: three pages (it was five)
    assert pages <= 3
    first_page = text.split("\f")[0]
    assert first_page.count("Trigger log") >= 3
    # the ratings read as a table: each line and its answer on one row
    assert re.search(r"Called or texted again and again while waiting for a reply\s+Weekly", text)
    assert re.search(r"Tried to make them jealous\s+Most days", text)
    assert "(s)" not in text


def test_ratings_are_a_table_in_the_page(store, busy_day):
    _, html = _html(store, busy_day, workbooks.by_number(1))
    table = re.search(r'<table class="ratings">(.*?)</table>', html, re.S)
    assert table is not None
    rows = re.findall(r'<tr><th scope="row">(.*?)</th><td>(.*?)</td></tr>', table.group(1))
    assert ("Started an argument to get some kind of response", "Never") in rows
    assert len(rows) == len(PROTEST)


@pytest.mark.parametrize(("lang", "one", "two"), [
    ("en", "1 saved text was flagged", "2 saved texts were flagged"),
    ("es", "1 texto guardado quedó marcado", "2 textos guardados quedaron marcados"),
])
def test_counts_say_one_or_many_in_both_languages(store, busy_day, monkeypatch, lang, one, two):
    monkeypatch.setenv("ATTACHWORK_LANG", lang)
    content.reload()
    summary = summaries.gather(store, busy_day, workbooks.by_number(1), dt.date.today())
    for count, words in ((1, one), (2, two)):
        summary.open_flags = count
        summary.private_left_out = count
        html = summaries.render_html(summary)
        assert words in html
        assert "(s)" not in html


def test_the_handout_explains_a_checkin_plainly(store, checked_in):
    client, inst, scores = checked_in
    _, html = _html(store, client, workbooks.by_number(0), "handout")
    assert "reflection-checkin" not in html and inst.title in html
    assert "It has not been validated as a test" in html  # the reflection-aid notice
    for sub in inst.subscales:
        mean = scores.subscales[sub.id].mean
        assert f"{mean:.1f} (on a scale from 1 to 7)" in html
        assert f"{mean:.2f}" not in html or f"{mean:.2f}" == f"{mean:.1f}0"
    assert re.search(r"\d\.\d\d \(", html) is None  # never two decimals
    assert "Anxious-preoccupied pattern: higher worry about closeness, lower need for distance" in html
    assert "not who you are. It is not a diagnosis" in html
    for jargon in ("reliable", "Reliable", "RCI", "Jacobson"):
        assert jargon not in html


def test_the_handout_explains_a_checkin_plainly_in_spanish(store, checked_in, monkeypatch):
    monkeypatch.setenv("ATTACHWORK_LANG", "es")
    content.reload()
    client, _, _ = checked_in
    _, html = _html(store, client, workbooks.by_number(0), "handout")
    assert "reflection-checkin" not in html
    assert "(en una escala de 1 a 7)" in html and "No es un diagnóstico" in html


def test_the_fictional_checkin_has_a_second_decimal_to_drop(checked_in):
    """Guards the test above: with a mean like 5.75 two decimals and one differ."""
    _, _, scores = checked_in
    assert any(round(s.mean * 100) % 10 for s in scores.subscales.values())


def test_the_command_line_finds_the_sessions_the_page_offers(store, tmp_path, capsys):
    """Beliefs rated in workbook 03, no wrap-up saved: the page offers that day, and so does
    ``attachwork export summary CODE --session 3`` (it once said no session 3 was saved)."""
    from attachwork.app.cli import main
    from attachwork.domain.records import BeliefRatings

    client = store.create_client(ClientProfile(pseudonym="Test-Wren", initials="TW"))
    store.add_entry(client.id, "belief_ratings", BeliefRatings(ratings={"too_much": 70}),
                    author="therapist", place="clinic", workbook="03_core_beliefs")
    offered = summaries.session_dates(store, client, workbooks.by_number(3))
    assert offered == [dt.date.today()]
    out = tmp_path / "out"
    assert main(["export", "summary", "Test-Wren", "--session", "3", "--format", "html",
                 "--out", str(out)]) == 0
    assert [p.name for p in out.iterdir()] == [
        f"Test-Wren_03_core_beliefs_{offered[0].isoformat()}_summary.html"]
    assert main(["export", "summary", "Test-Wren", "--session", "4"]) == 2
    assert "Sessions on record: 3" in capsys.readouterr().err

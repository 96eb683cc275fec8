"""Summaries and handouts: what they contain, what the handout leaves out, that every saved
value arrives escaped, that the page asks nothing of the internet, the PDF, and the CLI."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess

import pytest

from attachwork import workbooks
from attachwork.app.cli import main
from attachwork.domain.records import (
    BoundaryScript,
    ClientProfile,
    SessionRecord,
    SmallNo,
    YoungerSelf,
)
from attachwork.services import summaries
from attachwork.services.summaries.engines import chromium_path
from tests.support import HOSTILE

NOTE = "(Fictional) Private: explored the late-reply loop; watch sleep."
needs_chromium = pytest.mark.skipif(
    chromium_path() is None and not os.environ.get("CI"),
    reason="Chromium is not installed here (CI installs it, so there this test runs)")


@pytest.fixture
def session(store):
    client = store.create_client(ClientProfile(pseudonym="Test-Plover", initials="TP"))
    kw = {"author": "therapist", "place": "clinic", "workbook": "04_boundaries"}
    store.add_entry(client.id, "boundary_script", BoundaryScript(
        situation="When plans change " + HOSTILE, need="(Fictional) Notice by noon",
        say="(Fictional) I need to know by noon if plans change."), **kw)
    store.add_entry(client.id, "small_no", SmallNo(
        plan="(Fictional) Skip the late call", predicted_harm=60, predicted_distress=7,
        completed=True, happened="(Fictional) Fine", actual_distress=3, actual_harm=0), **kw)
    store.add_entry(client.id, "younger_self", YoungerSelf(
        note="(Fictional) A secret note to my younger self", private=True),
        author="client", place="clinic", workbook="04_boundaries")
    entry = store.add_entry(client.id, "session", SessionRecord(
        workbook="04_boundaries", number=4, date=dt.date.today(), therapist_note=NOTE,
        homework="(Fictional) One small no " + HOSTILE,
        homework_items=[{"kind": "small_no", "count": 2}]), **kw)
    return client, entry


def _page(store, client, audience):
    summary = summaries.gather(store, client, workbooks.BOUNDARIES, dt.date.today(), audience=audience)
    return summary, summaries.render_html(summary)


def test_summary_holds_what_was_saved_escaped(store, session):
    client, _ = session
    summary, html = _page(store, client, "summary")
    assert "Test-Plover (TP)" in html and "Boundaries and requests" in html
    assert "When plans change &lt;img src=x onerror=" in html
    assert "<img" not in html
    assert "(Fictional) I need to know by noon if plans change." in html
    assert "Predicted distress (0 to 10)" in html and ">7<" in html.replace(" ", "")
    assert "Small-no experiments: 2" in html
    assert "One small no &lt;img" in html
    assert NOTE in html and "Private session note" in html
    assert "call or text 988" in html.lower()
    assert len(summary.charts) == 1 and "Completed experiments: 1" in html


def test_handout_leaves_out_the_private_note_and_private_entries(store, session):
    client, _ = session
    _, html = _page(store, client, "handout")
    assert NOTE not in html and "Private session note" not in html
    assert "A secret note" not in html
    assert "1 note the client marked private is left out." in html
    assert "Your practice until next time" in html and "(Fictional) I need to know" in html
    _, record = _page(store, client, "summary")
    assert "A secret note" not in record  # private means out of the therapist's copy too


def test_page_makes_no_outside_request_and_runs_no_script(store, session):
    client, _ = session
    _, html = _page(store, client, "summary")
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "default-src 'none'" in html


def test_a_session_is_found_by_its_number_and_a_missing_one_is_explained(store, session):
    client, entry = session
    assert summaries.find_session(store, client, 4).id == entry.id
    with pytest.raises(summaries.ExportError, match="No session 2 is saved.*on record: 4"):
        summaries.find_session(store, client, 2)


@needs_chromium
def test_pdf_text_holds_the_saved_values(store, session, tmp_path):
    client, entry = session
    built = summaries.build(store, client, workbooks.BOUNDARIES, dt.date.today(), session=entry)
    assert built.pdf and built.pdf.startswith(b"%PDF")
    assert built.summary.charts[0].svg.lstrip().startswith("<svg")
    pdf = tmp_path / "s.pdf"
    pdf.write_bytes(built.pdf)
    text = subprocess.run([shutil.which("pdftotext") or "pdftotext", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "Test-Plover" in flat
    assert "When plans change <img src=x" in flat  # shown as text, exactly as saved
    assert "I need to know by noon if plans change." in flat
    assert NOTE in flat


@needs_chromium
def test_cli_writes_summary_and_handout_readable_by_owner_only(store, session, tmp_path, capsys):
    out = tmp_path / "out"
    rc = main(["export", "summary", "Test-Plover", "--session", "4", "--audience", "both",
               "--format", "html", "--out", str(out)])
    assert rc == 0
    files = sorted(p.name for p in out.iterdir())
    today = dt.date.today().isoformat()
    assert files == [f"Test-Plover_04_boundaries_{today}_handout.html",
                     f"Test-Plover_04_boundaries_{today}_summary.html"]
    for p in out.iterdir():
        assert p.stat().st_mode & 0o077 == 0
    assert NOTE not in (out / files[0]).read_text()
    assert NOTE in (out / files[1]).read_text()
    assert "drawing the charts" in capsys.readouterr().out
    client = store.client_by_pseudonym("Test-Plover")
    assert [e.action for e in store.audit_log(client.id)] == ["export_summary", "export_handout"]


def test_cli_explains_a_missing_session_or_client(store, session, capsys):
    assert main(["export", "summary", "Test-Plover", "--session", "6"]) == 2
    assert "No session 6 is saved" in capsys.readouterr().err
    assert main(["export", "summary", "Nobody-Here", "--session", "1"]) == 2
    assert "No client with that code name" in capsys.readouterr().err


def test_workbook_button_builds_downloads_with_progress(store, session, monkeypatch):
    from attachwork.ui.pages.boundaries import BoundariesWorkbook

    monkeypatch.setattr("attachwork.services.summaries.engines.chromium_path", lambda: None)
    client, _ = session
    wb = BoundariesWorkbook(store)
    wb.shell.export.button.value = True
    assert "Please choose a client first." in wb.shell.export.empty.value
    wb.picker.dropdown.value = client.id
    panel = wb.shell.export
    assert panel.date.value == dt.date.today().isoformat()
    seen = []
    panel.bar.observe(lambda ch: seen.append(ch["new"]), names="value")
    panel.what.value = "handout"
    panel.make()
    assert seen[0] < seen[-1] == 1.0
    assert 'download="Test-Plover_04_boundaries_' in panel.links.value
    assert "data:text/html;base64," in panel.links.value
    assert "needs Chromium" in panel.status.value  # no PDF without it, and it says so
    [event] = store.audit_log(client.id)
    assert (event.action, event.actor) == ("export_handout", "therapist")

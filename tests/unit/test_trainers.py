"""The trainer's kit, in-process: the content preview, workshop mode's refusals and banner,
and the lab's arguments."""

from __future__ import annotations

import pytest

from attachwork.app import lab
from attachwork.app.cli import main
from attachwork.app.preview import groups, render
from attachwork.content import pack
from attachwork.domain.records import ClientProfile
from attachwork.services import bundle_file, handback


def test_preview_lists_every_workbook_by_step_with_keys_in_both_languages():
    from attachwork import workbooks

    found = groups(["en", "es"])
    assert {g.workbook for g in found} >= {s.id for s in workbooks.ALL}
    by_key = {ln.key: (g.workbook, g.step, ln) for g in found for ln in g.lines}
    where, step, line = by_key["pattern_awareness.trigger.happened"]
    assert (where, step) == ("01_pattern_awareness", "trigger_log")
    assert line.texts == {"en": pack("en").text("pattern_awareness.trigger.happened"),
                          "es": pack("es").text("pattern_awareness.trigger.happened")}
    assert by_key["common.crisis.button"][:2] == ("every page", "common")
    assert not any(k.startswith("risk.") for k in by_key)  # the readers' data is not words
    assert any(k.startswith("instruments.items") for k in by_key)  # the check-in's wording


def test_preview_command_prints_one_workbook_in_markdown(capsys):
    assert main(["content", "preview", "--workbook", "02_regulation", "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert "## 02_regulation · breathing" in out and "| key | en | es |" in out
    assert "`regulation.steps.breathing`" in out
    assert "01_pattern_awareness" not in out
    assert "regulation.steps.breathing" in render(groups(["es"], "02_regulation"), ["es"])
    with pytest.raises(SystemExit, match="no content pack for xx"):
        main(["content", "preview", "--lang", "xx"])


@pytest.fixture
def workshop(monkeypatch):
    monkeypatch.setenv("ATTACHWORK_WORKSHOP", "1")


def test_a_workshop_refuses_any_file_before_reading_it(store, workshop):
    with pytest.raises(bundle_file.BundleError) as refused:
        handback.inspect(store, b"not even a bundle", "whatever-passphrase", "clinic", None)
    assert refused.value.code == "workshop"
    assert "fictional" in str(refused.value)


def test_a_workshop_refuses_taking_in_a_file_already_opened(store, monkeypatch, tmp_path):
    c = store.create_client(ClientProfile(pseudonym="Demo-Lirio"))
    made = handback.make_starter(store, c.id, "fictional-lantern-harbour", handouts=False)
    opened = bundle_file.open_file(made.data, "fictional-lantern-harbour")
    monkeypatch.setenv("ATTACHWORK_WORKSHOP", "1")
    with pytest.raises(bundle_file.BundleError, match="workshop"):
        handback.take_in(store, opened, "home")


def test_the_workshop_page_has_its_banner_and_a_closed_door(store, workshop):
    from attachwork.ui.pages.between_sessions import BetweenSessions

    c = store.create_client(ClientProfile(pseudonym="Demo-Lirio"))
    page = BetweenSessions(store)
    page.picker.choose(c.id)
    assert "aw-workshop" in page.shell._dom_classes
    [banner] = [w for w in page.shell.children
                if str(getattr(w, "value", "")).startswith('<div class="aw-workshop-banner"')]
    assert "fictional" in banner.value
    receive = page.receive
    assert receive.upload.disabled
    receive.check()
    assert "fictional" in receive.file.error.value


def test_no_banner_outside_a_workshop(store):
    from attachwork.ui.pages.between_sessions import BetweenSessions

    c = store.create_client(ClientProfile(pseudonym="Demo-Lirio"))
    page = BetweenSessions(store)
    page.picker.choose(c.id)
    assert "aw-workshop" not in page.shell._dom_classes
    assert not page.receive.upload.disabled


def test_lab_listens_here_only_with_a_token_and_the_projects_voila_settings(tmp_path):
    argv = lab.lab_argv(tmp_path, 8899, "a-token")
    assert "--ServerApp.ip=127.0.0.1" in argv and "--IdentityProvider.token=a-token" in argv
    assert f"--ServerApp.root_dir={tmp_path}" in argv
    assert "--VoilaConfiguration.template=attachwork" in argv
    assert "--VoilaConfiguration.strip_sources=True" in argv
    assert "--ServerApp.terminals_enabled=False" in argv

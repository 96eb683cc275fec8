"""Workbooks 01 and 02 driven through their widgets in-process (browser tests do it for real)."""

from __future__ import annotations

import datetime as dt

import pytest

from attachwork.domain.records import ClientProfile
from attachwork.ui.pages import intake
from attachwork.ui.pages.pattern_awareness import PatternWorkbook
from attachwork.ui.pages.regulation import RegulationWorkbook
from attachwork.ui.picker import HomeProfile
from tests.support import HOSTILE


@pytest.fixture
def client(store):
    return store.create_client(ClientProfile(pseudonym="Test-Robin", goals="Fictional goals"))


def _open(cls, store, client):
    wb = cls(store)
    if isinstance(wb.picker, HomeProfile):  # home mode opens on the one profile by itself
        assert wb.client.id == client.id
    else:
        wb.picker.dropdown.value = client.id
    return wb


def _fill_trigger(form, happened="Fictional: no reply all evening", **over):
    form.happened.value = happened
    form.trigger_kind.value = over.get("kind", "distance")
    form.story.value = over.get("story", "They are bored of me")
    form.other_story.value = over.get("other", "Their phone died")
    form.intensity.value = over.get("intensity", 7)
    form.stress.value = over.get("stress", 5)
    form.body.value = ["tight_chest"]


# -- 01: trigger log ------------------------------------------------------------------
def test_steps_are_built_only_when_a_client_is_chosen(store, client):
    wb = PatternWorkbook(store)
    assert all(p.children == () for p in wb.steps.pages[1:])
    wb.steps.go(2)
    assert wb.steps.current == 0
    wb.picker.dropdown.value = client.id
    wb.steps.go(2)
    assert wb.steps.current == 2 and "Step 3 of 7" in wb.steps.header.value


def test_a_trigger_log_is_saved(store, client):
    wb = _open(PatternWorkbook, store, client)
    form = wb.trigger_form
    form.occurred.value = dt.datetime(2026, 11, 1, 21, 30)
    _fill_trigger(form)
    entry = form.save()
    assert entry.payload["other_stories"] == ["Their phone died"]
    assert entry.payload["occurred"] == "2026-11-01T21:30:00"
    assert (entry.author, entry.place, entry.workbook) == ("therapist", "clinic", "01_pattern_awareness")
    assert "The entry was saved." in form.message.value
    assert form.happened.value == "", "the form is ready for the next moment"
    assert abs(form.occurred.value - dt.datetime.now()) < dt.timedelta(minutes=2)
    assert "Fictional: no reply all evening" in wb.trigger_list.table.value
    assert "In session" in wb.trigger_list.table.value
    assert "(unfinished)" not in wb.trigger_list.table.value
    assert wb.unfinished.layout.display == "none"


def test_a_2am_trigger_log_without_another_story_is_kept_unfinished_and_offered_back(store, client):
    wb = _open(PatternWorkbook, store, client)
    form = wb.trigger_form
    form.occurred.value = dt.datetime(2026, 11, 2, 2, 10)
    _fill_trigger(form, other="   ")
    entry = form.save()
    assert entry is not None, "saved as it is, never refused"
    assert entry.payload["other_stories"] == []
    assert "The other possible story can wait" in form.message.value
    assert "offered back to you next time" in form.message.value
    assert "(unfinished)" in wb.trigger_list.table.value
    assert " ●" in wb.trigger_list.chooser.options[1][0]

    # next time: a fresh page offers it back, kindly, with a way to finish it
    wb = _open(PatternWorkbook, store, client)
    offer = wb.unfinished
    assert offer.layout.display == ""
    assert "2026-11-02 02:10 is still waiting for another possible story" in offer.text.value
    assert "no rush" in offer.text.value
    assert offer.finish_button.description == "Finish it now"
    offer.finish_button.click()
    form = wb.trigger_form
    assert form.editing is not None and form.editing.id == entry.id
    assert form.happened.value == "Fictional: no reply all evening"
    assert form.story.value == "They are bored of me"
    form.other_story.value = "They fell asleep early"
    finished = form.save()
    assert finished.id == entry.id and finished.version == 2
    assert finished.payload["other_stories"] == ["They fell asleep early"]
    assert "The entry was saved." in form.message.value
    assert offer.layout.display == "none", "nothing is waiting any more"
    assert "(unfinished)" not in wb.trigger_list.table.value


def test_an_unfinished_trigger_log_with_risk_words_still_brings_the_risk_message(store, client):
    wb = _open(PatternWorkbook, store, client)
    _fill_trigger(wb.trigger_form, story="Honestly I just want to die", other="")
    entry = wb.trigger_form.save()
    assert entry.flagged and entry.payload["other_stories"] == []
    assert "Thank you for writing this down" in wb.trigger_form.message.value
    assert "can wait" not in wb.trigger_form.message.value
    assert wb.shell.crisis.visible


def test_several_unfinished_trigger_logs_offer_the_latest(store, client):
    for day in (3, 4):
        store.add_entry(client.id, "trigger_log", {
            "occurred": f"2026-11-0{day}T01:45", "happened": f"Fictional night {day}",
            "trigger_kind": "distance", "story": "s", "intensity": 5},
            author="client", place="home")
    wb = _open(PatternWorkbook, store, client)
    assert "2 moments you wrote down are still waiting" in wb.unfinished.text.value
    assert "the latest on 2026-11-04 01:45" in wb.unfinished.text.value
    assert wb.unfinished.finish_button.description == "Finish the latest one"
    wb.unfinished.finish_button.click()
    assert wb.trigger_form.happened.value == "Fictional night 4"


def test_a_trigger_log_record_without_another_story_is_unfinished():
    from attachwork.domain.records import TriggerLog

    base = {"occurred": "2026-11-02T02:10", "happened": "h", "trigger_kind": "stress",
            "story": "s", "intensity": 4}
    assert TriggerLog.model_validate(base).unfinished
    assert TriggerLog.model_validate({**base, "other_stories": ["", " "]}).unfinished
    done = TriggerLog.model_validate({**base, "other_stories": ["", "o"]})
    assert not done.unfinished and done.other_stories == ["o"]
    with pytest.raises(ValueError):  # what happened and the story are still needed
        TriggerLog.model_validate({**base, "story": ""})


def test_opening_and_editing_an_entry_keeps_the_earlier_version(store, client):
    wb = _open(PatternWorkbook, store, client)
    _fill_trigger(wb.trigger_form)
    first = wb.trigger_form.save()
    wb.trigger_list.pick.value = first.id
    wb.trigger_list.open_button.click()
    assert wb.trigger_form.happened.value == "Fictional: no reply all evening"
    assert "Editing the entry from" in wb.trigger_form.editing_note.value
    wb.trigger_form.intensity.value = 3
    edited = wb.trigger_form.save()
    assert edited.id == first.id and edited.version == 2
    assert store.versions(first.id)[0].payload["intensity"] == 7
    assert len(store.entries(client.id, "trigger_log")) == 1


def test_removed_entries_can_be_put_back(store, client):
    wb = _open(PatternWorkbook, store, client)
    _fill_trigger(wb.trigger_form)
    entry = wb.trigger_form.save()
    wb.trigger_list.pick.value = entry.id
    wb.trigger_list.remove_button.click()
    assert store.entries(client.id, "trigger_log") == []
    assert wb.trigger_list.removed_box.layout.display == ""
    wb.trigger_list.removed_field.value = entry.id
    wb.trigger_list.restore_button.click()
    assert [e.id for e in store.entries(client.id, "trigger_log")] == [entry.id]


def test_remove_without_choosing_says_what_to_do(store, client):
    wb = _open(PatternWorkbook, store, client)
    _fill_trigger(wb.trigger_form)
    wb.trigger_form.save()
    wb.trigger_list.remove_button.click()
    assert "choose an entry" in wb.trigger_list.status.value
    assert len(store.entries(client.id, "trigger_log")) == 1


def test_entries_from_home_and_clinic_are_told_apart(store, client):
    store.add_entry(client.id, "trigger_log", {
        "occurred": "2026-11-01T22:00", "happened": "Fictional home entry", "trigger_kind": "stress",
        "story": "s", "other_stories": ["o"], "intensity": 4}, author="client", place="home")
    wb = _open(PatternWorkbook, store, client)
    assert "At home, by the client" in wb.trigger_list.table.value


def test_unsaved_typing_is_offered_back(store, client):
    wb = _open(PatternWorkbook, store, client)
    wb.trigger_form.happened.value = "Fictional half-typed moment"
    assert wb.shell.save_state.state == "draft"
    again = _open(PatternWorkbook, store, client)
    assert again.trigger_form.happened.value == ""
    restore = again.trigger_form.offer.children[1].children[0]
    restore.click()
    assert again.trigger_form.happened.value == "Fictional half-typed moment"


def test_client_text_reaches_html_escaped(store, client):
    wb = _open(PatternWorkbook, store, client)
    _fill_trigger(wb.trigger_form, happened=HOSTILE)
    wb.trigger_form.save()
    table = wb.trigger_list.table.value
    assert "&lt;img src=x" in table and "<img" not in table


# -- risk -----------------------------------------------------------------------------
def test_a_risk_sentence_brings_help_at_once_and_flags_the_next_session(store, client):
    wb = _open(PatternWorkbook, store, client)
    _fill_trigger(wb.trigger_form, happened="Fictional: I want to kill myself tonight")
    entry = wb.trigger_form.save()
    assert entry.flagged
    assert wb.shell.crisis.visible, "the crisis panel opens at the top"
    assert "988" in wb.trigger_form.message.value and 'role="alert"' in wb.trigger_form.message.value
    assert "flagged for a check-in" in wb.trigger_list.table.value

    nxt = _open(PatternWorkbook, store, client)
    assert nxt.flags.layout.display == "flex"
    assert "the trigger log" in nxt.flags.text.value and "in session" in nxt.flags.text.value
    assert "kill myself" not in nxt.flags.text.value, "the banner names the place, not the words"
    assert any("⚑ 1 to check" in label for label, _ in nxt.picker.dropdown.options)
    nxt.flags.button.click()
    assert store.flags(client.id) == [] and nxt.flags.layout.display == "none"
    assert not any("⚑" in label for label, _ in nxt.picker.dropdown.options)


def test_an_idiom_does_not_bring_the_crisis_panel(store, client):
    wb = _open(PatternWorkbook, store, client)
    _fill_trigger(wb.trigger_form, happened="Fictional: the traffic was killing me")
    assert not wb.trigger_form.save().flagged
    assert not wb.shell.crisis.visible


def test_home_mode_flags_but_shows_no_therapist_banner(store, client, monkeypatch):
    monkeypatch.setenv("ATTACHWORK_MODE", "home")
    wb = _open(PatternWorkbook, store, client)
    _fill_trigger(wb.trigger_form, story="Fictional: I want to kill myself tonight")
    entry = wb.trigger_form.save()
    assert entry.flagged and entry.author == "client" and entry.place == "home"
    assert wb.shell.crisis.visible
    assert _open(PatternWorkbook, store, client).flags.layout.display == "none"
    monkeypatch.setenv("ATTACHWORK_MODE", "clinic")
    clinic = _open(PatternWorkbook, store, client)
    assert "at home" in clinic.flags.text.value


def test_a_new_clients_goals_are_screened(store):
    wb = PatternWorkbook(store)
    form = wb.picker.form.fields
    form["pseudonym"].value = "Test-Goals"
    form["goals"].value = "Fictional: stop wanting to kill myself"
    wb.picker.new.consent.value = True
    wb.picker.add_client()
    assert wb.shell.crisis.visible and "988" in wb.picker.risk.value


# -- 01: checks, cycle map, charts ------------------------------------------------------
def test_frequency_checks_show_change_since_last_time(store, client):
    wb = _open(PatternWorkbook, store, client)
    assert "first time" in wb.protest.comparison.value
    assert wb.protest.save() is None and "rate at least one line" in wb.protest.rate_error.value
    wb.protest.rows["repeat_contact"].value = 3
    wb.protest.rows["keep_score"].value = 1
    assert wb.protest.save().payload["ratings"] == {"repeat_contact": 3, "keep_score": 1}
    assert "The last check was on" in wb.protest.comparison.value
    wb.protest.rows["repeat_contact"].value = 1
    wb.protest.rows["keep_score"].value = 2
    assert "Less often than last time (most days)" in wb.protest.changes["repeat_contact"].value
    assert "More often than last time (once or twice)" in wb.protest.changes["keep_score"].value
    wb.protest.save()
    assert len(store.entries(client.id, "protest_check")) == 2, "each check is kept"
    wb.silencing.rows["dont_mind"].value = 2
    assert wb.silencing.save().kind == "silencing_check"


def test_cycle_map_is_drawn_as_typed_saved_and_edited(store, client):
    wb = _open(PatternWorkbook, store, client)
    cyc = wb.cycle
    cyc.fields["trigger"].value = "No reply by evening"
    cyc.fields["my_move"].value = HOSTILE
    assert "No reply by evening" in cyc.drawing.value and "&lt;img" in cyc.drawing.value
    assert "<img" not in cyc.drawing.value
    first = cyc.save()
    cyc.fields["their_move"].value = "Goes quiet"
    second = cyc.save()
    assert first.id == second.id and second.version == 2
    again = _open(PatternWorkbook, store, client)
    assert again.cycle.fields["their_move"].value == "Goes quiet"
    again.cycle.new_button.click()
    again.cycle.fields["trigger"].value = "A cancelled plan"
    again.cycle.fields["my_move"].value = "Ask again"
    again.cycle.save()
    assert len(store.entries(client.id, "cycle_map")) == 2


def test_charts_have_a_friendly_empty_state_then_the_data(store, client):
    wb = _open(PatternWorkbook, store, client)
    wb.steps.go(wb.names.index("charts"))
    assert "No entries yet" in wb.charts["triggers.by_kind"].text.value
    assert wb.charts["triggers.by_kind"].chart.layout.display == "none"
    wb.steps.go(wb.names.index("trigger_log"))
    _fill_trigger(wb.trigger_form, intensity=8, stress=7)
    wb.trigger_form.save()
    wb.steps.go(wb.names.index("charts"))
    figure = wb.charts["triggers.by_kind"].chart.figure
    assert figure["data"][0]["y"] == [1, 0, 0, 0]
    assert "Moments logged so far: 1" in wb.charts["triggers.by_kind"].text.value
    assert wb.charts["triggers.intensity"].chart.figure["data"][1]["y"] == [8]
    assert "averaging 8.0" in wb.charts["triggers.stress"].text.value


def test_homework_is_set_and_shown_next_time_with_progress(store, client):
    wb = _open(PatternWorkbook, store, client)
    wb.wrapup.counts["trigger_log"].value = 2
    wb.wrapup.homework.value = "Fictional: notice the pull to check the phone"
    wb.wrapup.note.value = "Fictional private note"
    wb.wrapup.due.value = dt.date.today() + dt.timedelta(days=7)
    session = wb.wrapup.save()
    assert session.payload["homework_items"] == [{"kind": "trigger_log", "count": 2}]
    assert session.payload["workbook"] == "01_pattern_awareness" and session.payload["number"] == 1
    _fill_trigger(wb.trigger_form)
    wb.trigger_form.save()
    nxt = _open(PatternWorkbook, store, client)
    assert "Trigger log entries: 1 of 2" in nxt.since.value
    assert "notice the pull" in nxt.since.value
    # today's session record is edited, not duplicated
    assert nxt.wrapup.counts["trigger_log"].value == 2
    nxt.wrapup.counts["cycle_map"].value = 1
    nxt.wrapup.save()
    assert len(store.entries(client.id, "session")) == 1


def test_at_home_there_is_no_picker_no_wrap_up_and_no_therapist_note(store, client, monkeypatch):
    monkeypatch.setenv("ATTACHWORK_MODE", "home")
    wb = _open(PatternWorkbook, store, client)
    assert not hasattr(wb.picker, "dropdown") and not hasattr(wb, "wrapup")
    assert "wrapup" not in wb.names and "Test-Robin" in wb.picker.status.value
    assert all(f.kind != "session" for f in wb.forms)


def test_at_home_before_the_starter_file_the_workbook_points_to_it(store, monkeypatch):
    monkeypatch.setenv("ATTACHWORK_MODE", "home")
    wb = PatternWorkbook(store)
    assert wb.client is None
    assert 'href="between_sessions.ipynb"' in wb.picker.status.value
    assert "profile first" in wb.picker.status.value


# -- 02 and the toolkit ----------------------------------------------------------------
def test_a_practice_needs_both_ratings_and_charts_the_drop(store, client):
    wb = _open(RegulationWorkbook, store, client)
    form = wb.breathing
    form.before.value = 7
    assert form.save() is None and "Please pick one." in form.after.message.value
    form.after.value = 3
    form.pacer.elapsed, form.pacer.breaths, form.pacer.state = 118, 11, "done"
    entry = form.save()
    assert (entry.payload["seconds"], entry.payload["breaths"], entry.payload["inhale"]) == (118, 11, 4.0)
    assert "Distress went from 7 to 3." in form.message.value
    assert form.pacer.state == "idle" and form.before.value is None
    wb.steps.go(wb.names.index("progress"))
    drop = wb.charts["practice.suds_drop"]
    assert drop.chart.figure["data"][1]["y"] == [7] and drop.chart.figure["data"][2]["y"] == [3]
    assert "went down by 4.0 points" in wb.charts["practice.suds_drop"].text.value


def test_pacer_settings_follow_the_fields(store, client):
    wb = _open(RegulationWorkbook, store, client)
    wb.breathing.inhale.value = 5
    wb.breathing.exhale.value = 7
    wb.breathing.minutes.value = 3
    wb.breathing.calm_box.value = True
    pacer = wb.breathing.pacer
    assert (pacer.inhale, pacer.exhale, pacer.total, pacer.calm) == (5, 7, 180, True)


def test_grounding_and_reset_practices(store, client):
    wb = _open(RegulationWorkbook, store, client)
    g = wb.grounding
    g.before.value, g.after.value = 6, 4
    g.senses["seen"].value = "a lamp, a window"
    assert g.save().payload["grounding"] == {"seen": "a lamp, a window"}
    r = wb.reset
    r.before.value, r.after.value = 8, 6
    r.which.value = "walk"
    assert r.save().payload["reset"] == "walk"
    assert "Quick reset" in wb.list.table.value


def test_every_workbook_offers_the_calm_panel_and_it_saves_for_the_client(store, client):
    for wb in (_open(PatternWorkbook, store, client), intake.IntakeWorkbook(store)):
        assert wb.shell.calm.toolkit is None, "built on first use, not at page load"
        wb.shell.calm.button.value = True
        assert wb.shell.calm.visible
    wb.picker.dropdown.value = client.id  # the intake workbook
    wb.shell.calm.toolkit = None
    wb.shell.calm.open()
    form = wb.shell.calm.toolkit.practices["breathing"]
    form.before.value, form.after.value = 5, 2
    entry = form.save()
    assert entry.workbook == "00_intake" and entry.kind == "practice"


def test_the_calm_panel_works_without_a_client_but_does_not_save(store):
    wb = PatternWorkbook(store)
    wb.shell.calm.open()
    toolkit = wb.shell.calm.toolkit
    assert "Choose a client first" in toolkit.no_client.value
    form = toolkit.practices["reset"]
    form.before.value, form.after.value = 5, 2
    assert form.save() is None and "choose a client" in wb.shell.notice.value.lower()


def test_a_practice_from_the_calm_panel_shows_in_workbook_02s_list(store, client):
    wb = _open(RegulationWorkbook, store, client)
    wb.shell.calm.open()
    form = wb.shell.calm.toolkit.practices["grounding"]
    form.before.value, form.after.value = 6, 5
    form.save()
    assert "5-4-3-2-1 scan" in wb.list.table.value


def test_at_home_getting_started_points_to_between_sessions(store, client, monkeypatch):
    monkeypatch.setenv("ATTACHWORK_MODE", "home")
    page = intake.workbook(store)
    words = page.body.children[0].value
    assert "happens with your therapist in session" in words
    assert 'href="between_sessions.ipynb"' in words
    assert page.crisis.button.layout.display != "none"


def test_homework_counts_that_are_not_whole_numbers_are_refused_beside_the_field(store, client):
    wb = _open(PatternWorkbook, store, client)
    for typed, message in (("2.5", "whole number"), ("lots", "whole number"), ("-1", "no lower than 0"),
                           ("999", "no higher than 50")):
        wb.wrapup.counts["trigger_log"].control.value = typed
        assert wb.wrapup.save() is None
        assert message in wb.wrapup.counts["trigger_log"].error.value
        assert wb.wrapup.counts["trigger_log"].control.value == typed, "what was typed stays"
    assert store.entries(client.id, "session") == []
    wb.wrapup.counts["trigger_log"].control.value = "3"
    saved = wb.wrapup.save()
    assert saved.payload["homework_items"] == [{"kind": "trigger_log", "count": 3}]
    assert "whole number" not in wb.wrapup.counts["trigger_log"].error.value


def test_breathing_settings_out_of_range_say_so_and_the_pacer_keeps_the_last_good_one(store, client):
    from attachwork.ui.pages.regulation import RegulationWorkbook

    wb = _open(RegulationWorkbook, store, client)
    form = wb.breathing
    form.inhale.control.value = "5"
    assert form.pacer.inhale == 5.0
    form.inhale.control.value = "30"
    assert "no higher than 8" in form.inhale.error.value and form.pacer.inhale == 5.0
    form.before.value, form.after.value = 6, 4
    assert form.save() is None, "a setting that is not a number in range is not saved"
    form.inhale.control.value = "4.5"
    entry = form.save()
    assert entry.payload["inhale"] == 4.5


def test_a_possible_sign_brings_a_gentler_message_with_the_lines_one_click_away(store, client):
    wb = _open(PatternWorkbook, store, client)
    _fill_trigger(wb.trigger_form, story="Fictional: everyone would be better off without me")
    entry = wb.trigger_form.save()
    assert entry.flagged
    message = wb.trigger_form.message.value
    assert "That sounds very heavy" in message and "<details>" in message and "988" in message
    assert not wb.shell.crisis.visible, "the crisis panel is not forced open for a quieter sign"
    [flag] = store.flags(client.id)
    assert flag.level == "possible" and flag.reasons, "the therapist sees the tier and why"
    assert "better off" not in " ".join(flag.reasons)


def test_danger_from_a_partner_brings_safety_help_not_the_suicide_lines(store, client):
    wb = _open(PatternWorkbook, store, client)
    _fill_trigger(wb.trigger_form, happened="Fictional: he said he would kill me if I left, and he "
                                             "took my phone")
    entry = wb.trigger_form.save()
    assert entry.flagged
    message = wb.trigger_form.message.value
    assert "Your safety matters" in message and "1-800-799-7233" in message
    assert "988 Suicide" not in message and not wb.shell.crisis.visible
    [flag] = store.flags(client.id)
    assert flag.level == "partner" and "partner_danger" in flag.categories


def test_at_home_the_message_says_nobody_reads_it_until_the_work_goes_back(store, client, monkeypatch):
    monkeypatch.setenv("ATTACHWORK_MODE", "home")
    wb = _open(PatternWorkbook, store, client)
    _fill_trigger(wb.trigger_form, story="Fictional: I want to kill myself tonight")
    wb.trigger_form.save()
    message = wb.trigger_form.message.value
    assert "Nobody reads it until you send your work back" in message
    assert "your therapist sees a note" not in message


def test_each_flag_is_reviewed_on_its_own_with_what_was_done(store, client):
    wb = _open(PatternWorkbook, store, client)
    _fill_trigger(wb.trigger_form, story="Fictional: I want to kill myself tonight")
    wb.trigger_form.save()
    _fill_trigger(wb.trigger_form, happened="Fictional: he said he would kill me if I left")
    wb.trigger_form.save()
    nxt = _open(PatternWorkbook, store, client)
    assert len(nxt.flags.rows) == 2
    urgent = next(r for r in nxt.flags.rows if r.flag.level == "clear")
    assert "Urgent" in urgent.text.value and "Why:" in urgent.text.value
    urgent.actions["asked_safety"].value = True
    urgent.actions["safety_plan"].value = True
    urgent.note.value = "(Fictional) agreed to call the line tonight"
    urgent.button.click()
    left = store.flags(client.id)
    assert [f.level for f in left] == ["partner"], "the other flag still waits"
    done = [f for f in store.flags(client.id, open_only=False) if f.reviewed_at]
    assert done[0].review_actions == ("asked_safety", "safety_plan")
    assert done[0].review_note.startswith("(Fictional) agreed")
    [event] = [e for e in store.audit_log() if e.action == "flag_reviewed"]
    assert "actions=asked_safety,safety_plan" in event.detail and "agreed" not in event.detail
    assert len(nxt.flags.rows) == 1


def test_the_save_status_is_beside_the_button_that_saved(store, client, monkeypatch):
    wb = _open(PatternWorkbook, store, client)
    form = wb.trigger_form
    assert form.save_status in form.actions.children and form.save_status.value == ""
    form.occurred.value = dt.datetime(2026, 11, 1, 21, 30)
    _fill_trigger(form)
    assert form.save_status.state == "draft" and "Draft kept" in form.save_status.value
    form.save()
    assert form.save_status.state == wb.shell.save_state.state == "saved"
    assert "Saved" in form.save_status.value and 'aria-live' not in form.save_status.value
    # a save that fails says so beside the button too, and keeps what was typed
    other = wb.cycle
    for name, field in other.fields.items():
        field.value = f"Fictional: {name}"

    def broken(*_a, **_k):
        raise RuntimeError("the disk is full (fictional)")

    monkeypatch.setattr(store, "save_many", broken)
    other.save()
    assert other.save_status.state == "failed" and "Nothing you wrote has been lost" in other.message.value
    assert form.save_status.state == "saved", "each form says how its own save went"
    assert other.fields["trigger"].value == "Fictional: trigger"

"""Scores explained plainly (issue 14): each dimension's own baseline in the review, the
clinical-significance judgement of Jacobson and Truax (1991) worked by hand, the
near-the-middle band and the skip message of the project's own check-in, and their words
in both languages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from attachwork import content
from attachwork.content import PACKAGE_DIR, instrument_folders
from attachwork.domain.instruments import Instrument, load_catalogue, load_instrument
from attachwork.domain.records import CheckIn, ClientProfile, Entry
from attachwork.domain.review import (
    CheckInPoint,
    Cutoff,
    checkin_points,
    clinical_cutoff,
    reliable_change,
)

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures/instruments/ecr_r_shaped.yaml"
ECR = load_instrument(FIXTURE)
UTC = dt.UTC


def _reflection(lang: str = "en") -> Instrument:
    return load_instrument(PACKAGE_DIR / lang / "instruments" / "reflection.yaml")


def _answers(inst: Instrument, means: dict[str, int], skip: dict[str, int] | None = None
             ) -> dict[str, int]:
    """Answers whose keyed value is ``means[subscale]`` on every item, leaving the first
    ``skip[subscale]`` items of a subscale blank."""
    out: dict[str, int] = {}
    for sub, value in means.items():
        items = inst.items_of(sub)[(skip or {}).get(sub, 0):]
        for item in items:
            out[item.id] = inst.scale.min + inst.scale.max - value if item.reverse else value
    return out


def _entry(inst: Instrument, responses: dict[str, int], when: dt.datetime) -> Entry:
    return Entry(id=f"checkin-{when.isoformat()}", client_id="c", kind="checkin",
                 payload={"kind": "checkin", "instrument_id": inst.id,
                          "instrument_version": inst.version, "responses": responses},
                 author="therapist", place="clinic", created_at=when, updated_at=when)


# -- each dimension from its own first complete check-in --------------------------------
def _three_checkins(inst: Instrument) -> list[Entry]:
    day = [dt.datetime(2026, m, 1, 12, tzinfo=UTC) for m in (1, 2, 3)]
    return [
        # avoidance: 4 of its 18 blank, one more than the 3 allowed, so not scored
        _entry(inst, _answers(inst, {"anx": 5, "avo": 5}, skip={"avo": 4}), day[0]),
        _entry(inst, _answers(inst, {"anx": 5, "avo": 5}), day[1]),
        _entry(inst, _answers(inst, {"anx": 4, "avo": 4}), day[2]),
    ]


def test_a_dimension_left_incomplete_at_first_starts_from_its_first_complete_check_in():
    points = checkin_points(_three_checkins(ECR), ECR)
    assert "avo" not in points[0].means and points[0].means["anx"] == 5.0
    changes = {c.subscale: c for c in reliable_change(ECR, points)}
    assert set(changes) == {"anx", "avo"}  # before the fix the avoidance row was dropped
    anx, avo = changes["anx"], changes["avo"]
    assert (anx.first, anx.first_when, anx.latest_when) == (5.0, dt.date(2026, 1, 1),
                                                          dt.date(2026, 3, 1))
    assert (avo.first, avo.latest, avo.first_when) == (5.0, 4.0, dt.date(2026, 2, 1))
    # avoidance norms SD 1.0, r .94: SE = 1.0 * sqrt(.06) = 0.24495;
    # Sdiff = sqrt(2) * 0.24495 = 0.34641; RCI = (4.0 - 5.0) / 0.34641 = -2.8868 < -1.96
    assert avo.rci == pytest.approx(-2.8868, abs=1e-4) and avo.verdict == "reliable_down"
    # anxiety SD 1.1, r .93: Sdiff = sqrt(2) * 1.1 * sqrt(.07) = 0.41158; -1.0 / 0.41158
    assert anx.rci == pytest.approx(-2.4296, abs=1e-4)


def test_the_latest_end_is_each_dimension_s_latest_complete_check_in_too():
    pts = [CheckInPoint(dt.date(2026, 1, 1), {"anx": 5.0, "avo": 5.0}, "fearful"),
           CheckInPoint(dt.date(2026, 2, 1), {"anx": 4.0, "avo": 3.0}, "fearful"),
           CheckInPoint(dt.date(2026, 3, 1), {"anx": 3.0}, None)]
    changes = {c.subscale: c for c in reliable_change(ECR, pts)}
    assert (changes["avo"].latest, changes["avo"].latest_when) == (3.0, dt.date(2026, 2, 1))
    assert (changes["anx"].latest, changes["anx"].latest_when) == (3.0, dt.date(2026, 3, 1))
    # a dimension complete only once has no change yet
    only_once = [pts[0], CheckInPoint(dt.date(2026, 2, 1), {"anx": 4.0}, None)]
    assert [c.subscale for c in reliable_change(ECR, only_once)] == ["anx"]


def _licensed(tmp_path: Path, monkeypatch, norms: dict[str, dict | None]) -> Instrument:
    """The ECR-shaped file as a practice's licensed instrument, with ``norms`` per subscale
    (``None`` removes them)."""
    data = yaml.safe_load(FIXTURE.read_text())
    for sub in data["subscales"]:
        if sub["id"] in norms:
            if norms[sub["id"]] is None:
                sub.pop("norms", None)
            else:
                sub["norms"] = norms[sub["id"]]
    folder = tmp_path / "licensed"
    folder.mkdir()
    (folder / "ecr.yaml").write_text(yaml.safe_dump(data))
    monkeypatch.setenv("ATTACHWORK_INSTRUMENTS_DIR", str(folder))
    inst = load_catalogue(instrument_folders()).get("ecr-r-shaped")
    assert inst is not None
    return inst


def _review_of(store, inst: Instrument, entries: list[Entry]) -> str:
    from attachwork.ui.pages.review import ReviewWorkbook

    client = store.create_client(ClientProfile(pseudonym="Test-Kestrel"))
    for e in entries:
        store.add_entry(client.id, "checkin", CheckIn(
            instrument_id=inst.id, instrument_version=inst.version,
            responses=e.payload["responses"]), author="therapist", place="clinic",
            at=e.created_at)
    wb = ReviewWorkbook(store)
    wb.picker.dropdown.value = client.id
    wb.steps.go(wb.names.index("trajectory"))
    return wb.change.value


def test_the_review_page_shows_the_dimension_and_its_baseline_date(store, tmp_path, monkeypatch):
    inst = _licensed(tmp_path, monkeypatch, {})
    shown = _review_of(store, inst, _three_checkins(inst))
    start = shown.index(">Avoidance</th>")
    avo_row = shown[start:shown.index("</tr>", start)]
    assert "5.00" in avo_row and "(2026-02-01)" in avo_row and "(2026-03-01)" in avo_row
    assert "-1.00" in avo_row and "RCI -2.89" in avo_row
    assert "(2026-01-01)" in shown  # anxiety's own baseline
    assert "starts from its own first complete check-in" in shown
    assert "everyday range" not in shown  # this file gives no comparison groups


def test_a_change_shows_even_when_no_check_in_puts_a_point_on_the_plane(
        store, tmp_path, monkeypatch):
    inst = _licensed(tmp_path, monkeypatch, {})
    day = [dt.datetime(2026, m, 1, 12, tzinfo=UTC) for m in (1, 2)]
    # avoidance never complete (4 of 18 blank), so neither check-in is a point on the plane
    shown = _review_of(store, inst, [
        _entry(inst, _answers(inst, {"anx": 5, "avo": 5}, skip={"avo": 4}), day[0]),
        _entry(inst, _answers(inst, {"anx": 4, "avo": 5}, skip={"avo": 4}), day[1])])
    assert ">Anxiety</th>" in shown and "RCI -2.43" in shown and ">Avoidance</th>" not in shown


def test_a_licensed_file_without_norms_is_named_never_called_a_reflection_aid(
        store, tmp_path, monkeypatch):
    inst = _licensed(tmp_path, monkeypatch, {"avo": None})
    shown = _review_of(store, inst, _three_checkins(inst))
    assert "The file for ECR-R shaped test instrument gives no norms" in shown
    assert "for Avoidance," in shown and "reflection aid" not in shown
    assert "RCI -2.43" in shown  # anxiety keeps its norms and its judgement


def test_the_project_s_own_check_in_is_still_called_a_reflection_aid(store):
    inst = _reflection()
    day = [dt.datetime(2026, m, 1, 12, tzinfo=UTC) for m in (1, 2)]
    shown = _review_of(store, inst, [
        _entry(inst, _answers(inst, {"anxiety": 6, "avoidance": 3}), day[0]),
        _entry(inst, _answers(inst, {"anxiety": 5, "avoidance": 3}), day[1])])
    assert "reflection aid without published norms" in shown and "gives no norms" not in shown


# -- clinical significance, worked by hand ----------------------------------------------
# Every case below uses the anxiety norms of the ECR-shaped file for reliable change:
#   SD 1.1, r .93: SE = 1.1 * sqrt(1 - .93) = 1.1 * 0.264575 = 0.291033
#   Sdiff = sqrt(2) * 0.291033 = 0.411582
# and these comparison groups (lower scores are easier):
#   help-seeking ("clinical"):   mean 4.5, SD 1.0
#   not seeking help:            mean 3.0, SD 0.8
CLINICAL = {"mean": 4.5, "sd": 1.0}
NONCLINICAL = {"mean": 3.0, "sd": 0.8}


def _with_groups(**groups: dict) -> Instrument:
    data = yaml.safe_load(FIXTURE.read_text())
    data["subscales"][0]["norms"].update(groups)
    return Instrument.model_validate(data)


def _change(inst: Instrument, before: float, after: float):
    [anx, _avo] = reliable_change(inst, [
        CheckInPoint(dt.date(2026, 1, 1), {"anx": before, "avo": 3.0}, None),
        CheckInPoint(dt.date(2026, 6, 1), {"anx": after, "avo": 3.0}, None)])
    return anx


def test_criterion_c_when_the_file_gives_both_groups():
    inst = _with_groups(clinical=CLINICAL, nonclinical=NONCLINICAL)
    # c = (SD_clin * M_func + SD_func * M_clin) / (SD_clin + SD_func)
    #   = (1.0 * 3.0 + 0.8 * 4.5) / (1.0 + 0.8) = (3.0 + 3.6) / 1.8 = 3.6667
    cut = clinical_cutoff(inst.subscale("anx"))
    assert cut is not None and cut.criterion == "c"
    assert cut.value == pytest.approx(3.6667, abs=1e-4)
    cases = [
        # 5.0 -> 3.5: RCI = -1.5 / 0.411582 = -3.6445 (reliable); 3.5 < 3.6667: significant
        (5.0, 3.5, -3.6445, "significant"),
        # 5.0 -> 4.0: RCI = -1.0 / 0.411582 = -2.4296 (reliable); 4.0 > 3.6667: improved only
        (5.0, 4.0, -2.4296, "improved"),
        # 3.9 -> 3.6: RCI = -0.3 / 0.411582 = -0.7289 (not reliable), though 3.6 < 3.6667
        (3.9, 3.6, -0.7289, "past_not_reliable"),
        # 4.2 -> 4.0: RCI = -0.2 / 0.411582 = -0.4859, still above 3.6667
        (4.2, 4.0, -0.4859, "not_yet"),
        # 3.2 -> 3.0: began below 3.6667, so there is no range to come back to
        (3.2, 3.0, -0.4859, "started_within"),
        # 4.0 -> 5.2: RCI = +1.2 / 0.411582 = +2.9156 (reliable, away from easing)
        (4.0, 5.2, 2.9156, "worse"),
    ]
    for before, after, index, judged in cases:
        ch = _change(inst, before, after)
        assert ch.rci == pytest.approx(index, abs=1e-4), (before, after)
        assert ch.clinical == judged, (before, after)


def test_criterion_b_when_the_file_gives_only_people_not_seeking_help():
    inst = _with_groups(nonclinical=NONCLINICAL)
    # b = M_func + 2 * SD_func = 3.0 + 2 * 0.8 = 4.6
    cut = clinical_cutoff(inst.subscale("anx"))
    assert cut == Cutoff("b", pytest.approx(4.6), "lower")
    # 5.5 -> 4.4: RCI = -1.1 / 0.411582 = -2.6726 (reliable); 4.4 < 4.6: significant.
    # (With both groups the line would be 3.6667 and the same change only "improved".)
    ch = _change(inst, 5.5, 4.4)
    assert ch.rci == pytest.approx(-2.6726, abs=1e-4) and ch.clinical == "significant"
    assert _change(_with_groups(clinical=CLINICAL, nonclinical=NONCLINICAL),
                   5.5, 4.4).clinical == "improved"


def test_criterion_a_when_the_file_gives_only_people_seeking_help():
    inst = _with_groups(clinical=CLINICAL)
    # a = M_clin - 2 * SD_clin = 4.5 - 2 * 1.0 = 2.5
    cut = clinical_cutoff(inst.subscale("anx"))
    assert cut is not None and (cut.criterion, cut.value) == ("a", pytest.approx(2.5))
    # 5.0 -> 3.0: RCI = -2.0 / 0.411582 = -4.8593 (reliable); 3.0 > 2.5: improved
    ch = _change(inst, 5.0, 3.0)
    assert ch.rci == pytest.approx(-4.8593, abs=1e-4) and ch.clinical == "improved"
    # 5.0 -> 2.4: RCI = -2.6 / 0.411582 = -6.3171; 2.4 < 2.5: significant
    assert _change(inst, 5.0, 2.4).clinical == "significant"


def test_no_groups_no_clinical_judgement_and_the_cutoff_itself_is_not_past():
    ch = _change(ECR, 5.0, 3.0)
    assert ch.cutoff is None and ch.clinical == "cannot_judge"
    assert not Cutoff("c", 3.5).past(3.5) and Cutoff("c", 3.5).past(3.49)


def test_where_higher_is_easier_the_cutoff_and_direction_turn_round():
    data = yaml.safe_load(FIXTURE.read_text())
    data["subscales"][0].update(better="higher")
    data["subscales"][0]["norms"].update(clinical={"mean": 2.0, "sd": 1.0},
                                         nonclinical={"mean": 4.0, "sd": 1.0})
    inst = Instrument.model_validate(data)
    # c = (1.0 * 4.0 + 1.0 * 2.0) / 2.0 = 3.0; 2.0 -> 3.5: RCI = +1.5 / 0.411582 = +3.6445
    ch = _change(inst, 2.0, 3.5)
    assert ch.cutoff is not None and ch.cutoff.value == pytest.approx(3.0)
    assert ch.clinical == "significant"
    assert _change(inst, 3.5, 2.0).clinical == "worse"


def test_groups_in_the_wrong_order_are_refused():
    with pytest.raises(ValueError, match="clinical mean"):
        _with_groups(clinical={"mean": 2.0, "sd": 1.0}, nonclinical=NONCLINICAL)


def test_the_review_page_shows_the_clinical_judgement_and_its_criterion(store, tmp_path,
                                                                        monkeypatch):
    groups = {"mean": 3.6, "sd": 1.1, "reliability": 0.93,
              "clinical": CLINICAL, "nonclinical": NONCLINICAL}
    inst = _licensed(tmp_path, monkeypatch, {"anx": groups})
    day = [dt.datetime(2026, m, 1, 12, tzinfo=UTC) for m in (1, 4)]
    shown = _review_of(store, inst, [
        _entry(inst, _answers(inst, {"anx": 6, "avo": 3}), day[0]),
        _entry(inst, _answers(inst, {"anx": 3, "avo": 3}), day[1])])
    # 6.0 -> 3.0: RCI = -3.0 / 0.411582 = -7.29, and 3.0 < 3.6667 (criterion c)
    assert "Into the everyday range?" in shown
    assert "Yes, a reliable change into the everyday range" in shown
    assert "line at 3.67, criterion c" in shown and "(criterion c)" in shown
    # avoidance has SD and reliability but no comparison groups
    assert "Cannot be judged, the file gives no scores to compare with" in shown


# -- the project's own check-in ---------------------------------------------------------
def test_one_frame_and_no_statement_assumes_a_partner():
    for lang, words in (("en", ("partner", "your current one")), ("es", ("pareja", "la que tienes"))):
        inst = _reflection(lang)
        assert "in general" in inst.instructions or "en general" in inst.instructions
        for text in (inst.instructions, *(i.text for i in inst.items)):
            assert not any(w in text.lower() for w in words), (lang, text)
        assert inst.kind == "reflection"


def test_a_wording_change_bumps_the_version_in_both_languages_and_keeps_the_scoring():
    en, es = _reflection("en"), _reflection("es")
    assert en.version == es.version == "1.1"
    assert [(i.id, i.subscale, i.reverse) for i in en.items] == \
        [(i.id, i.subscale, i.reverse) for i in es.items]
    # answers saved under 1.0 (only ids are stored) still score: all 6 on the anxiety
    # statements, r05 and r11 reversed (8 - 6 = 2): (6 * 4 + 2 * 2) / 6 = 4.6667
    old = _entry(en, {i.id: 6 for i in en.items}, dt.datetime(2026, 1, 1, tzinfo=UTC))
    old.payload["instrument_version"] = "1.0"
    [point] = checkin_points([old], en)
    assert point.means["anxiety"] == pytest.approx(28 / 6)


def test_near_the_middle_band_around_the_cut():
    inst = _reflection()
    assert inst.near_middle == 0.5 and inst.cut("anxiety") == 4.0
    # band 4.0 +- 0.5: 3.5 and 4.5 are in it (the edges count), 4.6667 (28/6) is not
    for score, middle in ((4.0, True), (3.5, True), (4.5, True), (3.4, False), (28 / 6, False)):
        assert inst.near_middle_of("anxiety", score) is middle, score
    fours = inst.score(_answers(inst, {"anxiety": 4, "avoidance": 2}))
    assert fours.region() == "secure"  # 4.0 is not above the cut ...
    assert fours.near_middle() == ["anxiety"]  # ... but it is near the middle, not a verdict
    assert inst.score(_answers(inst, {"anxiety": 6, "avoidance": 2})).near_middle() == []
    assert ECR.near_middle == 0 and not ECR.near_middle_of("anx", 3.5)  # no band in the file


def test_the_check_in_says_near_the_middle_for_a_four(monkeypatch):
    from attachwork.ui.checkin_form import CheckInForm

    form = CheckInForm(load_catalogue(instrument_folders()))
    form.set_state("reflection-checkin", _answers(form.instrument, {"anxiety": 4, "avoidance": 4}))
    form.show_results([])
    shown = form.results.value
    assert "Worry about closeness: 4 on a scale of 1 to 7, near the middle" in shown
    assert "Both scores sit near the middle" in shown
    form.set_state("reflection-checkin", _answers(form.instrument, {"anxiety": 4, "avoidance": 1}))
    form.show_results([])
    assert "Worry about closeness sits near the middle" in form.results.value
    assert "Need for distance: 1 on a scale of 1 to 7<" in form.results.value
    form.set_state("reflection-checkin", _answers(form.instrument, {"anxiety": 6, "avoidance": 2}))
    form.show_results([])
    assert "near the middle" not in form.results.value


def test_the_skip_message_matches_the_rule():
    from attachwork.ui.checkin_form import CheckInForm, skip_message

    inst = _reflection()
    # 6 statements a part, 20 % may be blank: floor(6 * 0.2) = floor(1.2) = 1
    assert [inst.allowed_missing(s.id) for s in inst.subscales] == [1, 1]
    words = skip_message(inst)
    assert "scored with one of its statements skipped" in words and "few" not in words
    one_gap = inst.score(_answers(inst, {"anxiety": 5, "avoidance": 5}, skip={"anxiety": 1}))
    two_gaps = inst.score(_answers(inst, {"anxiety": 5, "avoidance": 5}, skip={"anxiety": 2}))
    assert one_gap.subscales["anxiety"].complete and not two_gaps.subscales["anxiety"].complete
    # 18 a part: floor(3.6) = 3
    assert "up to 3 of its statements skipped" in skip_message(ECR)
    strict = inst.model_copy(update={"max_missing_fraction": 0.0})
    assert skip_message(strict) == \
        "Each part needs every one of its statements answered before it can be scored."
    uneven = ECR.model_copy(update={"items": ECR.items[:10] + ECR.items[18:]})
    # anxiety 10 items: floor(2.0) = 2; avoidance 18: 3
    assert "Anxiety: 2; Avoidance: 3" in skip_message(uneven)
    form = CheckInForm(load_catalogue(instrument_folders()))
    assert "scored with one of its statements skipped" in form.intro.value


def test_the_spanish_skip_message_matches_the_rule_too(monkeypatch):
    from attachwork.ui.checkin_form import skip_message

    monkeypatch.setenv("ATTACHWORK_LANG", "es")
    content.reload()
    words = skip_message(_reflection("es"))
    assert "dejes una de sus afirmaciones sin responder" in words
    assert "hasta 3 de sus afirmaciones" in skip_message(ECR)


NEW_KEYS = {
    **{f"review.trajectory.{k}": set() for k in (
        "baseline_note", "table_clinical", "clinical_intro", "criterion_a", "criterion_b",
        "criterion_c", *(f"clinical_{v}" for v in (
            "significant", "improved", "past_not_reliable", "started_within", "worse",
            "not_yet", "cannot_judge")))},
    "review.trajectory.no_norms_note": {"title", "dimensions"},
    "review.trajectory.cutoff_note": {"cutoff", "criterion"},
    "intake.checkin.score_line_middle": {"label", "value", "min", "max"},
    "intake.checkin.near_middle_one": {"dimension"},
    "intake.checkin.near_middle_both": set(),
    "intake.checkin.unanswered_none": set(),
    "intake.checkin.unanswered_one": set(),
    "intake.checkin.unanswered_many": {"allowed"},
    "intake.checkin.unanswered_parts": {"parts"},
}


def test_the_new_words_are_in_both_languages_with_the_same_placeholders():
    from attachwork.content.lint import placeholders

    packs = content.built_in("en"), content.built_in("es")
    for key, wanted in NEW_KEYS.items():
        for data in packs:
            text = data
            for part in key.split("."):
                text = text[part]
            assert isinstance(text, str) and text.strip(), key
            assert placeholders(text) == wanted, key
    assert "unanswered_ok" not in packs[0]["intake"]["checkin"]  # the "small gap" words are gone


# -- earlier versions ---------------------------------------------------------------------
def test_a_check_in_saved_under_1_0_exports_with_the_wording_it_was_answered_with(store):
    import json

    from attachwork.services import portable

    catalogue = load_catalogue(instrument_folders())
    assert catalogue.problems == []
    old, new = catalogue.version("reflection-checkin", "1.0"), catalogue.get("reflection-checkin")
    assert old is not None and new is not None and old.version == "1.0"
    assert catalogue.version("reflection-checkin", "1.1") is new
    assert catalogue.version("reflection-checkin", "0.9") is None
    assert list(catalogue.instruments) == ["reflection-checkin"]  # 1.0 is never offered
    client = store.create_client(ClientProfile(pseudonym="Test-Plover"))
    for inst in (old, new):
        store.add_entry(client.id, "checkin", CheckIn(
            instrument_id=inst.id, instrument_version=inst.version,
            responses=_answers(inst, {"anxiety": 5, "avoidance": 3})),
            author="therapist", place="clinic")
    document = json.loads(portable.export_fhir(store, client.id, actor="therapist"))
    forms = {r["version"]: r for r in (e["resource"] for e in document["entry"])
             if r["resourceType"] == "Questionnaire"}
    assert set(forms) == {"1.0", "1.1"} and {f["status"] for f in forms.values()} == {"active"}
    r04 = {v: next(i["text"] for i in f["item"] if i["linkId"] == "r04") for v, f in forms.items()}
    assert "partner" in r04["1.0"] and "someone close to me" in r04["1.1"]


def test_an_earlier_version_that_would_score_differently_is_refused(tmp_path):
    data = yaml.safe_load(FIXTURE.read_text())
    (tmp_path / "earlier").mkdir()
    (tmp_path / "ecr.yaml").write_text(yaml.safe_dump(data))
    data["version"] = "test-0"
    data["items"][0]["reverse"] = not data["items"][0].get("reverse", False)
    (tmp_path / "earlier" / "ecr-0.yaml").write_text(yaml.safe_dump(data))
    catalogue = load_catalogue([tmp_path])
    assert catalogue.earlier == {}
    assert "needs a new instrument id" in catalogue.problems[0]
    data["items"][0]["reverse"] = not data["items"][0]["reverse"]
    (tmp_path / "earlier" / "ecr-0.yaml").write_text(yaml.safe_dump(data))
    assert list(load_catalogue([tmp_path]).earlier) == [("ecr-r-shaped", "test-0")]

"""Check-in scoring: reverse keying, the missing-item rule, regions and cut points."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from attachwork.content import PACKAGE_DIR
from attachwork.domain.instruments import (
    Instrument,
    InstrumentError,
    load_catalogue,
    load_instrument,
    region_for,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "instruments"
ECR = load_instrument(FIXTURES / "ecr_r_shaped.yaml")
REFLECTION = load_instrument(PACKAGE_DIR / "en" / "instruments" / "reflection.yaml")
REVERSED = {9, 11, 20, 22, 26, 27, 28, 29, 30, 31, 33, 34, 35, 36}


def answers(value_for) -> dict[str, int]:
    return {f"i{n:02d}": value_for(n) for n in range(1, 37)}


def test_ecr_shape_is_read_from_the_file():
    assert len(ECR.items) == 36
    assert [i.subscale for i in ECR.items] == ["anx"] * 18 + ["avo"] * 18
    assert {int(i.id[1:]) for i in ECR.items if i.reverse} == REVERSED
    assert ECR.subscale("anx").norms.sd == 1.1


def test_reverse_keyed_items_count_as_eight_minus_x():
    # Answer 1 everywhere: keyed items stay 1, reversed ones become 7.
    scores = ECR.score(answers(lambda n: 1))
    anx_reversed = sum(1 for n in REVERSED if n <= 18)
    avo_reversed = sum(1 for n in REVERSED if n > 18)
    assert scores.mean("anx") == pytest.approx((anx_reversed * 7 + (18 - anx_reversed)) / 18)
    assert scores.mean("avo") == pytest.approx((avo_reversed * 7 + (18 - avo_reversed)) / 18)


def test_hand_worked_example():
    # anxiety items answer n % 7 + 1, avoidance items all 4 (4 reversed is still 4)
    resp = answers(lambda n: (n % 7) + 1 if n <= 18 else 4)
    keyed = [(8 - ((n % 7) + 1)) if n in REVERSED else (n % 7) + 1 for n in range(1, 19)]
    scores = ECR.score(resp)
    assert scores.mean("anx") == pytest.approx(sum(keyed) / 18)
    assert scores.mean("avo") == 4.0


def test_up_to_twenty_percent_missing_uses_the_mean_of_the_answered():
    resp = answers(lambda n: 5)
    for n in (1, 2, 3):  # 3 of 18 = 16.7 % missing
        resp[f"i{n:02d}"] = None
    scores = ECR.score(resp)
    keyed = [3 if n in REVERSED else 5 for n in range(4, 19)]
    assert scores.subscales["anx"].complete
    assert scores.mean("anx") == pytest.approx(sum(keyed) / 15)


def test_more_than_twenty_percent_missing_is_incomplete_never_a_number():
    resp = answers(lambda n: 5)
    for n in (1, 2, 3, 4):  # 4 of 18 = 22 % missing
        del resp[f"i{n:02d}"]
    scores = ECR.score(resp)
    sub = scores.subscales["anx"]
    assert sub.mean is None and not sub.complete
    assert sub.needed == 1
    assert scores.point() is None and scores.region() is None
    assert scores.as_dict()["anx"]["mean"] is None
    assert scores.subscales["avo"].complete


def keyed(anx: list[int], avo: list[int]) -> dict[str, int]:
    """Answers whose keyed values are ``anx`` (items 1-18) and ``avo`` (items 19-36)."""
    values = anx + avo
    return {f"i{n:02d}": (8 - values[n - 1] if n in REVERSED else values[n - 1])
            for n in range(1, 37)}


def test_cut_points_come_from_the_file_and_default_to_the_midpoint():
    assert ECR.cut("anx") == 3.5 and ECR.cut("avo") == 3.0
    assert REFLECTION.cut("anxiety") == 4.0  # no cut in the file: midpoint of 1-7
    # anxiety 3.67: above the file's 3.5 though below the midpoint 4
    # avoidance exactly 3.0: on the cut is not above it
    scores = ECR.score(keyed([4] * 12 + [3] * 6, [3] * 18))
    assert scores.mean("anx") == pytest.approx(66 / 18)
    assert scores.region() == "preoccupied"
    # avoidance 3.5: above the file's 3.0, below the midpoint
    assert ECR.score(keyed([4] * 12 + [3] * 6, [4] * 9 + [3] * 9)).region() == "fearful"
    assert ECR.score(keyed([3] * 18, [3] * 18)).region() == "secure"


def test_regions_of_the_plane():
    assert region_for(False, False) == "secure"
    assert region_for(True, False) == "preoccupied"
    assert region_for(False, True) == "dismissive"
    assert region_for(True, True) == "fearful"


def test_off_scale_or_unknown_answers_are_refused():
    with pytest.raises(ValueError, match="between 1 and 7"):
        ECR.score({"i01": 8})
    with pytest.raises(ValueError, match="not an item"):
        ECR.score({"zz": 3})


@given(st.dictionaries(st.sampled_from([i.id for i in ECR.items]), st.integers(1, 7)))
def test_scores_always_stay_on_the_scale(resp):
    scores = ECR.score(resp)
    for sub in scores.subscales.values():
        if sub.complete:
            assert 1 <= sub.mean <= 7
        assert sub.complete == (sub.total - sub.answered <= 3 and sub.answered > 0)


@given(st.lists(st.integers(1, 7), min_size=36, max_size=36))
def test_mirroring_every_answer_mirrors_the_score(values):
    resp = {f"i{n:02d}": v for n, v in zip(range(1, 37), values, strict=True)}
    mirrored = {k: 8 - v for k, v in resp.items()}
    a, b = ECR.score(resp), ECR.score(mirrored)
    assert a.mean("anx") + b.mean("anx") == pytest.approx(8)


def test_shipped_check_in_is_labelled_a_reflection_aid():
    assert REFLECTION.kind == "reflection"
    assert "not been validated" in REFLECTION.notice
    assert REFLECTION.plane is not None


def test_a_broken_practice_file_is_reported_not_fatal(tmp_path):
    (tmp_path / "broken.yaml").write_text("id: x\nitems: [\n")
    (tmp_path / "wrong.yaml").write_text("id: wrong\nversion: '1'\n")
    (tmp_path / "ecr.yaml").write_text((FIXTURES / "ecr_r_shaped.yaml").read_text())
    cat = load_catalogue([PACKAGE_DIR / "en" / "instruments", tmp_path])
    assert set(cat.instruments) == {"reflection-checkin", "ecr-r-shaped"}
    assert len(cat.problems) == 2
    assert any("broken.yaml" in p for p in cat.problems)


def test_definition_errors_name_the_problem(tmp_path):
    raw = (FIXTURES / "ecr_r_shaped.yaml").read_text().replace("subscale: avo", "subscale: nope", 1)
    path = tmp_path / "bad.yaml"
    path.write_text(raw)
    with pytest.raises(InstrumentError, match="unknown subscale 'nope'"):
        load_instrument(path)


def test_instrument_model_rejects_duplicate_items():
    data = ECR.model_dump()
    data["items"][1]["id"] = data["items"][0]["id"]
    with pytest.raises(ValueError, match="used twice"):
        Instrument.model_validate(data)

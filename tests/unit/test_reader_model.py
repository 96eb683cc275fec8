"""The statistical layers of the risk screen and of the trap hints: reproducible from the dev
data, pure Python at run time, loaded on first use, quick."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from attachwork.domain import risk, textmodel

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_committed_weights_are_reproducible_from_the_dev_data(lang):
    pytest.importorskip("sklearn")
    import train_readers

    rebuilt = train_readers.train(train_readers.training_rows(lang), lang=lang)
    committed = json.loads(train_readers.model_file(lang).read_text(encoding="utf-8"))
    assert rebuilt["trained_on"] == committed["trained_on"], "the training data changed: retrain (--write)"
    assert rebuilt["dims"] == committed["dims"] and set(rebuilt["heads"]) == set(committed["heads"])
    for name, head in committed["heads"].items():
        again = rebuilt["heads"][name]
        assert abs(again["bias"] - head["bias"]) < 1e-3, name
        assert abs(again["scale"] - head["scale"]) <= 1e-3 * abs(head["scale"]), name
        a, b = textmodel.decode_weights(again["weights"]), textmodel.decode_weights(head["weights"])
        assert len(a) == len(b)
        # quantised to bytes: a weight may sit on a rounding edge, never further off
        assert max(abs(x - y) for x, y in zip(a, b, strict=True)) <= 1, name


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_trap_hints_weights_are_reproducible_from_the_dev_data(lang):
    pytest.importorskip("sklearn")
    import train_readers

    rebuilt = train_readers.train_traps(train_readers.trap_training_rows(lang), lang)
    committed = json.loads(train_readers.traps_model_file(lang).read_text(encoding="utf-8"))
    assert rebuilt["trained_on"] == committed["trained_on"], "the data changed: retrain (--traps --write)"
    every_trap = set(train_readers.builtin_spotter(lang).patterns)
    assert set(rebuilt["heads"]) == set(committed["heads"]) == every_trap
    for name, head in committed["heads"].items():
        a = textmodel.decode_weights(rebuilt["heads"][name]["weights"])
        b = textmodel.decode_weights(head["weights"])
        assert abs(rebuilt["heads"][name]["bias"] - head["bias"]) < 1e-3, name
        assert max(abs(x - y) for x, y in zip(a, b, strict=True)) <= 1, name


@pytest.mark.parametrize("name", ["risk_model.json", "traps_model.json"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_model_file_never_holds_a_training_sentence(lang, name):
    text = (ROOT / f"attachwork/content/{lang}/{name}").read_text(encoding="utf-8")
    data = json.loads(text)
    assert set(data) == {"format", "dims", "chars", "trained_on", "heads"}
    assert " " not in "".join(h["weights"] for h in data["heads"].values())  # base64, no words


def test_importing_the_screen_is_cheap_and_pulls_in_no_numerical_library():
    probe = (
        "import sys, time; t = time.perf_counter(); import attachwork.domain.risk as r; "
        "took = time.perf_counter() - t; "
        "heavy = [m for m in ('numpy', 'scipy', 'sklearn', 'ipywidgets', 'plotly', 'sqlalchemy') "
        "if m in sys.modules]; "
        "r.screen('I want to sleep and not wake up'); "
        "heavy2 = [m for m in ('numpy', 'scipy', 'sklearn') if m in sys.modules]; "
        "print(heavy, heavy2, 'attachwork.domain.textmodel' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                         cwd=ROOT).stdout.strip()
    assert out == "[] [] True", out


def test_the_model_loads_on_first_use():
    screen = risk.RiskScreen(risk.screener().config)
    assert screen._model is None
    screen.screen("a calm day at the allotment with my sister")
    assert screen._model is not None


def test_the_model_only_speaks_where_no_rule_did():
    screen = risk.screener()
    # a rule speaks: the reason names the rule, not the model
    assert "close to" not in " ".join(screen.screen("I cut myself last night").reasons)


@pytest.mark.parametrize("text", ["", "   ", "?!...", "a", "ok ok ok ok ok ok ok ok ok ok ok ok"])
def test_the_strongest_run_of_an_empty_or_odd_text_is_empty_or_the_writers_words(text):
    from attachwork.domain import traps

    model = traps.spotter().model()
    for head in model.heads:
        quote = textmodel.strongest_run(model, head, text)
        assert quote == "" or quote in text


def test_the_strongest_run_quotes_the_words_as_written_and_stays_in_one_clause():
    from attachwork.domain import traps

    model = traps.spotter().model()
    text = "We had lunch. He's bored of me, I can tell, he's bored of me!"
    quote = textmodel.strongest_run(model, "mind_reading", text, most=4)
    assert quote and quote in text, "the writer's spelling, contractions unopened"
    assert "." not in quote and len(quote.split()) <= 4

"""Every client-facing string comes from the content pack, and a practice can override it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from attachwork import content
from attachwork.app.checks import check_content
from attachwork.app.cli import main

PACKAGE = Path(content.__file__).resolve().parents[1]
PACKS = (
    "common|intake|pattern_awareness|regulation|risk|boundaries|coach|core_beliefs|partner_choice|review|export|bundles")
KEY_CALL = re.compile(r"""\.(?:text|get)\(\s*f?["']((?:""" + PACKS + r""")\.[a-z0-9_.{}]+)["']""")


def test_every_key_the_code_asks_for_exists():
    pack = content.pack()
    keys = set(pack.keys())
    used = set()
    for path in PACKAGE.rglob("*.py"):
        for key in KEY_CALL.findall(path.read_text()):
            used.add(key)
            if "{" in key or key.endswith("."):  # built key: the fixed part names a real section
                prefix = key.split("{")[0].rstrip(".")
                assert any(k.startswith(prefix) for k in keys), key
            else:
                assert pack.get(key) is not None, f"{path.name} asks for missing key {key}"
    assert len(used) > 40


def test_ui_code_has_no_hardcoded_sentences():
    """User-visible words live in YAML: UI modules pass keys, not English sentences."""
    sentence = re.compile(r"""description\s*=\s*["'][A-Z][a-z]+ [a-z]+""")
    for path in (PACKAGE / "attachwork" / "ui").glob("*.py"):
        assert not sentence.search(path.read_text()), path.name


def test_practice_override_changes_crisis_text(tmp_path, monkeypatch):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "common.yaml").write_text(
        "crisis:\n  lines:\n    - label: Our practice\n      text: Call 0800 000 000 (fictional)\n"
    )
    monkeypatch.setenv("ATTACHWORK_CONTENT_DIR", str(tmp_path))
    content.reload()
    pack = content.pack()
    assert pack.get("common.crisis.lines") == [
        {"label": "Our practice", "text": "Call 0800 000 000 (fictional)"}]
    assert pack.text("common.crisis.button") == "Need help now?"  # the rest is untouched


def test_missing_key_is_a_clear_error():
    with pytest.raises(content.ContentError, match="missing"):
        content.pack().text("common.no.such.key")


def _confirmed(tmp_path, monkeypatch):
    (tmp_path / "en").mkdir(exist_ok=True)
    (tmp_path / "en" / "common.yaml").write_text("crisis:\n  confirmed: true\n")
    monkeypatch.setenv("ATTACHWORK_CONTENT_DIR", str(tmp_path))
    content.reload()


def test_content_check_fails_until_the_practice_confirms_its_crisis_lines(tmp_path, monkeypatch, capsys):
    assert any("crisis lines for 'en' are not confirmed" in p for p in check_content())
    assert main(["content", "check"]) == 1
    _confirmed(tmp_path, monkeypatch)
    assert check_content() == []


def test_content_check_passes_for_the_shipped_pack(tmp_path, monkeypatch, capsys):
    _confirmed(tmp_path, monkeypatch)
    assert check_content() == []
    assert main(["content", "check"]) == 0
    assert "content pack: ok" in capsys.readouterr().out


def test_content_check_reports_a_broken_override(tmp_path, monkeypatch, capsys):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "intake.yaml").write_text("title: ''\n")
    monkeypatch.setenv("ATTACHWORK_CONTENT_DIR", str(tmp_path))
    assert main(["content", "check"]) == 1
    assert "empty text at intake.title" in capsys.readouterr().out


def test_every_homework_kind_and_record_kind_has_words():
    from attachwork.domain.records import HOMEWORK_KINDS, RECORD_KINDS

    pack = content.pack()
    for kind in HOMEWORK_KINDS:
        assert pack.get(f"common.homework.kinds.{kind}", None), kind
    for kind in RECORD_KINDS:
        assert pack.get(f"common.risk.where.{kind}", None), kind


def test_content_files_cannot_build_python_objects(tmp_path, monkeypatch):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "common.yaml").write_text("crisis: !!python/object/apply:os.getcwd []\n")
    monkeypatch.setenv("ATTACHWORK_CONTENT_DIR", str(tmp_path))
    content.reload()
    with pytest.raises(content.ContentError, match="not valid YAML"):
        content.pack()


def _override(tmp_path, monkeypatch, name: str, text: str):
    (tmp_path / "en").mkdir(exist_ok=True)
    (tmp_path / "en" / name).write_text(text)
    monkeypatch.setenv("ATTACHWORK_CONTENT_DIR", str(tmp_path))
    content.reload()


def test_content_check_names_a_placeholder_typo_with_its_file_and_line(tmp_path, monkeypatch, capsys):
    _override(tmp_path, monkeypatch, "common.yaml", "# ours\nsteps:\n  progress: Step {curent} of {total}\n")
    assert main(["content", "check"]) == 1
    out = capsys.readouterr().out
    assert "common.yaml:3: common.steps.progress: placeholders must be {current}, {total}" in out


def test_content_check_names_an_unknown_key_and_suggests_the_near_one(tmp_path, monkeypatch, capsys):
    _override(tmp_path, monkeypatch, "intake.yaml", "consent:\n  headng: Before we start\n")
    assert main(["content", "check"]) == 1
    out = capsys.readouterr().out
    assert "intake.yaml:2: intake.consent.headng: not a key the pack knows (did you mean 'heading'?)" in out


def test_content_check_names_a_list_where_a_sentence_belongs(tmp_path, monkeypatch, capsys):
    _override(tmp_path, monkeypatch, "intake.yaml", "title:\n  - Getting\n  - started\n")
    assert main(["content", "check"]) == 1
    assert "intake.yaml:1: intake.title: should be text, found list" in capsys.readouterr().out


def test_a_broken_override_falls_back_to_the_built_in_sentence_and_logs_the_key(tmp_path, monkeypatch):
    from attachwork.config import settings

    _override(tmp_path, monkeypatch, "common.yaml", "steps:\n  progress: Step {curent} of {total}\n")
    assert content.pack().text("common.steps.progress", current=2, total=5) == "Step 2 of 5"
    logged = settings().log_file.read_text()
    assert "content key common.steps.progress in the practice's folder is broken" in logged


def test_a_workbook_still_opens_with_a_broken_override(tmp_path, monkeypatch):
    _override(tmp_path, monkeypatch, "common.yaml", "steps:\n  progress: Step {curent} of {total}\n")
    from attachwork.store import Store
    from attachwork.ui.pages import pattern_awareness

    page = pattern_awareness.PatternWorkbook(Store.open())
    assert page.shell.crisis.button.description == "Need help now?"
    assert "Step 1 of 7" in page.steps.header.value


def test_a_page_that_cannot_be_built_still_offers_crisis_help_and_says_so_kindly(monkeypatch):
    from attachwork.store import Store
    from attachwork.ui.pages import pattern_awareness

    def broken(self, store):
        raise content.ContentError("content key 'pattern_awareness.x' is missing")

    monkeypatch.setattr(pattern_awareness.PatternWorkbook, "__init__", broken)
    shell = pattern_awareness.workbook(Store.open())
    assert shell.crisis.button.description == "Need help now?"
    assert "This page could not open" in shell.notice.value and "Traceback" not in shell.notice.value


#: Words written for issue 14 (content and pacing): every one in both packs.
ISSUE_14_KEYS = (
    "pattern_awareness.trigger.kind_help",
    *(f"core_beliefs.origins.{k}" for k in ("caregiver_anxiety", "loss", "illness", "temperament")),
    *(f"export.fields.{k}" for k in ("caregiver_anxiety", "loss", "illness", "temperament")),
    *(f"boundaries.charts.{k}" for k in ("distress_title", "strain_title", "strain_x_axis",
                                          "strain_y_axis", "strain_experiment", "strain_none",
                                          "harm_summary")),
    "review.steps.onward",
    *(f"review.onward.{k}" for k in ("heading", "intro", "therapies_heading", "therapies",
                                      "reading_heading", "reading_intro", "reading", "coming_back")),
)
#: Lists of cards, which the key-by-key check compares only as a whole: the same cards, with
#: the same fields and the same years cited, in every language.
CARD_LISTS = ("pattern_awareness.learn.concepts", "review.onward.therapies", "review.onward.reading")


def _at(data: dict, key: str):
    for part in key.split("."):
        data = data[part]
    return data


def test_the_new_words_are_in_both_languages_with_the_same_placeholders(tmp_path, monkeypatch):
    from attachwork.content.lint import placeholders

    _confirmed(tmp_path, monkeypatch)
    assert check_content() == []  # every key of en in es (and back), placeholders alike
    en, es = content.built_in("en"), content.built_in("es")
    for key in ISSUE_14_KEYS:
        ours, theirs = _at(en, key), _at(es, key)
        assert ours and theirs, key
        assert type(ours) is type(theirs), key
        if isinstance(ours, str):
            assert placeholders(ours) == placeholders(theirs), key
    assert placeholders(_at(en, "boundaries.charts.harm_summary")) == {"count", "lower", "predicted",
                                                                       "actual"}
    years = re.compile(r"\b(?:19|20)\d\d\b")
    for key in CARD_LISTS:
        ours, theirs = _at(en, key), _at(es, key)
        assert len(ours) == len(theirs), key
        for a, b in zip(ours, theirs, strict=True):
            assert set(a) == set(b), (key, a)
            assert all(isinstance(v, str) and v.strip() for v in (*a.values(), *b.values()))
            cited = [years.findall(item.get("source", "") + item.get("by", "")) for item in (a, b)]
            assert cited[0] == cited[1], (key, a, b)


def test_a_helpline_link_is_named_with_its_line_and_the_digits_one_by_one():
    from attachwork.ui import html

    page = str(html.help_lines_html("safety")) + str(html.help_lines_html("crisis"))
    # read aloud, "18007997233" is one large number; the name spells it out, after the
    # visible words (so a voice-control user can say what they see)
    assert ('aria-label="Call 18007997233, National Domestic Violence Hotline, '
            '1 8 0 0 7 9 9 7 2 3 3"') in page
    # a line whose name is a number is not named twice
    assert 'aria-label="Call 988, 9 8 8"' in page and 'aria-label="Text 988, 9 8 8"' in page
    assert 'href="tel:18007997233"' in page, "the link still dials the number"

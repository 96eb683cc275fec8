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


def test_content_check_passes_for_the_shipped_pack(capsys):
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

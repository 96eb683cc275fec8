"""No client-facing string in either shipped content pack is an instruction to the practice.

The "Elsewhere" crisis line once read "write it here in your practice's content folder", and
clients saw it in the help panel, the risk message, summaries and handouts. Every string of
every built-in pack (and its instrument files) is read here, wherever it sits (nested, in a
list of cards), and none may hold such wording. The few strings meant for the practice
itself are named below with where they are shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from attachwork import content

PACKAGE_DIR = Path(content.__file__).resolve().parent

#: Wording that speaks to the practice (how to set the program up), never to a client.
PRACTICE_WORDING = [re.compile(p, re.IGNORECASE) for p in (
    r"content (folder|pack|file)",
    r"carpeta de contenidos?",
    r"archivos? de contenidos?",
    r"write (it|them|this|the \w+) (here|in)\b.*\bpractice",
    r"escr[ií]b[ea](lo|la|los|las)? aqu[ií].*\b(consulta|pr[aá]ctica)",
    r"\bin (your|the) practice'?s? (folder|settings|config)",
    r"\.ya?ml\b",
    r"\bREADME\b",
    r"\bATTACHWORK_[A-Z_]+",
    r"confirmed: *true",
    r"(?-i:\b(TODO|TBD|FIXME|XXX|POR HACER)\b)",  # capitals only: "todo" is Spanish
    r"lorem ipsum",
    r"\[(insert|add|your|put|escribe|añade|inserta)[^\]]*\]",
    r"<(insert|add|your|escribe|añade|inserta)[^>]*>",
    r"\b(insert|fill in|replace with) (your|the) (practice|local|own)",
    r"\b(inserta|completa|reemplaza)r? (aquí|con) (el|la|los|las|tu|su)",
)]

#: Strings for the practice, not the client: key -> where it is shown.
FOR_THE_PRACTICE = {
    # the clinic's start page and hand-back desk, and the server's start-up line
    "common.crisis.unconfirmed_notice":
        "ui/pages/start.py, the clinic desk in ui/pages/between_sessions.py, app/serve.py",
}


def _strings(node: Any, prefix: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, str):
        yield prefix, node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from _strings(v, f"{prefix}.{k}" if prefix else str(k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _strings(v, f"{prefix}.{i}")


def _pack_strings(lang: str) -> list[tuple[str, str]]:
    found = list(_strings(content.built_in(lang), ""))
    for path in sorted((PACKAGE_DIR / lang / "instruments").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found += list(_strings(data, f"instruments/{path.stem}"))
    return found


def practice_wording(strings: list[tuple[str, str]]) -> list[str]:
    """Each string (by key) that holds wording for the practice, and which wording."""
    problems = []
    for key, text in strings:
        if key in FOR_THE_PRACTICE:
            continue
        for pattern in PRACTICE_WORDING:
            hit = pattern.search(text)
            if hit:
                problems.append(f"{key}: {hit.group(0)!r} in {text[:120]!r}")
    return problems


@pytest.mark.parametrize("lang", ["en", "es"])
def test_no_client_facing_string_is_an_instruction_to_the_practice(lang):
    strings = _pack_strings(lang)
    assert len(strings) > 500, "the whole pack was read"
    assert any(k.startswith("instruments/") for k, _ in strings), "and its instruments"
    assert practice_wording(strings) == []


def test_the_strings_for_the_practice_are_still_there_and_still_for_the_practice():
    """An entry here that no longer exists (or no longer needs to be) is taken out."""
    for lang in ("en", "es"):
        strings = dict(_pack_strings(lang))
        for key in FOR_THE_PRACTICE:
            assert key in strings, (lang, key)
            assert any(p.search(strings[key]) for p in PRACTICE_WORDING), (lang, key)


@pytest.mark.parametrize("text", [
    "Write it here in your practice's content folder.",  # the old "Elsewhere" line
    "Escríbelo aquí en la carpeta de contenidos de tu consulta.",
    "Call [insert your local crisis number].",
    "Llama al <añade aquí el número local>.",
    "TODO: the practice's own line",
    "See common.yaml",
])
def test_the_check_finds_the_old_placeholder_wording(text):
    assert practice_wording([("common.crisis.always.0.text", text)]) != []


def test_the_check_leaves_plain_client_words_alone():
    fine = [
        ("intake.consent.body", "What you write is stored on this computer (or your practice's "
                                "own server), under a code name rather than your real name."),
        ("x", "Write it here in your own words."),
        ("y", "Escríbelo aquí, con tus propias palabras."),
        ("z", "Your practice until next time"),
    ]
    assert practice_wording(fine) == []

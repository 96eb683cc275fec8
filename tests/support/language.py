"""English words that should not be on a Spanish page: every string of the English pack
(and its instrument files) that the Spanish pack says differently."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from attachwork.app.checks import _compared
from attachwork.content import PACKAGE_DIR, built_in

#: Shorter pieces than this are not evidence on their own ("OK", "No", a name).
MIN_CHARS = 5
#: Word lists the code draws from (a suggested passphrase is random words), not sentences.
DATA = ("bundles.passphrase_words.",)
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _strings(node: Any, prefix: str = "") -> list[tuple[str, str]]:
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in _strings(v, f"{prefix}.{k}" if prefix else str(k))]
    if isinstance(node, list):
        return [s for n, v in enumerate(node) for s in _strings(v, f"{prefix}.{n}")]
    return [(prefix, node)] if isinstance(node, str) else []


def _pack(lang: str) -> list[tuple[str, str]]:
    out = _strings(built_in(lang))
    for path in sorted((PACKAGE_DIR / lang / "instruments").glob("*.yaml")):
        out += _strings(yaml.safe_load(path.read_text(encoding="utf-8")), f"instruments.{path.stem}")
    return out


def _words(text: str) -> str:
    return " ".join(text.split())


@cache
def english_only(other: str = "es") -> tuple[tuple[str, str], ...]:
    """(key, English piece) for every piece of English text that ``other`` does not also use
    somewhere (a name, a number, a word both languages share). The readers' phrase lists
    are left out: they are data, never shown."""
    theirs = _words(" \n ".join(t for _, t in _pack(other))).casefold()
    out: list[tuple[str, str]] = []
    for key, text in _pack("en"):
        if not _compared(key) or key.startswith(DATA):  # data, never shown as it is
            continue
        for piece in _PLACEHOLDER.split(text):
            piece = _words(piece).strip(" .,:;!?…·-–—()\"'")
            if len(piece) < MIN_CHARS or not re.search(r"[A-Za-z]{3}", piece):
                continue
            if re.search(rf"(?<!\w){re.escape(piece.casefold())}(?!\w)", theirs):
                continue
            out.append((key, piece))
    return tuple(out)


def leaks(page_text: str, other: str = "es") -> list[str]:
    """The English pieces found in ``page_text`` (whole words only), with their keys."""
    text = _words(page_text)
    return sorted({f"{key}: {piece!r}" for key, piece in english_only(other)
                   if re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", text)})


def dump(path: Path, text: str) -> None:  # pragma: no cover - for looking at a failure
    path.write_text(text, encoding="utf-8")

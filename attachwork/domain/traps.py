"""Suggest thinking traps from the words of an automatic thought.

Suggestions only: each names the trap and quotes the words that led to it, and the client
decides whether it fits. Phrase lists live in the content pack (``core_beliefs.yaml``,
``traps``), in the phrase language of :mod:`attachwork.domain.phrases`. No UI imports here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from attachwork.content import ContentError, ContentPack, pack
from attachwork.domain.phrases import compile_groups, reader_for


@dataclass(frozen=True)
class Suggestion:
    trap: str
    quotes: tuple[str, ...]


class TrapSpotter:
    def __init__(self, config: dict[str, Any]):
        try:
            traps = config["traps"]
        except (KeyError, TypeError):
            raise ContentError("core_beliefs.yaml needs a 'traps' section") from None
        self.patterns = compile_groups(traps)
        self.reader = reader_for(config, traps)

    def suggest(self, text: str | None) -> list[Suggestion]:
        words = self.reader.read((text or "").rstrip() + " .")
        found = []
        for code, patterns in self.patterns.items():
            quotes = words.quotes(patterns)
            if quotes:
                found.append(Suggestion(code, quotes))
        return found


@lru_cache(maxsize=8)
def _spotter_for(content: ContentPack) -> TrapSpotter:
    return TrapSpotter(content.get("core_beliefs"))


def suggest(text: str | None, content: ContentPack | None = None) -> list[Suggestion]:
    return _spotter_for(content or pack()).suggest(text)

"""Suggest thinking traps from the words of an automatic thought.

Suggestions only: each names the trap and quotes the words that led to it, and the client
decides whether it fits. Phrase lists live in the content pack (``core_beliefs.yaml``,
``traps``, with word lists under ``trap_words``), in the phrase language of
:mod:`attachwork.domain.phrases`. No UI imports here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from attachwork.content import ContentError, ContentPack, pack
from attachwork.domain.phrases import Reader, compile_groups, phrase_list, phrase_words, word_lists


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
        words = word_lists({"words": config.get("trap_words"), "more_words": config.get("more_trap_words")})
        self.patterns = compile_groups(traps, words)
        every = [p for spec in traps.values() for p in phrase_list(spec, "phrases")]
        self.reader = Reader(config.get("spelling"), config.get("fuzzy_words") or [],
                             phrase_words(every, words))

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

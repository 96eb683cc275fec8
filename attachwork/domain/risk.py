"""Screen free text for signs of risk to self.

Every free-text field is screened when it is saved (the store does it, so no
workbook can forget). A positive screen brings the crisis resources to the screen
and flags the entry for the therapist. The screen is deliberately cautious: it
would rather show help once too often than miss someone who needs it, but it
knows common figures of speech ("this traffic is killing me", "dying to see him")
and plain negations ("I'm not suicidal").

The phrase lists live in the content pack (``risk.yaml``) so a practice can adapt
them; this module only reads them. How a text is read:

1. normalised: lower case, accents and look-alike digits folded, apostrophes dropped,
   shorthand and misspellings replaced (``spelling``), small typing slips in key words
   corrected (``fuzzy_words``), punctuation turned into clause breaks;
2. every phrase is matched on whole words;
3. a match covered by a figure of speech is dropped;
4. a match negated in its clause is dropped (two negations cancel).

Nothing here logs or stores the text itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from attachwork.content import ContentError, ContentPack, pack
from attachwork.domain.phrases import (  # noqa: F401 - compile_phrase and PhraseError are part of the API
    CLAUSE,
    PhraseError,
    Reader,
    compile_phrase,
    phrase_list,
    phrase_words,
)


@dataclass(frozen=True)
class Signal:
    category: str
    label: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Hit:
    """One matched phrase: its category and where it sits (token positions, not text)."""

    category: str
    start: int
    end: int


@dataclass(frozen=True)
class Screen:
    """The outcome for one text (or one record). Holds no client text."""

    hits: tuple[Hit, ...] = ()

    @property
    def flagged(self) -> bool:
        return bool(self.hits)

    @property
    def categories(self) -> list[str]:
        return sorted({h.category for h in self.hits})

    def __bool__(self) -> bool:
        return self.flagged


class RiskScreen:
    def __init__(self, config: dict[str, Any]):
        try:
            signals = config["signals"]
        except (KeyError, TypeError):
            raise ContentError("risk.yaml needs a 'signals' section") from None
        self.labels: dict[str, str] = {}
        self.signals: list[Signal] = []
        for category, spec in signals.items():
            self.labels[category] = str(spec.get("label", category))
            for phrase in phrase_list(spec, "phrases"):
                self.signals.append(Signal(category, self.labels[category], compile_phrase(phrase)))
        self.figures = [compile_phrase(p) for p in phrase_list(config, "figures_of_speech")]
        self.negations = {str(w).lower() for w in config.get("negations", [])}
        self.fillers = {str(w).lower() for w in config.get("negation_fillers", [])}
        every = [p for spec in signals.values() for p in phrase_list(spec, "phrases")]
        self.reader = Reader(config.get("spelling"), config.get("fuzzy_words", []),
                             phrase_words([*every, *phrase_list(config, "figures_of_speech")]))

    def tokens(self, text: str) -> list[str]:
        """The text as normalised words, with ``"."`` for every clause break."""
        return list(self.reader.read(text).words)

    # -- screening ------------------------------------------------------------------
    def _negated(self, words: list[str], start: int) -> bool:
        """A negation just before ``start`` (only filler words between), not undone by
        a second negation earlier in the same clause."""
        i = start - 1
        while i >= 0 and words[i] in self.fillers and words[i] not in self.negations:
            i -= 1
        if i < 0 or words[i] not in self.negations:
            return False
        j = i - 1
        while j >= 0 and words[j] != CLAUSE:
            if words[j] in self.negations:
                return False
            j -= 1
        return True

    def screen(self, text: str | None) -> Screen:
        if not text or not str(text).strip():
            return Screen()
        read = self.reader.read(text)
        words = list(read.words)
        figures = [span for f in self.figures for span in read.find(f)]
        hits: list[Hit] = []
        for signal in self.signals:
            for start, end in read.find(signal.pattern):
                if any(fs < end and start < fe for fs, fe in figures):
                    continue
                if self._negated(words, start):
                    continue
                hits.append(Hit(signal.category, start, end))
        return Screen(tuple(hits))

    def screen_values(self, values: Any) -> Screen:
        """Every string inside a record payload (nested dicts and lists too)."""
        hits: list[Hit] = []
        for text in _strings(values):
            hits.extend(self.screen(text).hits)
        return Screen(tuple(hits))


def _strings(value: Any):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


@lru_cache(maxsize=8)
def _screen_for(content: ContentPack) -> RiskScreen:
    return RiskScreen(content.get("risk"))


def screener(content: ContentPack | None = None) -> RiskScreen:
    """The screen built from the current content pack (compiled once per pack)."""
    return _screen_for(content or pack())


def screen(text: str | None) -> Screen:
    return screener().screen(text)


def screen_values(values: Any) -> Screen:
    return screener().screen_values(values)

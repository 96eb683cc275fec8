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
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from attachwork.content import ContentError, ContentPack, pack

CLAUSE = "."
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "@": "a", "$": "s"})
_TOKEN = re.compile(r"[a-z0-9@$]+|[.,;:!?()\[\]\-–—/\n]+")
_REPEATS = re.compile(r"(.)\1{2,}")


# -- the phrase language -------------------------------------------------------------
class PhraseError(ContentError):
    """A phrase in the content pack cannot be read."""


def _split(phrase: str) -> list[str]:
    return re.findall(r"\.\.\.|[()\[\]|]|[^\s()\[\]|]+", phrase.lower())


def _compile_seq(tokens: list[str], pos: int, phrase: str, closer: str | None) -> tuple[str, int]:
    """Compile until ``closer`` or a ``|`` at this level; return (regex, next position)."""
    alternatives: list[str] = []
    parts: list[str] = []
    while pos < len(tokens):
        tok = tokens[pos]
        if tok in (")", "]"):
            if tok != closer:
                raise PhraseError(f"unbalanced '{tok}' in risk phrase: {phrase}")
            alternatives.append("".join(parts))
            return "(?:" + "|".join(alternatives) + ")", pos + 1
        if tok == "|":
            if closer is None:
                raise PhraseError(f"'|' outside brackets in risk phrase: {phrase}")
            alternatives.append("".join(parts))
            parts = []
            pos += 1
            continue
        if tok in ("(", "["):
            inner, pos = _compile_seq(tokens, pos + 1, phrase, ")" if tok == "(" else "]")
            parts.append(inner + ("?" if tok == "[" else ""))
            continue
        if tok == "...":
            parts.append(r"(?:[^ .]+ ){0,3}")
        elif tok == "*":
            parts.append(r"[^ .]+ ")
        elif tok.endswith("*"):
            parts.append(re.escape(tok[:-1]) + r"[^ .]* ")
        else:
            parts.append(re.escape(tok) + " ")
        pos += 1
    if closer is not None:
        raise PhraseError(f"missing '{closer}' in risk phrase: {phrase}")
    return "".join(parts), pos


def compile_phrase(phrase: str) -> re.Pattern[str]:
    """A phrase as a regex over normalised text (each word followed by one space)."""
    body, _ = _compile_seq(_split(phrase), 0, phrase, None)
    if not body:
        raise PhraseError("empty risk phrase")
    return re.compile(r"(?:(?<= )|^)" + body)


# -- reading text --------------------------------------------------------------------
def _osa(a: str, b: str, limit: int) -> int:
    """Edit distance counting a swap of neighbours as one edit; stops past ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


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
            for phrase in _phrases(spec, "phrases"):
                self.signals.append(Signal(category, self.labels[category], compile_phrase(phrase)))
        self.figures = [compile_phrase(p) for p in _phrases(config, "figures_of_speech")]
        self.negations = {str(w).lower() for w in config.get("negations", [])}
        self.fillers = {str(w).lower() for w in config.get("negation_fillers", [])}
        spelling = {str(k).lower(): str(v).lower() for k, v in (config.get("spelling") or {}).items()}
        self.spelling_words = {k: v.split() for k, v in spelling.items() if " " not in k}
        self.spelling_phrases = sorted(
            ((k.split(), v.split()) for k, v in spelling.items() if " " in k),
            key=lambda kv: -len(kv[0]),
        )
        self.fuzzy = sorted({str(w).lower() for w in config.get("fuzzy_words", [])})
        self.vocabulary = self._vocabulary(signals, config)

    @staticmethod
    def _vocabulary(signals: dict, config: dict) -> set[str]:
        words: set[str] = set()
        phrases = [p for s in signals.values() for p in _phrases(s, "phrases")]
        for p in [*phrases, *_phrases(config, "figures_of_speech")]:
            words |= {t.rstrip("*") for t in _split(p) if t not in "()[]|" and t not in ("...", "*")}
        return words

    # -- normalising ----------------------------------------------------------------
    def _word(self, raw: str) -> list[str]:
        word = raw
        if any(c.isalpha() for c in word) and any(c in "0134@$5" for c in word):
            word = word.translate(_LEET)
        if _REPEATS.search(word):
            two, one = _REPEATS.sub(r"\1\1", word), _REPEATS.sub(r"\1", word)
            word = one if one in self.vocabulary and two not in self.vocabulary else two
        if word in self.spelling_words:
            return self.spelling_words[word]
        if len(word) >= 5 and word not in self.vocabulary:
            for target in self.fuzzy:
                limit = 2 if len(target) >= 8 else 1
                if _osa(word, target, limit) <= limit:
                    return [target]
        return [word]

    def tokens(self, text: str) -> list[str]:
        """The text as normalised words, with ``"."`` for every clause break."""
        folded = unicodedata.normalize("NFKD", str(text))
        folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
        folded = re.sub(r"['’‘`´]", "", folded)
        folded = re.sub(r"(?<=\w)[-‐](?=\w)", " ", folded)
        out: list[str] = []
        for raw in _TOKEN.findall(folded):
            if not raw[0].isalnum() and raw[0] not in "@$":
                if out and out[-1] != CLAUSE:
                    out.append(CLAUSE)
                continue
            out.extend(self._word(raw))
        i = 0
        result: list[str] = []
        while i < len(out):
            for source, target in self.spelling_phrases:
                if out[i:i + len(source)] == source:
                    result.extend(target)
                    i += len(source)
                    break
            else:
                result.append(out[i])
                i += 1
        return result

    # -- screening ------------------------------------------------------------------
    @staticmethod
    def _spans(pattern: re.Pattern[str], joined: str) -> list[tuple[int, int]]:
        spans = []
        for m in pattern.finditer(joined):
            start = joined.count(" ", 0, m.start())
            spans.append((start, start + m.group(0).count(" ")))
        return spans

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
        words = self.tokens(text)
        joined = " ".join(words) + " "
        figures = [span for f in self.figures for span in self._spans(f, joined)]
        hits: list[Hit] = []
        for signal in self.signals:
            for start, end in self._spans(signal.pattern, joined):
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


def _phrases(spec: dict[str, Any], key: str) -> list[str]:
    """The pack's list plus a practice's additions (``more_<key>``), which add to the
    built-in list instead of replacing it."""
    return [*(spec.get(key) or []), *(spec.get(f"more_{key}") or [])]


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

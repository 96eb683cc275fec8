"""Reading free text against phrase lists a trainer can edit.

Shared by the risk screen and the complaint-to-request coach. A phrase is written in
a small language (whole words, any case):

    (a|b c)   one of the choices, each one or more words
    [a|b]     optional: one of the choices, or nothing
    word*     any word starting with "word"
    *         any one word
    ...       up to three words of any kind
    #         any number written in digits
    @name     any entry of the word list ``name`` (a file's ``words:`` section); an entry
              may itself be a phrase ("sleeping (pills|tablets)")

Text is read into normalised words: lower case, accents and look-alike digits folded,
English contractions opened up ("don't" reads as "do not", "he'll" as "he will", "she's"
as "she is"; a possessive "'s" is dropped), other apostrophes dropped, shorthand and
misspellings replaced from a spelling map, small typing slips in key words corrected, and
punctuation turned into clause breaks (``.``).
Every word remembers where in the original text it came from, so a match can be
quoted back in the writer's own words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from attachwork.content import ContentError

CLAUSE = "."
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "@": "a", "$": "s"})
_TOKEN = re.compile(r"[\w@$'’‘`´]+|[.,;:!?()\[\]\-–—/\n\"“”]+")
_REPEATS = re.compile(r"(.)\1{2,}")
_APOSTROPHES = re.compile(r"['’‘`´]")
_CONTRACTION = re.compile(r"^([a-z]+?)(n't|'ll|'re|'ve|'d|'m|'s)$")
#: Whole words whose contraction does not split cleanly.
_WHOLE_CONTRACTIONS = {"can't": "can not", "won't": "will not", "shan't": "shall not",
                       "ain't": "is not", "let's": "let us"}
_ENDINGS = {"n't": "not", "'ll": "will", "'re": "are", "'ve": "have", "'d": "would", "'m": "am"}
#: Words after which "'s" means "is" (elsewhere it marks a possessive and is dropped).
_IS_AFTER = {"he", "she", "it", "that", "there", "what", "who", "where", "here", "how",
             "this", "everything", "nothing", "everyone", "nobody", "someone", "life"}


class PhraseError(ContentError):
    """A phrase in the content pack cannot be read."""


# -- the phrase language -------------------------------------------------------------
def _split(phrase: str) -> list[str]:
    return re.findall(r"\.\.\.|[()\[\]|]|[^\s()\[\]|]+", phrase.lower())


WordLists = dict[str, list[str]]


def _word_list(name: str, phrase: str, words: WordLists | None, depth: int) -> str:
    items = (words or {}).get(name)
    if not items:
        raise PhraseError(f"unknown word list '@{name}' in phrase: {phrase}")
    if depth > 4:
        raise PhraseError(f"word lists nest too deeply at '@{name}' in phrase: {phrase}")
    bodies = []
    for item in items:
        body, _ = _compile_seq(_split(str(item)), 0, phrase, None, words, depth + 1)
        if body:
            bodies.append(body)
    return "(?:" + "|".join(bodies) + ")"


def _compile_seq(tokens: list[str], pos: int, phrase: str, closer: str | None,
                 words: WordLists | None = None, depth: int = 0) -> tuple[str, int]:
    """Compile until ``closer`` or a ``|`` at this level; return (regex, next position)."""
    alternatives: list[str] = []
    parts: list[str] = []
    while pos < len(tokens):
        tok = tokens[pos]
        if tok in (")", "]"):
            if tok != closer:
                raise PhraseError(f"unbalanced '{tok}' in phrase: {phrase}")
            alternatives.append("".join(parts))
            return "(?:" + "|".join(alternatives) + ")", pos + 1
        if tok == "|":
            if closer is None:
                raise PhraseError(f"'|' outside brackets in phrase: {phrase}")
            alternatives.append("".join(parts))
            parts = []
            pos += 1
            continue
        if tok in ("(", "["):
            inner, pos = _compile_seq(tokens, pos + 1, phrase, ")" if tok == "(" else "]", words, depth)
            parts.append(inner + ("?" if tok == "[" else ""))
            continue
        if tok == "...":
            parts.append(r"(?:[^ .]+ ){0,3}")
        elif tok.startswith("@") and len(tok) > 1:
            parts.append(_word_list(tok[1:], phrase, words, depth))
        elif tok == "*":
            parts.append(r"[^ .]+ ")
        elif tok == "#":
            parts.append(r"\d+ ")
        elif tok.endswith("*"):
            parts.append(re.escape(tok[:-1]) + r"[^ .]* ")
        else:
            parts.append(re.escape(tok) + " ")
        pos += 1
    if closer is not None:
        raise PhraseError(f"missing '{closer}' in phrase: {phrase}")
    return "".join(parts), pos


_START = r"(?:(?<= )|^)"


def phrase_source(phrase: str, words: WordLists | None = None) -> str:
    """A phrase as the source of a regex over normalised text (each word followed by one
    space); a phrase that breaks the language raises :class:`PhraseError` here."""
    body, _ = _compile_seq(_split(phrase), 0, phrase, None, words)
    if not body:
        raise PhraseError("empty phrase")
    return _START + body


def compile_phrase(phrase: str, words: WordLists | None = None) -> re.Pattern[str]:
    """A phrase as a regex over normalised text (each word followed by one space)."""
    return re.compile(phrase_source(phrase, words))


class LazyPhrase:
    """A checked phrase whose regex is compiled the first time it is used (a screen holds
    hundreds; most are only looked at when a quick test over their group matches)."""

    __slots__ = ("pattern", "_regex")

    def __init__(self, source: str):
        self.pattern = source
        self._regex: re.Pattern[str] | None = None

    def regex(self) -> re.Pattern[str]:
        if self._regex is None:
            self._regex = re.compile(self.pattern)
        return self._regex

    def finditer(self, text: str):
        return self.regex().finditer(text)

    def search(self, text: str):
        return self.regex().search(text)


def lazy_phrase(phrase: str, words: WordLists | None = None) -> LazyPhrase:
    return LazyPhrase(phrase_source(phrase, words))


def any_of(patterns: Iterable[re.Pattern[str] | LazyPhrase]) -> re.Pattern[str] | None:
    """One regex matching wherever any of the phrases does (a quick test before looking at
    each phrase), or ``None`` for no phrases."""
    bodies = [p.pattern[len(_START):] if p.pattern.startswith(_START) else p.pattern for p in patterns]
    if not bodies:
        return None
    return re.compile(_START + "(?:" + "|".join(bodies) + ")")


def phrase_words(phrases: Iterable[str], lists: WordLists | None = None) -> set[str]:
    """Every literal word the phrases (and the word lists) use: the vocabulary fuzzy
    matching must not touch."""
    every = [*phrases, *(str(item) for items in (lists or {}).values() for item in items or [])]
    words: set[str] = set()
    for p in every:
        words |= {t.rstrip("*") for t in _split(p)
                  if t not in "()[]|" and t not in ("...", "*", "#") and not t.startswith("@")}
    return words


def phrase_list(spec: dict[str, Any], key: str) -> list[str]:
    """The pack's list plus a practice's additions (``more_<key>``), which add to the
    built-in list instead of replacing it."""
    return [*(spec.get(key) or []), *(spec.get(f"more_{key}") or [])]


def word_lists(config: dict[str, Any]) -> WordLists:
    """A file's ``words:`` section (lists a phrase names with ``@``), with a practice's
    ``more_words`` added to the built-in lists."""
    lists = {str(k): list(v or []) for k, v in (config.get("words") or {}).items()}
    for k, v in (config.get("more_words") or {}).items():
        lists[str(k)] = [*lists.get(str(k), []), *(v or [])]
    return lists


def compile_groups(groups: dict[str, dict[str, Any]],
                   words: WordLists | None = None) -> dict[str, list[re.Pattern[str]]]:
    """Each group's phrases (its ``phrases`` and a practice's ``more_phrases``), compiled."""
    return {code: [compile_phrase(p, words) for p in phrase_list(spec, "phrases")]
            for code, spec in groups.items()}


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
class Words:
    """Normalised words, each with the span of the original text it came from."""

    text: str
    words: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]

    @property
    def joined(self) -> str:
        return " ".join(self.words) + " "

    def find(self, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
        """Word positions ``(start, end)`` of every match."""
        joined = self.joined
        found = []
        for m in pattern.finditer(joined):
            start = joined.count(" ", 0, m.start())
            found.append((start, start + m.group(0).count(" ")))
        return found

    def quotes(self, patterns: list[re.Pattern[str]]) -> tuple[str, ...]:
        """The writer's words for every match of any of ``patterns``, in text order,
        overlapping matches kept once."""
        spans = sorted({span for p in patterns for span in self.find(p)})
        found: list[str] = []
        last_end = -1
        for start, end in spans:
            if start < last_end:
                continue
            quote = self.quote(start, end).strip(" ,.;:!?")
            if quote and quote not in found:
                found.append(quote)
            last_end = end
        return tuple(found)

    def quote(self, start: int, end: int) -> str:
        """The writer's own words for word positions ``start`` to ``end``."""
        if start >= end:
            return ""
        return self.text[self.spans[start][0]:self.spans[end - 1][1]]


def open_contraction(word: str) -> list[str]:
    """An English contraction as its words ("didn't" -> did not); other words unchanged."""
    word = _APOSTROPHES.sub("'", word)
    if "'" not in word:
        return [word]
    if word in _WHOLE_CONTRACTIONS:
        return _WHOLE_CONTRACTIONS[word].split()
    m = _CONTRACTION.match(word)
    if not m:
        return [word]
    head, ending = m.groups()
    if ending == "'s":
        return [head, "is"] if head in _IS_AFTER else [head]
    return [head, _ENDINGS[ending]]


class Reader:
    def __init__(self, spelling: dict[str, str] | None, fuzzy_words: Iterable[str],
                 vocabulary: set[str], contractions: bool = True):
        spelling = {str(k).lower(): str(v).lower() for k, v in (spelling or {}).items()}
        self.spelling_words = {k: v.split() for k, v in spelling.items() if " " not in k}
        self.spelling_phrases = sorted(
            ((k.split(), v.split()) for k, v in spelling.items() if " " in k),
            key=lambda kv: -len(kv[0]),
        )
        self.fuzzy = sorted({str(w).lower() for w in fuzzy_words})
        self.vocabulary = vocabulary
        self.contractions = contractions

    def _word(self, raw: str) -> list[str]:
        word = unicodedata.normalize("NFKD", raw)
        word = "".join(c for c in word if not unicodedata.combining(c)).lower()
        if self.contractions:
            parts = open_contraction(word)
            if len(parts) > 1:
                return [w for part in parts for w in self._plain(part)]
            word = parts[0]
        return self._plain(word)

    def _plain(self, word: str) -> list[str]:
        word = _APOSTROPHES.sub("", word)
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
                if abs(len(word) - len(target)) > limit or (word[0] != target[0] and word[1] != target[1]):
                    continue  # a slip keeps the length and one of the first two letters
                if _osa(word, target, limit) <= limit:
                    return [target]
        return [word] if word else []

    def read(self, text: str) -> Words:
        text = str(text)
        words: list[str] = []
        spans: list[tuple[int, int]] = []
        for m in _TOKEN.finditer(text):
            raw = m.group(0)
            if not (raw[0].isalnum() or raw[0] in "@$_"):
                # a hyphen or slash inside a word ("self-harm", "s/h") joins, it does not
                # end a clause
                joins = (raw in "-‐/" and m.start() > 0 and m.end() < len(text)
                         and text[m.start() - 1].isalnum() and text[m.end()].isalnum())
                if not joins and words and words[-1] != CLAUSE:
                    words.append(CLAUSE)
                    spans.append(m.span())
                continue
            for w in self._word(raw):
                words.append(w)
                spans.append(m.span())
        merged_words: list[str] = []
        merged_spans: list[tuple[int, int]] = []
        i = 0
        while i < len(words):
            for source, target in self.spelling_phrases:
                if words[i:i + len(source)] == source:
                    span = (spans[i][0], spans[i + len(source) - 1][1])
                    merged_words.extend(target)
                    merged_spans.extend([span] * len(target))
                    i += len(source)
                    break
            else:
                merged_words.append(words[i])
                merged_spans.append(spans[i])
                i += 1
        return Words(text, tuple(merged_words), tuple(merged_spans))


def reader_for(config: dict[str, Any], *groups: dict[str, dict[str, Any]]) -> Reader:
    """A reader with the config's spelling map and fuzzy words, which leaves alone every word
    the groups' phrases use."""
    every = [p for group in groups for spec in group.values() for p in phrase_list(spec, "phrases")]
    return Reader(config.get("spelling"), config.get("fuzzy_words") or [],
                  phrase_words(every, word_lists(config)),
                  bool(config.get("open_contractions", True)))

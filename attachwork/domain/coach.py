"""The complaint-to-request coach: read a draft, name what helps and what gets in the way.

A complaint points at the other person ("you never call"); a request points at something
the two of you could do ("would a quick text at midday work for us?"). The coach reads a
draft against word lists from the content pack (``coach.yaml``), quotes the writer's own
words for everything it names, says what is already good first, and offers the shape
"I feel … when … Would … work for us?". It never rewrites the draft itself.

A draft reads as a *request* when it asks for something and nothing in it blocks that
(a generalisation, blame, mind reading, a threat, sarcasm, a label, or an ask too vague
to act on). An accusing question ("why do you always ...?") counts as blame and is not an
ask; a question that is neither accusing nor sarcastic is an ask, and so is a sentence
that opens with an invitation ("fancy a walk on Sunday?", "text me when you land"), a
wish or an offer ("it would make my week if ...", "can I take you for lunch?"). A flag's
``unless`` phrases keep shared promises ("let's never ...") and acknowledgements ("I know
work is mad for you") from reading as a generalisation or mind reading. No UI imports
here: workbook 04 shows the reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from attachwork.content import ContentError, ContentPack, pack
from attachwork.domain.phrases import (
    CLAUSE,
    Words,
    compile_groups,
    compile_phrase,
    phrase_list,
    reader_for,
    word_lists,
)

MIN_WORDS = 3


@dataclass(frozen=True)
class Finding:
    """Something the coach noticed: a code (``blame``, ``concrete`` ...) and the words."""

    code: str
    quotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reading:
    """``flags`` stand between the draft and a request; ``strengths`` already help;
    ``suggestions`` would help but do not block (a feeling not yet named)."""

    flags: tuple[Finding, ...]
    strengths: tuple[Finding, ...]
    suggestions: tuple[Finding, ...] = ()
    too_short: bool = False

    @property
    def codes(self) -> set[str]:
        return {f.code for f in self.flags}

    @property
    def is_request(self) -> bool:
        return not self.too_short and not self.flags


_SENTENCE_END = re.compile(r"[.!?;\n]")


def _overlaps(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    return any(a < span[1] and span[0] < b for a, b in others)


class _Draft:
    """A draft read once: its words, and which sentence each word is in."""

    def __init__(self, words: Words):
        self.words = words
        self.sentence: list[int] = []
        self.questions: set[int] = set()
        self.starts: dict[int, int] = {}  # sentence -> position of its first word
        sentence = 0
        for i, w in enumerate(words.words):
            self.sentence.append(sentence)
            if w == CLAUSE:
                a, b = words.spans[i]
                raw = words.text[a:b]
                if "?" in raw:
                    self.questions.add(sentence)
                if _SENTENCE_END.search(raw):
                    sentence += 1
            else:
                self.starts.setdefault(sentence, i)

    def spans(self, patterns: list) -> list[tuple[int, int]]:
        return sorted({span for p in patterns for span in self.words.find(p)})

    def quotes(self, spans: list[tuple[int, int]]) -> tuple[str, ...]:
        found: list[str] = []
        last_end = -1
        for start, end in sorted(spans):
            if start < last_end:
                continue
            quote = self.words.quote(start, end).strip(" ,.;:!?")
            if quote and quote not in found:
                found.append(quote)
            last_end = end
        return tuple(found)

    def sentences_of(self, spans: list[tuple[int, int]]) -> set[int]:
        return {self.sentence[a] for a, _ in spans if a < len(self.sentence)}

    def sentence_span(self, sentence: int) -> tuple[int, int]:
        idx = [i for i, s in enumerate(self.sentence) if s == sentence and self.words.words[i] != CLAUSE]
        return (idx[0], idx[-1] + 1) if idx else (0, 0)


class Coach:
    def __init__(self, config: dict[str, Any]):
        try:
            flags, needs = config["flags"], config["needs"]
        except (KeyError, TypeError):
            raise ContentError("coach.yaml needs 'flags' and 'needs' sections") from None
        strengths = config.get("strengths") or {}
        words = word_lists(config)
        self.flags = compile_groups(flags, words)
        self.flag_unless = {code: [compile_phrase(p, words) for p in phrase_list(spec, "unless")]
                            for code, spec in flags.items()}
        self.needs = compile_groups(needs, words)
        self.strengths = compile_groups(strengths, words)
        self.accusing = [compile_phrase(p, words) for p in phrase_list(config, "accusing")]
        self.not_an_ask = [compile_phrase(p, words) for p in phrase_list(config, "not_an_ask")]
        self.invitations = [compile_phrase(p, words) for p in phrase_list(config, "invitations")]
        extra = {"accusing": {"phrases": phrase_list(config, "accusing")},
                 "not_an_ask": {"phrases": phrase_list(config, "not_an_ask")},
                 "invitations": {"phrases": phrase_list(config, "invitations")},
                 **{f"unless_{k}": {"phrases": phrase_list(v, "unless")} for k, v in flags.items()}}
        self.reader = reader_for(config, flags, needs, strengths, extra)
        #: Tags that turn a statement into a question ("..., ¿no?"): a language's own list
        #: (``words.question_tags``); without one, English tags ("..., are you?").
        self.question_tags = [tuple(self.reader.read(str(t)).words)
                              for t in (config.get("words") or {}).get("question_tags") or ()]

    def read(self, text: str | None) -> Reading:
        words = self.reader.read((text or "").rstrip() + " .")  # the end closes a clause
        if sum(1 for w in words.words if w != CLAUSE) < MIN_WORDS:
            return Reading((), (), too_short=True)
        d = _Draft(words)
        found: dict[str, list[tuple[int, int]]] = {}
        for code, patterns in self.flags.items():
            unless = d.spans(self.flag_unless.get(code, []))
            spans = [span for span in d.spans(patterns) if not _overlaps(span, unless)]
            if spans:
                found[code] = spans
        accusing = d.spans(self.accusing)
        if accusing:  # an accusing question is blame
            found["blame"] = sorted({*found.get("blame", []), *accusing})
        # sentences that cannot hold an ask: accusing, sarcastic or rhetorical ones
        no_ask = d.sentences_of(accusing) | d.sentences_of(found.get("sarcasm", []))
        no_ask |= d.sentences_of(d.spans(self.not_an_ask))
        threats = d.sentences_of(found.get("threat", []))
        flags: list[Finding] = [Finding(code, d.quotes(spans)) for code, spans in found.items()]
        strengths: list[Finding] = []
        missing: list[Finding] = []
        for code, patterns in self.needs.items():
            spans = d.spans(patterns)
            if code == "ask":
                spans = [sp for sp in spans if d.sentence[sp[0]] not in no_ask]
                spans += self._asks(d, no_ask, threats)
            if spans:
                strengths.append(Finding(code, d.quotes(spans)))
            elif not (code == "ask" and "vague_ask" in found):  # a vague ask is still an ask
                missing.append(Finding(f"no_{code}"))
        for code, patterns in self.strengths.items():
            spans = d.spans(patterns)
            if spans:
                strengths.append(Finding(code, d.quotes(spans)))
        flags.sort(key=lambda f: list(self.flags).index(f.code) if f.code in self.flags else 99)
        # a missing feeling is worth saying, but an ask without one is still a request
        return Reading(tuple([*flags, *(f for f in missing if f.code != "no_feeling")]), tuple(strengths),
                       tuple(f for f in missing if f.code == "no_feeling"))

    def _asks(self, d: _Draft, no_ask: set[int], threats: set[int]) -> list[tuple[int, int]]:
        """Asks without an ask phrase: a question that is not accusing, sarcastic or
        rhetorical, or a sentence that opens with an invitation, outside an ultimatum."""
        spans: list[tuple[int, int]] = []
        for sentence in sorted(d.questions - no_ask - threats):
            span = d.sentence_span(sentence)
            if span[1] - span[0] >= 2 and not self._tag_question(d, span, self.question_tags):
                spans.append(span)
        starts = {start for start in d.starts.values()}
        for span in d.spans(self.invitations):
            sentence = d.sentence[span[0]]
            if span[0] in starts and sentence not in no_ask:
                spans.append(span)  # an imperative in an ultimatum still asks (and the threat blocks)
        return spans

    @staticmethod
    def _tag_question(d: _Draft, span: tuple[int, int],
                      tags: list[tuple[str, ...]] | None = None) -> bool:
        """ "..., are you?" / "..., do you?" ("..., ¿verdad?" with a language's ``tags``):
        a question tagged onto a statement."""
        words = d.words.words
        if tags:
            body = words[span[0]:span[1]]
            return any(0 < len(tag) < len(body) - 2 and tuple(body[-len(tag):]) == tag
                       and body[-len(tag) - 1] == CLAUSE for tag in tags)
        tail = words[max(span[0], span[1] - 3):span[1]]
        return (span[1] - span[0] > 3 and len(tail) >= 2 and tail[-1] in ("you", "u")
                and tail[-2] in ("are", "do", "did", "will", "have", "can", "would", "not")
                and CLAUSE in words[span[0]:span[1] - 2])

    @staticmethod
    def found(reading: Reading) -> set[str]:
        """Every flag code, missing-feeling included (what the benchmark scores)."""
        return reading.codes | {f.code for f in reading.suggestions}

    # -- words for the screen -------------------------------------------------------
    def says(self, finding: Finding, content: ContentPack | None = None) -> str:
        """What the coach says about one finding, with the first quote filled in."""
        content = content or pack()
        code = finding.code
        quote = finding.quotes[0] if finding.quotes else ""
        if code.startswith("no_"):
            return content.text(f"coach.needs.{code[3:]}.missing")
        if code in self.needs:
            return content.text(f"coach.needs.{code}.found", quote=quote)
        if code in self.flags:
            return content.text(f"coach.flags.{code}.says", quote=quote)
        return content.text(f"coach.strengths.{code}.says", quote=quote)


@lru_cache(maxsize=8)
def _coach_for(content: ContentPack) -> Coach:
    return Coach(content.get("coach"))


def coach(content: ContentPack | None = None) -> Coach:
    """The coach built from the current content pack (compiled once per pack)."""
    return _coach_for(content or pack())


def read(text: str | None) -> Reading:
    return coach().read(text)

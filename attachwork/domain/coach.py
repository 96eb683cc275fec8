"""The complaint-to-request coach: read a draft, name what helps and what gets in the way.

A complaint points at the other person ("you never call"); a request points at something
the two of you could do ("would a quick text at midday work for us?"). The coach reads a
draft against word lists from the content pack (``coach.yaml``), quotes the writer's own
words for everything it names, says what is already good first, and offers the shape
"I feel … when … Would … work for us?". It never rewrites the draft itself.

A draft reads as a *request* when it asks for something and nothing in it blocks that
(a generalisation, blame, mind reading, a threat, sarcasm, a label, or an ask too vague
to act on). No UI imports here: workbook 04 shows the reading.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from attachwork.content import ContentError, ContentPack, pack
from attachwork.domain.phrases import compile_groups, reader_for

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


class Coach:
    def __init__(self, config: dict[str, Any]):
        try:
            flags, needs = config["flags"], config["needs"]
        except (KeyError, TypeError):
            raise ContentError("coach.yaml needs 'flags' and 'needs' sections") from None
        strengths = config.get("strengths") or {}
        self.flags = compile_groups(flags)
        self.needs = compile_groups(needs)
        self.strengths = compile_groups(strengths)
        self.reader = reader_for(config, flags, needs, strengths)

    def read(self, text: str | None) -> Reading:
        words = self.reader.read((text or "").rstrip() + " .")  # the end closes a clause
        if sum(1 for w in words.words if w != ".") < MIN_WORDS:
            return Reading((), (), too_short=True)
        flags: list[Finding] = []
        for code, patterns in self.flags.items():
            quotes = words.quotes(patterns)
            if quotes:
                flags.append(Finding(code, quotes))
        strengths: list[Finding] = []
        for code, patterns in self.needs.items():
            quotes = words.quotes(patterns)
            if quotes:
                strengths.append(Finding(code, quotes))
            else:
                flags.append(Finding(f"no_{code}"))
        for code, patterns in self.strengths.items():
            quotes = words.quotes(patterns)
            if quotes:
                strengths.append(Finding(code, quotes))
        # a missing feeling is worth saying, but an ask without one is still a request
        return Reading(tuple(f for f in flags if f.code != "no_feeling"), tuple(strengths),
                       tuple(f for f in flags if f.code == "no_feeling"))

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

"""Suggest thinking traps from the words of an automatic thought.

Suggestions only: each names the trap and quotes the words that led to it, and the client
decides whether it fits. Two layers, as in the risk screen:

1. The rules: phrase lists in the content pack (``core_beliefs.yaml``, ``traps``, with word
   lists under ``trap_words``), in the phrase language of :mod:`attachwork.domain.phrases`.
   A rule quotes the words it matched.
2. The statistical layer: one logistic regression per trap over hashed word and character
   n-grams (:mod:`attachwork.domain.textmodel`), trained on the development corpora by
   ``benchmarks/train_readers.py --traps`` and shipped as ``traps_model.json``, loaded on
   first use. Where no rule named a trap, a head at or above ``trap_model.suggest_at``
   suggests it, quoting the run of words that weighed most towards it; it stands back for
   a trap where one of that trap's ``trap_model.stand_back`` phrases matches.

No UI imports here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from attachwork.content import ContentError, ContentPack, pack
from attachwork.domain import textmodel
from attachwork.domain.phrases import Reader, Words, compile_groups, phrase_list, phrase_words, word_lists

#: The longest quote the statistical layer gives, in words.
QUOTE_WORDS = 6


@dataclass(frozen=True)
class Suggestion:
    trap: str
    quotes: tuple[str, ...]
    #: ``"rule"`` (a phrase matched) or ``"model"`` (the statistical layer)
    source: str = "rule"


class TrapSpotter:
    def __init__(self, config: dict[str, Any], model: textmodel.LinearModel | None = None):
        try:
            traps = config["traps"]
        except (KeyError, TypeError):
            raise ContentError("core_beliefs.yaml needs a 'traps' section") from None
        words = word_lists({"words": config.get("trap_words"), "more_words": config.get("more_trap_words")})
        self.patterns = compile_groups(traps, words)
        every = [p for spec in traps.values() for p in phrase_list(spec, "phrases")]
        self.reader = Reader(config.get("spelling"), config.get("fuzzy_words") or [],
                             phrase_words(every, words))
        self.config = config
        self.model_spec = dict(config.get("trap_model") or {})
        #: per trap, wordings where the statistical layer stands back (a feeling that leads
        #: to something the writer chooses to do is not emotional reasoning)
        self.stand_back = compile_groups(
            {code: {"phrases": list(phrases)} for code, phrases in
             (self.model_spec.get("stand_back") or {}).items()}, words)
        self._model = model

    def config_without_model(self) -> dict[str, Any]:
        """This spotter's content with no model file: the rules alone."""
        return rules_only(self.config)

    def model(self) -> textmodel.LinearModel | None:
        """The statistical layer, read from its file the first time it is needed."""
        if self._model is None and self.model_spec.get("file"):
            self._model = textmodel.load(self.model_spec["file"])
        return self._model

    def suggest(self, text: str | None) -> list[Suggestion]:
        words = self.reader.read((text or "").rstrip() + " .")
        found = []
        for code, patterns in self.patterns.items():
            quotes = words.quotes(patterns)
            if quotes:
                found.append(Suggestion(code, quotes))
        model = self.model()
        if model is not None and text and any(c.isalpha() for c in text):
            feats = model.features(text)
            # a phrase's hint for a trap the model reads as plainly absent is dropped ("it's
            # partly my fault and partly hers" names no one to blame alone)
            veto = float(self.model_spec.get("veto_below", 0.0))
            if veto > 0:
                found = [s for s in found if s.trap not in model.heads
                         or model.score(feats, s.trap) >= veto]
            found += self._from_model(model, text, feats, {s.trap for s in found} | self._quiet(words))
        order = list(self.patterns)
        return sorted(found, key=lambda s: order.index(s.trap) if s.trap in order else len(order))

    def stands_back(self, text: str) -> set[str]:
        """The traps whose ``stand_back`` wording is in ``text``: no model hint for them."""
        return self._quiet(self.reader.read((text or "").rstrip() + " ."))

    def _quiet(self, words: Words) -> set[str]:
        return {code for code, patterns in self.stand_back.items() if words.quotes(patterns)}

    def _from_model(self, model: textmodel.LinearModel, text: str, feats: dict[int, float],
                    named: set[str]) -> list[Suggestion]:
        at = float(self.model_spec.get("suggest_at", 1.0))
        out = []
        for code in self.patterns:
            if code in named or code not in model.heads or model.score(feats, code) < at:
                continue
            quote = textmodel.strongest_run(model, code, text, QUOTE_WORDS)
            out.append(Suggestion(code, (quote,) if quote else (), "model"))
        return out


def rules_only(config: dict[str, Any]) -> dict[str, Any]:
    """``core_beliefs`` content with no model file (its stand-back phrases kept): the rules
    alone."""
    spec = {k: v for k, v in (config.get("trap_model") or {}).items() if k != "file"}
    return {**config, "trap_model": spec}


@lru_cache(maxsize=8)
def _spotter_for(content: ContentPack) -> TrapSpotter:
    return TrapSpotter(textmodel.with_model_file(content.get("core_beliefs"), "trap_model", content))


def spotter(content: ContentPack | None = None) -> TrapSpotter:
    """The spotter built from the current content pack (compiled once per pack)."""
    return _spotter_for(content or pack())


def suggest(text: str | None, content: ContentPack | None = None) -> list[Suggestion]:
    return spotter(content).suggest(text)


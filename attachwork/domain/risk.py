"""Screen free text for signs of risk to self, and of danger from a partner.

Every free-text field is screened when it is saved (the store does it, so no workbook can
forget). The screen answers three things about a text, and never keeps the text itself:

* ``tier``: ``"clear"`` when the words say outright that the writer is thinking of ending
  their life, has a plan or the means, is hurting themselves, is putting their affairs in
  order or stopping vital medicine on purpose; ``"possible"`` for quieter signs (a passive
  wish not to wake up, feeling a burden everyone would be better off without, hopelessness
  with death in it, or a text the statistical reader finds close to such sentences);
  ``None`` when neither.
* ``partner_danger``: threats, violence, strangling, being locked in, controlled, stalked
  or cut off from others by a partner. Its own category: a safety message, not the
  suicide panel.
* ``reasons``: why, in words for the therapist ("a self-harm act", "close to sentences
  about passive wishes to die"), never the client's words.

How a text is read (the word lists live in the content pack, ``risk.yaml``, so a practice
can adapt them; this module only reads them):

1. The rules. Each signal group is a list of phrases (the phrase language of
   :mod:`attachwork.domain.phrases`) with a category, a tier and a reason. A match is
   dropped when a figure of speech covers it ("this traffic is killing me"), when it is
   negated in its clause ("I'm not suicidal"; two negations undo each other), when
   somebody else is doing it ("my cousin cuts herself"), or when the sentence around it
   sets it in a context the group names under ``unless`` (long-past history, a
   professional or study setting, an accident, a holiday). A group may also need a
   context (``needs``), such as stopping insulin *on purpose*. Broad groups (``fallback``)
   read concept words that come together in a clause and stand back where a specific
   group already speaks for the same words. Only rules give the ``clear`` tier.
2. The statistical layer. Logistic regressions over hashed word and character n-grams
   (:mod:`attachwork.domain.textmodel`), trained on the development corpora by
   ``benchmarks/train_readers.py`` and shipped as ``risk_model.json``: pure Python at run
   time, loaded on first use. It reads the text as the rules leave it, every span they
   explained away replaced by a marker word ("xxnegated", "xxhistory"), and speaks only
   where no rule did: above ``model.possible_at`` a text is screened ``possible`` (the
   reason names the kind of sentence it is closest to), above ``model.partner_at`` it
   raises partner danger; a very short text needs ``model.short_at``.

Screening a sentence takes about a millisecond: each group is first tried as one regex,
and a phrase is compiled the first time its group matches.

Nothing here logs or stores the text itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from attachwork.content import ContentError, ContentPack, pack
from attachwork.domain.phrases import (  # noqa: F401 - compile_phrase and PhraseError are part of the API
    CLAUSE,
    PhraseError,
    Reader,
    Words,
    any_of,
    compile_phrase,
    lazy_phrase,
    phrase_list,
    phrase_words,
    word_lists,
)

CLEAR = "clear"
POSSIBLE = "possible"
PARTNER = "partner_danger"
_TIER_ORDER = {CLEAR: 0, POSSIBLE: 1, None: 2}
_SENTENCE_END = re.compile(r"[.!?;\n]")
_MARKER = re.compile(r"\bxx[a-z_]+")
CLAUSE_REACH = -1  # a context's reach: its own clause only
_DETERMINERS = {"the", "a", "an", "my", "his", "her", "their", "your", "our", "this", "that"}


@dataclass(frozen=True)
class Hit:
    """One reading: its category, tier (``None`` for partner danger), the reason in words
    for the therapist, and where it sits (word positions, never text)."""

    category: str
    start: int
    end: int
    tier: str | None = CLEAR
    reason: str = field(default="", repr=False)
    #: Where the reason's words live in the content pack (``signals.<group>`` or
    #: ``model.reasons.<kind>``): what a flag keeps, so the therapist reads it in their language.
    source: str = field(default="", repr=False)


@dataclass(frozen=True)
class Screen:
    """The outcome for one text (or one record). Holds no client text."""

    hits: tuple[Hit, ...] = ()

    @property
    def tier(self) -> str | None:
        """``"clear"``, ``"possible"`` or ``None``: the strongest sign of risk to self."""
        tiers = {h.tier for h in self.hits if h.category != PARTNER}
        return CLEAR if CLEAR in tiers else POSSIBLE if POSSIBLE in tiers else None

    @property
    def partner_danger(self) -> bool:
        return any(h.category == PARTNER for h in self.hits)

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why, in words for the therapist: clear signs first, then possible, then partner."""
        found: list[str] = []
        for h in sorted(self.hits, key=lambda h: _TIER_ORDER.get(h.tier, 2)):
            if h.reason and h.reason not in found:
                found.append(h.reason)
        return tuple(found)

    @property
    def reason_keys(self) -> tuple[str, ...]:
        """The content keys of :attr:`reasons`, in the same order (what a flag stores)."""
        found: list[str] = []
        for h in sorted(self.hits, key=lambda h: _TIER_ORDER.get(h.tier, 2)):
            if h.source and h.source not in found:
                found.append(h.source)
        return tuple(found)

    @property
    def level(self) -> str | None:
        """What a flag is about, most urgent first: ``"clear"``, ``"possible"``, ``"partner"``."""
        return self.tier or ("partner" if self.partner_danger else None)

    @property
    def flagged(self) -> bool:
        return bool(self.hits)

    @property
    def categories(self) -> list[str]:
        return sorted({h.category for h in self.hits})

    def __bool__(self) -> bool:
        return self.flagged


@dataclass(frozen=True)
class Group:
    """A signal group from ``risk.yaml``."""

    key: str
    category: str
    tier: str | None
    reason: str
    patterns: tuple[Any, ...]  # LazyPhrase
    subject: str
    unless: tuple[str, ...]
    needs: tuple[str, ...]
    quick: re.Pattern[str] | None = None  # any of the patterns: skip the group when it fails
    fallback: bool = False  # counts only where no other group's match overlaps
    #: a clear act the model never moves to possible ("I took the whole box of tablets for my
    #: migraine" is an overdose whatever the reason given)
    firm: bool = False


@dataclass(frozen=True)
class Context:
    """Words that set a scene around a match (history, a hospital shift, a joke)."""

    name: str
    patterns: tuple[re.Pattern[str], ...]
    undo: tuple[re.Pattern[str], ...]
    reach: int | None  # sentences either side; None for the whole text; CLAUSE_REACH
    undo_reach: int | None = None  # how far ``undo`` words reach (default: as far as the cues)


class _Reading:
    """One text, read once: words, sentences and where each context speaks."""

    def __init__(self, screen: RiskScreen, text: str):
        self.read = screen.reader.read(text)
        self.words = list(self.read.words)
        sentence, self.sentence = 0, []
        clause, self.clause = 0, []
        for i, w in enumerate(self.words):
            self.sentence.append(sentence)
            self.clause.append(clause)
            if w == CLAUSE:
                clause += 1
                start, end = self.read.spans[i]
                if _SENTENCE_END.search(text[start:end]):
                    sentence += 1
        self.sentences = sentence + 1
        self.explained: list[tuple[int, int, str]] = []
        self._screen = screen
        self._contexts: dict[str, tuple[set[int], set[int]]] = {}

    def remaining(self) -> str:
        """The original text as the statistical reader reads it: every span the rules
        explained away (a figure of speech, a negated, past or someone else's match) is
        replaced by a marker word saying why ("xxnegated", "xxhistory" ...), so the model
        learns from the reason instead of from words the rules have already read."""
        if not self.explained:
            return self.read.text
        spans = self.read.spans
        merged: list[list] = []  # [start, end, reasons] in characters, overlaps joined
        for a, b, why in sorted((spans[s][0], spans[e - 1][1], why) for s, e, why in self.explained if s < e):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
                merged[-1][2].add(why)
            else:
                merged.append([a, b, {why}])
        out, at = [], 0
        for a, b, whys in merged:
            out.append(self.read.text[at:a])
            out.append(" " + " ".join(f"xx{w}" for w in sorted(whys)) + " ")
            at = b
        out.append(self.read.text[at:])
        return "".join(out)

    def _sentences_of(self, patterns: tuple[re.Pattern[str], ...], unit: list[int]) -> set[int]:
        return {unit[s] for p in patterns for s, _ in self.read.find(p) if s < len(unit)}

    def context(self, name: str, at: int) -> bool:
        """Does context ``name`` speak for the sentence of word ``at``?"""
        ctx = self._screen.contexts.get(name)
        if ctx is None:
            return False
        unit = self.clause if ctx.reach == CLAUSE_REACH else self.sentence
        if name not in self._contexts:
            self._contexts[name] = (self._sentences_of(ctx.patterns, unit),
                                    self._sentences_of(ctx.undo, unit))
        cues, undone = self._contexts[name]
        if not cues:
            return False
        if ctx.reach is None:
            return not undone
        if ctx.reach == CLAUSE_REACH:
            here = unit[min(at, len(unit) - 1)]
            return here in cues and here not in undone
        here = self.sentence[min(at, len(self.sentence) - 1)]
        near = range(here - ctx.reach, here + ctx.reach + 1)
        reach = ctx.reach if ctx.undo_reach is None else ctx.undo_reach
        return (any(s in cues for s in near)
                and not any(s in undone for s in range(here - reach, here + reach + 1)))


def _subject_of(key: str, spec: dict[str, Any]) -> str:
    subject = str(spec.get("subject", "any"))
    if subject not in ("any", "self", "partner", "named_partner"):
        raise ContentError(f"risk.yaml: signal '{key}' has subject '{subject}' "
                           "(any, self, partner or named_partner)")
    return subject


class RiskScreen:
    def __init__(self, config: dict[str, Any], model: Any | None = None):
        try:
            signals = config["signals"]
        except (KeyError, TypeError):
            raise ContentError("risk.yaml needs a 'signals' section") from None
        self.config = config
        words = word_lists(config)
        self.labels: dict[str, str] = {}
        self.groups: list[Group] = []
        for key, spec in signals.items():
            spec = spec or {}
            category = str(spec.get("category", key))
            if "label" in spec:
                self.labels[category] = str(spec["label"])
            tier = spec.get("tier", CLEAR)
            if category == PARTNER:
                tier = None
            elif tier not in (CLEAR, POSSIBLE):
                raise ContentError(f"risk.yaml: signal '{key}' has tier '{tier}' (clear or possible)")
            patterns = tuple(lazy_phrase(p, words) for p in phrase_list(spec, "phrases"))
            self.groups.append(Group(
                key=str(key), category=category, tier=tier,
                reason=str(spec.get("reason", spec.get("label", category))),
                patterns=patterns, subject=_subject_of(key, spec),
                unless=tuple(spec.get("unless") or ()), needs=tuple(spec.get("needs") or ()),
                quick=any_of(patterns), fallback=bool(spec.get("fallback", False)),
                firm=bool(spec.get("firm", False))))
        #: where the hits of ``firm`` groups come from (what :meth:`firm` looks for)
        self._firm = frozenset(f"risk.signals.{g.key}.reason" for g in self.groups if g.firm)
        self.contexts: dict[str, Context] = {}
        for name, spec in (config.get("contexts") or {}).items():
            reach = spec.get("reach", 0)
            undo_reach = spec.get("except_reach")
            cues = any_of(lazy_phrase(p, words) for p in phrase_list(spec, "phrases"))
            undo = any_of(lazy_phrase(p, words) for p in phrase_list(spec, "except"))
            self.contexts[str(name)] = Context(
                str(name), (cues,) if cues else (), (undo,) if undo else (),
                None if reach == "text" else CLAUSE_REACH if reach == "clause" else int(reach),
                None if undo_reach is None else int(undo_reach))
        for g in self.groups:
            for name in (*g.unless, *g.needs):
                if name not in self.contexts:
                    raise ContentError(f"risk.yaml: signal '{g.key}' names an unknown context '{name}'")
        self.figures = [compile_phrase(p, words) for p in phrase_list(config, "figures_of_speech")]
        self.negations = {str(w).lower() for w in config.get("negations", [])}
        self.fillers = {str(w).lower() for w in config.get("negation_fillers", [])}
        self.after_negations = {str(w).lower() for w in config.get("negations_after", [])}
        subjects = config.get("subjects") or {}
        self.subject_self = {str(w) for w in subjects.get("self", [])}
        self.subject_partner = {str(w) for w in subjects.get("partner", [])}
        self.subject_other = {str(w) for w in subjects.get("other", [])}
        self.not_names = {str(w) for w in subjects.get("not_names", [])}
        self.object_markers = {str(w) for w in subjects.get("object_markers", [])}
        #: Words that always say who acts, even after an object marker ("... and he hit me").
        self.never_objects = {str(w) for w in subjects.get("never_objects", [])}
        #: How many words back a clause that names nobody looks for who acts, across the
        #: clause breaks of its own sentence ("She came at me with it, cut my arm").
        self.carry_reach = int(subjects.get("carry_reach", 0))
        #: Words that open a noun after an object marker ("in the car", "a mi mamá").
        self.determiners = {str(w) for w in subjects.get("determiners", _DETERMINERS)}
        every = [p for spec in signals.values() for p in phrase_list(spec or {}, "phrases")]
        every += [p for spec in (config.get("contexts") or {}).values()
                  for key in ("phrases", "except") for p in phrase_list(spec, key)]
        every += phrase_list(config, "figures_of_speech")
        # everyday words a slip-correction must never turn into a key word ("acordarme" is
        # two letters from "ahorcarme"): read as written
        keep = {str(w).lower() for w in config.get("keep_words") or []}
        self.vocabulary = phrase_words(every, words) | keep
        self.reader = Reader(config.get("spelling"), config.get("fuzzy_words", []), self.vocabulary,
                             bool(config.get("open_contractions", True)))
        self.model_spec = config.get("model") or {}
        self.short_words = int(self.model_spec.get("short_words", 0))
        self.short_at = float(self.model_spec.get("short_at", 1.0))
        self._model = model

    def tokens(self, text: str) -> list[str]:
        """The text as normalised words, with ``"."`` for every clause break."""
        return list(self.reader.read(text).words)

    # -- the pieces of a reading ------------------------------------------------------
    def _negated(self, words: list[str], start: int, end: int, r: _Reading) -> bool:
        """A negation just before ``start`` (only filler words between), not undone by
        a second negation earlier in the same clause; or a list answered "none" just after
        ("thoughts of self-harm: none")."""
        i = start - 1
        while i >= 0 and words[i] in self.fillers and words[i] not in self.negations:
            i -= 1
        if i >= 0 and words[i] in self.negations:
            j = i - 1
            while j >= 0 and words[j] != CLAUSE:
                if words[j] in self.negations:
                    return False
                j -= 1
            return True
        k = end
        while k < len(words) and k < end + 4 and r.sentence[k] == r.sentence[start]:
            if words[k] == CLAUSE:
                s, e = r.read.spans[k]
                if ":" in r.read.text[s:e] and k + 1 < len(words) and words[k + 1] in self.after_negations:
                    return True
            k += 1
        return False

    def _subject(self, r: _Reading, start: int, names: bool = True) -> str | None:
        """Who does the act that starts at word ``start``: ``"self"``, ``"partner"`` (a
        partner, a he or she, or with ``names`` a name), ``"other"`` (someone who is not a
        partner) or ``None`` when the clause names nobody (a diary's "cut again last
        night"). Read from the match's own first word back to the start of its clause;
        a word just after an object marker ("to", "and", "told") is skipped unless it is a
        subject pronoun (``never_objects``). A clause that names nobody looks further back
        in its own sentence (``carry_reach`` words) for the writer or a partner."""
        words = r.words
        if start < len(words) and words[start] in self.subject_self:
            return "self"
        i = start - 1
        reach, carried = 12, False
        while i >= 0 and start - i <= reach:
            w = words[i]
            if w == CLAUSE:
                # a clause that names nobody takes who acts from earlier in its sentence
                if not self.carry_reach or r.sentence[i] != r.sentence[start]:
                    break
                reach, carried = self.carry_reach, True
                i -= 1
                continue
            if w not in self.never_objects and (
                    (i > 0 and words[i - 1] in self.object_markers) or (
                    i > 1 and words[i - 1] in self.determiners and words[i - 2] in self.object_markers)):
                i -= 1  # "letters to Mum and Kayla", "in the car": an object, not who acts
                continue
            if w in self.subject_self:
                return "self"
            if w in self.subject_partner:
                return "partner"
            if w in self.subject_other and not carried:  # carried over: only I or a partner
                return "other"
            if names and not carried and self._is_name(r, i, start):
                return "partner"
            i -= 1
        return None

    def _is_name(self, r: _Reading, i: int, start: int) -> bool:
        s, e = r.read.spans[i]
        raw = r.read.text[s:e]
        if not raw[:1].isupper() or raw.isupper() or not raw.isalpha() or raw.lower() in self.not_names:
            return False
        first = i == 0 or r.sentence[i - 1] != r.sentence[i] or (
            r.words[i - 1] == CLAUSE and ":" in r.read.text[r.read.spans[i - 1][0]:r.read.spans[i - 1][1]])
        # a capital at the start of a sentence is only a name right before the act
        return not first or i == start - 1

    def _dropped(self, g: Group, r: _Reading, start: int, end: int,
                 figures: list[tuple[int, int]]) -> str | None:
        """Why a match of group ``g`` does not count (``None`` when it does): "figure",
        "negated", "someone" (someone else does it), the name of an ``unless`` context,
        or "needs" when a needed context is missing."""
        if any(fs < end and start < fe for fs, fe in figures):
            return "figure"
        if self._negated(r.words, start, end, r):
            return "negated"
        if g.subject == "self" and self._subject(r, start, names=False) in ("partner", "other"):
            return "someone"
        if g.subject == "partner" and self._subject(r, start) == "other":
            return "someone"
        if g.subject == "named_partner" and self._subject(r, start) != "partner":
            return "someone"
        for name in g.unless:
            if r.context(name, start):
                return name
        if g.needs and not any(r.context(name, start) for name in g.needs):
            return "needs"
        return None

    # -- screening ------------------------------------------------------------------
    def rule_hits(self, text: str) -> tuple[list[Hit], _Reading]:
        """What the rules find, and the reading (which also notes the word spans the rules
        explained away: figures of speech and dropped matches)."""
        r = _Reading(self, text)
        figures = [span for f in self.figures for span in r.read.find(f)]
        r.explained.extend((a, b, "figure") for a, b in figures)
        hits: list[Hit] = []
        joined = r.read.joined
        fallbacks: list[bool] = []
        for g in self.groups:
            if g.quick is None or not g.quick.search(joined):
                continue
            for pattern in g.patterns:
                for start, end in r.read.find(pattern):
                    why = self._dropped(g, r, start, end, figures)
                    if why is None:
                        hits.append(Hit(g.category, start, end, g.tier, g.reason,
                                        f"risk.signals.{g.key}.reason"))
                        fallbacks.append(g.fallback)
                    else:
                        r.explained.append((start, end, why))
        # a broad reading stands back where a specific one already speaks for those words
        firm = [(h.start, h.end, h.category == PARTNER)
                for h, fb in zip(hits, fallbacks, strict=True) if not fb]
        hits = [h for h, fb in zip(hits, fallbacks, strict=True)
                if not fb or not any(a < h.end and h.start < b and p == (h.category == PARTNER)
                                     for a, b, p in firm)]
        return hits, r

    def model_text(self, text: str, r: _Reading | None = None) -> str:
        """The text the statistical reader reads: the words the rules explained away
        (figures of speech, negated, past or someone else's matches) are taken out."""
        if r is None:
            _, r = self.rule_hits(text)
        return r.remaining()

    def screen(self, text: str | None) -> Screen:
        if not text or not str(text).strip():
            return Screen()
        hits, r = self.rule_hits(str(text))
        model = self.model()
        if model is not None:
            hits = self._with_model(model, hits, r)
        return Screen(tuple(hits))

    # -- the statistical layer --------------------------------------------------------
    def model(self) -> Any | None:
        """The statistical reader, loaded on first use (``None`` when the pack has none)."""
        if self._model is None and self.model_spec.get("file"):
            from attachwork.domain import textmodel

            self._model = textmodel.load(self.model_spec["file"])
        return self._model or None

    def _with_model(self, model: Any, hits: list[Hit], r: _Reading) -> list[Hit]:
        """The rules' hits as the statistical reader leaves them: a ``clear`` rule's match in
        a text of at least ``model.short_words`` words that the model reads as neither clear
        (its ``clear`` head below ``model.clear_at``) nor risk at all (its ``self`` head below
        ``model.possible_at``) is kept as ``possible`` (the rule's reason stays; a near miss
        such as "stood at the edge of the diving board" gets the gentler message and a flag,
        never nothing; a ``firm`` signal's match, such as an overdose already taken, is never
        moved); and where no rule spoke the model may add a ``possible`` tier for risk to self,
        and partner danger."""
        spec = self.model_spec
        want_self = not any(h.category != PARTNER for h in hits)
        want_partner = not any(h.category == PARTNER for h in hits)
        clear_at = float(spec.get("clear_at", 0.0))
        check_clear = (clear_at > 0 and "clear" in model.heads and any(h.tier == CLEAR for h in hits)
                       and not self.firm(hits))
        if not (want_self or want_partner or check_clear):
            return hits
        text = r.remaining()
        if not any(c.isalpha() for c in _MARKER.sub("", text)):
            return hits  # nothing left that the rules have not read
        feats = model.features(text)
        found = list(hits)
        short = self.short_text(text)
        # a short text tells the model too little to overrule a clear rule ("I took too many
        # jellybeans", with a word the practice added and the model never saw)
        if check_clear and not short and model.score(feats, "clear") < clear_at and (
                model.score(feats, "self") < float(spec.get("possible_at", 1.0))):
            found = [replace(h, tier=POSSIBLE) if h.tier == CLEAR else h for h in found]
        reasons = spec.get("reasons") or {}
        self_at = max(float(spec.get("possible_at", 1.0)), self.short_at if short else 0.0)
        partner_at = max(float(spec.get("partner_at", 1.0)), self.short_at if short else 0.0)
        if want_self and model.score(feats, "self") >= self_at:
            kinds = {k: model.score(feats, k) for k in reasons if k != PARTNER and k in model.heads}
            kind = max(kinds, key=kinds.__getitem__) if kinds else ""
            if kind and kinds[kind] < 0.5:
                kind = ""  # no kind stands out: the general reason
            category = str((spec.get("categories") or {}).get(kind, "model"))
            found.append(Hit(category, 0, 0, POSSIBLE, str(reasons.get(kind, spec.get("reason", ""))),
                             f"risk.model.reasons.{kind}" if kind in reasons else "risk.model.reason"))
        if want_partner and model.score(feats, "partner") >= partner_at:
            found.append(Hit(PARTNER, 0, 0, None, str(reasons.get(PARTNER, "")),
                             f"risk.model.reasons.{PARTNER}"))
        return found

    def firm(self, hits: list[Hit] | tuple[Hit, ...]) -> bool:
        """Whether a clear hit comes from a ``firm`` signal: the model may not soften it."""
        return any(h.tier == CLEAR and h.source in self._firm for h in hits)

    def short_text(self, text: str) -> bool:
        """Fewer words than ``model.short_words`` once the rules' markers are out: the model
        knows little from so little, so it needs ``model.short_at`` to speak."""
        words = [w for w in self.reader.read(_MARKER.sub(" ", text)).words if w != CLAUSE]
        return len(words) < self.short_words

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
    from attachwork.domain.textmodel import with_model_file

    return RiskScreen(with_model_file(content.get("risk"), "model", content))


def screener(content: ContentPack | None = None) -> RiskScreen:
    """The screen built from the current content pack (compiled once per pack)."""
    return _screen_for(content or pack())


def screen(text: str | None) -> Screen:
    return screener().screen(text)


def screen_values(values: Any) -> Screen:
    return screener().screen_values(values)


def screen_record(kind: str, payload: Any) -> Screen:
    """The screen of a saved record: its texts, and what the record itself says (a partner
    safety check answered "yes" or "not sure" raises partner danger, with no text at all)."""
    result = screen_values(payload)
    if kind == "partner_safety_check" and isinstance(payload, dict):
        answers = payload.get("answers") or {}
        if any(answer != "no" for answer in answers.values()):
            reason = str(pack().get("common.partner_check.reason", ""))
            result = Screen((*result.hits, Hit(PARTNER, 0, 0, None, reason, "common.partner_check.reason")))
    return result

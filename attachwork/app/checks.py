"""``attachwork content check``: is the content pack complete, does a practice's folder fit
the pack it lies over, and are the instrument files valid?"""

from __future__ import annotations

from attachwork.config import settings
from attachwork.content import ContentError, built_in, instrument_folders, languages, pack, reload
from attachwork.content.lint import check_folder, placeholders
from attachwork.domain import helplines
from attachwork.domain.instruments import load_catalogue

UNCONFIRMED = ("crisis lines for '{lang}' are not confirmed: check the lines your clients will "
               "see (common.crisis.show and the countries' lines) and set common.crisis.confirmed: "
               "true in your practice's content folder")

#: The reference pack: every language must hold its keys, with the same placeholders.
REQUIRED_FROM = "en"


#: Sections that hold a language's own reader data (how its people spell, what its phrases
#: are), not sentences to translate: compared as a whole, never key by key.
OPAQUE = {"spelling", "fuzzy_words", "countries"}


def _flat(data: object, prefix: str = "") -> dict[str, object]:
    if isinstance(data, dict) and prefix.rsplit(".", 1)[-1] not in OPAQUE:
        out: dict[str, object] = {}
        for k, v in data.items():
            out.update(_flat(v, f"{prefix}.{k}" if prefix else str(k)))
        return out
    return {prefix: data}


#: The readers' files (risk screen, coach, thinking traps) are each language's own: its
#: phrases, contexts and spellings are built for that language, not translated. Only the
#: sentences people see in them must match: these leaves, and top-level sentences.
READER_FILES = {"risk", "coach"}
READER_SENTENCES = {"label", "says", "missing", "found", "reason"}
READER_SECTIONS = {"core_beliefs.traps", "core_beliefs.trap_words"}


def _compared(key: str) -> bool:
    parts = key.split(".")
    if any(key == s or key.startswith(s + ".") for s in READER_SECTIONS):
        return False
    if parts[0] in READER_FILES:
        # the risk screen's groups are each language's own design; its words for the
        # therapist are checked with the language's readers (tests/unit/test_reader_quality.py)
        return parts[0] == "coach" and (len(parts) == 2 and isinstance(parts[1], str)
                                         and parts[1] not in ("accusing", "invitations", "not_an_ask")
                                         or parts[-1] in READER_SENTENCES)
    return True


def check_languages(lang: str) -> list[str]:
    """Keys missing from or extra to ``lang`` against the reference, and placeholders that
    differ (a sentence filled with other names would fail on the page)."""
    problems: list[str] = []
    reference = {k: v for k, v in _flat(built_in(REQUIRED_FROM)).items() if _compared(k)}
    target = {k: v for k, v in _flat(built_in(lang)).items() if _compared(k)}
    problems += [f"{lang}: missing key {k}" for k in sorted(set(reference) - set(target))]
    problems += [f"{lang}: key {k} is not in the {REQUIRED_FROM} pack"
                 for k in sorted(set(target) - set(reference))]
    for key in sorted(set(reference) & set(target)):
        ref, val = reference[key], target[key]
        if isinstance(ref, str) and isinstance(val, str) and placeholders(ref) != placeholders(val):
            problems.append(f"{lang}: {key} has other placeholders than the {REQUIRED_FROM} text")
    return problems


def check_content(lang: str | None = None) -> list[str]:
    problems: list[str] = []
    reload()
    cfg = settings()
    lang = lang or cfg.lang
    try:
        target = pack(lang)
    except ContentError as exc:
        return [str(exc)]
    for other in ([lang] if lang != REQUIRED_FROM else []) + [
            x for x in languages() if x not in (lang, REQUIRED_FROM)]:
        problems += check_languages(other)
    if cfg.content_dir and (cfg.content_dir / lang).is_dir():
        problems += [str(p) for p in check_folder(cfg.content_dir / lang, built_in(lang))]
    for key in target.keys():
        value = target.get(key)
        if isinstance(value, str) and not value.strip():
            problems.append(f"empty text at {key}")
    if not helplines.confirmed(target):
        problems.append(UNCONFIRMED.format(lang=lang))
    catalogue = load_catalogue(instrument_folders(target.lang))
    problems += catalogue.problems
    if not catalogue.instruments:
        problems.append("no check-in instrument could be loaded")
    return problems

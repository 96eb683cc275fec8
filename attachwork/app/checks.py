"""``attachwork content check``: is the content pack complete and are instruments valid?"""

from __future__ import annotations

from attachwork.content import ContentError, instrument_folders, pack, reload
from attachwork.domain.instruments import load_catalogue

#: Keys the code looks up; a practice override or a new language must keep them all.
REQUIRED_FROM = "en"


def check_content(lang: str | None = None) -> list[str]:
    problems: list[str] = []
    reload()
    try:
        target = pack(lang)
        reference = pack(REQUIRED_FROM)
    except ContentError as exc:
        return [str(exc)]
    missing = sorted(set(reference.keys()) - set(target.keys()))
    problems += [f"missing key {k}" for k in missing]
    for key in target.keys():
        value = target.get(key)
        if isinstance(value, str) and not value.strip():
            problems.append(f"empty text at {key}")
    catalogue = load_catalogue(instrument_folders(target.lang))
    problems += catalogue.problems
    if not catalogue.instruments:
        problems.append("no check-in instrument could be loaded")
    return problems

"""The audit log in plain words, in the reader's language: what the page and the command
line show. A line's detail is kept in the store as codes (``level=clear actions=asked_safety``,
``account=therapist``) so it can be read in any language later."""

from __future__ import annotations

import datetime as dt
import re

from attachwork import workbooks
from attachwork.content import pack
from attachwork.domain import when


def action_words(action: str) -> str:
    """What an audit line's action code means ("Exported as CSV")."""
    return str(pack().get(f"bundles.audit.actions.{action}", action))


#: The practice's lines as they were written before they were kept as codes (English
#: sentences), read as the codes they stand for, so an older log reads in any language too.
_WRITTEN_BEFORE = [
    (re.compile(r"^(therapist|client) account added$"), "account={0}"),
    (re.compile(r"^(therapist|client) (?:password reset|account closed|account opened again)$"),
     "account={0}"),
    (re.compile(r"^(?:put on|taken off) the caseload of (\S+)$"), "therapist={0}"),
    (re.compile(r"^client and all records deleted$"), "deleted=everything"),
]


def detail_words(detail: str) -> str:
    """An audit detail in plain words: ``level=clear actions=asked_safety`` reads "Urgent;
    what was done: Asked about safety now". A detail in any other shape (a sentence already,
    or a code this page does not know) is shown as it is."""
    c = pack()
    words = c.get("bundles.audit.details") or {}
    named = c.get("bundles.audit.values") or {}  # a detail whose value is a code of its own
    for sentence, as_codes in _WRITTEN_BEFORE:
        if found := sentence.match(detail):
            detail = as_codes.format(*found.groups())
            break
    pairs = [part.partition("=") for part in detail.split()]
    if not pairs or any(not sep or key not in words for key, sep, _ in pairs):
        return detail
    out = []
    for key, _, value in pairs:
        if key == "level":
            value = str(c.get(f"common.risk.levels.{value}", value))
        elif key == "workbook" and (spec := workbooks.get(value)) is not None:
            value = c.text(spec.title_key)
        elif key == "date":
            try:
                value = when.day(dt.date.fromisoformat(value))
            except ValueError:
                pass
        elif key in named:
            value = str(named[key].get(value, value))
        elif key == "actions":
            codes = [a for a in value.split(",") if a and a != "none"]
            value = ", ".join(str(c.get(f"common.risk.actions.{a}", a)) for a in codes) or str(
                words.get("nothing_ticked", "-"))
        out.append(str(words[key]).format(value=value))
    return "; ".join(out)

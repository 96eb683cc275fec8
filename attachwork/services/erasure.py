"""Erasing a client for good, after the code name is typed again (page and command line)."""

from __future__ import annotations

from attachwork.content import pack
from attachwork.domain.records import Client
from attachwork.store import Store


class ErasureRefused(Exception):
    """The code name typed to confirm did not match; nothing was deleted."""

    def __init__(self) -> None:
        super().__init__(pack().text("bundles.erase.mismatch"))


def erase(store: Store, client: Client, typed: str, *, by: str) -> str:
    """Delete the client and everything about them when ``typed`` is their code name; what to
    tell the person.

    The store deletes every row in one transaction and compacts SQLite; the audit log keeps
    that it happened (when, by whom, the pseudonymous id), never what was there. If another
    window still held the database open, so that its journal could not be emptied, the message
    says so plainly and what to do (:func:`finish`)."""
    if (typed or "").strip() != client.pseudonym:
        raise ErasureRefused()
    if store.erase_client(client.id, by=by):
        return pack().text("bundles.erase.done", ref=client.id)
    return pack().text("bundles.erase.not_compacted", ref=client.id)


def finish(store: Store) -> bool:
    """Empty the journal of what was erased, once other windows have closed; whether it was."""
    return store.compact()

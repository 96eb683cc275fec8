"""What the store raises when it refuses a change; nothing was written when one is raised.

Every error here is a :class:`StoreError`, a problem the person using the workbook can act
on (choose another pseudonym, pick a client that exists, take in the right bundle).
"""

from __future__ import annotations

from attachwork.domain.records import Entry


class StoreError(Exception):
    """A problem the person using the workbook can act on."""


class DuplicatePseudonym(StoreError):
    """Another client already goes by this pseudonym (pseudonyms are unique)."""


class NotFound(StoreError):
    """No client, entry or flag has this id."""


class ImportRefused(StoreError):
    """An import that would mix two people's records; nothing was changed."""


class StaleEdit(StoreError):
    """The entry changed (in another window) since this edit began; nothing was written.
    ``current`` is the entry as it now stands, so both versions can be shown."""

    def __init__(self, current: Entry) -> None:
        super().__init__("this changed in another window")
        self.current = current

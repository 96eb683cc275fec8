"""Persistence: every save is one committed transaction, nothing is overwritten.

SQLite (WAL, ``synchronous=FULL``) in the per-user data folder by default;
PostgreSQL when ``ATTACHWORK_DB_URL`` names one. The schema is created and
upgraded with Alembic. Editing an entry or a profile copies the earlier state to
``record_versions`` in the same transaction; deleting an entry only marks it.

Every text saved here passes the risk screen (:mod:`attachwork.domain.risk`) inside the same
transaction: a positive screen marks the entry ``flagged`` and opens a risk flag for the
therapist, so no workbook can save a text without it being screened.

The rest of the program uses :class:`Store` and the names exported here, nothing else.
:class:`Store` is put together from one part per concern; to change one, go to its module:

=================  =================================================================
``engine``         opening SQLite or PostgreSQL, pragmas, migrations (``HEAD_REVISION``)
``base``           what every part shares: the engine, its sessions, ``_tx()``
``rows``           rows read as domain objects; payloads and authors checked on the way in
``screening``      the risk screen inside the saving transaction; raising and widening flags
``clients``        clients and their profiles (a profile's earlier states kept)
``entries``        entries and their versions
``drafts``         unsaved drafts of forms
``flags``          reading and reviewing risk flags
``records_io``     what a bundle carries out (snapshot, digests, handouts), hand-back notes
``merging``        taking a bundle in (the rules themselves: :mod:`attachwork.domain.merge`)
``audit``          the audit log, and erasing a client for good
``accounts``       a practice server's accounts, caseloads and their database roles
``errors``         what the store raises
``schema``         the tables (a change needs a migration)
=================  =================================================================
"""

from __future__ import annotations

from attachwork.store.accounts import Account, AccountError, AccountsMixin
from attachwork.store.audit import AuditEvent, AuditMixin
from attachwork.store.clients import ClientsMixin
from attachwork.store.drafts import DraftsMixin
from attachwork.store.engine import HEAD_REVISION, MIGRATIONS_DIR, EngineMixin, default_sqlite_path
from attachwork.store.entries import EntriesMixin
from attachwork.store.errors import DuplicatePseudonym, ImportRefused, NotFound, StaleEdit, StoreError
from attachwork.store.flags import REVIEW_ACTIONS, FlagsMixin
from attachwork.store.merging import Incoming, MergingMixin
from attachwork.store.records_io import HandBack, Handout, RecordsOutMixin
from attachwork.store.rows import utcnow

__all__ = [
    "REVIEW_ACTIONS",
    "HEAD_REVISION",
    "MIGRATIONS_DIR",
    "Account",
    "AccountError",
    "AuditEvent",
    "DuplicatePseudonym",
    "HandBack",
    "Handout",
    "ImportRefused",
    "Incoming",
    "NotFound",
    "StaleEdit",
    "Store",
    "StoreError",
    "default_sqlite_path",
    "utcnow",
]


class Store(
    EngineMixin,
    ClientsMixin,
    EntriesMixin,
    DraftsMixin,
    FlagsMixin,
    RecordsOutMixin,
    MergingMixin,
    AuditMixin,
    AccountsMixin,
):
    """One client-records store: ``Store.open()`` for the configured one, ``Store(engine)``
    for an engine already made.

    Each method is one committed transaction (or one read), whichever part defines it.
    """

"""Hand-back bundles: one encrypted file carries a client's records between clinic and home.

* a **starter** bundle goes home: the profile, every entry (the therapist's private session
  notes left out), the homework set, and handouts;
* a **return** bundle comes back: every entry written or changed at home that the clinic
  has not seen (worked out from what the last starter bundle held, so nothing is missed
  even if an earlier return bundle was never imported);
* a **full** document is the complete record, for moving practice or a client's request
  (written as plain JSON by :mod:`attachwork.portable`, or locked like a bundle).

The file: a short header (magic, container version, scrypt cost, salt, nonce, a passphrase
check and the length of what follows) and then gzip-compressed JSON sealed with AES-256-GCM,
the header bound in as associated data. The key comes from the passphrase with scrypt and a
random salt. A wrong passphrase, a short file, a changed byte or a bundle for someone else
is refused before anything is written, with a message that says which.

The JSON carries ``format``; :data:`UPGRADES` turns an older format into the current one,
so a bundle made by an earlier version still imports.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import hmac
import json
import os
import struct
import uuid
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from pydantic import BaseModel, ConfigDict, ValidationError

from attachwork import __version__
from attachwork.content import pack
from attachwork.merge import EntryState, Preview, parse_time, payload_digest, preview
from attachwork.records import ClientProfile, schema_for
from attachwork.store import ImportRefused, Incoming, Store

BundleType = Literal["starter", "return", "full"]

MAGIC = b"ATTACHWORK-BUNDLE"
CONTAINER_VERSION = 1
#: The JSON layout inside. Raise it when the layout changes, and add an upgrade below.
FORMAT = 1
#: ``UPGRADES[n]`` turns a format-``n`` document into format ``n + 1``.
UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}

SCRYPT_LOG_N, SCRYPT_R, SCRYPT_P = 15, 8, 1  # 32 MiB, about 0.1 s on a laptop
SALT_BYTES, NONCE_BYTES, CHECK_BYTES = 16, 12, 8
_FIELDS = struct.Struct(f">{len(MAGIC)}sBBBBB{SALT_BYTES}s{NONCE_BYTES}s{CHECK_BYTES}sQ")
#: The fields, then the first 8 bytes of their SHA-256 (so damage to the header, such as a
#: changed salt, reads as damage rather than as a wrong passphrase).
_HEADER = struct.Struct(f"{_FIELDS.format}8s")
MAX_PLAIN_BYTES = 512 * 1024 * 1024
MIN_PASSPHRASE = 10
SUFFIX = ".awbundle"


class BundleError(Exception):
    """A bundle that cannot be made or taken in; ``code`` names which message to show."""

    def __init__(self, code: str, **fields: Any):
        self.code = code
        self.fields = fields
        super().__init__(pack().text(f"bundles.errors.{code}", **fields))


def check_passphrase(passphrase: str) -> str | None:
    """A message if the passphrase is too weak to lock a bundle, else ``None``."""
    if len(passphrase.strip()) < MIN_PASSPHRASE:
        return pack().text("bundles.errors.short_passphrase", n=MIN_PASSPHRASE)
    return None


def suggest_passphrase(count: int = 5) -> str:
    """Words drawn at random from the content pack's list (about 39 bits with 226 words)."""
    import secrets

    words = pack().get("bundles.passphrase_words")
    return "-".join(secrets.choice(words) for _ in range(count))


# -- the locked container -------------------------------------------------------------
def _keys(passphrase: str, salt: bytes, log_n: int, r: int, p: int) -> tuple[bytes, bytes]:
    if not 10 <= log_n <= 20 or not 1 <= r <= 32 or not 1 <= p <= 16:
        raise BundleError("damaged")
    raw = Scrypt(salt=salt, length=64, n=2**log_n, r=r, p=p).derive(passphrase.encode("utf-8"))
    return raw[:32], raw[32:]


def _check_value(check_key: bytes) -> bytes:
    return hmac.new(check_key, b"attachwork passphrase check", hashlib.sha256).digest()[:CHECK_BYTES]


def seal(document: dict[str, Any], passphrase: str) -> bytes:
    """The bytes of a bundle file holding ``document``."""
    plain = gzip.compress(json.dumps(document, ensure_ascii=False).encode("utf-8"), mtime=0)
    salt, nonce = os.urandom(SALT_BYTES), os.urandom(NONCE_BYTES)
    key, check_key = _keys(passphrase, salt, SCRYPT_LOG_N, SCRYPT_R, SCRYPT_P)
    length = len(plain) + 16
    fields = _FIELDS.pack(MAGIC, CONTAINER_VERSION, 1, SCRYPT_LOG_N, SCRYPT_R, SCRYPT_P, salt,
                          nonce, _check_value(check_key), length)
    header = fields + hashlib.sha256(fields).digest()[:8]
    return header + AESGCM(key).encrypt(nonce, plain, header)


def unseal(data: bytes, passphrase: str) -> dict[str, Any]:
    """The document inside a bundle file, or a :class:`BundleError` saying what is wrong."""
    if len(data) < len(MAGIC) or data[: len(MAGIC)] != MAGIC:
        raise BundleError("not_a_bundle")
    if len(data) < _HEADER.size:
        raise BundleError("truncated")
    magic, container, kdf, log_n, r, p, salt, nonce, check, length, header_sum = (
        _HEADER.unpack_from(data))
    if container > CONTAINER_VERSION:
        raise BundleError("newer")
    fields_ok = hmac.compare_digest(hashlib.sha256(data[: _FIELDS.size]).digest()[:8], header_sum)
    if not fields_ok or container != CONTAINER_VERSION or kdf != 1:
        raise BundleError("damaged")
    body = data[_HEADER.size:]
    if len(body) < length:
        raise BundleError("truncated")
    if len(body) > length:
        raise BundleError("damaged")
    key, check_key = _keys(passphrase, salt, log_n, r, p)
    if not hmac.compare_digest(_check_value(check_key), check):
        raise BundleError("wrong_passphrase")
    try:
        plain = AESGCM(key).decrypt(nonce, body, data[: _HEADER.size])
    except InvalidTag:
        raise BundleError("damaged") from None
    return _decode(plain)


def _decode(plain: bytes) -> dict[str, Any]:
    try:
        inflater = zlib.decompressobj(wbits=31)
        raw = inflater.decompress(plain, MAX_PLAIN_BYTES)
        if inflater.unconsumed_tail:
            raise BundleError("too_large")
        document = json.loads(raw.decode("utf-8"))
    except (zlib.error, UnicodeDecodeError, json.JSONDecodeError):
        raise BundleError("damaged") from None
    if not isinstance(document, dict):
        raise BundleError("damaged")
    return document


# -- the document -----------------------------------------------------------------------
class _ClientDoc(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: str
    pseudonym: str
    initials: str = ""
    relationship_context: str
    goals: str = ""
    created_at: dt.datetime
    updated_at: dt.datetime


class _HandoutDoc(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: str
    title: str
    created_at: dt.datetime
    html: str


class _Document(BaseModel):
    model_config = ConfigDict(extra="ignore")
    format: int
    type: BundleType
    bundle_id: str
    made_at: dt.datetime
    made_by: Literal["therapist", "client"]
    client: _ClientDoc
    entries: list[dict[str, Any]]
    handouts: list[_HandoutDoc] = []
    drafts: list[dict[str, Any]] = []
    profile_history: list[dict[str, Any]] = []


@dataclass
class Opened:
    """A bundle read, checked and upgraded, not yet taken in."""

    type: BundleType
    bundle_id: str
    made_at: dt.datetime
    made_by: str
    client: dict[str, Any]
    entries: list[EntryState]
    handouts: list[dict[str, Any]]
    drafts: list[dict[str, Any]]
    format: int
    profile_history: list[dict[str, Any]]

    @property
    def pseudonym(self) -> str:
        return self.client["pseudonym"]


def upgrade(document: dict[str, Any]) -> dict[str, Any]:
    """Bring a document of any earlier format up to :data:`FORMAT`."""
    version = document.get("format")
    if not isinstance(version, int) or version < 1:
        raise BundleError("damaged")
    if version > FORMAT:
        raise BundleError("newer")
    while version < FORMAT:
        document = UPGRADES[version](document)
        version += 1
        document["format"] = version
    return document


def read_document(document: dict[str, Any]) -> Opened:
    """Check every part of a (decrypted) document; nothing is written here."""
    document = upgrade(document)
    try:
        doc = _Document.model_validate(document)
        ClientProfile.model_validate(doc.client.model_dump(
            include={"pseudonym", "initials", "relationship_context", "goals"}))
        entries = [EntryState.from_json(e) for e in doc.entries]
        for e in entries:
            schema_for(e.kind).model_validate(e.payload)
            for h in e.history:
                schema_for(e.kind).model_validate(h["payload"])
    except (ValidationError, ValueError, KeyError, TypeError) as exc:
        raise BundleError("invalid_content", detail=type(exc).__name__) from None
    client = doc.client.model_dump(mode="json")
    return Opened(type=doc.type, bundle_id=doc.bundle_id, made_at=doc.made_at,
                  made_by=doc.made_by, client=client, entries=entries,
                  handouts=[h.model_dump(mode="json") for h in doc.handouts],
                  drafts=list(doc.drafts), format=doc.format,
                  profile_history=list(doc.profile_history))


def open_bundle(data: bytes, passphrase: str) -> Opened:
    return read_document(unseal(data, passphrase))


def _client_json(store: Store, client_id: str) -> dict[str, Any]:
    c = store.client(client_id)
    return {"id": c.id, "pseudonym": c.pseudonym, "initials": c.initials,
            "relationship_context": c.relationship_context, "goals": c.goals,
            "created_at": c.created_at.isoformat(), "updated_at": c.updated_at.isoformat()}


def _document(kind: BundleType, made_by: str, client: dict[str, Any], entries: list[EntryState],
              handouts: list[dict[str, Any]] | None = None,
              drafts: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "format": FORMAT, "type": kind, "bundle_id": str(uuid.uuid4()),
        "made_at": dt.datetime.now(dt.UTC).isoformat(), "made_by": made_by,
        "app": f"attachwork {__version__}", "client": client,
        "entries": [e.to_json() for e in entries], "handouts": handouts or [],
        "drafts": drafts or [],
    }


def _without_private_note(entry: EntryState) -> EntryState:
    """Session records go home without the therapist's private note (current and past)."""
    if entry.kind != "session":
        return entry
    history = []
    for h in entry.history:
        payload = {**h["payload"], "therapist_note": ""}
        if payload_digest(payload) not in {payload_digest(x["payload"]) for x in history}:
            history.append({**h, "payload": payload})
    clean = {**entry.payload, "therapist_note": ""}
    history = [h for h in history if payload_digest(h["payload"]) != payload_digest(clean)]
    return EntryState(**{**entry.__dict__, "payload": clean, "history": history})


# -- making bundles -----------------------------------------------------------------------
@dataclass
class Made:
    data: bytes
    filename: str
    entries: int
    handouts: int


def _filename(pseudonym: str, kind: str) -> str:
    stamp = dt.datetime.now().strftime("%Y-%m-%d_%H%M")
    return f"{pseudonym.replace(' ', '-')}_{kind}_{stamp}{SUFFIX}"


def latest_handouts(store: Store, client_id: str) -> list[dict[str, Any]]:
    """The handout page of the most recent session (what the client takes home)."""
    from attachwork.export import build

    sessions = store.entries(client_id, "session")
    if not sessions:
        return []
    last = sessions[-1]
    date = dt.date.fromisoformat(str(last.payload["date"]))
    built = build(store, store.client(client_id), last.payload["workbook"], date,
                  audience="handout", pdf=False, session=last)
    return [{"id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"attachwork:{last.id}:{last.version}")),
             "title": built.summary.filename, "created_at": last.updated_at.isoformat(),
             "html": built.html}]


def _make(store: Store, client_id: str, passphrase: str, kind: BundleType, made_by: str,
          entries: list[EntryState], pages: list[dict[str, Any]]) -> Made:
    """Lock the document, note the hand-back (digests and counts, never content)."""
    if check_passphrase(passphrase):
        raise BundleError("short_passphrase", n=MIN_PASSPHRASE)
    client = _client_json(store, client_id)
    document = _document(kind, made_by, client, entries, pages)
    data = seal(document, passphrase)
    store.note_hand_back(client_id, document["bundle_id"], kind, actor=made_by,
                         known={e.id: e.digest for e in entries},
                         detail=f"entries={len(entries)} handouts={len(pages)}")
    return Made(data, _filename(client["pseudonym"], kind), len(entries), len(pages))


def make_starter(store: Store, client_id: str, passphrase: str, *,
                 handouts: bool = True) -> Made:
    """The clinic's bundle for the client to take home."""
    if check_passphrase(passphrase):
        raise BundleError("short_passphrase", n=MIN_PASSPHRASE)
    entries = [_without_private_note(e) for e in store.snapshot(client_id)]
    pages = latest_handouts(store, client_id) if handouts else []
    return _make(store, client_id, passphrase, "starter", "therapist", entries, pages)


def home_changes(store: Store, client_id: str) -> list[EntryState]:
    """Entries at home whose state the clinic has not seen (per the last starter bundle)."""
    known: dict[str, str] = {}
    for hb in store.hand_backs(client_id):
        if hb.direction == "taken_in" and hb.bundle_type == "starter":
            known = hb.known
    return [e for e in store.snapshot(client_id) if known.get(e.id) != e.digest]


def make_return(store: Store, client_id: str, passphrase: str) -> Made:
    """The client's bundle of what was written at home, for the clinic."""
    return _make(store, client_id, passphrase, "return", "client",
                 home_changes(store, client_id), [])


def full_document(store: Store, client_id: str, made_by: str) -> dict[str, Any]:
    """Everything about a client, as one document that imports back losslessly."""
    client = _client_json(store, client_id)
    handouts = [{"id": h.id, "title": h.title, "created_at": h.created_at.isoformat(),
                 "html": h.html} for h in store.handouts(client_id)]
    document = _document("full", made_by, client, store.snapshot(client_id), handouts,
                         store.drafts(client_id))
    document["profile_history"] = [
        {"version": v.version, "payload": v.payload, "author": v.author, "place": v.place,
         "saved_at": v.saved_at.isoformat()} for v in store.versions(client_id)]
    document["risk_flags"] = [
        {"record_id": f.record_id, "record_kind": f.record_kind, "categories": list(f.categories),
         "created_at": f.created_at.isoformat(),
         "reviewed_at": f.reviewed_at.isoformat() if f.reviewed_at else None}
        for f in store.flags(client_id, open_only=False)]
    return document


# -- taking bundles in ---------------------------------------------------------------------
#: Which bundle each side takes in (at home, a complete record only if made at home: moving
#: the client's own copy to a new computer).
ACCEPTS = {"home": ("starter", "full"), "clinic": ("return", "full")}


def check_fits(store: Store, opened: Opened, mode: str, client_id: str | None) -> None:
    """Refuse (with a message) a bundle that is the wrong kind or for someone else."""
    if opened.type not in ACCEPTS[mode]:
        raise BundleError(f"wrong_type_{mode}")
    if mode == "home" and opened.type == "full" and opened.made_by == "therapist":
        # A clinic's complete record holds the private session notes: it never goes home.
        raise BundleError("clinic_record_at_home")
    theirs = opened.client["id"]
    if client_id is not None and client_id != theirs:
        raise BundleError("other_client", name=opened.pseudonym)
    if mode == "home":
        others = [c for c in store.clients() if c.id != theirs]
        if others:
            raise BundleError("other_client", name=opened.pseudonym)
    elif opened.type == "return":
        try:
            store.client(theirs)
        except Exception:  # noqa: BLE001 - any miss is "not one of ours"
            raise BundleError("unknown_client", name=opened.pseudonym) from None
    named = store.client_by_pseudonym(opened.pseudonym)
    if named is not None and named.id != theirs:
        raise BundleError("pseudonym_taken", name=opened.pseudonym)


def plan(store: Store, opened: Opened) -> Preview:
    """What taking the bundle in would add and change (nothing is written)."""
    client_id = opened.client["id"]
    try:
        local_client = store.client(client_id)
    except Exception:  # noqa: BLE001 - a client not here yet
        local_client = None
    local = {e.id: e for e in store.snapshot(client_id)} if local_client else {}
    out = preview(local, store.known_digests(client_id) if local_client else {}, opened.entries)
    out.new_client = local_client is None
    if local_client is not None and parse_time(opened.client["updated_at"]) > local_client.updated_at:
        fields = ("pseudonym", "initials", "relationship_context", "goals")
        out.profile_changes = [f for f in fields if getattr(local_client, f) != opened.client[f]]
    have = {h.id for h in store.handouts(client_id)} if local_client else set()
    out.handouts = sum(1 for h in opened.handouts if h["id"] not in have)
    return out


def take_in(store: Store, opened: Opened, mode: str, client_id: str | None = None,
            progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """Merge a checked bundle into the store, in one transaction."""
    check_fits(store, opened, mode, client_id)
    actor = "client" if mode == "home" else "therapist"
    incoming = Incoming(
        client=opened.client, entries=opened.entries, handouts=opened.handouts,
        drafts=opened.drafts, profile_history=opened.profile_history,
        bundle_id=opened.bundle_id, bundle_type=opened.type, actor=actor,
        known={e.id: e.digest for e in opened.entries},
        create_client=mode == "home" or opened.type == "full", expect_client_id=client_id,
    )
    try:
        return store.merge_in(incoming, progress)
    except ImportRefused as exc:
        raise BundleError(str(exc), name=opened.pseudonym) from None


def read_file(path: Path, passphrase: str) -> Opened:
    try:
        data = Path(path).read_bytes()
    except OSError:
        raise BundleError("unreadable") from None
    return open_bundle(data, passphrase)

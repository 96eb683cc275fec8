"""The hand-back file: one encrypted file carries a client's records between clinic and home.

* a **starter** bundle goes home: the profile, every entry (the therapist's private session
  notes left out), the homework set, and handouts;
* a **return** bundle comes back: every entry written or changed at home that the clinic
  has not seen (worked out from what the last starter bundle held, so nothing is missed
  even if an earlier return bundle was never imported);
* a **full** document is the complete record, for moving practice or a client's request
  (written as plain JSON by :mod:`attachwork.services.portable`, or locked like a bundle).

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
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from pydantic import BaseModel, ConfigDict, ValidationError

from attachwork.content import pack
from attachwork.domain.merge import EntryState
from attachwork.domain.records import ClientProfile, schema_for

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


def open_json(data: bytes) -> Opened:
    """Read a complete JSON export (checked as strictly as a bundle; nothing is written)."""
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BundleError("damaged") from None
    if not isinstance(document, dict) or document.get("type") != "full":
        raise BundleError("not_a_bundle")
    return read_document(document)


def open_file(data: bytes, passphrase: str) -> Opened:
    """A locked hand-back file, or a plain JSON export (which needs no passphrase)."""
    if data.startswith(MAGIC):
        return open_bundle(data, passphrase)
    return open_json(data)


def read_file(path: Path, passphrase: str) -> Opened:
    try:
        data = Path(path).read_bytes()
    except OSError:
        raise BundleError("unreadable") from None
    return open_bundle(data, passphrase)

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
import re
import struct
import uuid
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from attachwork import workbooks
from attachwork.content import pack
from attachwork.domain.merge import EntryState
from attachwork.domain.records import ClientProfile, schema_for
from attachwork.domain.records.base import TEXT_MAX

BundleType = Literal["starter", "return", "full"]

MAGIC = b"ATTACHWORK-BUNDLE"
CONTAINER_VERSION = 1
#: The JSON layout inside. Raise it when the layout changes, and add an upgrade below.
FORMAT = 1
#: ``UPGRADES[n]`` turns a format-``n`` document into format ``n + 1``.
UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}

SCRYPT_LOG_N, SCRYPT_R, SCRYPT_P = 15, 8, 1  # 32 MiB, about 0.1 s on a laptop
#: The scrypt costs a file may name: the ones this project writes (log2 N 15; 10 in files made
#: by its tests, such as the committed format-1 file) and one step dearer, never more than
#: 64 MiB of memory (128 * r * N bytes) and never parallel. A header's checksum is not keyed,
#: so anyone can change these fields: they are checked before any key is derived.
ACCEPTED_COSTS = frozenset((log_n, 8, 1) for log_n in range(10, 17))
MAX_SCRYPT_MEMORY = 64 * 1024 * 1024
SALT_BYTES, NONCE_BYTES, CHECK_BYTES = 16, 12, 8
_FIELDS = struct.Struct(f">{len(MAGIC)}sBBBBB{SALT_BYTES}s{NONCE_BYTES}s{CHECK_BYTES}sQ")
#: The fields, then the first 8 bytes of their SHA-256 (so damage to the header, such as a
#: changed salt, reads as damage rather than as a wrong passphrase).
_HEADER = struct.Struct(f"{_FIELDS.format}8s")
#: The most JSON a file may hold once inflated. The busiest record measured (a year of logging
#: every day, 4,884 entries, benchmarks/bundle_scale.py) is 2.8 MB of JSON; every text and list
#: in a record is bounded (attachwork/domain/records/base.py), so 64 MiB leaves room for a
#: record twenty times that, with long texts and many earlier versions.
MAX_PLAIN_BYTES = 64 * 1024 * 1024
#: A file (or a JSON export) larger than this is refused before it is read.
MAX_FILE_BYTES = MAX_PLAIN_BYTES + _HEADER.size + 16
#: JSON of real records inflates about 5 to 15 times; past the first few MiB, more than this
#: many bytes out per byte in is a compression bomb, refused at once.
MAX_INFLATE_RATIO = 100
_RATIO_FROM = 4 * 1024 * 1024
_CHUNK = 64 * 1024
#: No record nests deeper than this; deeper JSON is refused before it is parsed.
MAX_DEPTH = 32
MIN_PASSPHRASE = 10
#: zxcvbn's score (0 to 4) a passphrase needs: 3 is at least 10^8 guesses, each of which costs
#: a full scrypt derivation. The suggested five words score 4.
MIN_PASSPHRASE_SCORE = 3
MAX_PASSPHRASE = 1000
SUFFIX = ".awbundle"


class BundleError(Exception):
    """A bundle that cannot be made or taken in; ``code`` names which message to show."""

    def __init__(self, code: str, **fields: Any):
        self.code = code
        self.fields = fields
        super().__init__(pack().text(f"bundles.errors.{code}", **fields))


def passphrase_problem(passphrase: str) -> BundleError | None:
    """Why the passphrase is too weak to lock a bundle (an error to raise or show), or ``None``.

    At least :data:`MIN_PASSPHRASE` characters, and hard enough to guess by zxcvbn's estimate
    (repeats such as ``aaaaaaaaaa``, runs such as ``1234567890`` and common passwords fail)."""
    from zxcvbn import zxcvbn

    phrase = passphrase.strip()
    if len(phrase) < MIN_PASSPHRASE:
        return BundleError("short_passphrase", n=MIN_PASSPHRASE)
    if len(phrase) > MAX_PASSPHRASE:
        return BundleError("long_passphrase", n=MAX_PASSPHRASE)
    # zxcvbn's work grows with the length; the first 100 characters decide.
    if zxcvbn(phrase[:100])["score"] < MIN_PASSPHRASE_SCORE:
        return BundleError("weak_passphrase")
    return None


def check_passphrase(passphrase: str) -> str | None:
    """A kind message to show beside the passphrase box, or ``None`` when it will do."""
    problem = passphrase_problem(passphrase)
    return str(problem) if problem else None


def suggest_passphrase(count: int = 5) -> str:
    """Words drawn at random from the content pack's list (about 39 bits with 226 words)."""
    import secrets

    words = pack().get("bundles.passphrase_words")
    return "-".join(secrets.choice(words) for _ in range(count))


# -- the locked container -------------------------------------------------------------
def _check_cost(log_n: int, r: int, p: int) -> None:
    """Refuse, before any key is derived, a cost this project never writes."""
    if (log_n, r, p) not in ACCEPTED_COSTS or 128 * r * p * 2**log_n > MAX_SCRYPT_MEMORY:
        raise BundleError("damaged")


def _keys(passphrase: str, salt: bytes, log_n: int, r: int, p: int) -> tuple[bytes, bytes]:
    _check_cost(log_n, r, p)
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
    if len(data) > MAX_FILE_BYTES:
        raise BundleError("too_large")
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
    if len(body) > length or length > MAX_FILE_BYTES:
        raise BundleError("damaged")
    _check_cost(log_n, r, p)
    if len(passphrase) > MAX_PASSPHRASE:  # no file is made with one this long
        raise BundleError("wrong_passphrase")
    # The check value costs one full scrypt derivation per guess (it is keyed with half of
    # the derived bytes), the same as trying the AES-GCM tag: no cheaper way to test a guess.
    key, check_key = _keys(passphrase, salt, log_n, r, p)
    if not hmac.compare_digest(_check_value(check_key), check):
        raise BundleError("wrong_passphrase")
    try:
        plain = AESGCM(key).decrypt(nonce, body, data[: _HEADER.size])
    except InvalidTag:
        raise BundleError("damaged") from None
    return _decode(plain)


def _inflate(packed: bytes) -> bytes:
    """Inflate gzip in steps, refusing as soon as it grows past :data:`MAX_PLAIN_BYTES` or
    inflates like a compression bomb (so a bomb costs a few MiB, never the whole of it)."""
    inflater = zlib.decompressobj(wbits=31)
    out = bytearray()
    for start in range(0, len(packed), _CHUNK):
        chunk = pending = packed[start:start + _CHUNK]
        while pending:
            out += inflater.decompress(pending, _CHUNK)
            pending = inflater.unconsumed_tail
            taken = start + len(chunk) - len(pending)
            if len(out) > MAX_PLAIN_BYTES or (
                    len(out) > _RATIO_FROM and len(out) > MAX_INFLATE_RATIO * taken):
                raise BundleError("too_large")
            if inflater.eof:
                break
        if inflater.eof:
            break
    if not inflater.eof or inflater.unused_data:
        raise BundleError("damaged")
    return bytes(out)


_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def _nesting_ok(raw: bytes) -> bool:
    """Whether JSON text nests at most :data:`MAX_DEPTH` deep (decided without parsing it, at C
    speed: strings dropped, then innermost bracket pairs removed one level per pass)."""
    skeleton = _STRING.sub(b"", raw).translate(None, _NOT_BRACKETS)
    for _ in range(MAX_DEPTH):
        if not skeleton:
            return True
        shorter = skeleton.replace(b"[]", b"").replace(b"{}", b"")
        if shorter == skeleton:  # unbalanced: not JSON at all
            return False
        skeleton = shorter
    return not skeleton


def parse_json(raw: bytes) -> dict[str, Any]:
    """A JSON object from untrusted bytes: bounded in size and depth, or a :class:`BundleError`."""
    if len(raw) > MAX_PLAIN_BYTES:
        raise BundleError("too_large")
    if not _nesting_ok(raw):
        raise BundleError("damaged")
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BundleError("damaged") from None
    if not isinstance(document, dict):
        raise BundleError("damaged")
    return document


def _decode(plain: bytes) -> dict[str, Any]:
    try:
        raw = _inflate(plain)
    except zlib.error:
        raise BundleError("damaged") from None
    return parse_json(raw)


# -- the document -----------------------------------------------------------------------
# Every part of a document is checked against a model before anything is written: unknown
# fields are refused, ids are UUIDs, and every text fits its database column, so a file that
# SQLite would take in is one PostgreSQL takes in too (and the other way round).
def _uuid(value: str) -> str:
    try:
        ok = str(uuid.UUID(value)) == value
    except ValueError:
        ok = False
    if not ok:
        raise ValueError("not a UUID")
    return value


def _known_workbook(value: str | None) -> str | None:
    if value is not None and workbooks.get(value) is None:
        raise ValueError("not a workbook this version knows")
    return value


def _storable(value: Any) -> bool:
    """Whether every text inside is one both databases hold (no NUL, no half surrogate pair)."""
    if isinstance(value, str):
        return "\x00" not in value and not any("\ud800" <= ch <= "\udfff" for ch in value)
    if isinstance(value, dict):
        return all(_storable(k) and _storable(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_storable(v) for v in value)
    return True


def _small_json(value: dict[str, Any]) -> dict[str, Any]:
    """A draft's form state: plain JSON, at most :data:`MAX_DRAFT_BYTES`, storable by both
    databases."""
    if len(json.dumps(value)) > MAX_DRAFT_BYTES:
        raise ValueError("a draft larger than a form holds")
    if not _storable(value):
        raise ValueError("a character that cannot be saved")
    return value


Uuid = Annotated[str, StringConstraints(min_length=36, max_length=36), AfterValidator(_uuid)]
Workbook = Annotated[str | None, StringConstraints(max_length=40), AfterValidator(_known_workbook)]
Author = Literal["therapist", "client"]
Place = Literal["clinic", "home"]
#: The most a draft of one form holds (as JSON), and the most versions one entry carries.
MAX_DRAFT_BYTES = 256 * 1024
MAX_VERSIONS = 1000
#: A handout is one self-contained page (inline CSS and SVG charts); real ones are about
#: 50 KB.
MAX_HANDOUT_BYTES = 2 * 1024 * 1024
MAX_ENTRIES = 100_000


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _ClientDoc(_Strict):
    id: Uuid
    pseudonym: Annotated[str, StringConstraints(max_length=64)]
    initials: Annotated[str, StringConstraints(max_length=8)] = ""
    relationship_context: Annotated[str, StringConstraints(max_length=32)]
    goals: Annotated[str, StringConstraints(max_length=TEXT_MAX)] = ""
    created_at: dt.datetime
    updated_at: dt.datetime


class _VersionDoc(_Strict):
    version: int = Field(ge=0, le=1_000_000)
    payload: dict[str, Any]
    author: Author
    place: Place
    saved_at: dt.datetime


class _EntryDoc(_Strict):
    id: Uuid
    kind: Annotated[str, StringConstraints(max_length=40)]
    payload: dict[str, Any]
    author: Author
    place: Place
    workbook: Workbook = None
    version: int = Field(default=1, ge=1, le=1_000_000)
    created_at: dt.datetime
    updated_at: dt.datetime
    deleted_at: dt.datetime | None = None
    history: list[_VersionDoc] = Field(default_factory=list, max_length=MAX_VERSIONS)


class _HandoutDoc(_Strict):
    id: Uuid
    title: Annotated[str, StringConstraints(max_length=200)]
    created_at: dt.datetime
    html: Annotated[str, StringConstraints(max_length=MAX_HANDOUT_BYTES)]


class _DraftDoc(_Strict):
    form_key: Annotated[str, StringConstraints(min_length=1, max_length=80)]
    tab: Annotated[str, StringConstraints(max_length=36)] = ""
    payload: Annotated[dict[str, Any], AfterValidator(_small_json)]
    updated_at: dt.datetime


class _FlagDoc(_Strict):
    """A flag as a complete export carries it (categories, never words); not taken in: the
    risk screen raises its own flags from the texts as they are saved here."""

    record_id: Uuid
    record_kind: Annotated[str, StringConstraints(max_length=40)]
    categories: list[Annotated[str, StringConstraints(max_length=40)]] = Field(max_length=20)
    created_at: dt.datetime
    reviewed_at: dt.datetime | None = None


class _Document(_Strict):
    format: int
    type: BundleType
    bundle_id: Uuid
    made_at: dt.datetime
    made_by: Author
    app: Annotated[str, StringConstraints(max_length=80)] = ""
    client: _ClientDoc
    entries: list[_EntryDoc] = Field(max_length=MAX_ENTRIES)
    handouts: list[_HandoutDoc] = Field(default_factory=list, max_length=1000)
    drafts: list[_DraftDoc] = Field(default_factory=list, max_length=1000)
    profile_history: list[_VersionDoc] = Field(default_factory=list, max_length=MAX_VERSIONS)
    risk_flags: list[_FlagDoc] = Field(default_factory=list, max_length=MAX_ENTRIES)


def _where(exc: ValidationError) -> str:
    """Where the first problem is, by position and field name only (never the file's words)."""
    first = exc.errors()[0]
    path = " > ".join(str(p)[:40] for p in first["loc"][:8]) or "document"
    return f"{path}: {first['msg'][:120]}"


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
        profile = ClientProfile.model_validate(doc.client.model_dump(
            include={"pseudonym", "initials", "relationship_context", "goals"}))
        for n, v in enumerate(doc.profile_history):
            try:
                ClientProfile.model_validate(v.payload)
            except ValidationError as exc:
                raise _Located(f"profile_history > {n}", exc) from None
        entries = []
        for n, e in enumerate(doc.entries):
            try:
                model = schema_for(e.kind)
                e.payload = model.model_validate(e.payload).model_dump(mode="json")
                for h in e.history:
                    h.payload = model.model_validate(h.payload).model_dump(mode="json")
            except ValidationError as exc:
                raise _Located(f"entries > {n} ({e.kind})", exc) from None
            except ValueError:
                raise BundleError("invalid_content", detail=f"entries > {n}: unknown kind") from None
            entries.append(EntryState.from_json(e.model_dump(mode="json")))
    except ValidationError as exc:
        raise BundleError("invalid_content", detail=_where(exc)) from None
    except _Located as exc:
        raise BundleError("invalid_content", detail=f"{exc.where} > {_where(exc.error)}") from None
    client = {**doc.client.model_dump(mode="json"), **profile.model_dump(
        include={"pseudonym", "initials", "relationship_context", "goals"})}
    return Opened(type=doc.type, bundle_id=doc.bundle_id, made_at=doc.made_at,
                  made_by=doc.made_by, client=client, entries=entries,
                  handouts=[h.model_dump(mode="json") for h in doc.handouts],
                  drafts=[d.model_dump(mode="json") for d in doc.drafts], format=doc.format,
                  profile_history=[v.model_dump(mode="json") for v in doc.profile_history])


class _Located(Exception):
    def __init__(self, where: str, error: ValidationError):
        self.where, self.error = where, error


def open_bundle(data: bytes, passphrase: str) -> Opened:
    return read_document(unseal(data, passphrase))


def open_json(data: bytes) -> Opened:
    """Read a complete JSON export (checked as strictly as a bundle; nothing is written)."""
    if data[:1] not in (b"{", b" ", b"\n", b"\r", b"\t"):
        raise BundleError("not_a_bundle")
    document = parse_json(data)
    if document.get("type") != "full":
        raise BundleError("not_a_bundle")
    return read_document(document)


def open_file(data: bytes, passphrase: str) -> Opened:
    """A locked hand-back file, or a plain JSON export (which needs no passphrase)."""
    if data.startswith(MAGIC):
        return open_bundle(data, passphrase)
    return open_json(data)


def read_file(path: Path, passphrase: str) -> Opened:
    try:
        if Path(path).stat().st_size > MAX_FILE_BYTES:
            raise BundleError("too_large")
        data = Path(path).read_bytes()
    except OSError:
        raise BundleError("unreadable") from None
    return open_bundle(data, passphrase)

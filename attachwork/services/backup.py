"""Backups of a whole store that restore, encrypted at rest with a passphrase.

* SQLite: the online backup API copies the database into memory while the server keeps
  running (a consistent snapshot, no lock held for long), so no plain copy touches the disk.
* PostgreSQL: ``pg_dump`` in its custom format, streamed straight into the encryption;
  ``pg_restore`` reads it back into an empty database, and every account's role is made again
  (roles belong to the server, not to the database).

The file: a header (magic, format, what it holds, scrypt cost, salt, nonce prefix), then the
backup in chunks of 1 MiB, each sealed with AES-256-GCM under a key from the passphrase
(scrypt, as the hand-back files use). Each chunk's nonce counts up and its associated data
binds the header, its number and whether it is the last, so a changed, reordered or cut-off
file is refused rather than half restored.
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import shutil
import sqlite3
import struct
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from sqlalchemy.engine import make_url

from attachwork.config import private_parent
from attachwork.store import Store, default_sqlite_path

MAGIC = b"ATTACHWORK-BACKUP"
FORMAT = 1
KINDS = {1: "sqlite", 2: "postgresql"}
SCRYPT_LOG_N, SCRYPT_R, SCRYPT_P = 17, 8, 1
CHUNK = 1 << 20
MIN_PASSPHRASE = 12
SUFFIX = ".awbackup"
_HEADER = struct.Struct(f">{len(MAGIC)}sBBBBB16s8sI")
_LEN = struct.Struct(">I")


class BackupError(Exception):
    """A backup that cannot be made or restored (the message says why; nothing changed)."""


@dataclass(frozen=True)
class Made:
    path: Path
    kind: str
    size: int


def _key(passphrase: str, salt: bytes, log_n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=2**log_n, r=r, p=p).derive(passphrase.encode("utf-8"))


def _aad(header: bytes, index: int, last: bool) -> bytes:
    return header + struct.pack(">QB", index, int(last))


def _nonce(prefix: bytes, index: int) -> bytes:
    return prefix + struct.pack(">I", index)


def seal(chunks: Iterator[bytes], out: BinaryIO, passphrase: str, kind: str) -> int:
    """Encrypt a stream of chunks into ``out``; returns the bytes written."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise BackupError(f"a backup passphrase has at least {MIN_PASSPHRASE} characters")
    salt, prefix = os.urandom(16), os.urandom(8)
    code = next(k for k, v in KINDS.items() if v == kind)
    header = _HEADER.pack(MAGIC, FORMAT, code, SCRYPT_LOG_N, SCRYPT_R, SCRYPT_P, salt, prefix,
                          CHUNK)
    aead = AESGCM(_key(passphrase, salt, SCRYPT_LOG_N, SCRYPT_R, SCRYPT_P))
    out.write(header)
    written, index = len(header), 0
    pending = next(chunks, b"")
    while True:
        following = next(chunks, None)
        last = following is None
        sealed = aead.encrypt(_nonce(prefix, index), pending, _aad(header, index, last))
        out.write(_LEN.pack(len(sealed)) + sealed)
        written += _LEN.size + len(sealed)
        if following is None:
            return written
        pending, index = following, index + 1


def unseal(source: BinaryIO, passphrase: str) -> tuple[str, Iterator[bytes]]:
    """The kind of backup and its plain chunks, each checked before it is handed on."""
    header = source.read(_HEADER.size)
    if len(header) < _HEADER.size or not header.startswith(MAGIC):
        raise BackupError("this is not an attachwork backup")
    _, fmt, code, log_n, r, p, salt, prefix, _chunk = _HEADER.unpack(header)
    if fmt != FORMAT or code not in KINDS or log_n > 20:
        raise BackupError("this backup was made by another version of attachwork")
    aead = AESGCM(_key(passphrase, salt, log_n, r, p))

    def chunks() -> Iterator[bytes]:
        index = 0
        while True:
            size = source.read(_LEN.size)
            if len(size) < _LEN.size:
                raise BackupError("the backup is incomplete (it ends early)")
            (n,) = _LEN.unpack(size)
            sealed = source.read(n)
            if len(sealed) < n or n > CHUNK + 64:
                raise BackupError("the backup is incomplete (it ends early)")
            for last in (False, True):
                try:
                    plain = aead.decrypt(_nonce(prefix, index), sealed, _aad(header, index, last))
                    break
                except InvalidTag:
                    continue
            else:
                raise BackupError("wrong passphrase, or the backup was changed")
            yield plain
            if last:
                if source.read(1):
                    raise BackupError("the backup has something after its end")
                return
            index += 1

    stream = chunks()
    first = next(stream)  # a wrong passphrase is found before anything is written
    return KINDS[code], _prepend(first, stream)


def _prepend(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    yield first
    yield from rest


def _rollback_journal(data: bytes) -> bytes:
    """A copy of a WAL database marks itself WAL in its header (bytes 18 and 19), which a
    database in memory cannot open; mark it as a plain rollback-journal file instead (the
    restored store switches back to WAL when the program opens it)."""
    if len(data) >= 100 and data[18:20] == b"\x02\x02":
        return data[:18] + b"\x01\x01" + data[20:]
    return data


def _pieces(data: bytes) -> Iterator[bytes]:
    for i in range(0, max(len(data), 1), CHUNK):
        yield data[i:i + CHUNK]


def _private_file(path: Path) -> BinaryIO:
    private_parent(path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    return os.fdopen(fd, "wb")


def default_name(kind: str, now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now()
    return f"attachwork_{kind}_{now:%Y-%m-%d_%H%M%S}{SUFFIX}"


def _sqlite_path(url: str | None) -> Path | None:
    if url is None:
        return default_sqlite_path()
    if url.startswith("sqlite:///"):
        return Path(url.removeprefix("sqlite:///"))
    return None


def _pg_tool(name: str) -> str:
    """``pg_dump`` or ``pg_restore``: on the PATH, else the newest Debian server's."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if not candidates:
        raise BackupError(f"{name} is missing: install the PostgreSQL client (postgresql-client)")
    return candidates[-1]


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """A libpq URL without the password, and the environment that carries it (so it never
    shows in the process list)."""
    parsed = make_url(url)
    env = {**os.environ}
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def make_backup(url: str | None, out: Path, passphrase: str) -> Made:
    """Back up the store at ``url`` (the configured one when ``None``) into the file ``out``
    (a folder gets a dated name). The file is readable by its owner only."""
    sqlite_path = _sqlite_path(url)
    kind = "sqlite" if sqlite_path is not None else "postgresql"
    if out.is_dir():
        out = out / default_name(kind)
    if out.exists():
        raise BackupError(f"{out} exists already")
    if sqlite_path is not None:
        if not sqlite_path.exists():
            raise BackupError(f"there is no store at {sqlite_path}")
        source = sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True)
        memory = sqlite3.connect(":memory:")
        try:
            source.backup(memory)
            data = _rollback_journal(memory.serialize())
        finally:
            source.close()
            memory.close()
        with _private_file(out) as fh:
            size = seal(_pieces(data), fh, passphrase, kind)
        return Made(out, kind, size)
    assert url is not None
    target, env = _libpq(url)
    proc = subprocess.Popen([_pg_tool("pg_dump"), "--format=custom", "--no-owner",
                             f"--dbname={target}"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None
    stdout = proc.stdout
    try:
        with _private_file(out) as fh:
            size = seal(iter(lambda: stdout.read(CHUNK), b""), fh, passphrase, kind)
    except BaseException:
        proc.kill()
        out.unlink(missing_ok=True)
        raise
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.wait() != 0:
        out.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed: {err.strip()[:500]}")
    return Made(out, kind, size)


def _is_empty(store: Store) -> bool:
    try:
        return not store.clients() and not store.audit_log()
    except Exception:  # noqa: BLE001 - no tables yet is empty
        return True


def restore_backup(path: Path, url: str | None, passphrase: str, *, force: bool = False,
                   progress: Callable[[int], None] | None = None) -> str:
    """Restore the backup at ``path`` into the store at ``url`` (the configured one when
    ``None``), which must be empty unless ``force``. Returns the kind restored."""
    with path.open("rb") as fh:
        kind, chunks = unseal(fh, passphrase)
        sqlite_path = _sqlite_path(url)
        if (kind == "sqlite") != (sqlite_path is not None):
            raise BackupError(f"this is a {kind} backup; restore it into a {kind} store")
        if sqlite_path is not None:
            _restore_sqlite(chunks, sqlite_path, force, progress)
        else:
            assert url is not None
            _restore_postgres(chunks, url, force, progress)
    store = Store.open(url)
    try:
        store.sync_roles()
    finally:
        store.close()
    return kind


def _restore_sqlite(chunks: Iterator[bytes], path: Path, force: bool,
                    progress: Callable[[int], None] | None) -> None:
    if path.exists() and path.stat().st_size and not force:
        existing = Store.open(f"sqlite:///{path}", migrate=False)
        try:
            if not _is_empty(existing):
                raise BackupError(f"the store at {path} is not empty (restore with --force)")
        finally:
            existing.close()
    data = bytearray()
    for chunk in chunks:
        data += chunk
        if progress:
            progress(len(data))
    memory = sqlite3.connect(":memory:")
    try:
        memory.deserialize(_rollback_journal(bytes(data)))
        if memory.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError("the backup's database does not pass SQLite's integrity check")
        Store.open(f"sqlite:///{path}", migrate=False).close()  # a private file, 0600
        target = sqlite3.connect(path)
        try:
            memory.backup(target)
        finally:
            target.close()
    finally:
        memory.close()


def _restore_postgres(chunks: Iterator[bytes], url: str, force: bool,
                      progress: Callable[[int], None] | None) -> None:
    existing = Store.open(url, migrate=False)
    try:
        if not force and not _is_empty(existing):
            raise BackupError("the database is not empty (restore with --force)")
        # The policies name the accounts' shared role; it must exist before they are made.
        with existing.engine.begin() as conn:
            conn.exec_driver_sql(
                "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "
                "'attachwork_app') THEN CREATE ROLE attachwork_app NOLOGIN; END IF; END $$")
    finally:
        existing.close()
    target, env = _libpq(url)
    argv = [_pg_tool("pg_restore"), "--no-owner", "--exit-on-error", f"--dbname={target}"]
    if force:
        argv[1:1] = ["--clean", "--if-exists"]
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdin is not None
    done = 0
    try:
        for chunk in chunks:
            proc.stdin.write(chunk)
            done += len(chunk)
            if progress:
                progress(done)
        proc.stdin.close()
    except BaseException:
        proc.kill()
        raise
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.wait() != 0:
        raise BackupError(f"pg_restore failed: {err.strip()[:500]}")


def newest_backup(folder: Path) -> Path | None:
    found = sorted(folder.glob(f"*{SUFFIX}"), key=lambda p: p.stat().st_mtime) \
        if folder.is_dir() else []
    return found[-1] if found else None

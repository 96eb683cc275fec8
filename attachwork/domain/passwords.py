"""Password hashes for practice accounts: scrypt from the standard library, a random salt,
and the parameters kept in the hash so they can be raised later without breaking logins."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

#: scrypt cost (2**15), block size and parallelism: about 30 ms and 32 MB on a small server.
N, R, P = 2**15, 8, 1
MIN_LENGTH = 10


class WeakPassword(ValueError):
    """A password too short to protect a client's records."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def hash_password(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"a password has at least {MIN_LENGTH} characters")
    salt = secrets.token_bytes(16)
    key = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=N, r=R, p=P, maxmem=64 * 2**20,
                         dklen=32)
    return f"scrypt${N}${R}${P}${_b64(salt)}${_b64(key)}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches ``stored``, in time that does not depend on where they
    differ. A malformed hash never matches."""
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        got = hashlib.scrypt(password.encode("utf-8"), salt=_unb64(salt), n=int(n), r=int(r),
                             p=int(p), maxmem=128 * 2**20, dklen=len(_unb64(key)))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, _unb64(key))


def new_password() -> str:
    """A password to give a person once (they may change it later): four short words' worth
    of randomness, easy to type."""
    return "-".join(secrets.token_hex(3) for _ in range(4))

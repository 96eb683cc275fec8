"""Hostile hand-back files are refused cheaply, with no passphrase needed: a raised scrypt
cost, a compression bomb, JSON nested too deep. And weak passphrases never lock a file."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import subprocess
import sys
import time
import tracemalloc
import zlib

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attachwork.services import bundle_file
from attachwork.services.bundle_file import _FIELDS, MAGIC, BundleError

PASS = "river-lantern-seven"
MiB = 1024 * 1024


@pytest.fixture(autouse=True)
def _fast_scrypt(monkeypatch):
    monkeypatch.setattr(bundle_file, "SCRYPT_LOG_N", 10)


def _header(container=1, kdf=1, log_n=15, r=8, p=1, salt=b"s" * 16, nonce=b"n" * 12,
            check=b"c" * 8, length=32) -> bytes:
    """A header whose (unkeyed) checksum is right: anyone can write one."""
    fields = _FIELDS.pack(MAGIC, container, kdf, log_n, r, p, salt, nonce, check, length)
    return fields + hashlib.sha256(fields).digest()[:8]


class _ScryptCost:
    """Record the memory every scrypt derivation would take (128 * r * N * p bytes), and skip
    the work itself: what is measured is what the file made us agree to spend."""

    def __init__(self, monkeypatch):
        self.largest = 0
        self.calls = 0
        real = bundle_file.Scrypt
        cost = self

        class Counting:
            def __init__(self, *, salt, length, n, r, p):
                cost.calls += 1
                cost.largest = max(cost.largest, 128 * r * n * p)
                self._real = real(salt=salt, length=length, n=2**10, r=8, p=1)

            def derive(self, data):
                return self._real.derive(data)

        monkeypatch.setattr(bundle_file, "Scrypt", Counting)


def test_a_raised_scrypt_cost_is_refused_before_any_key_is_derived(monkeypatch):
    cost = _ScryptCost(monkeypatch)
    for log_n, r, p in [(20, 8, 1), (16, 32, 1), (15, 8, 16), (17, 8, 1), (15, 9, 1), (9, 8, 1)]:
        data = _header(log_n=log_n, r=r, p=p) + b"x" * 32
        with pytest.raises(BundleError) as err:
            bundle_file.unseal(data, PASS)
        assert err.value.code == "damaged"
    assert cost.calls == 0


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(container=st.one_of(st.just(1), st.integers(0, 255)),
       kdf=st.one_of(st.just(1), st.integers(0, 255)),
       log_n=st.one_of(st.integers(0, 24), st.integers(0, 255)),
       r=st.one_of(st.integers(0, 40), st.integers(0, 255)),
       p=st.one_of(st.integers(0, 20), st.integers(0, 255)), salt=st.binary(min_size=16, max_size=16),
       length=st.one_of(st.none(), st.integers(0, 2**64 - 1)), body=st.binary(max_size=64))
def test_random_header_fields_are_refused_in_bounded_time_and_memory(
        monkeypatch, container, kdf, log_n, r, p, salt, length, body):
    cost = _ScryptCost(monkeypatch)
    # ``None``: the length is right, so a file with an accepted cost reaches the key.
    data = _header(container, kdf, log_n, r, p, salt,
                   length=len(body) if length is None else length) + body
    with pytest.raises(BundleError):  # once untraced: loads the words of the messages
        bundle_file.unseal(data, PASS)
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(BundleError):
        bundle_file.unseal(data, PASS)
    took = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert cost.largest <= 64 * MiB, f"scrypt would take {cost.largest / MiB:.0f} MiB"
    assert peak < 1 * MiB
    assert took < 5.0  # generous: a refusal is far quicker, a raised cost took minutes


def _bomb(inflated: int) -> bytes:
    """gzip of a JSON object holding ``inflated`` bytes of one repeated letter."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    parts = [packer.compress(b'{"format": 1, "pad": "')]
    block = b"a" * MiB
    for _ in range(inflated // MiB):
        parts.append(packer.compress(block))
    parts.append(packer.compress(b'"}'))
    parts.append(packer.flush())
    return b"".join(parts)


def _sealed(plain: bytes, passphrase: str = PASS) -> bytes:
    """A real bundle around ``plain`` (already gzip), locked as :func:`bundle_file.seal` does."""
    salt, nonce = os.urandom(16), os.urandom(12)
    key, check_key = bundle_file._keys(passphrase, salt, 10, 8, 1)
    fields = _FIELDS.pack(MAGIC, 1, 1, 10, 8, 1, salt, nonce, bundle_file._check_value(check_key),
                          len(plain) + 16)
    header = fields + hashlib.sha256(fields).digest()[:8]
    return header + AESGCM(key).encrypt(nonce, plain, header)


def test_a_compression_bomb_is_refused_after_a_few_mib():
    data = _sealed(_bomb(256 * MiB))
    tracemalloc.start()
    with pytest.raises(BundleError) as err:
        bundle_file.unseal(data, PASS)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert err.value.code == "too_large"
    print(f"bomb of 256 MiB in a {len(data) / 1024:.0f} KiB file: refused at a peak of "
          f"{peak / MiB:.1f} MiB")
    assert peak < 16 * MiB


def test_a_document_over_the_cap_is_refused_even_when_it_compresses_plainly():
    # Incompressible-ish text past the cap: refused as too large, not inflated whole.
    raw = b'{"pad": "' + os.urandom(bundle_file.MAX_PLAIN_BYTES // 2).hex().encode() + b'"}'
    with pytest.raises(BundleError) as err:
        bundle_file._decode(gzip.compress(raw, compresslevel=1))
    assert err.value.code == "too_large"


def test_a_real_document_still_opens():
    document = {"format": 1, "text": "(Fictional) a note", "list": [[1, {"a": [2]}]]}
    assert bundle_file.unseal(bundle_file.seal(document, PASS), PASS) == document


def test_worst_case_header_and_bomb_stay_small_in_a_fresh_process(tmp_path):
    """Resident memory of a process that refuses the dearest accepted header with a wrong
    passphrase and a compression bomb: well under what the old limits allowed (4 GiB)."""
    bomb = tmp_path / "bomb.awbundle"
    bomb.write_bytes(_sealed(_bomb(128 * MiB)))
    # VmHWM is this process's own peak (ru_maxrss would count the forked test runner too).
    script = f"""
import re
from attachwork.services import bundle_file
from tests.unit.test_hostile_files import _header
for data, passphrase in ((_header(log_n=16) + b"x" * 32, "x" * 12),
                         (open({str(bomb)!r}, "rb").read(), {PASS!r})):
    try:
        bundle_file.unseal(data, passphrase)
    except bundle_file.BundleError as exc:
        print(exc.code)
print(int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1)) // 1024)
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
    *codes, peak_mib = out.stdout.split()
    print(f"peak resident memory refusing both: {peak_mib} MiB")
    assert codes == ["wrong_passphrase", "too_large"]
    assert int(peak_mib) < 250


# -- deep JSON ------------------------------------------------------------------------------
@pytest.mark.parametrize("depth", [33, 50_000, 1_000_000])
def test_json_nested_deep_is_refused_without_recursion(depth):
    for opening, closing in ((b"[", b"]"), (b'{"a":', b"}")):
        raw = b'{"type": "full", "x": ' + opening * depth + b"1" + closing * depth + b"}"
        with pytest.raises(BundleError) as err:
            bundle_file.open_json(raw)
        assert err.value.code == "damaged"
    with pytest.raises(BundleError):
        bundle_file.open_json(b"[" * depth)  # unbalanced as well


def test_brackets_inside_strings_do_not_count_as_nesting():
    assert bundle_file._nesting_ok(json.dumps({"t": "[[[[" * 100 + '\\"{{{' * 50}).encode())
    assert not bundle_file._nesting_ok(b"[" * 40 + b"]" * 40)


# -- passphrases ----------------------------------------------------------------------------
@pytest.mark.parametrize("weak", ["aaaaaaaaaa", "1234567890", "qwertyuiop", "password12",
                                  "          x"])
def test_weak_passphrases_are_refused_with_a_kind_message(weak):
    message = bundle_file.check_passphrase(weak)
    assert message is not None
    assert "guess" in message or "at least" in message


def test_the_suggested_passphrase_is_always_strong_enough():
    for _ in range(50):
        assert bundle_file.check_passphrase(bundle_file.suggest_passphrase()) is None
    assert bundle_file.check_passphrase(PASS) is None


def test_a_weak_passphrase_locks_no_file(store):
    from attachwork.domain.records import ClientProfile
    from attachwork.services import handback

    c = store.create_client(ClientProfile(pseudonym="Demo-Weak"))
    with pytest.raises(BundleError) as err:
        handback.make_starter(store, c.id, "1234567890", handouts=False)
    assert err.value.code == "weak_passphrase"
    assert store.hand_backs(c.id) == []


def test_each_guess_costs_a_full_key_derivation(monkeypatch):
    """The passphrase check value is keyed with scrypt's output: testing one guess against it
    takes one derivation at the file's own cost, exactly as trying the AES-GCM tag would."""
    monkeypatch.setattr(bundle_file, "SCRYPT_LOG_N", 15)
    data = bundle_file.seal({"format": 1}, PASS)
    seen = []
    real = bundle_file.Scrypt

    def counting(**kw):
        seen.append(kw["n"])
        return real(**kw)

    monkeypatch.setattr(bundle_file, "Scrypt", counting)
    with pytest.raises(BundleError) as err:
        bundle_file.unseal(data, "not-the-right-words")
    assert err.value.code == "wrong_passphrase"
    assert seen == [2**15]

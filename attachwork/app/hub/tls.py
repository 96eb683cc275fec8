"""A self-signed certificate for a practice's own network (a LAN server with no public
name). Browsers warn about it once; each device then trusts it after the practice checks the
fingerprint that ``attachwork hub init`` prints. A server with a public name should use a
certificate from the practice's usual authority instead."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from attachwork.config import ensure_private_dir


def self_signed(folder: Path, host: str, days: int = 825) -> tuple[Path, Path, str]:
    """Write ``cert.pem`` and ``key.pem`` (0600) into ``folder``; returns their paths and the
    certificate's SHA-256 fingerprint."""
    ensure_private_dir(folder)
    key = ec.generate_private_key(ec.SECP256R1())
    names: list[x509.GeneralName] = [x509.DNSName("localhost")]
    for name in {host, "127.0.0.1"}:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            names.append(x509.DNSName(name))
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=days))
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    for path, data in ((cert_path, cert.public_bytes(serialization.Encoding.PEM)),
                       (key_path, key.private_bytes(serialization.Encoding.PEM,
                                                    serialization.PrivateFormat.PKCS8,
                                                    serialization.NoEncryption()))):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    return cert_path, key_path, cert.fingerprint(hashes.SHA256()).hex(":")


def describe(cert_path: Path, key_path: Path) -> tuple[list[str], list[str]]:
    """(problems, notes) about a certificate and key: readable, matching, in date."""
    problems: list[str] = []
    notes: list[str] = []
    try:
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    except (OSError, ValueError) as exc:
        return [f"cannot read the certificate or key ({type(exc).__name__})"], notes
    if cert.public_key().public_bytes(serialization.Encoding.DER,
                                      serialization.PublicFormat.SubjectPublicKeyInfo) != \
            key.public_key().public_bytes(serialization.Encoding.DER,
                                          serialization.PublicFormat.SubjectPublicKeyInfo):
        problems.append("the key does not belong to the certificate")
    left = cert.not_valid_after_utc - dt.datetime.now(dt.UTC)
    if left.total_seconds() <= 0:
        problems.append("the certificate has expired")
    elif left.days < 21:
        problems.append(f"the certificate expires in {left.days} days")
    else:
        notes.append(f"valid for {left.days} more days")
    if cert.issuer == cert.subject:
        notes.append("self-signed: each device must trust it once")
    if key_path.stat().st_mode & 0o077:
        problems.append(f"{key_path} can be read by others (chmod 600)")
    return problems, notes

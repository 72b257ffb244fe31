"""The Ed25519 key that signs checkpoints of the audit chains; kept outside the database.

The private key is a PEM file named by `settings.DANCHU_AUDIT_SIGNING_KEY_FILE` (environment
variable of the same name), or its raw 32 bytes in base64 in `DANCHU_AUDIT_SIGNING_KEY`.
Production must set one (system check `audit.E001`); development and tests use a key generated
on first use under `var/`. Keys retired by a rotation stay trusted for the checkpoints they
signed through `settings.DANCHU_AUDIT_RETIRED_PUBLIC_KEYS` (raw public keys in base64).
A key is named by its id: the first 16 hex digits of the SHA-256 of its raw public key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class PublicKey:
    key_id: str
    raw_b64: str  # the 32 raw bytes of the public key, in base64
    current: bool  # the key that signs new checkpoints

    def verify(self, signature_b64: str, message: bytes) -> bool:
        try:
            key = Ed25519PublicKey.from_public_bytes(base64.b64decode(self.raw_b64))
            key.verify(base64.b64decode(signature_b64, validate=True), message)
        except (InvalidSignature, ValueError, binascii.Error):
            return False
        return True


def raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id_of(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:16]


def private_pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def write_new_key(path: Path) -> Ed25519PrivateKey:
    """A new key in a PEM file readable by its owner only; an existing file is never replaced."""
    key = Ed25519PrivateKey.generate()
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(private_pem(key))
    return key


def signing_key() -> Ed25519PrivateKey:
    """The configured private key; raises ImproperlyConfigured when none is, in production."""
    return _load(
        settings.DANCHU_AUDIT_SIGNING_KEY,
        settings.DANCHU_AUDIT_SIGNING_KEY_FILE,
        settings.PRODUCTION,
    )


@cache
def _load(inline: str, path: Path | None, production: bool) -> Ed25519PrivateKey:
    if inline:
        try:
            return Ed25519PrivateKey.from_private_bytes(base64.b64decode(inline, validate=True))
        except (ValueError, binascii.Error) as error:
            raise ImproperlyConfigured(
                "DANCHU_AUDIT_SIGNING_KEY is not a base64 Ed25519 key"
            ) from error
    if path is None:
        raise ImproperlyConfigured(
            "Set DANCHU_AUDIT_SIGNING_KEY_FILE (see docs/deploy.md): audit checkpoints are signed"
        )
    if not path.exists() and not production:
        try:
            return write_new_key(path)
        except FileExistsError:  # another process made it first
            pass
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError) as error:
        raise ImproperlyConfigured(f"cannot read the audit signing key {path}: {error}") from error
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured(f"the audit signing key {path} is not an Ed25519 key")
    return key


def current_public_key() -> PublicKey:
    raw = raw_public(signing_key().public_key())
    return PublicKey(key_id_of(raw), base64.b64encode(raw).decode("ascii"), current=True)


def trusted_keys() -> dict[str, PublicKey]:
    """Every key whose checkpoints verify: the current one and the retired ones, by id.

    Without a private key (an auditor checking a copy of the database), only the listed public
    keys are trusted: verifying never needs the private key.
    """
    keys: dict[str, PublicKey] = {}
    try:
        current = current_public_key()
        keys[current.key_id] = current
    except ImproperlyConfigured:
        pass
    for raw_b64 in settings.DANCHU_AUDIT_RETIRED_PUBLIC_KEYS:
        try:
            raw = base64.b64decode(raw_b64, validate=True)
        except binascii.Error as error:
            raise ImproperlyConfigured(f"retired audit key {raw_b64!r} is not base64") from error
        keys.setdefault(key_id_of(raw), PublicKey(key_id_of(raw), raw_b64, current=False))
    return keys


def sign(message: bytes) -> tuple[str, str]:
    """The current key's id and its signature of `message` (base64)."""
    key = signing_key()
    signature = base64.b64encode(key.sign(message)).decode("ascii")
    return key_id_of(raw_public(key.public_key())), signature

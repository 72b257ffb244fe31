"""The signing key lives outside the database; production refuses to run without one."""

from __future__ import annotations

import base64
import stat
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import CommandError, call_command

from danchu.audit.checks import signing_key_configured
from danchu.audit.signing import current_public_key, key_id_of, raw_public, trusted_keys


def test_production_without_a_key_fails_the_system_check(settings: Any) -> None:
    settings.PRODUCTION = True
    settings.DANCHU_AUDIT_SIGNING_KEY, settings.DANCHU_AUDIT_SIGNING_KEY_FILE = "", None
    [error] = signing_key_configured()
    assert error.id == "audit.E001"
    assert "DANCHU_AUDIT_SIGNING_KEY_FILE" in error.msg


def test_production_does_not_make_a_missing_key_file(settings: Any, tmp_path: Path) -> None:
    settings.PRODUCTION = True
    settings.DANCHU_AUDIT_SIGNING_KEY_FILE = tmp_path / "absent.pem"
    [error] = signing_key_configured()
    assert "cannot read the audit signing key" in error.msg
    assert not (tmp_path / "absent.pem").exists()


def test_production_with_a_key_passes(settings: Any, tmp_path: Path) -> None:
    call_command("audit_keygen", str(tmp_path / "k.pem"), stdout=StringIO())
    settings.PRODUCTION = True
    settings.DANCHU_AUDIT_SIGNING_KEY_FILE = tmp_path / "k.pem"
    assert signing_key_configured() == []


def test_a_base64_key_in_the_environment_is_used(settings: Any) -> None:
    key = Ed25519PrivateKey.generate()
    settings.DANCHU_AUDIT_SIGNING_KEY = base64.b64encode(key.private_bytes_raw()).decode()
    assert current_public_key().key_id == key_id_of(raw_public(key.public_key()))


def test_keygen_writes_a_private_file_and_never_overwrites(tmp_path: Path) -> None:
    out = StringIO()
    call_command("audit_keygen", str(tmp_path / "k.pem"), stdout=out)
    assert stat.S_IMODE((tmp_path / "k.pem").stat().st_mode) == 0o600
    assert "key id:" in out.getvalue()
    before = (tmp_path / "k.pem").read_bytes()
    with pytest.raises(CommandError, match="exists"):
        call_command("audit_keygen", str(tmp_path / "k.pem"), stdout=StringIO())
    assert (tmp_path / "k.pem").read_bytes() == before


def test_verifying_needs_only_the_public_keys(settings: Any, tmp_path: Path) -> None:
    key = Ed25519PrivateKey.generate()
    public = base64.b64encode(raw_public(key.public_key())).decode()
    settings.PRODUCTION = True  # no key is made up
    settings.DANCHU_AUDIT_SIGNING_KEY_FILE = None
    settings.DANCHU_AUDIT_RETIRED_PUBLIC_KEYS = [public]
    keys = trusted_keys()
    assert list(keys) == [key_id_of(raw_public(key.public_key()))]
    assert keys[key_id_of(raw_public(key.public_key()))].current is False

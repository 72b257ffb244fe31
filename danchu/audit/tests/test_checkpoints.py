"""Signed checkpoints catch what the chains alone cannot: a full rewrite or a cut tail."""

from __future__ import annotations

import base64
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.management import CommandError, call_command

from danchu import audit
from danchu.audit.checkpoints import sign_checkpoints
from danchu.audit.models import Checkpoint, Entry
from danchu.audit.signing import current_public_key, trusted_keys
from danchu.audit.tests.helpers import rewrite_from, tampering, truncate_to
from danchu.audit.verify import verify_chain
from danchu.audit.verify_checkpoints import as_copy, verify_checkpoints, verify_copies

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def key_file(tmp_path: Path, settings: Any) -> Path:
    """A key of the test's own, in a file outside the database."""
    settings.DANCHU_AUDIT_SIGNING_KEY_FILE = tmp_path / "audit-key.pem"
    return settings.DANCHU_AUDIT_SIGNING_KEY_FILE


def verify_audit() -> str:
    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


class TestSignCheckpoints:
    def test_signs_each_chain_whose_head_moved_and_only_those(
        self, chain: list[Entry], other_chain: list[Entry]
    ) -> None:
        first = sign_checkpoints()
        assert [(c.number, c.chain, c.seq, c.hash) for c in first] == [
            (1, "system", other_chain[1].seq, other_chain[1].hash),
            (2, "unit:7", chain[-1].seq, chain[-1].hash),
            (3, "unit:8", other_chain[-1].seq, other_chain[-1].hash),
        ]
        assert sign_checkpoints() == []
        entry = audit.record(actor=None, action="core.job_ran", unit=7)
        [again] = sign_checkpoints()
        assert (again.number, again.chain, again.seq) == (4, "unit:7", entry.seq)

    def test_chains_each_checkpoint_to_the_one_before(self, chain: list[Entry]) -> None:
        sign_checkpoints()
        audit.record(actor=None, action="core.job_ran", unit=7)
        sign_checkpoints()
        first, second = Checkpoint.objects.order_by("number")
        assert first.prev_signature == ""
        assert second.prev_signature == first.signature
        assert second.key_id == current_public_key().key_id

    def test_signatures_verify_with_the_published_public_key_alone(
        self, chain: list[Entry]
    ) -> None:
        [checkpoint] = sign_checkpoints()
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(current_public_key().raw_b64))
        public.verify(base64.b64decode(checkpoint.signature), checkpoint.message())  # no raise


class TestVerifyCheckpoints:
    def test_passes_an_honest_log(self, chain: list[Entry], other_chain: list[Entry]) -> None:
        sign_checkpoints()
        audit.record(actor=None, action="core.job_ran", unit=7)  # after the last checkpoint
        sign_checkpoints()
        audit.record(actor=None, action="core.job_ran", unit=8)
        assert verify_checkpoints().ok
        assert verify_checkpoints().checked == 4
        assert "Signed checkpoints hold: 4" in verify_audit()

    def test_catches_a_chain_rewritten_from_one_entry_on(self, chain: list[Entry]) -> None:
        sign_checkpoints()
        with tampering() as cursor:
            rewrite_from(cursor, chain, 2)
        assert verify_chain().ok  # consistent in itself: the chain alone cannot tell
        result = verify_checkpoints()
        assert (result.ok, result.number, result.chain, result.seq) == (
            False,
            1,
            "unit:7",
            chain[-1].seq,
        )
        assert "chain rewritten" in result.reason
        with pytest.raises(CommandError, match="chain rewritten"):
            verify_audit()

    def test_catches_a_rewrite_of_the_whole_chain(self, chain: list[Entry]) -> None:
        sign_checkpoints()
        with tampering() as cursor:
            rewrite_from(cursor, chain, 0)
        assert verify_chain().ok
        assert "chain rewritten" in verify_checkpoints().reason

    def test_catches_a_truncated_tail_with_the_head_moved_back(self, chain: list[Entry]) -> None:
        sign_checkpoints()
        with tampering() as cursor:
            truncate_to(cursor, chain, 3)
        assert verify_chain().ok
        result = verify_checkpoints()
        assert (result.ok, result.seq) == (False, chain[-1].seq)
        assert "missing (chain truncated)" in result.reason
        with pytest.raises(CommandError, match="chain truncated"):
            verify_audit()

    def test_catches_a_checkpoint_edited_to_fit_a_rewrite(self, chain: list[Entry]) -> None:
        sign_checkpoints()
        with tampering() as cursor:
            truncate_to(cursor, chain, 3)
            cursor.execute(
                "UPDATE audit_checkpoint SET seq = %s, hash = %s", [chain[2].seq, chain[2].hash]
            )
        result = verify_checkpoints()
        assert (result.ok, result.number) == (False, 1)
        assert "signature does not verify" in result.reason

    def test_catches_a_checkpoint_removed_from_the_middle(self, chain: list[Entry]) -> None:
        for _ in range(3):
            audit.record(actor=None, action="core.job_ran", unit=7)
            sign_checkpoints()
        with tampering() as cursor:
            cursor.execute("DELETE FROM audit_checkpoint WHERE number = 2")
        result = verify_checkpoints()
        assert (result.ok, result.number, result.reason) == (
            False,
            3,
            "checkpoint 2 is missing",
        )

    def test_a_saved_copy_catches_checkpoints_removed_from_the_end(
        self, chain: list[Entry]
    ) -> None:
        sign_checkpoints()
        audit.record(actor=None, action="core.job_ran", unit=7)
        sign_checkpoints()
        copies = [as_copy(c) for c in Checkpoint.objects.order_by("number")]
        assert verify_copies(copies).ok
        with tampering() as cursor:
            cursor.execute("DELETE FROM audit_checkpoint WHERE number = 2")
            truncate_to(cursor, list(Entry.objects.filter(chain="unit:7")), 5)
        assert verify_checkpoints().ok  # the remaining list is consistent…
        result = verify_copies(copies)  # …but an outsider's copy is not
        assert (result.ok, result.number) == (False, 2)
        assert "no longer stored" in result.reason

    def test_refuses_a_key_it_does_not_trust_and_accepts_a_retired_one(
        self, chain: list[Entry], settings: Any, tmp_path: Path
    ) -> None:
        sign_checkpoints()
        old = current_public_key()
        settings.DANCHU_AUDIT_SIGNING_KEY_FILE = tmp_path / "rotated.pem"
        result = verify_checkpoints()
        assert (result.ok, result.reason) == (False, f"signed by an unknown key {old.key_id}")
        settings.DANCHU_AUDIT_RETIRED_PUBLIC_KEYS = [old.raw_b64]
        assert set(trusted_keys()) == {old.key_id, current_public_key().key_id}
        audit.record(actor=None, action="core.job_ran", unit=7)
        [new] = sign_checkpoints()
        assert new.key_id != old.key_id
        assert verify_checkpoints().ok

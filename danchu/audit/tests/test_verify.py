from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from danchu import audit
from danchu.audit.management.commands import verify_audit
from danchu.audit.models import ChainHead, Entry
from danchu.audit.tests.helpers import insert_copy, tampering
from danchu.audit.verify import VerifyResult, verify_chain

pytestmark = pytest.mark.django_db

CHAIN = "unit:7"  # the `chain` fixture's


def broken_at(result: VerifyResult) -> tuple[bool, str | None, int | None]:
    return result.ok, result.chain, result.first_broken_seq


class TestVerifyChain:
    def test_passes_an_empty_log(self) -> None:
        assert verify_chain() == VerifyResult(ok=True, checked=0, first_broken_seq=None, reason="")

    def test_passes_intact_chains(self, chain: list[Entry], other_chain: list[Entry]) -> None:
        assert verify_chain() == VerifyResult(ok=True, checked=9, first_broken_seq=None, reason="")

    @pytest.mark.parametrize(
        ("sql", "reason"),
        [
            ("UPDATE audit_entry SET action = 'people.x' WHERE seq = %s", "do not match its hash"),
            ("UPDATE audit_entry SET actor_label = 'system' WHERE seq = %s", "match its hash"),
            ("UPDATE audit_entry SET unit_id = 8 WHERE seq = %s", "match its hash"),
            ("UPDATE audit_entry SET changes = '{\"step\": 9}' WHERE seq = %s", "digest"),
            ("UPDATE audit_entry SET prev_hash = hash WHERE seq = %s", "does not follow entry #"),
        ],
    )
    def test_catches_an_edited_entry(self, chain: list[Entry], sql: str, reason: str) -> None:
        with tampering() as cursor:
            cursor.execute(sql, [chain[2].seq])
        result = verify_chain()
        assert broken_at(result) == (False, CHAIN, chain[2].seq)
        assert reason in result.reason
        assert result.checked == 2

    def test_names_the_broken_chain_and_not_the_others(
        self, chain: list[Entry], other_chain: list[Entry]
    ) -> None:
        with tampering() as cursor:
            cursor.execute(
                "UPDATE audit_entry SET action = 'people.x' WHERE seq = %s", [other_chain[2].seq]
            )
        assert broken_at(verify_chain()) == (False, "unit:8", other_chain[2].seq)

    def test_catches_an_edit_with_its_hash_recomputed(self, chain: list[Entry]) -> None:
        forged = Entry.objects.get(seq=chain[2].seq)
        forged.actor_label = "system"
        with tampering() as cursor:
            cursor.execute(
                "UPDATE audit_entry SET actor_label = %s, hash = %s WHERE seq = %s",
                [forged.actor_label, forged.compute_hash(), forged.seq],
            )
        result = verify_chain()
        assert broken_at(result) == (False, CHAIN, chain[3].seq)
        assert f"does not follow entry #{chain[2].seq}" in result.reason

    def test_catches_an_entry_moved_to_another_chain(
        self, chain: list[Entry], other_chain: list[Entry]
    ) -> None:
        # Moved to the end of unit 8's chain, its links rewritten to fit there.
        last = other_chain[-1]
        with tampering() as cursor:
            cursor.execute(
                "UPDATE audit_entry SET chain = 'unit:8', prev_seq = %s, prev_hash = %s, seq = %s"
                " WHERE seq = %s",
                [last.seq, last.hash, last.seq + 100, chain[-1].seq],
            )
            cursor.execute(
                "UPDATE audit_chainhead SET seq = %s, hash = %s WHERE chain = %s",
                [chain[-2].seq, chain[-2].hash, CHAIN],
            )
        result = verify_chain()
        assert broken_at(result) == (False, "unit:8", last.seq + 100)
        assert "match its hash" in result.reason

    def test_catches_a_deleted_entry(self, chain: list[Entry]) -> None:
        with tampering() as cursor:
            cursor.execute("DELETE FROM audit_entry WHERE seq = %s", [chain[2].seq])
        result = verify_chain()
        assert broken_at(result) == (False, CHAIN, chain[2].seq)
        assert result.reason == f"entry #{chain[2].seq} is missing (after #{chain[1].seq})"

    def test_catches_a_deleted_first_entry(self, chain: list[Entry]) -> None:
        with tampering() as cursor:
            cursor.execute("DELETE FROM audit_entry WHERE seq = %s", [chain[0].seq])
        result = verify_chain()
        assert broken_at(result) == (False, CHAIN, chain[0].seq)
        assert result.reason == f"entry #{chain[0].seq} is missing"

    def test_catches_a_deleted_entry_with_the_next_relinked(self, chain: list[Entry]) -> None:
        with tampering() as cursor:
            cursor.execute("DELETE FROM audit_entry WHERE seq = %s", [chain[2].seq])
            cursor.execute(
                "UPDATE audit_entry SET prev_seq = %s WHERE seq = %s",
                [chain[1].seq, chain[3].seq],
            )
        result = verify_chain()
        assert broken_at(result) == (False, CHAIN, chain[3].seq)
        assert "match its hash" in result.reason or "does not follow" in result.reason

    def test_catches_an_entry_inserted_in_the_middle(self, chain: list[Entry]) -> None:
        # Between chain[1] and chain[2], with an unused seq: the next entry still names chain[1].
        with tampering() as cursor:
            insert_copy(
                cursor,
                source=chain[3],
                seq=chain[1].seq + 1000,
                prev_seq=chain[1].seq,
                prev_hash=chain[1].hash,
                action="people.x",
            )
        result = verify_chain()
        assert result.ok is False
        assert result.chain == CHAIN

    def test_catches_an_entry_appended_behind_the_heads_back(self, chain: list[Entry]) -> None:
        with tampering() as cursor:
            insert_copy(
                cursor,
                source=chain[4],
                seq=chain[4].seq + 1000,
                prev_seq=chain[4].seq,
                prev_hash=chain[4].hash,
                action="people.x",
            )
        result = verify_chain()
        assert broken_at(result) == (False, CHAIN, chain[4].seq + 1000)
        assert "beyond the head" in result.reason

    def test_catches_reordered_entries(self, chain: list[Entry]) -> None:
        with tampering() as cursor:
            cursor.execute("UPDATE audit_entry SET seq = seq + 1000 WHERE seq = %s", [chain[1].seq])
        result = verify_chain()
        assert broken_at(result) == (False, CHAIN, chain[1].seq)
        assert "is missing" in result.reason

    def test_catches_a_truncated_tail(self, chain: list[Entry]) -> None:
        with tampering() as cursor:
            cursor.execute("DELETE FROM audit_entry WHERE seq >= %s", [chain[3].seq])
        result = verify_chain()
        assert broken_at(result) == (False, CHAIN, chain[4].seq)
        reason = f"entry #{chain[4].seq} is missing (tail truncated: after #{chain[2].seq})"
        assert result.reason == reason
        assert result.checked == 3

    def test_catches_a_chain_emptied_entirely(
        self, chain: list[Entry], other_chain: list[Entry]
    ) -> None:
        with tampering() as cursor:
            cursor.execute("DELETE FROM audit_entry WHERE chain = %s", [CHAIN])
        result = verify_chain()
        assert broken_at(result) == (False, CHAIN, chain[-1].seq)
        assert result.reason.endswith("(tail truncated: the whole chain)")

    def test_catches_a_missing_head_row(self, chain: list[Entry]) -> None:
        ChainHead.objects.filter(chain=CHAIN).delete()
        result = verify_chain()
        assert broken_at(result) == (False, CHAIN, chain[-1].seq)
        assert "head row is missing" in result.reason

    def test_reads_entries_appended_after_it_started(self, chain: list[Entry]) -> None:
        appended: list[Entry] = []

        def append_meanwhile(checked: int) -> None:
            if not appended:  # after the walk, before the heads are read
                appended.append(audit.record(actor=None, action="core.meanwhile", unit=7))

        result = verify_chain(progress=append_meanwhile)
        assert appended
        assert (result.ok, result.checked) == (True, 6)

    def test_reports_progress_in_chunks(self, chain: list[Entry]) -> None:
        seen: list[int] = []
        verify_chain(progress=seen.append)
        assert sum(seen) == 5

    def test_still_passes_after_the_triggers_are_restored(self, chain: list[Entry]) -> None:
        with tampering():
            pass
        audit.record(actor=None, action="core.after")
        assert verify_chain().checked == 6


class TestVerifyAuditCommand:
    def test_says_the_chains_are_intact(self, chain: list[Entry]) -> None:
        out, err = StringIO(), StringIO()
        call_command("verify_audit", stdout=out, stderr=err)
        assert out.getvalue().splitlines() == [
            "Audit chains intact: 5 entries",
            "Signed checkpoints hold: 0",  # none signed yet in these tests
        ]
        assert err.getvalue() == ""

    def test_fails_with_exit_code_1_naming_the_chain(self, chain: list[Entry]) -> None:
        with tampering() as cursor:
            cursor.execute("DELETE FROM audit_entry WHERE seq = %s", [chain[0].seq])
        with pytest.raises(CommandError) as error:
            call_command("verify_audit", stdout=StringIO(), stderr=StringIO())
        assert error.value.returncode == 1
        seq = chain[0].seq
        assert (
            str(error.value)
            == f"Audit chain unit:7 BROKEN at entry #{seq}: entry #{seq} is missing"
        )

    def test_draws_a_progress_bar_on_stderr_for_long_logs(
        self, chain: list[Entry], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(verify_audit, "PROGRESS_FROM", 5)
        out, err = StringIO(), StringIO()
        call_command("verify_audit", stdout=out, stderr=err)
        assert "5/5" in err.getvalue()
        assert out.getvalue().splitlines() == [
            "Audit chains intact: 5 entries",
            "Signed checkpoints hold: 0",  # none signed yet in these tests
        ]

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from danchu import audit
from danchu.audit.management.commands import verify_audit
from danchu.audit.models import Entry
from danchu.audit.tests.helpers import insert_copy, shift_seqs, tampering
from danchu.audit.verify import VerifyResult, verify_chain

pytestmark = pytest.mark.django_db


def broken_at(result: VerifyResult) -> tuple[bool, int | None]:
    return result.ok, result.first_broken_seq


class TestVerifyChain:
    def test_passes_an_empty_log(self) -> None:
        assert verify_chain() == VerifyResult(ok=True, checked=0, first_broken_seq=None, reason="")

    def test_passes_an_intact_chain(self, chain: list[Entry]) -> None:
        assert verify_chain() == VerifyResult(ok=True, checked=5, first_broken_seq=None, reason="")

    @pytest.mark.parametrize(
        ("sql", "reason"),
        [
            ("UPDATE audit_entry SET action = 'people.x' WHERE seq = 3", "do not match its hash"),
            ("UPDATE audit_entry SET actor_label = 'system' WHERE seq = 3", "match its hash"),
            ("UPDATE audit_entry SET changes = '{\"step\": 9}' WHERE seq = 3", "digest"),
            ("UPDATE audit_entry SET prev_hash = hash WHERE seq = 3", "does not follow entry #2"),
        ],
    )
    def test_catches_an_edited_entry(self, chain: list[Entry], sql: str, reason: str) -> None:
        with tampering() as cursor:
            cursor.execute(sql)
        result = verify_chain()
        assert broken_at(result) == (False, 3)
        assert reason in result.reason
        assert result.checked == 2

    def test_catches_an_edit_with_its_hash_recomputed(self, chain: list[Entry]) -> None:
        forged = Entry.objects.get(seq=3)
        forged.actor_label = "system"
        with tampering() as cursor:
            cursor.execute(
                "UPDATE audit_entry SET actor_label = %s, hash = %s WHERE seq = 3",
                [forged.actor_label, forged.compute_hash()],
            )
        result = verify_chain()
        assert broken_at(result) == (False, 4)
        assert "does not follow entry #3" in result.reason

    def test_catches_a_deleted_entry(self, chain: list[Entry]) -> None:
        with tampering() as cursor:
            cursor.execute("DELETE FROM audit_entry WHERE seq = 3")
        result = verify_chain()
        assert broken_at(result) == (False, 3)
        assert result.reason == "entry #3 is missing"

    def test_catches_a_deleted_entry_with_the_rest_renumbered(self, chain: list[Entry]) -> None:
        with tampering() as cursor:
            cursor.execute("DELETE FROM audit_entry WHERE seq = 3")
            shift_seqs(cursor, from_seq=4, by=-1)
        assert broken_at(verify_chain()) == (False, 3)

    def test_catches_an_entry_inserted_in_the_middle(self, chain: list[Entry]) -> None:
        with tampering() as cursor:
            shift_seqs(cursor, from_seq=3, by=1)
            insert_copy(cursor, source_seq=4, seq=3, action="people.x", prev_hash=chain[1].hash)
        result = verify_chain()
        assert broken_at(result) == (False, 4)
        assert "does not follow entry #3" in result.reason

    def test_catches_an_entry_appended_behind_the_heads_back(self, chain: list[Entry]) -> None:
        with tampering() as cursor:
            insert_copy(cursor, source_seq=5, seq=6, action="people.x", prev_hash=chain[4].hash)
        result = verify_chain()
        assert broken_at(result) == (False, 6)
        assert "beyond the head" in result.reason

    def test_catches_reordered_entries(self, chain: list[Entry]) -> None:
        with tampering() as cursor:
            cursor.execute("UPDATE audit_entry SET seq = 1000 WHERE seq = 2")
            cursor.execute("UPDATE audit_entry SET seq = 2 WHERE seq = 3")
            cursor.execute("UPDATE audit_entry SET seq = 3 WHERE seq = 1000")
        result = verify_chain()
        assert broken_at(result) == (False, 2)
        assert "does not follow entry #1" in result.reason

    def test_catches_a_truncated_tail(self, chain: list[Entry]) -> None:
        with tampering() as cursor:
            cursor.execute("DELETE FROM audit_entry WHERE seq >= 4")
        result = verify_chain()
        assert broken_at(result) == (False, 4)
        assert result.reason == "entries #4–#5 are missing (tail truncated)"
        assert result.checked == 3

    def test_catches_a_log_emptied_entirely(self, chain: list[Entry]) -> None:
        with tampering() as cursor:
            cursor.execute("DELETE FROM audit_entry")
        assert broken_at(verify_chain()) == (False, 1)

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
    def test_says_the_chain_is_intact(self, chain: list[Entry]) -> None:
        out, err = StringIO(), StringIO()
        call_command("verify_audit", stdout=out, stderr=err)
        assert out.getvalue().strip() == "Audit chain intact: 5 entries"
        assert err.getvalue() == ""

    def test_fails_with_exit_code_1_when_broken(self, chain: list[Entry]) -> None:
        with tampering() as cursor:
            cursor.execute("DELETE FROM audit_entry WHERE seq = 2")
        with pytest.raises(CommandError) as error:
            call_command("verify_audit", stdout=StringIO(), stderr=StringIO())
        assert error.value.returncode == 1
        assert str(error.value) == "Audit chain BROKEN at entry #2: entry #2 is missing"

    def test_draws_a_progress_bar_on_stderr_for_long_logs(
        self, chain: list[Entry], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(verify_audit, "PROGRESS_FROM", 5)
        out, err = StringIO(), StringIO()
        call_command("verify_audit", stdout=out, stderr=err)
        assert "5/5" in err.getvalue()
        assert out.getvalue().strip() == "Audit chain intact: 5 entries"

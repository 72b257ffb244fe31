from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.db import transaction

from danchu import audit
from danchu.audit.hashing import GENESIS_HASH, chain_hash
from danchu.audit.models import ChainHead, Entry
from danchu.audit.queries import entries_for
from danchu.audit.tests.conftest import OTHER_UNIT, UNIT
from danchu.audit.verify import verify_chain

pytestmark = pytest.mark.django_db


class TestRecord:
    def test_links_each_entry_to_the_one_before_in_its_chain(self, chain: list[Entry]) -> None:
        assert {entry.chain for entry in chain} == {f"unit:{UNIT}"}
        assert (chain[0].prev_seq, chain[0].prev_hash) == (0, GENESIS_HASH)
        for before, after in itertools.pairwise(chain):
            assert after.seq > before.seq
            assert (after.prev_seq, after.prev_hash) == (before.seq, before.hash)
        assert len({entry.hash for entry in chain}) == 5

    def test_keeps_one_chain_per_unit_and_one_for_the_system(
        self, chain: list[Entry], other_chain: list[Entry]
    ) -> None:
        first, system, second, third = other_chain
        assert (first.chain, first.prev_seq, first.prev_hash) == ("unit:8", 0, GENESIS_HASH)
        assert (system.chain, system.prev_seq, system.prev_hash) == ("system", 0, GENESIS_HASH)
        assert (second.prev_seq, third.prev_seq) == (first.seq, second.seq)
        assert second.prev_hash == first.hash
        assert [entry.seq for entry in other_chain] == sorted(entry.seq for entry in other_chain)

    def test_moves_only_its_own_chains_head(
        self, chain: list[Entry], other_chain: list[Entry]
    ) -> None:
        heads = {head.chain: (head.seq, head.hash) for head in ChainHead.objects.all()}
        assert heads == {
            f"unit:{UNIT}": (chain[-1].seq, chain[-1].hash),
            f"unit:{OTHER_UNIT}": (other_chain[-1].seq, other_chain[-1].hash),
            "system": (other_chain[1].seq, other_chain[1].hash),
        }

    def test_stores_what_it_hashed(self, chain: list[Entry]) -> None:
        for entry in Entry.objects.all():
            assert entry.digest == audit.digest_of(entry.changes)
            assert entry.hash == entry.compute_hash()

    def test_hash_follows_the_published_recipe(self, user: Any) -> None:
        entry = audit.record(actor=user, action="people.user_changed", target=user, unit=9)
        fields = {
            "seq": entry.seq,
            "created_at": entry.created_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
            "actor_id": user.pk,
            "actor_label": "lan.nguyen",
            "action": "people.user_changed",
            "target_type": "people.user",
            "target_id": str(user.pk),
            "unit_id": 9,
            "digest": hashlib.sha256(b"{}").hexdigest(),
            "chain": "unit:9",
            "prev_seq": 0,
        }
        canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        expected = hashlib.sha256((GENESIS_HASH + canonical).encode()).hexdigest()
        assert entry.hash == expected

    def test_records_a_user_by_id_and_username(self, user: Any) -> None:
        entry = audit.record(actor=user, action="people.user_changed", target=user)
        assert (entry.actor_id, entry.actor_label) == (user.pk, "lan.nguyen")
        assert (entry.target_type, entry.target_id) == ("people.user", str(user.pk))

    @pytest.mark.parametrize("actor", [None, AnonymousUser()])
    def test_records_no_user_as_system(self, actor: Any) -> None:
        entry = audit.record(actor=actor, action="core.job_ran")
        assert (entry.actor_id, entry.actor_label) == (None, "system")
        assert (entry.target_type, entry.target_id, entry.unit_id) == ("", "", None)

    def test_takes_the_unit_as_an_object_or_an_id(self) -> None:
        group = Group.objects.create(name="Ban thanh tra")
        entry = audit.record(actor=None, action="a.b", unit=group)
        assert (entry.unit_id, entry.chain) == (group.pk, f"unit:{group.pk}")
        entry = audit.record(actor=None, action="a.b", unit=42)
        assert (entry.unit_id, entry.chain) == (42, "unit:42")

    def test_takes_the_unit_from_the_target_when_not_given(self) -> None:
        consultation_like = Group.objects.create(name="Hội nghị")
        consultation_like.unit_id = 12  # type: ignore[attr-defined]
        entry = audit.record(actor=None, action="a.b", target=consultation_like)
        assert (entry.unit_id, entry.chain) == (12, "unit:12")
        entry = audit.record(actor=None, action="a.b", target=consultation_like, unit=13)
        assert (entry.unit_id, entry.chain) == (13, "unit:13")

    def test_refuses_an_unsaved_target(self) -> None:
        with pytest.raises(ValueError, match="unsaved"):
            audit.record(actor=None, action="a.b", target=Group(name="x"))

    def test_changes_survive_the_database_round_trip(self) -> None:
        changes = {
            "tên": "Nguyễn Thị Lan",
            "ngày": dt.date(2025, 1, 29),
            "số_tiền": Decimal("1500000.50"),
            "tỉ_lệ": 0.75,
            "lớn": 2**62,
            "danh_sách": (1, "hai", None, True),
            "lồng": {"b": 2, "a": [{"z": 1, "y": 0}]},
        }
        entry = audit.record(actor=None, action="a.b", changes=changes)
        stored = Entry.objects.get(pk=entry.pk)
        assert stored.changes["ngày"] == "2025-01-29"
        assert stored.changes["số_tiền"] == "1500000.50"
        assert stored.digest == audit.digest_of(stored.changes) == audit.digest_of(changes)
        assert verify_chain().ok

    def test_rolls_back_with_the_callers_transaction(self) -> None:
        @transaction.atomic
        def change_that_fails() -> None:
            audit.record(actor=None, action="a.b")
            raise RuntimeError

        with pytest.raises(RuntimeError):
            change_that_fails()
        assert not Entry.objects.exists()
        assert not ChainHead.objects.filter(seq__gt=0).exists()
        entry = audit.record(actor=None, action="a.b")
        assert (entry.prev_seq, entry.prev_hash) == (0, GENESIS_HASH)
        assert verify_chain().ok


class TestChainHash:
    def test_hashes_legacy_entries_by_the_recipe_they_were_written_with(self) -> None:
        fields: dict[str, Any] = {
            "prev_hash": GENESIS_HASH,
            "seq": 1,
            "created_at": dt.datetime(2026, 11, 29, tzinfo=dt.UTC),
            "actor_id": None,
            "actor_label": "system",
            "action": "demo.seeded",
            "target_type": "",
            "target_id": "",
            "unit_id": None,
            "digest": hashlib.sha256(b"{}").hexdigest(),
        }
        old = {k: v for k, v in fields.items() if k != "prev_hash"}
        old["created_at"] = "2026-11-29T00:00:00.000000+00:00"
        canonical = json.dumps(old, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        expected = hashlib.sha256((GENESIS_HASH + canonical).encode()).hexdigest()
        assert chain_hash(**fields, chain="legacy", prev_seq=0) == expected
        assert chain_hash(**fields, chain="system", prev_seq=0) != expected


class TestDigestOf:
    def test_ignores_key_order_and_keeps_vietnamese_text(self) -> None:
        expected = hashlib.sha256('{"a":1,"đ":"Đà Nẵng"}'.encode()).hexdigest()
        assert audit.digest_of({"đ": "Đà Nẵng", "a": 1}) == expected


class TestEntriesFor:
    def test_gives_one_objects_history_in_order(self, chain: list[Entry], user: Any) -> None:
        other = Group.objects.create(name="Công đoàn")
        audit.record(actor=user, action="auth.group_created", target=other)
        history = list(entries_for(user))
        assert [entry.seq for entry in history] == [entry.seq for entry in chain[1:]]
        assert [entry.action for entry in entries_for(other)] == ["auth.group_created"]

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
from danchu.audit.hashing import GENESIS_HASH
from danchu.audit.models import Entry, Head
from danchu.audit.queries import entries_for
from danchu.audit.verify import verify_chain

pytestmark = pytest.mark.django_db


class TestRecord:
    def test_links_each_entry_to_the_one_before(self, chain: list[Entry]) -> None:
        assert [entry.seq for entry in chain] == [1, 2, 3, 4, 5]
        assert chain[0].prev_hash == GENESIS_HASH
        for before, after in itertools.pairwise(chain):
            assert after.prev_hash == before.hash
        assert len({entry.hash for entry in chain}) == 5

    def test_moves_the_head_to_the_last_entry(self, chain: list[Entry]) -> None:
        head = Head.objects.get()
        assert (head.seq, head.hash) == (5, chain[-1].hash)

    def test_stores_what_it_hashed(self, chain: list[Entry]) -> None:
        for entry in Entry.objects.all():
            assert entry.digest == audit.digest_of(entry.changes)
            assert entry.hash == entry.compute_hash()

    def test_hash_follows_the_published_recipe(self, user: Any) -> None:
        entry = audit.record(actor=user, action="people.user_changed", target=user, unit=9)
        fields = {
            "seq": 1,
            "created_at": entry.created_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
            "actor_id": user.pk,
            "actor_label": "lan.nguyen",
            "action": "people.user_changed",
            "target_type": "people.user",
            "target_id": str(user.pk),
            "unit_id": 9,
            "digest": hashlib.sha256(b"{}").hexdigest(),
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
        assert audit.record(actor=None, action="a.b", unit=group).unit_id == group.pk
        assert audit.record(actor=None, action="a.b", unit=42).unit_id == 42

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
        assert Head.objects.get().seq == 0
        assert audit.record(actor=None, action="a.b").seq == 1


class TestDigestOf:
    def test_ignores_key_order_and_keeps_vietnamese_text(self) -> None:
        expected = hashlib.sha256('{"a":1,"đ":"Đà Nẵng"}'.encode()).hexdigest()
        assert audit.digest_of({"đ": "Đà Nẵng", "a": 1}) == expected


class TestEntriesFor:
    def test_gives_one_objects_history_in_order(self, chain: list[Entry], user: Any) -> None:
        other = Group.objects.create(name="Công đoàn")
        audit.record(actor=user, action="auth.group_created", target=other)
        history = list(entries_for(user))
        assert [entry.seq for entry in history] == [2, 3, 4, 5]
        assert [entry.action for entry in entries_for(other)] == ["auth.group_created"]

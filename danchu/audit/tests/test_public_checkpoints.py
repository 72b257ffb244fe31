"""The signed checkpoints and the public keys are published, without login, to be copied."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from danchu import audit
from danchu.audit.checkpoints import sign_checkpoints
from danchu.audit.models import Entry
from danchu.audit.signing import current_public_key
from danchu.audit.tests.helpers import tampering
from danchu.audit.verify_checkpoints import verify_copies

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def key_file(tmp_path: Path, settings: Any) -> None:
    settings.DANCHU_AUDIT_SIGNING_KEY_FILE = tmp_path / "audit-key.pem"


def test_the_page_lists_checkpoints_and_keys_in_vietnamese(chain: list[Entry]) -> None:
    [checkpoint] = sign_checkpoints()
    response = Client().get("/audit/checkpoints/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Điểm kiểm tra nhật ký đã ký" in page
    assert checkpoint.signature in page
    assert checkpoint.hash in page
    assert current_public_key().raw_b64 in page


def test_the_page_says_when_nothing_is_signed_yet() -> None:
    response = Client().get("/audit/checkpoints/")
    assert response.status_code == 200
    assert "Chưa có điểm kiểm tra nào được ký." in response.content.decode()


def test_the_json_gives_what_a_copy_needs(chain: list[Entry]) -> None:
    sign_checkpoints()
    audit.record(actor=None, action="core.job_ran", unit=7)
    sign_checkpoints()
    body = Client().get("/audit/checkpoints.json").json()
    assert [c["number"] for c in body["checkpoints"]] == [1, 2]
    assert body["keys"] == [
        {
            "key_id": current_public_key().key_id,
            "public_key": current_public_key().raw_b64,
            "current": True,
        }
    ]
    assert body["next_after"] is None
    later = Client().get("/audit/checkpoints.json?after=1").json()
    assert [c["number"] for c in later["checkpoints"]] == [2]


@pytest.mark.parametrize("after", ["-1", "x", "1.5", str(2**63), "١"])
def test_the_json_refuses_a_bad_after(after: str) -> None:
    response = Client().get("/audit/checkpoints.json", {"after": after})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_after"


def test_a_saved_copy_of_the_json_is_checked_by_verify_audit(
    chain: list[Entry], tmp_path: Path
) -> None:
    sign_checkpoints()
    audit.record(actor=None, action="core.job_ran", unit=7)
    sign_checkpoints()
    saved = tmp_path / "copy.json"
    saved.write_bytes(Client().get("/audit/checkpoints.json").content)
    call_command("verify_audit", "--against", str(saved), stdout=StringIO())
    with tampering() as cursor:  # the owner removes the last checkpoint and the entry it signed
        cursor.execute("DELETE FROM audit_checkpoint WHERE number = 2")
        last = Entry.objects.filter(chain="unit:7").last()
        assert last is not None
        cursor.execute("DELETE FROM audit_entry WHERE seq = %s", [last.seq])
        cursor.execute(
            "UPDATE audit_chainhead SET seq = %s, hash = %s WHERE chain = 'unit:7'",
            [chain[-1].seq, chain[-1].hash],
        )
    with pytest.raises(CommandError, match="checkpoint 2 FAILS"):
        call_command("verify_audit", "--against", str(saved), stdout=StringIO())


def test_the_api_lists_the_same_checkpoints_without_login(chain: list[Entry]) -> None:
    sign_checkpoints()
    audit.record(actor=None, action="core.job_ran", unit=7)
    sign_checkpoints()
    response = Client().get("/api/v1/audit/checkpoints", {"after": 1})
    assert response.status_code == 200
    body = response.json()
    assert body == Client().get("/audit/checkpoints.json?after=1").json()
    assert [c["number"] for c in body["checkpoints"]] == [2]
    assert verify_copies(body["checkpoints"]).ok


@pytest.mark.parametrize("after", ["-1", "x", str(2**63)])
def test_the_api_refuses_a_bad_after(after: str) -> None:
    response = Client().get("/api/v1/audit/checkpoints", {"after": after})
    assert response.status_code == 422

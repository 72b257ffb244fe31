"""GET /api/v1/verify?digest=<hex>: the public JSON check (tested on the router itself)."""

import datetime as dt
import hashlib
import zoneinfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from ninja import NinjaAPI
from ninja.security import django_auth
from ninja.testing import TestClient

from danchu.disclosures import services
from danchu.disclosures.public_api import router
from danchu.organizations.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
MORNING = dt.datetime(2025, 3, 4, 9, 0, tzinfo=VN)
PDF = b"%PDF-1.4\n% du toan\n"

# Mounted, like config/api.py, behind an API whose default is to require a login: the
# endpoint must still answer anonymous callers.
api = NinjaAPI(auth=django_auth, urls_namespace="verify-api-test")
api.add_router("/", router)


@pytest.fixture(autouse=True)
def clock(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(MORNING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def client():
    return TestClient(api)


@pytest.fixture
def unit():
    return UnitFactory(name="Sở Tài chính")


@pytest.fixture
def head(unit, member_of):
    return member_of(unit, "head")


def publish(head, unit, **fields):
    values = {"category": "budget_finance", "title": "Dự toán ngân sách năm 2025",
              "decision_date": timezone.localdate()}  # fmt: skip
    return services.publish_disclosure(actor=head, unit=unit, **{**values, **fields})


def verify(client, digest):
    return client.get(f"/verify?digest={digest}")


def test_a_published_version_matches(client, unit, head):
    item = publish(head, unit)
    response = verify(client, item.digest)
    assert response.status_code == 200
    assert response.json() == {
        "match": True,
        "disclosure_id": item.pk,
        "version": 1,
        "published_at": "2025-03-04T02:00:00Z",
        "superseded": False,
        "withdrawn": False,
        "status": "published",
        "title": "Dự toán ngân sách năm 2025",
        "unit": "Sở Tài chính",
        "current_disclosure_id": item.pk,
        "current_digest": item.digest,
    }


def test_an_attachment_hash_matches_its_version(client, unit, head):
    item = publish(head, unit, attachments=[SimpleUploadedFile("dt.pdf", PDF)])
    body = verify(client, hashlib.sha256(PDF).hexdigest().upper()).json()
    assert body["match"] is True
    assert body["disclosure_id"] == item.pk


def test_an_unknown_digest_is_no_match(client):
    response = verify(client, "0" * 64)
    assert response.status_code == 200
    assert response.json() == {"match": False}


def test_a_superseded_version_names_the_current_one(client, unit, head):
    first = publish(head, unit)
    second = services.supersede_disclosure(
        actor=head, previous=first, category="budget_finance", title="Dự toán (điều chỉnh)"
    )
    body = verify(client, first.digest).json()
    assert body["superseded"] is True
    assert body["status"] == "superseded"
    assert body["current_disclosure_id"] == second.pk
    assert body["current_digest"] == second.digest


def test_a_withdrawn_version_says_so(client, unit, head, clock):
    item = publish(head, unit)
    clock.move_to(MORNING + dt.timedelta(days=21))
    services.withdraw_disclosure(actor=head, disclosure=item, reason="Hết thời hạn")
    body = verify(client, item.digest).json()
    assert body["withdrawn"] is True
    assert body["superseded"] is False


def test_a_scheduled_item_is_no_match(client, unit, head):
    item = publish(head, unit, publish_at=MORNING + dt.timedelta(hours=3))
    assert verify(client, item.digest).json() == {"match": False}


@pytest.mark.parametrize("digest", ["", "abc", "z" * 64, "a" * 65])
def test_a_malformed_digest_is_422(client, digest):
    assert verify(client, digest).status_code == 422


def test_the_route_is_verify_under_the_api_prefix():
    assert "/verify" in router.path_operations


def test_the_site_serves_it_at_api_v1_verify_without_login(unit, head):
    item = publish(head, unit)
    anonymous = Client()
    assert anonymous.get("/api/v1/verify", {"digest": item.digest}).json()["match"] is True
    malformed = anonymous.get("/api/v1/verify", {"digest": "xyz"})
    assert malformed.status_code == 422
    assert malformed.json()["code"] == "invalid"

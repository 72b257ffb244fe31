"""Bad input gets a 4xx with a clear message, never a server error (issue 11, finding 3): numbers
beyond a bigint in ids and offsets, NUL characters in queries and forms, and NUL or unpaired
surrogates in JSON bodies. Checked on SQLite and on PostgreSQL (CI runs the suite on both)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from danchu.disclosures.tests.test_api_support import client_for

pytestmark = pytest.mark.django_db
BEYOND = 2**63  # one more than the largest bigint


def _client(world) -> Client:
    client = client_for(world.staff)
    client.raise_request_exception = False  # a server error is a 500 answer, not an exception
    return client


@pytest.mark.parametrize(
    "path",
    ["/api/v1/disclosures", "/api/v1/units", "/api/v1/units/{unit}/people",
     "/api/v1/consultations/1/opinions"],
)  # fmt: skip
def test_an_offset_beyond_any_list_is_invalid(world, path) -> None:
    response = _client(world).get(path.format(unit=world.agency.pk), {"offset": BEYOND})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"


@pytest.mark.parametrize(
    "path",
    [f"/api/v1/disclosures/{BEYOND}", f"/api/v1/units/{BEYOND}", f"/api/v1/units/{BEYOND}/people",
     f"/api/v1/consultations/{BEYOND}", f"/api/v1/disclosures/1/attachments/{BEYOND}"],
)  # fmt: skip
def test_an_id_beyond_any_record_is_invalid(world, path) -> None:
    response = _client(world).get(path)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"


def test_a_version_beyond_any_is_invalid(world) -> None:
    response = _client(world).get("/api/v1/consultations/1/diff", {"from": BEYOND})
    assert response.status_code in {404, 422}  # no such consultation, or refused first
    assert response.status_code != 500


@pytest.mark.parametrize("body", ['{"username": "\\ud800", "password": "x"}',
                                  '{"username": "a\\u0000b", "password": "x"}'])  # fmt: skip
def test_text_no_column_can_hold_is_refused_in_json(world, body) -> None:
    response = Client(raise_request_exception=False).post(
        "/api/v1/auth/token", body, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_text"


def test_a_nul_in_an_api_search_is_refused(world) -> None:
    response = _client(world).get("/api/v1/disclosures", {"q": "dân\x00chủ"})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_text"


def test_a_nul_in_a_page_search_or_form_is_refused_in_vietnamese(world, client_as) -> None:
    client = client_as(world.staff)
    client.raise_request_exception = False
    response = client.get(reverse("disclosure_inbox"), {"q": "dân\x00chủ"})
    assert response.status_code == 400
    assert "NUL" in response.content.decode()
    assert "không" in response.content.decode().lower() or "ký tự" in response.content.decode()
    login = Client(raise_request_exception=False).post(
        reverse("login"), {"username": "a\x00b", "password": "x"}
    )
    assert login.status_code == 400


@pytest.mark.parametrize(("field", "size"), [("body", 100_001), ("title", 301), ("summary", 2_001)])
def test_the_api_refuses_text_longer_than_the_form_allows(world, field, size) -> None:
    """Issue 11, finding 2: the API took a 1 MiB body that the form refuses."""
    from danchu.disclosures.models import Disclosure

    fields = {
        "unit_id": world.agency.pk,
        "category": "other",
        "title": "Thông báo",
        "body": "Nội dung.",
        field: "x" * size,
    }
    response = client_for(world.head).post(
        "/api/v1/disclosures", fields, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == f"payload.{field}"
    assert not Disclosure.objects.exists()  # nothing changed


def _publication(world, **fields):
    return {"unit_id": world.agency.pk, "category": "other", "title": "T", "body": "B", **fields}


@pytest.mark.parametrize(
    ("path", "fields"),
    [("/api/v1/disclosures", {"audience_unit_ids": [BEYOND]}),
     ("/api/v1/disclosures", {"unit_id": BEYOND}),
     ("/api/v1/disclosures/{item}/supersede", {"audience_unit_ids": [1, BEYOND]}),
     ("/api/v1/consultations", {"unit_id": BEYOND}),
     ("/api/v1/consultations", {"audience_unit_ids": [BEYOND]}),
     ("/api/v1/consultations/1/opinions", {"paragraph_id": BEYOND})],
)  # fmt: skip
def test_an_id_beyond_any_record_in_a_body_is_invalid(world, path, fields) -> None:
    """Found by schemathesis: an audience id past a bigint reached SQLite (OverflowError, 500)."""
    from danchu.disclosures.tests.test_api_support import publish

    item = publish(world.head, world.agency)
    body = _publication(world, topic="work_plan", text="Ý kiến", paragraphs=["Điều 1."],
                        opens_at="2025-03-05T09:00:00+07:00",
                        closes_at="2025-03-20T09:00:00+07:00") | fields  # fmt: skip
    client = client_for(world.head)
    client.raise_request_exception = False
    response = client.post(path.format(item=item.pk), body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert next(iter(fields)) in response.json()["errors"][0]["field"]


def test_an_audience_longer_than_any_unit_has_is_invalid(world) -> None:
    """More ids than a query may carry (SQLite takes 32,766) is refused before the database."""
    body = _publication(world, audience_unit_ids=list(range(1, 40_000)))
    response = client_for(world.head).post("/api/v1/disclosures", body, "application/json")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "payload.audience_unit_ids"


def test_a_unit_filter_beyond_any_unit_is_invalid(world) -> None:
    response = _client(world).get("/api/v1/disclosures", {"unit": BEYOND})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"

"""A date and time in a request body is one every database stores (a fuzzed request once sent
year 405 with a UTC offset of -19:04, and PostgreSQL answered with a server error)."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("moment", ["0405-11-20T07:58:31-19:04", "2025-03-10T08:00:00+15:00"])
def test_an_unstorable_moment_is_refused_with_422(world, moment):
    from danchu.people.tokens import make_token

    client = Client(headers={"authorization": f"Bearer {make_token(world.head)}"})
    answer = client.post(
        "/api/v1/conferences",
        {"unit_id": world.agency.pk, "year": 2024, "kind": "annual", "scheduled_at": moment},
        content_type="application/json",
    )
    assert answer.status_code == 422

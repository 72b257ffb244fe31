"""Who may call each disclosures endpoint, and how callers authenticate."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client

from danchu.disclosures.models import Disclosure
from danchu.disclosures.tests.test_api_support import (
    BASE,
    URL,
    World,
    client_for,
    new_item,
    publish,
)
from danchu.people.models import User
from danchu.people.tokens import make_token

CORRECTION = {"category": "work_plan", "title": "Bản sửa", "body": "Mới."}


@pytest.fixture
def item(world: World) -> Disclosure:
    with time_machine.travel(BASE, tick=False):
        return publish(world.head, world.agency)


def call(endpoint: str, client: Client, world: World, item: Disclosure) -> Any:
    posts: dict[str, tuple[str, Any]] = {
        "create": (URL, new_item(world.agency)),
        "acknowledge": (f"{URL}/{item.pk}/acknowledge", {}),
        "withdraw": (f"{URL}/{item.pk}/withdraw", {"reason": "Hết hạn."}),
        "supersede": (f"{URL}/{item.pk}/supersede", CORRECTION),
    }
    if endpoint == "list":
        return client.get(URL)
    if endpoint == "detail":
        return client.get(f"{URL}/{item.pk}")
    url, body = posts[endpoint]
    return client.post(url, body, content_type="application/json")


ROLES = ["head", "staff", "outsider", "supervisor", None]
# Expected status per endpoint, for: publisher, staff of the unit, staff of another unit,
# supervisor above the unit (not in the audience), anonymous.
TABLE = {
    "create": [201, 403, 404, 403, 401],
    "list": [200, 200, 200, 200, 401],
    "detail": [200, 200, 404, 200, 401],
    "acknowledge": [200, 200, 404, 403, 401],
    "withdraw": [200, 403, 404, 403, 401],
    "supersede": [201, 403, 404, 403, 401],
}
CASES = [
    (endpoint, role, status)
    for endpoint, statuses in TABLE.items()
    for role, status in zip(ROLES, statuses, strict=True)
]


@pytest.mark.parametrize(("endpoint", "role", "expected"), CASES)
def test_permission_table(
    endpoint: str, role: str | None, expected: int, world: World, item: Disclosure
) -> None:
    user = getattr(world, role) if role else None

    with time_machine.travel(BASE + dt.timedelta(days=20), tick=False):  # the period is over
        response = call(endpoint, client_for(user), world, item)

    assert response.status_code == expected, response.content
    if expected >= 400:
        assert set(response.json()) == {"detail", "code", "errors"}


@pytest.mark.parametrize(("role", "sees_it"), [
    ("head", True), ("staff", True), ("dept_staff", True), ("outsider", False),
    ("supervisor", True),
])  # fmt: skip
def test_the_list_shows_the_item_to_whoever_may_see_it(
    role: str, sees_it: bool, world: World, item: Disclosure
) -> None:
    response = client_for(getattr(world, role)).get(URL)

    assert (item.pk in [i["id"] for i in response.json()["items"]]) is sees_it


class TestAuthentication:
    def test_anonymous_gets_401_with_the_bearer_challenge(self, item: Disclosure) -> None:
        response = Client().get(URL)

        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Bearer"
        assert response.json()["code"] == "unauthenticated"

    def test_a_bearer_token_authenticates(self, world: World, item: Disclosure) -> None:
        client = Client(headers={"authorization": f"Bearer {make_token(world.staff)}"})

        assert client.post(f"{URL}/{item.pk}/acknowledge").status_code == 200

    def test_a_tampered_token_gives_401(self, world: World, item: Disclosure) -> None:
        token = make_token(world.head)
        client = Client(headers={"authorization": f"Bearer {token[:-3]}xyz"})

        assert client.get(URL).status_code == 401

    def test_a_browser_session_works(
        self, world: World, item: Disclosure, client_as: Callable[[User], Client]
    ) -> None:
        client = client_as(world.staff)

        assert client.get(f"{URL}/{item.pk}").status_code == 200
        assert client.post(f"{URL}/{item.pk}/acknowledge").status_code == 200

    def test_a_session_post_needs_the_csrf_token(self, world: World, item: Disclosure) -> None:
        client = Client(enforce_csrf_checks=True, headers={"accept-language": "en"})
        client.force_login(world.staff)

        response = client.post(f"{URL}/{item.pk}/acknowledge")

        assert response.status_code == 403
        assert response.json()["code"] == "csrf_failed"

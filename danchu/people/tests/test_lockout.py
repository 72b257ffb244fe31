"""Login throttling (issue 11, finding 6): after too many wrong passwords, one account is refused
from one address, on the login page and on the API, with a 429, a `Retry-After`, a Vietnamese
message saying when, and an audit entry; other accounts and other addresses go on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from danchu.audit.models import Entry
from danchu.organizations.tests.factories import UnitFactory
from danchu.people.lockout import client_ip
from danchu.people.models import User

PASSWORD = "danchu-demo"  # UserFactory's
WRONG = "not-the-password"
TOKEN_URL = "/api/v1/auth/token"
OFFICE = "203.0.113.7"
ELSEWHERE = "198.51.100.20"
START = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)  # 15:00 in Hà Nội


@pytest.fixture(autouse=True)
def _fast_hasher(settings: Any) -> None:
    """Dozens of logins a test: a cheap hasher (what is under test is the counting)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def alice(member_of: Callable[..., User]) -> User:
    return member_of(UnitFactory.create(), "staff", username="alice")


@pytest.fixture
def bob(member_of: Callable[..., User]) -> User:
    return member_of(UnitFactory.create(), "staff", username="bob")


def page_login(username: str, password: str, address: str = OFFICE) -> Any:
    client = Client(HTTP_ACCEPT_LANGUAGE="vi", REMOTE_ADDR=address)
    return client.post(reverse("login"), {"username": username, "password": password})


def api_login(username: str, password: str, address: str = OFFICE) -> Any:
    client = Client(HTTP_ACCEPT_LANGUAGE="vi", REMOTE_ADDR=address)
    body = {"username": username, "password": password}
    return client.post(TOKEN_URL, body, content_type="application/json")


def fail_until_locked(login: Callable[..., Any], username: str, address: str = OFFICE) -> Any:
    """The limit's worth of wrong passwords; the answer to the last one."""
    responses = [login(username, WRONG, address) for _ in range(settings.AXES_FAILURE_LIMIT)]
    return responses[-1]


def lockouts() -> list[Entry]:
    return list(Entry.objects.filter(action="people.login_locked_out"))


@pytest.mark.django_db
@pytest.mark.usefixtures("clock")
class TestLoginPage:
    def test_wrong_passwords_below_the_limit_do_not_lock(self, alice: User) -> None:
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            assert page_login("alice", WRONG).status_code == 200

        assert page_login("alice", PASSWORD).status_code == 302

    def test_refuses_the_right_password_after_the_limit_with_429(self, alice: User) -> None:
        assert fail_until_locked(page_login, "alice").status_code == 429

        response = page_login("alice", PASSWORD)

        assert response.status_code == 429
        assert "_auth_user_id" not in response.client.session
        # Locked at 15:00 Hà Nội time for 15 minutes.
        assert int(response["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()
        text = response.content.decode()
        assert "Bạn có thể thử lại sau 02/03/2026 15:15 (sau 15 phút)" in text
        assert 'value="alice"' in text

    def test_another_account_from_the_same_address_still_logs_in(
        self, alice: User, bob: User
    ) -> None:
        fail_until_locked(page_login, "alice")

        assert page_login("bob", PASSWORD).status_code == 302

    def test_the_same_account_from_another_address_still_logs_in(self, alice: User) -> None:
        fail_until_locked(page_login, "alice")

        assert page_login("alice", PASSWORD, ELSEWHERE).status_code == 302

    def test_logs_in_after_the_cool_off(self, alice: User, clock: time_machine.Traveller) -> None:
        fail_until_locked(page_login, "alice")
        clock.shift(settings.AXES_COOLOFF_TIME - dt.timedelta(seconds=1))
        assert page_login("alice", PASSWORD).status_code == 429

        clock.shift(dt.timedelta(seconds=2))

        assert page_login("alice", PASSWORD).status_code == 302

    def test_tries_during_the_lockout_do_not_extend_it(
        self, alice: User, clock: time_machine.Traveller
    ) -> None:
        fail_until_locked(page_login, "alice")
        clock.shift(dt.timedelta(minutes=10))
        response = page_login("alice", WRONG)
        assert int(response["Retry-After"]) == 5 * 60

        clock.shift(dt.timedelta(minutes=5, seconds=1))

        assert page_login("alice", PASSWORD).status_code == 302

    def test_a_successful_login_resets_the_count(self, alice: User) -> None:
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            page_login("alice", WRONG)
        assert page_login("alice", PASSWORD).status_code == 302

        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            assert page_login("alice", WRONG).status_code == 200
        assert page_login("alice", PASSWORD).status_code == 302


@pytest.mark.django_db
@pytest.mark.usefixtures("clock")
class TestTokenEndpoint:
    def test_refuses_the_right_password_after_the_limit_with_429(self, alice: User) -> None:
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            assert api_login("alice", WRONG).status_code == 401
        assert api_login("alice", WRONG).status_code == 429

        response = api_login("alice", PASSWORD)

        assert response.status_code == 429
        assert int(response["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()
        body = response.json()
        assert body["code"] == "too_many_attempts"
        assert body["errors"] == []
        assert "02/03/2026 15:15" in body["detail"]
        assert "token" not in body

    def test_another_account_and_another_address_still_get_tokens(
        self, alice: User, bob: User
    ) -> None:
        fail_until_locked(api_login, "alice")

        assert api_login("bob", PASSWORD).status_code == 200
        assert api_login("alice", PASSWORD, ELSEWHERE).status_code == 200

    def test_page_and_api_failures_count_together(self, alice: User) -> None:
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            page_login("alice", WRONG)

        assert api_login("alice", WRONG).status_code == 429

    def test_gets_a_token_after_the_cool_off(
        self, alice: User, clock: time_machine.Traveller
    ) -> None:
        fail_until_locked(api_login, "alice")
        clock.shift(settings.AXES_COOLOFF_TIME + dt.timedelta(seconds=1))

        assert api_login("alice", PASSWORD).status_code == 200

    def test_answers_in_english_when_asked(self, alice: User) -> None:
        fail_until_locked(api_login, "alice")
        client = Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR=OFFICE)

        response = client.post(
            TOKEN_URL, {"username": "alice", "password": PASSWORD}, content_type="application/json"
        )

        assert "You may try again after 02/03/2026 15:15" in response.json()["detail"]


@pytest.mark.django_db
@pytest.mark.usefixtures("clock")
class TestAudit:
    def test_a_lockout_is_recorded_once_without_the_password(self, alice: User) -> None:
        fail_until_locked(page_login, "alice")
        page_login("alice", PASSWORD)  # refused during the lockout: not a new one
        api_login("alice", WRONG)

        [entry] = lockouts()
        assert entry.actor_id is None
        assert entry.target_type == "people.user"
        assert entry.target_id == str(alice.pk)
        assert set(entry.changes) == {"username", "address", "until"}
        assert entry.changes["username"] == "alice"
        assert entry.changes["address"] == OFFICE
        until = dt.datetime.fromisoformat(entry.changes["until"])
        assert until == timezone.now() + settings.AXES_COOLOFF_TIME
        assert PASSWORD not in str(entry.changes)
        assert WRONG not in str(entry.changes)

    def test_an_unknown_name_is_recorded_without_a_target(self, db: None) -> None:
        fail_until_locked(api_login, "nobody")

        [entry] = lockouts()
        assert entry.target_id == ""
        assert entry.changes["username"] == "nobody"

    def test_a_new_lockout_after_the_cool_off_is_recorded_again(
        self, alice: User, clock: time_machine.Traveller
    ) -> None:
        fail_until_locked(page_login, "alice")
        clock.shift(settings.AXES_COOLOFF_TIME + dt.timedelta(seconds=1))
        fail_until_locked(page_login, "alice")

        assert len(lockouts()) == 2


class TestClientAddress:
    def request(self, forwarded: str | None = None) -> Any:
        request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2")
        if forwarded is not None:
            request.META["HTTP_X_FORWARDED_FOR"] = forwarded
        return request

    def test_is_the_remote_address_by_default_whatever_the_client_forwards(self) -> None:
        assert client_ip(self.request("1.2.3.4")) == "10.0.0.2"

    @override_settings(DANCHU_TRUSTED_PROXY_COUNT=1)
    def test_behind_one_proxy_is_what_the_proxy_appended(self) -> None:
        assert client_ip(self.request("6.6.6.6, 1.2.3.4")) == "1.2.3.4"

    @override_settings(DANCHU_TRUSTED_PROXY_COUNT=2)
    def test_behind_two_proxies_skips_the_inner_one(self) -> None:
        assert client_ip(self.request("6.6.6.6, 1.2.3.4, 10.0.0.9")) == "1.2.3.4"

    @override_settings(DANCHU_TRUSTED_PROXY_COUNT=1)
    def test_falls_back_to_the_remote_address_on_a_missing_or_bad_header(self) -> None:
        assert client_ip(self.request()) == "10.0.0.2"
        assert client_ip(self.request("not-an-address")) == "10.0.0.2"


@pytest.mark.django_db
def test_a_name_longer_than_any_account_is_refused_before_it_is_counted() -> None:
    """The lockout stores the name tried (axes: 255 characters; PostgreSQL refuses longer)."""
    response = api_login("x" * 300, WRONG)

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "credentials.username"

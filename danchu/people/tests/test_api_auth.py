"""The API's front door: tokens, bearer and session authentication, and the error bodies."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.utils import translation
from ninja.errors import HttpError

from config.api import api
from danchu.core.errors import DomainError, InvalidInput
from danchu.organizations.tests.factories import UnitFactory
from danchu.people.models import User
from danchu.people.tests.factories import UserFactory
from danchu.people.tokens import SALT, make_token

PASSWORD = "danchu-demo"  # UserFactory's
TOKEN_URL = "/api/v1/auth/token"
ME_URL = "/api/v1/me"


def api_client(token: str | None = None, language: str = "en") -> Client:
    headers = {"accept-language": language}
    if token is not None:
        headers["authorization"] = f"Bearer {token}"
    return Client(headers=headers)


def post_json(client: Client, url: str, body: Any) -> Any:
    return client.post(url, body, content_type="application/json")


def obtain(username: str, password: str = PASSWORD) -> Any:
    return post_json(api_client(), TOKEN_URL, {"username": username, "password": password})


@pytest.fixture
def user(member_of: Callable[..., User]) -> User:
    return member_of(UnitFactory.create(), "staff")


@pytest.mark.django_db
class TestObtainToken:
    def test_returns_a_token_for_good_credentials(self, user: User) -> None:
        response = obtain(user.username)

        assert response.status_code == 200
        assert set(response.json()) == {"token"}

    def test_refuses_a_wrong_password_with_401(self, user: User) -> None:
        response = obtain(user.username, "not-the-password")

        assert response.status_code == 401
        assert response.json() == {
            "detail": "Incorrect username or password.",
            "code": "invalid_credentials",
            "errors": [],
        }

    def test_refuses_an_unknown_user_with_401(self) -> None:
        assert obtain("nobody").status_code == 401

    def test_refuses_an_inactive_user(self, user: User) -> None:
        user.is_active = False
        user.save()

        assert obtain(user.username).status_code == 401

    def test_rejects_malformed_json_with_a_clear_422(self) -> None:
        response = api_client().post(TOKEN_URL, "{not json", content_type="application/json")

        assert response.status_code == 422
        body = response.json()
        assert body["detail"] == "The request body is not valid JSON."
        assert body["code"] == "malformed_body"

    def test_rejects_a_missing_field_with_422_naming_it(self) -> None:
        response = post_json(api_client(), TOKEN_URL, {"username": "someone"})

        assert response.status_code == 422
        body = response.json()
        assert body["code"] == "invalid"
        assert body["detail"].startswith("The request is not valid")
        assert [e["field"] for e in body["errors"]] == ["credentials.password"]
        assert body["errors"][0]["location"] == "body"

    def test_rejects_an_empty_body_with_422(self) -> None:
        response = api_client().post(TOKEN_URL, "", content_type="application/json")

        assert response.status_code == 422


@pytest.mark.django_db
class TestBearerToken:
    def test_token_authenticates_the_user(self, user: User) -> None:
        token = obtain(user.username).json()["token"]

        response = api_client(token).get(ME_URL)

        assert response.status_code == 200
        assert response.json()["username"] == user.username

    def test_no_credentials_give_401(self) -> None:
        response = api_client().get(ME_URL)

        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Bearer"
        body = response.json()
        assert body["code"] == "unauthenticated"
        assert body["detail"] == "Authentication required: log in or send a bearer token."

    def test_a_tampered_token_gives_401(self, user: User) -> None:
        token = make_token(user)
        tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")

        assert api_client(tampered).get(ME_URL).status_code == 401

    def test_a_token_for_another_user_id_cannot_be_forged(self, user: User) -> None:
        other = UserFactory.create()
        payload, _, rest = make_token(user).partition(":")
        forged_payload = signing.dumps({"u": other.pk}, salt=SALT).partition(":")[0]

        assert api_client(f"{forged_payload}:{rest}").get(ME_URL).status_code == 401
        assert payload != forged_payload

    def test_garbage_gives_401(self) -> None:
        assert api_client("garbage").get(ME_URL).status_code == 401

    def test_an_expired_token_gives_401(self, user: User, settings: Any) -> None:
        settings.API_TOKEN_MAX_AGE = 3600
        with time_machine.travel(dt.datetime(2025, 1, 1, tzinfo=dt.UTC), tick=False):
            token = make_token(user)
        with time_machine.travel(dt.datetime(2025, 1, 1, 0, 59, tzinfo=dt.UTC), tick=False):
            assert api_client(token).get(ME_URL).status_code == 200
        with time_machine.travel(dt.datetime(2025, 1, 1, 1, 1, tzinfo=dt.UTC), tick=False):
            assert api_client(token).get(ME_URL).status_code == 401

    def test_a_password_change_revokes_the_token(self, user: User) -> None:
        token = make_token(user)

        user.set_password("a-new-long-password")
        user.save()

        assert api_client(token).get(ME_URL).status_code == 401
        assert api_client(make_token(user)).get(ME_URL).status_code == 200

    def test_deactivating_the_user_revokes_the_token(self, user: User) -> None:
        token = make_token(user)

        user.is_active = False
        user.save()

        assert api_client(token).get(ME_URL).status_code == 401


@pytest.mark.django_db
class TestSessionAuth:
    def test_a_logged_in_browser_session_is_accepted(
        self, user: User, client_as: Callable[[User], Client]
    ) -> None:
        response = client_as(user).get(ME_URL)

        assert response.status_code == 200
        assert response.json()["username"] == user.username

    def test_an_inactive_users_session_is_refused(
        self, user: User, client_as: Callable[[User], Client]
    ) -> None:
        client = client_as(user)
        user.is_active = False
        user.save()

        assert client.get(ME_URL).status_code == 401


@pytest.mark.django_db
class TestErrorLanguage:
    def test_english_when_asked(self) -> None:
        response = api_client(language="en").get(ME_URL)

        assert (
            response.json()["detail"] == "Authentication required: log in or send a bearer token."
        )

    def test_vietnamese_by_default(self) -> None:
        response = Client().get(ME_URL)

        assert response.status_code == 401
        assert response["Content-Language"] == "vi"
        assert response.json()["detail"]

    def test_not_found_has_the_same_shape(self, user: User) -> None:
        response = api_client(make_token(user)).get("/api/v1/units/999999")

        assert response.status_code == 404
        assert response.json() == {"detail": "Not found.", "code": "not_found", "errors": []}


class TestErrorMapping:
    """Exceptions raised by services and queries become the one error body."""

    def answer(self, exc: Exception) -> Any:
        with translation.override("en"):
            response = api.on_exception(RequestFactory().get("/api/v1/me"), exc)
        return response.status_code, json.loads(response.content)

    def test_a_domain_error_is_409_with_its_code(self) -> None:
        assert self.answer(DomainError("Already closed.")) == (
            409,
            {"detail": "Already closed.", "code": "conflict", "errors": []},
        )

    def test_invalid_input_is_422_with_its_field_errors(self) -> None:
        errors: list[dict[str, object]] = [{"field": "name", "messages": ["Required."]}]

        status, body = self.answer(InvalidInput("Name: required.", errors=errors))

        assert (status, body["code"], body["errors"]) == (422, "invalid", errors)

    def test_permission_denied_is_403(self) -> None:
        status, body = self.answer(PermissionDenied())

        assert (status, body["code"]) == (403, "forbidden")
        assert body["detail"] == "You do not have permission to do this."

    def test_a_failed_csrf_check_says_how_to_pass_it(self) -> None:
        status, body = self.answer(HttpError(403, "CSRF check Failed"))

        assert (status, body["code"]) == (403, "csrf_failed")
        assert "X-CSRFToken" in body["detail"]

"""What the disclosures API tests share: a small unit tree with one user per role, a client per
user, and items published through the service (this module holds no tests)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client

from danchu.disclosures import services
from danchu.disclosures.models import Category, Disclosure
from danchu.organizations.models import Unit
from danchu.people.models import User

# The shared world (fixtures `world`, `frozen` in the root conftest.py).
from danchu.people.tests.world import BASE, World, make_world  # noqa: F401
from danchu.people.tokens import make_token

URL = "/api/v1/disclosures"
PDF = b"%PDF-1.4\n% a tiny test file\n"

Member = Callable[..., User]


def publish(head: User, unit: Unit, **fields: Any) -> Disclosure:
    """An item published through the service, as the API would."""
    values: dict[str, Any] = {
        "category": Category.WORK_PLAN,
        "title": "Kế hoạch công tác năm 2025",
        "body": "Nội dung kế hoạch.",
        **fields,
    }
    return services.publish_disclosure(actor=head, unit=unit, **values)


def client_for(user: User | None) -> Client:
    """A client sending the user's bearer token (none for an anonymous caller)."""
    headers = {"accept-language": "en"}
    if user is not None:
        headers["authorization"] = f"Bearer {make_token(user)}"
    return Client(headers=headers)


def post_json(user: User | None, url: str, body: Any = None) -> Any:
    return client_for(user).post(url, {} if body is None else body, content_type="application/json")


def get(user: User | None, url: str, **params: Any) -> Any:
    return client_for(user).get(url, params)


def new_item(unit: Unit, **fields: Any) -> dict[str, Any]:
    """A valid body for POST /api/v1/disclosures."""
    return {
        "unit_id": unit.pk,
        "category": "budget_finance",
        "title": "Quyết toán ngân sách năm 2024",
        "body": "Tổng thu: 1.200 triệu đồng.",
        **fields,
    }

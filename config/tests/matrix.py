"""The requests of the permission matrix (test_permission_matrix.py): who asks, how, and what
counts as a change of state. This module holds no tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.test import Client

from config.tests.permission_rules import MULTIPART
from config.tests.populated import Populated
from config.tests.url_walk import Route
from danchu.audit.models import Entry
from danchu.consultations.models import (
    Consultation,
    DraftVersion,
    Opinion,
    ParagraphStance,
    Provision,
    Regulation,
    Synthesis,
    UnionOpinion,
)
from danchu.disclosures.models import (
    Acknowledgement,
    Disclosure,
    InformationRequest,
    Question,
)
from danchu.people.models import Person, User
from danchu.people.tokens import make_token

# The roles of the matrix, as the demo accounts have them (danchu/demo/accounts.py): the agency's
# head, staff and union chair, the supervisor above it, a citizen (a person in no unit), an
# account without a person, and nobody logged in.
ROLES = ("head", "staff", "union", "supervisor", "citizen", "bare", "anonymous")


@dataclass
class Answer:
    status: int
    location: str

    @property
    def to_login(self) -> bool:
        return self.status == 302 and "/login/" in self.location

    def refused(self, route: Route) -> bool:
        """Refused by a permission check (or for the method): the only answers a role that may
        not do something gets. Logging out ends on the login page by design."""
        return self.status in {401, 403, 404, 405} or (self.to_login and route.name != "logout")


class Caller:
    """One role's session (pages) and bearer token (API)."""

    def __init__(self, user: User | None) -> None:
        self.user = user
        self.client = Client(HTTP_ACCEPT_LANGUAGE="vi", raise_request_exception=False)
        self.token = ""
        if user is not None:
            self.client.force_login(user)
            self.token = make_token(user)

    def send(self, method: str, route: Route, path: str, body: dict[str, Any]) -> Answer:
        headers = {"authorization": f"Bearer {self.token}"} if route.is_api and self.token else {}
        if method == "GET":
            response = self.client.get(path, headers=headers)
        elif route.name == "logout":  # a throwaway session: the caller stays logged in
            response = Caller(self.user).client.post(path)
        elif route.is_api and route.name not in MULTIPART:
            response = self.client.post(path, body, "application/json", headers=headers)
        else:
            response = self.client.post(path, body, headers=headers)
        return Answer(response.status_code, response.get("Location", ""))


def callers(populated: Populated) -> dict[str, Caller]:
    own, world = populated.own, populated.world
    users: dict[str, User | None] = {
        "head": own.head, "staff": own.staff, "union": own.union, "supervisor": world.supervisor,
        "citizen": populated.citizen, "bare": populated.bare, "anonymous": None,
    }  # fmt: skip
    return {role: Caller(users[role]) for role in ROLES}


# What a refused request must leave as it was: the audit ledger and every record a write makes.
_COUNTED: tuple[type[Model], ...] = (
    Entry, Disclosure, Acknowledgement, Question, InformationRequest, Consultation, DraftVersion,
    Opinion, ParagraphStance, UnionOpinion, Synthesis, Regulation, Provision, Person, User,
)  # fmt: skip


def state() -> tuple[Any, ...]:
    """A fingerprint of everything a write changes: row counts, answered questions and requests,
    consultation and disclosure states."""
    counts = tuple(model._default_manager.count() for model in _COUNTED)
    answered = (
        Question.objects.exclude(answer="").count(),
        InformationRequest.objects.exclude(answer="").count(),
        Opinion.objects.exclude(decision="").count(),
    )
    phases = tuple(Consultation.objects.order_by("pk").values_list("status", flat=True))
    statuses = tuple(Disclosure.objects.order_by("pk").values_list("status", flat=True))
    return counts + answered + phases + statuses

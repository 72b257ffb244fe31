"""The permission matrix (issue 11, quality): every URL pattern of the site, the API and the admin
site, with its ids taken from the agency's own records and from another agency's, requested by
GET and by POST (with a body that passes validation) as each role of the demo: the head, staff
and union chair of the agency, the supervisor above it, a citizen, an account without a person,
and nobody. The expected answers are the table in permission_rules.py; a refused request must
change nothing. Each POST runs in a savepoint rolled back afterwards, so every request meets the
same world (config/tests/populated.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from config.tests.matrix import ROLES, Caller, callers, state
from config.tests.permission_rules import BODIES, BY_LINK, QUERIES, SIDED, Unlisted, allowed
from config.tests.populated import Populated, Side, populate
from config.tests.url_walk import Route, Unfillable, fill, routes

pytestmark = pytest.mark.django_db


def test_every_route_answers_each_role_as_the_rules_say(
    world, member_of, frozen, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    populated = populate(world, member_of)
    matrix = Matrix(populated)
    before = state()
    for route in _distinct(routes()):
        matrix.walk(route)
    assert not matrix.problems, f"{len(matrix.problems)} of {matrix.sent} requests:\n" + "\n".join(
        matrix.problems
    )
    assert state() == before  # no GET wrote anything (the POSTs were rolled back)
    assert matrix.sent > 2000  # the whole site was walked, not a part of it


def _distinct(found: list[Route]) -> list[Route]:
    """One row per path: the API's list and create share one (named after the first)."""
    seen: dict[str, Route] = {}
    for route in found:
        seen.setdefault(route.route, route)
    return list(seen.values())


class Matrix:
    def __init__(self, populated: Populated) -> None:
        self.populated = populated
        self.callers: dict[str, Caller] = callers(populated)
        self.problems: list[str] = []
        self.sent = 0

    def walk(self, route: Route) -> None:
        own, other = self.populated.own, self.populated.other
        sided = route.params or route.name in SIDED
        for side, label in [(own, "own"), (other, "other")] if sided else [(own, "own")]:
            try:
                path = fill(route, side)
            except Unfillable as error:
                self.problems.append(f"{route.route}: cannot fill it ({error})")
                return
            path += QUERIES[route.name](side) if route.name in QUERIES else ""
            for method in ("GET", "POST") if not route.is_admin else ("GET",):
                if route.params or route.name in QUERIES or method == "POST" or label == "own":
                    self._row(route, side, label, path, method)

    def _row(self, route: Route, side: Side, label: str, path: str, method: str) -> None:
        try:
            may = allowed(route.name, method, admin=route.is_admin)
        except Unlisted:
            self.problems.append(f"{method} {route.name}: not in permission_rules.ALLOWED")
            return
        if label == "other" and route.name not in BY_LINK:
            may = frozenset()  # nobody in the matrix works in the other agency or above it
        body = BODIES[route.name](side) if method == "POST" and route.name in BODIES else {}
        for role in ROLES:
            self._check(route, method, path, body, role, expected=role in may, label=label)

    def _check(self, route: Route, method: str, path: str, body: dict[str, Any], role: str,
               *, expected: bool, label: str) -> None:  # fmt: skip
        where = f"{method} {path} ({route.name}, {label}) as {role}"
        with transaction.atomic():
            before = state() if method == "POST" and not expected else None
            answer = self.callers[role].send(method, route, path, _fresh(body))
            changed = before is not None and state() != before
            transaction.set_rollback(True)
        self.sent += 1
        if answer.status >= 500:
            self.problems.append(f"{where}: server error {answer.status}")
        elif expected and answer.refused(route):
            self.problems.append(f"{where}: refused ({answer.status} {answer.location}), may")
        elif not expected and not answer.refused(route):
            self.problems.append(f"{where}: answered {answer.status}, must be refused")
        if changed:
            self.problems.append(f"{where}: a refused request changed the data")


def _fresh(body: dict[str, Any]) -> dict[str, Any]:
    """The body again, its uploaded files rewound (a file is read by each request)."""
    for value in body.values():
        if hasattr(value, "seek"):
            value.seek(0)
    return body

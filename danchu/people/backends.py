"""Password login, loading the signed-in user together with their person and unit."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from danchu.core.cached_reads import cached_read, expect_person, expect_user
from danchu.people.models import User
from danchu.people.permissions import IDENTITY, account_of


class PeopleBackend(ModelBackend):
    """Django's model backend; every page asks for `user.person.unit` (scopes, inbox, menus),
    so the user comes with both, from the cache until any user, person, role or unit changes
    (a new password or a deactivation included)."""

    def get_user(self, user_id: Any) -> User | None:
        expect_user(user_id)
        user = load_user(user_id)
        if user is not None:
            expect_person(user.person_id)
        return user if user is not None and self.user_can_authenticate(user) else None


@cached_read(*IDENTITY, keys=account_of)
def load_user(user_id: Any) -> User | None:
    """The user with their person and unit."""
    return User.objects.select_related("person__unit").filter(pk=user_id).first()


def signed_in(request: HttpRequest) -> User:
    """The signed-in user of a page behind `login_required` (a write service needs a real
    account, not an anonymous visitor)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user

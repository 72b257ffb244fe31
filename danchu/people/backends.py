"""Password login, loading the signed-in user together with their person and unit."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from danchu.people.models import User


class PeopleBackend(ModelBackend):
    """Django's model backend; every page asks for `user.person.unit` (scopes, inbox, menus),
    so the user comes with both in one query instead of three."""

    def get_user(self, user_id: Any) -> User | None:
        user = User.objects.select_related("person__unit").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

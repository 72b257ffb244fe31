from typing import Any

from django.http import HttpRequest

from danchu.people.permissions import is_superuser, scopes_of


def reach(request: HttpRequest) -> dict[str, Any]:
    """`has_reach`: whether the user has any unit to navigate (evaluated only when asked)."""
    user = getattr(request, "user", None)
    return {"has_reach": lambda: bool(user and (is_superuser(user) or scopes_of(user)))}

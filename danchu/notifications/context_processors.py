from collections.abc import Callable
from functools import cache
from typing import Any

from django.http import HttpRequest

from danchu.notifications import queries


def unread(request: HttpRequest) -> dict[str, Callable[[], int]]:
    """`unread_notifications`: counted only when a template shows it (one query)."""
    user: Any = getattr(request, "user", None)
    # The header shows it twice (inline and in the phone menu): counted once per request.
    return {"unread_notifications": cache(lambda: queries.unread_count(user) if user else 0)}

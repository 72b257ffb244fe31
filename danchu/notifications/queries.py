"""Reads of a user's own notices (nobody sees anyone else's)."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet

from danchu.notifications.models import Notification


def notices_of(user: Any) -> QuerySet[Notification]:
    """The user's notices, newest first."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


# Every page shows the count, so it is cached; the services forget it when it changes.
UNREAD_TTL = 60


def unread_key(user_id: Any) -> str:
    return f"notifications:unread:{user_id}"


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    key = unread_key(user.pk)
    count: int | None = cache.get(key)
    if count is None:
        count = notices_of(user).filter(read_at__isnull=True).count()
        cache.set(key, count, UNREAD_TTL)
    return count

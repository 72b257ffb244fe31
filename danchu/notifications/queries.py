"""Reads of a user's own notices (nobody sees anyone else's)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from danchu.notifications.models import Notification


def notices_of(user: Any) -> QuerySet[Notification]:
    """The user's notices, newest first."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def unread_count(user: Any) -> int:
    return notices_of(user).filter(read_at__isnull=True).count()

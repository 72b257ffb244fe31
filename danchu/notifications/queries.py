"""Reads of a user's own notices (nobody sees anyone else's)."""

from __future__ import annotations

from django.db.models import QuerySet

from danchu.core.cached_reads import cached_read
from danchu.notifications.models import DigestPreference, Notification
from danchu.people.models import AnyUser, User


def notices_of(user: AnyUser) -> QuerySet[Notification]:
    """The user's notices, newest first."""
    if not isinstance(user, User):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def unread_count(user: AnyUser) -> int:
    """Every page shows it, so it is cached until one of the user's notices changes."""
    if not isinstance(user, User):
        return 0
    return unread_count_of(user.pk)


@cached_read("notices", keys=lambda user_id: {"notices": [user_id]})
def unread_count_of(user_id: int) -> int:
    return Notification.objects.filter(recipient_id=user_id, read_at__isnull=True).count()


def digest_on(user: User) -> bool:
    """Whether the person gets the daily e-mail digest (on unless they turned it off)."""
    preference = DigestPreference.objects.filter(user=user).first()
    return preference is None or preference.daily_digest

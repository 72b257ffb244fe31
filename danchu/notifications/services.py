"""Send notices: one row per recipient, the e-mail copies queued after commit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from danchu.notifications import tasks
from danchu.notifications.models import Notification
from danchu.notifications.queries import unread_key


def notify(*, recipients: Iterable[Any], kind: str, message: str, url: str = "") -> int:
    """Notify users in-app and by e-mail; returns how many were notified."""
    notices = Notification.objects.bulk_create(
        [Notification(recipient=user, kind=kind, message=message, url=url) for user in recipients]
    )
    ids = [notice.pk for notice in notices]
    _forget_counts({notice.recipient_id for notice in notices})
    transaction.on_commit(lambda: [tasks.send_notification_email.enqueue(pk) for pk in ids])
    return len(ids)


def _forget_counts(user_ids: Iterable[Any]) -> None:
    """Drop the cached unread counts now and again at commit (a reader in between may have
    cached the old count)."""
    keys = [unread_key(pk) for pk in user_ids]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def mark_read(*, recipient: Any, notices: Iterable[Notification] | None = None) -> int:
    """Mark the recipient's unread notices (all, or those in `notices`) as read."""
    own = Notification.objects.filter(recipient=recipient, read_at__isnull=True)
    if notices is not None:
        own = own.filter(pk__in=[notice.pk for notice in notices])
    changed = own.update(read_at=timezone.now())
    if changed:
        _forget_counts([recipient.pk])
    return changed

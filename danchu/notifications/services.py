"""Send notices: one row per recipient, the e-mail copies queued after commit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from danchu.notifications import tasks
from danchu.notifications.models import Notification


def notify(*, recipients: Iterable[Any], kind: str, message: str, url: str = "") -> int:
    """Notify users in-app and by e-mail; returns how many were notified."""
    notices = Notification.objects.bulk_create(
        [Notification(recipient=user, kind=kind, message=message, url=url) for user in recipients]
    )
    ids = [notice.pk for notice in notices]
    transaction.on_commit(lambda: [tasks.send_notification_email.enqueue(pk) for pk in ids])
    return len(ids)


def mark_read(*, recipient: Any, notices: Iterable[Notification] | None = None) -> int:
    """Mark the recipient's unread notices (all, or those in `notices`) as read."""
    own = Notification.objects.filter(recipient=recipient, read_at__isnull=True)
    if notices is not None:
        own = own.filter(pk__in=[notice.pk for notice in notices])
    return own.update(read_at=timezone.now())

"""Send notices: one row per recipient in one bulk insert; the e-mail copies of the notices that
go by e-mail at once are queued after commit, the others wait for the daily digest."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from danchu.notifications import messages, tasks
from danchu.notifications.models import DigestPreference, Notification


def notify(
    *,
    recipients: Iterable[Any],
    code: str,
    params: dict[str, Any] | None = None,
    url: str = "",
    about: str = "",
) -> int:
    """Notify users in-app (and by e-mail, at once or in the digest); returns how many."""
    if code not in messages.MESSAGES:
        raise ValueError(f"unknown notice code {code!r}: add it to notifications/messages.py")
    params = params or {}
    notices = Notification.objects.bulk_create(
        [
            Notification(recipient=user, kind=code, code=code, params=params, url=url, about=about)
            for user in recipients
        ]
    )
    ids = [notice.pk for notice in notices]
    if ids and messages.is_immediate(code):
        transaction.on_commit(lambda: [tasks.send_notification_email.enqueue(pk) for pk in ids])
    return len(ids)


def mark_read(*, recipient: Any, notices: Iterable[Notification] | None = None) -> int:
    """Mark the recipient's unread notices (all, or those in `notices`) as read."""
    own = Notification.objects.filter(recipient=recipient, read_at__isnull=True)
    if notices is not None:
        own = own.filter(pk__in=[notice.pk for notice in notices])
    return own.update(read_at=timezone.now())


def mark_read_about(*, about: Iterable[str], recipient: Any = None) -> int:
    """Mark the notices about these things read: the recipient's (when a person has acted on
    it), or everyone's (when it is no longer waiting for anyone: corrected, withdrawn)."""
    unread = Notification.objects.filter(about__in=list(about), read_at__isnull=True)
    if recipient is not None:
        unread = unread.filter(recipient=recipient)
    return unread.update(read_at=timezone.now())


def set_digest_preference(*, user: Any, daily_digest: bool) -> DigestPreference:
    """Turn the person's daily e-mail digest on or off."""
    preference, _created = DigestPreference.objects.update_or_create(
        user=user, defaults={"daily_digest": daily_digest}
    )
    return preference

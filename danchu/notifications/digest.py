"""The daily e-mail digest: each person's unread notices of the last day that were not e-mailed
at once (publications, corrections, consultations closed, syntheses), grouped, in the person's
language, once a day at most (`DigestSent`), unless the person turned it off."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import groupby
from typing import Any

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from danchu.core.links import site_url
from danchu.notifications.messages import IMMEDIATE, MESSAGES, language_of
from danchu.notifications.models import DigestPreference, DigestSent, Notification
from danchu.notifications.tasks import address_of

DIGEST_CODES = sorted(set(MESSAGES) - IMMEDIATE)
# The heading of each group in the e-mail, in the order shown.
GROUPS = {
    "disclosures.published": _("New disclosures to read"),
    "disclosures.corrected": _("Corrected disclosures"),
    "consultation.closed": _("Consultations closed"),
    "consultation.synthesis_published": _("Syntheses of opinions published"),
}


def send_daily_digests(*, now: dt.datetime | None = None) -> int:
    """E-mail today's digest to everyone who has one waiting; returns how many were sent.
    Running it again the same day sends nothing twice."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    sent = 0
    for user, notices in _waiting(now, day):
        if address_of(user) and _send_one(user, notices, day):
            sent += 1
    return sent


def _waiting(now: dt.datetime, day: dt.date) -> Iterator[tuple[Any, list[Notification]]]:
    off = DigestPreference.objects.filter(daily_digest=False).values("user_id")
    done = DigestSent.objects.filter(day=day).values("user_id")
    notices = (
        Notification.objects.filter(
            read_at__isnull=True,
            emailed_at__isnull=True,
            created_at__gte=now - dt.timedelta(days=1),
            code__in=DIGEST_CODES,
        )
        .exclude(recipient_id__in=off)
        .exclude(recipient_id__in=done)
        .select_related("recipient__person")
        .order_by("recipient_id", "-created_at", "-pk")
    )
    for _user_id, rows in groupby(notices.iterator(chunk_size=500), key=lambda n: n.recipient_id):
        listed = list(rows)
        yield listed[0].recipient, listed


def _send_one(user: Any, notices: list[Notification], day: dt.date) -> bool:
    try:
        with transaction.atomic():
            DigestSent.objects.create(user=user, day=day, count=len(notices))
            Notification.objects.filter(pk__in=[n.pk for n in notices]).update(
                emailed_at=timezone.now()
            )
            subject, body = render_digest(user, notices)
            send_mail(subject, body, None, [address_of(user)], fail_silently=False)
    except IntegrityError:  # another run sent today's digest first
        return False
    return True


def render_digest(user: Any, notices: list[Notification]) -> tuple[str, str]:
    """The subject and text of a digest, in the person's language."""
    with translation.override(language_of(user)):
        groups = []
        for code, heading in GROUPS.items():
            rows = [n for n in notices if n.code == code]
            if rows:
                lines = [{"text": n.text, "link": site_url(n.url) if n.url else ""} for n in rows]
                groups.append({"heading": str(heading), "notices": lines})
        subject = ngettext(
            "%(count)s new notice waiting for you",
            "%(count)s new notices waiting for you",
            len(notices),
        ) % {"count": len(notices)}
        context = {
            "groups": groups,
            "list_url": site_url(reverse("notification_list")),
            "settings_url": site_url(reverse("notification_settings")),
        }
        body = render_to_string("notifications/digest_email.txt", context)
    return subject, body

"""Telling an item's audience that it is out: at publication, or, for an item scheduled for
later, when its time comes (`announce_scheduled`, run by the scheduler every few minutes); and
retiring the notices of items whose posting period has ended (`retire_ended`)."""

from __future__ import annotations

import datetime as dt

from django.db.models import CharField, Exists, F, OuterRef, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone

from danchu.disclosures.models import Disclosure, Status
from danchu.disclosures.queries.rates import audience_users
from danchu.notifications.models import Notification
from danchu.notifications.services import mark_read_about, notify

# A scheduled item is announced if it came out within this window: a scheduler stopped for
# longer does not flood people with old news.
CATCH_UP = dt.timedelta(days=2)


def about(disclosure: Disclosure | int) -> str:
    """The key of the notices about an item (`Notification.about`)."""
    return f"disclosure:{getattr(disclosure, 'pk', disclosure)}"


def notify_audience(disclosure: Disclosure, *, but: int | None, corrected: bool) -> int:
    """One notice per account of the audience (the person `but` left out), in one bulk insert."""
    return notify(
        recipients=audience_users(disclosure, but=but),
        code="disclosures.corrected" if corrected else "disclosures.published",
        params={"title": disclosure.title[:200]},
        url=reverse("disclosure_detail", args=[disclosure.pk]),
        about=about(disclosure),
    )


def announce_scheduled(*, now: dt.datetime | None = None) -> int:
    """Announce the scheduled items whose time has come and that nobody was told of yet;
    returns how many items. Running it again announces nothing twice."""
    now = now or timezone.now()
    told = Notification.objects.filter(about=_about_of(OuterRef("pk")))
    due = (
        Disclosure.objects.filter(
            status=Status.PUBLISHED,
            publish_at__lte=now,
            publish_at__gte=now - CATCH_UP,
            publish_at__gt=F("created_at") + dt.timedelta(minutes=1),  # it was scheduled
        )
        .select_related("created_by")
        .annotate(told=Exists(told))
        .filter(told=False)
    )
    count = 0
    for disclosure in due:
        author = disclosure.created_by.person_id if disclosure.created_by else None
        notify_audience(disclosure, but=author, corrected=disclosure.version > 1)
        count += 1
    return count


def retire_ended(*, today: dt.date | None = None) -> int:
    """Mark read the notices about items whose posting period has ended: the inbox no longer
    lists them as waiting, so neither does the bell. Returns how many notices."""
    today = today or timezone.localdate()
    ended = Disclosure.objects.filter(
        visible_until__lt=today, visible_until__gte=today - CATCH_UP
    ).values_list("pk", flat=True)
    return mark_read_about(about=[about(pk) for pk in ended])


def _about_of(pk: OuterRef) -> Concat:
    return Concat(Value("disclosure:"), Cast(pk, output_field=CharField()))

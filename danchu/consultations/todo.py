"""What a user's consultations wait for, counted for their home page (danchu.home): opinions to
give, to answer, consultations ending or ended without a synthesis, drafts for the union."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from danchu.consultations.models import Consultation, DraftVersion, Opinion, Status, UnionOpinion
from danchu.consultations.queries import shown
from danchu.people.models import AnyUser
from danchu.people.permissions import Action, unit_filter


def _taking_opinions(now: dt.datetime) -> Q:
    """Open by the clock (`Consultation.phase` is "open")."""
    return Q(status__in=[Status.PLANNED, Status.OPEN], opens_at__lte=now, closes_at__gt=now)


def _ended(now: dt.datetime) -> Q:
    """Closed, by the head or by the clock (`Consultation.phase` is "closed")."""
    clock = Q(status__in=[Status.PLANNED, Status.OPEN], closes_at__lte=now)
    return Q(status=Status.CLOSED) | clock


def awaiting_opinion_of(user: AnyUser) -> list[int]:
    """Open consultations the user is consulted on (`permissions.is_consulted`) and has given no
    opinion in their own name on yet, closing soonest first."""
    person = getattr(user, "person", None)
    if person is None or person.unit_id is None:
        return []
    now = timezone.now()
    paths = [*person.unit.ancestor_paths(), person.unit.path]
    audience = Consultation.audience_units.through.objects.filter(consultation=OuterRef("pk"))
    consulted = ~Exists(audience) | Exists(audience.filter(unit__path__in=paths))
    given = Opinion.objects.filter(consultation=OuterRef("pk"), author_id=person.pk)
    waiting = Consultation.objects.filter(_taking_opinions(now), consulted, unit__path__in=paths)
    waiting = waiting.exclude(Exists(given)).order_by("closes_at", "pk")
    return list(waiting.values_list("pk", flat=True))


def _managed(user: AnyUser) -> QuerySet[Consultation]:
    managing = unit_filter(user, Action.MANAGE_CONSULTATIONS, prefix="unit__")
    return Consultation.objects.filter(managing)


def opinions_to_answer(user: AnyUser) -> dict[int, int]:
    """Art. 55.1: opinions the head has not answered yet, per consultation the user manages
    that has closed (answers are given after closing), as the answers page lists them."""
    ended = _managed(user).filter(_ended(timezone.now()))
    opinions = shown(Opinion.objects.filter(consultation__in=ended, decision=""))
    rows = opinions.values_list("consultation_id").annotate(n=Count("pk")).order_by()
    return dict(rows)


def ending_by(user: AnyUser, until: dt.datetime) -> list[int]:
    """Consultations the user manages that still take opinions and close before `until`."""
    now = timezone.now()
    ending = _managed(user).filter(_taking_opinions(now), closes_at__lte=until)
    return list(ending.order_by("closes_at", "pk").values_list("pk", flat=True))


def ended_without_synthesis(user: AnyUser) -> list[int]:
    """Consultations the user manages that have closed and whose synthesis is not published."""
    ended = _managed(user).filter(_ended(timezone.now()))
    return list(ended.order_by("closes_at", "pk").values_list("pk", flat=True))


def awaiting_union(user: AnyUser) -> list[int]:
    """Consultations of the units the user speaks for the union in, not finished, with no union
    opinion (art. 55.2) on their current version: the union's to-do."""
    speaking = unit_filter(user, Action.SPEAK_FOR_UNION, prefix="unit__")
    latest = DraftVersion.objects.filter(consultation=OuterRef("pk")).order_by("-number")
    current = Subquery(latest.values("pk")[:1])
    given = UnionOpinion.objects.filter(consultation=OuterRef("pk"), version_id=OuterRef("current"))
    waiting = Consultation.objects.filter(
        speaking, status__in=[Status.UNION_PREVIEW, Status.PLANNED, Status.OPEN, Status.CLOSED]
    )
    waiting = waiting.annotate(current=current).exclude(Exists(given))
    return list(waiting.order_by("closes_at", "pk").values_list("pk", flat=True))

"""What the home page counts of disclosures (danchu.home): what each reader or publisher has
waiting. Every read is scoped as the lists it links to are: the inbox, the unit's register, the
list of information requests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from danchu.disclosures.models import Disclosure, InformationRequest, Question, Status
from danchu.disclosures.queries import inbox, publishable_units
from danchu.organizations.models import PATH_END, Unit
from danchu.people.models import AnyUser
from danchu.people.permissions import Action, unit_filter


def unread_count(user: AnyUser) -> int:
    """Current items of the reader's inbox they have not acknowledged (the inbox's own counts)."""
    if getattr(user, "person_id", None) is None:
        return 0
    return inbox(user).unread_count()


@dataclass(frozen=True)
class Answered:
    """Answers to what the person asked, newest first: ids of the items whose questions were
    answered, and of the information requests answered."""

    question_items: list[tuple[int, str]]  # (item id, item title), one per item
    requests: list[int]


def answered_since(user: AnyUser, since: dt.datetime) -> Answered:
    """The person's own questions and information requests answered since `since`."""
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return Answered([], [])
    questions = (
        Question.objects.filter(asked_by_id=person_id, answered_at__gte=since)
        .order_by("-answered_at")
        .values_list("disclosure_id", "disclosure__title")
    )
    items = list(dict.fromkeys(questions))
    requests = InformationRequest.objects.filter(requested_by_id=person_id, answered_at__gte=since)
    return Answered(items, list(requests.order_by("-answered_at").values_list("pk", flat=True)))


@dataclass(frozen=True)
class Scheduled:
    """A publisher's items not out yet, and those of them that will come out after their
    art. 47.2 due date."""

    units: list[int]  # the unit of each item, soonest first
    late: int


def scheduled(user: AnyUser) -> Scheduled:
    """Items of the units the user publishes for that are scheduled, not yet published."""
    units = [unit.pk for unit in publishable_units(user)]
    if not units:
        return Scheduled([], 0)
    rows = (
        Disclosure.objects.filter(
            unit_id__in=units, status=Status.PUBLISHED, publish_at__gt=timezone.now()
        )
        .order_by("publish_at", "pk")
        .values_list("unit_id", "publish_at", "due_on")
    )
    late = 0
    found: list[int] = []
    for unit_id, publish_at, due_on in rows:
        found.append(unit_id)
        late += due_on is not None and timezone.localdate(publish_at) > due_on
    return Scheduled(found, late)


@dataclass(frozen=True)
class ToAnswer:
    """Unanswered information requests addressed to the units the user answers for."""

    ids: list[int]  # the most urgent first
    overdue: int


def requests_to_answer(user: AnyUser, *, today: dt.date) -> ToAnswer:
    """Art. 48.4: the requests the user's units must answer, with how many are overdue."""
    if getattr(user, "is_superuser", False):
        return ToAnswer([], 0)  # answers come from the unit's publishers, not the platform
    waiting = InformationRequest.objects.filter(
        unit_filter(user, Action.PUBLISH_DISCLOSURES, prefix="unit__"), answered_at__isnull=True
    )
    rows = list(waiting.order_by("due_on", "pk").values_list("pk", "due_on"))
    return ToAnswer([pk for pk, _ in rows], sum(today > due for _, due in rows))


def unit_figures(units: list[Unit], *, today: dt.date) -> dict[int, dict[str, int]]:
    """For each unit (its whole subtree): items published this year, how many of them late, and
    information requests overdue. Two grouped queries whatever the number of units."""
    figures = {unit.pk: {"published": 0, "late": 0, "overdue": 0} for unit in units}
    if not units:
        return figures
    in_units = Q()
    for unit in units:
        in_units |= Q(unit__path__gte=unit.path, unit__path__lt=unit.path + PATH_END)
    start = timezone.make_aware(dt.datetime(today.year, 1, 1))
    items = (
        Disclosure.objects.filter(in_units, publish_at__gte=start, publish_at__lte=timezone.now())
        .exclude(status=Status.WITHDRAWN)
        .filter(version=1)  # a correction is not a new item
        .values_list("unit__path")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(is_late=True)))
        .order_by()
    )
    overdue = (
        InformationRequest.objects.filter(in_units, answered_at__isnull=True, due_on__lt=today)
        .values_list("unit__path")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for path, n, late in items:
        for unit in _above(path, units):
            figures[unit.pk]["published"] += n
            figures[unit.pk]["late"] += late
    for path, n in overdue:
        for unit in _above(path, units):
            figures[unit.pk]["overdue"] += n
    return figures


def _above(path: str, units: list[Unit]) -> list[Unit]:
    return [unit for unit in units if path.startswith(unit.path)]

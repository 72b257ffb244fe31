"""Who an item addresses and who has read it: audiences, acknowledgement reports and the read
rates of a register page, in a fixed number of queries whatever the page size."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from danchu.core.cached_reads import EVERY_UNIT, UnitScope, cached_read
from danchu.disclosures.models import Acknowledgement, Disclosure, ReminderSend
from danchu.disclosures.queries import PUBLISHED
from danchu.organizations.models import PATH_END, PATH_STEP, Unit
from danchu.people.models import Person, User
from danchu.people.queries import attach_counts


def audience_people(disclosure: Disclosure) -> QuerySet[Person]:
    """Everyone working in the audience: the chosen sub-units, or the whole unit."""
    return planned_audience(disclosure.unit, list(disclosure.audience_units.all()))


def planned_audience(unit: Unit, chosen: list[Unit]) -> QuerySet[Person]:
    """Everyone an item of `unit` for the `chosen` sub-units (none: the whole unit) addresses;
    the check page counts them before publishing."""
    units = chosen or [unit]
    condition = Q(pk__in=[])
    for unit in units:
        condition |= Q(unit__path__gte=unit.path, unit__path__lt=unit.path + PATH_END)
    return Person.objects.filter(condition)


def audience_users(disclosure: Disclosure, *, but: int | None = None) -> QuerySet[User]:
    """The active accounts of the audience (the person `but` left out), in one query."""
    people = audience_people(disclosure).exclude(pk__in=[but] if but else [])
    return User.objects.filter(person__in=people.values("pk"), is_active=True)


def without_account(disclosure: Disclosure) -> list[Person]:
    """Audience members nobody can remind (no active account), in Vietnamese order of the
    given name."""
    accounts = User.objects.filter(person=OuterRef("pk"), is_active=True)
    people = audience_people(disclosure).exclude(Exists(accounts))
    return list(people.select_related("unit").order_by("sort_key", "pk"))  # given name first


def last_reminder(disclosure: Disclosure) -> ReminderSend | None:
    return disclosure.reminders.order_by("-sent_at", "-pk").first()


def audience_count(unit: Unit, chosen: list[Unit]) -> int:
    """How many people an item of `unit` for `chosen` (none: the whole unit) addresses."""
    return planned_audience(unit, chosen).count()


def reach(people: QuerySet[Person]) -> tuple[int, int]:
    """How many `people` there are, and how many of them the app can notify (an active account);
    the check and confirmation pages say both, so nobody is told a notice reaches everyone."""
    accounts = User.objects.filter(person=OuterRef("pk"), is_active=True)
    return people.count(), people.filter(Exists(accounts)).count()


def addressed_count(disclosure: Disclosure) -> int:
    """How many people a published item addresses."""
    return audience_people(disclosure).count()


def acknowledgement_report(disclosure: Disclosure) -> list[dict[str, Any]]:
    """Per sub-unit: who in the audience has and has not acknowledged, in Vietnamese order."""
    acked = Acknowledgement.objects.filter(disclosure=disclosure, person=OuterRef("pk"))
    people = (
        audience_people(disclosure)
        .select_related("unit")
        .annotate(acknowledged=Exists(acked))
        .order_by("unit__path", "sort_key", "pk")
    )
    groups: dict[int | None, dict[str, Any]] = {}
    for person in people:
        group = groups.setdefault(person.unit_id, {"unit": person.unit, "done": [], "pending": []})
        group["done" if person.acknowledged else "pending"].append(person)
    return list(groups.values())


def counts(disclosure: Disclosure) -> dict[str, int]:
    audience = audience_people(disclosure)
    return {
        "audience_count": audience.count(),
        "acknowledged_count": Acknowledgement.objects.filter(
            disclosure=disclosure, person__in=audience
        ).count(),
    }


def attach_rates(items: list[Disclosure]) -> list[Disclosure]:
    """Set `audience_count` and `acknowledged_count` on a page of items: a fixed number of
    queries whatever the page size."""
    # Who has read each item, by the unit they work in now: someone who left the audience no
    # longer counts (as in `counts`).
    ids = [item.pk for item in items]
    read_from: dict[int, list[tuple[str, int]]] = {}
    around = _around([item.unit for item in items])
    for item_id, path, n in _readers_by_unit(tuple(ids), around):
        read_from.setdefault(item_id, []).append((path, n))
    chosen: dict[int, list[Unit]] = {}
    for item_id, unit_id, path in _chosen_audiences(tuple(ids), around):
        chosen.setdefault(item_id, []).append(Unit(pk=unit_id, path=path))
    # No chosen sub-units: the whole unit. A sub-unit inside another chosen one adds no one.
    audiences = {d.pk: _outermost(chosen.get(d.pk) or [d.unit]) for d in items}
    # Items share units as distinct objects: count each unit once, then read the counts by id.
    units = {unit.pk: unit for group in audiences.values() for unit in group}
    staff = _staff_counts(list(units.values()), around)
    for item in items:
        item.audience_count = sum(staff[u.pk] for u in audiences[item.pk])  # type: ignore[attr-defined]
        item.acknowledged_count = sum(  # type: ignore[attr-defined]
            n
            for path, n in read_from.get(item.pk, [])
            if any(path.startswith(unit.path) for unit in audiences[item.pk])
        )
    return items


@cached_read(
    "staff",
    "units",
    "ackd",
    key=lambda item_ids, scope: (item_ids, scope),
    keys=lambda item_ids, scope: {"ackd": item_ids, "staff": scope},
)
def _readers_by_unit(item_ids: tuple[int, ...], scope: UnitScope) -> list[tuple[int, str, int]]:
    """(item, unit path, readers) of those who acknowledged the items and work in `scope` now
    (the audiences lie in it): cached until one of the items is acknowledged, someone joins,
    leaves or changes units in the scope, or units change."""
    acks = (
        Acknowledgement.objects.filter(disclosure__in=item_ids, person__unit__isnull=False)
        .filter(_people_in(scope))
        .values_list("disclosure", "person__unit__path")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return list(acks)


def _people_in(scope: UnitScope) -> Q:
    """People working in the units of `scope`."""
    condition = Q(person__unit__path__in=scope.paths)
    for path in scope.subtrees:
        condition |= Q(person__unit__path__gte=path, person__unit__path__lt=path + PATH_END)
    return condition


def _around(units: list[Unit]) -> UnitScope:
    """The subtree of the nearest unit above (or among) `units`: a register's rows lie in its
    unit's subtree, so their reads share the token the page has already read."""
    if not units:
        return EVERY_UNIT
    first, last = min(unit.path for unit in units), max(unit.path for unit in units)
    # `first` sorts first: where it is a prefix of `last`, it is all in common.
    pairs = enumerate(zip(first, last, strict=False))
    same = next((i for i, (a, b) in pairs if a != b), len(first))
    return UnitScope(subtrees=(first[: same - same % PATH_STEP],))


@cached_read(
    *PUBLISHED,
    "units",
    key=lambda item_ids, scope: item_ids,
    keys=lambda item_ids, scope: {"disclosures": scope},
)
def _chosen_audiences(item_ids: tuple[int, ...], scope: UnitScope) -> list[tuple[int, int, str]]:
    """(item, unit, unit path) of each sub-unit chosen as an audience of the items (all of
    units in `scope`), cached until an item or audience of the scope changes."""
    audience = Disclosure.audience_units.through.objects.filter(disclosure__in=item_ids)
    return list(audience.values_list("disclosure_id", "unit_id", "unit__path"))


def _staff_counts(units: list[Unit], scope: UnitScope) -> dict[int, int]:
    """Staff counts of `units`, all of them in `scope` (the page's)."""
    return _read_staff_counts(sorted(units, key=lambda unit: unit.pk), scope)


@cached_read(
    "staff",
    "units",
    key=lambda units, scope: ([unit.pk for unit in units], scope),
    keys=lambda units, scope: {"staff": scope},
)
def _read_staff_counts(units: list[Unit], scope: UnitScope) -> dict[int, int]:
    """Everyone working in each unit's subtree, by unit id; the units lie in `scope` (cached
    until someone joins, leaves or changes units in the scope, or units change)."""
    attach_counts(units, party=False)
    return {unit.pk: unit.staff_count for unit in units}  # type: ignore[attr-defined]


def _outermost(units: list[Unit]) -> list[Unit]:
    return [u for u in units if not any(o.path != u.path and u.is_within(o) for o in units)]

# ruff: noqa: E402  (rates and the one-item reads are imported last: they read through the scopes here)
"""Reads scoped to what the viewer may see; what is not visible is absent (404)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from danchu.core.cached_reads import EVERY_UNIT, UnitScope, cached_read
from danchu.core.pagination import Counted
from danchu.core.queries import search_folded
from danchu.disclosures.models import (
    Acknowledgement,
    Disclosure,
    InformationRequest,
    Status,
)
from danchu.disclosures.ordering import UnreadFirst
from danchu.organizations.models import PATH_END, Unit
from danchu.people.models import AnyUser, Role, RoleAssignment, User
from danchu.people.permissions import (
    IDENTITY,
    Action,
    account_of,
    can,
    is_superuser,
    reach_roots,
    unit_filter,
)
from danchu.people.queries import unit_by_id, units_under, visible_units


def visible_disclosures(user: AnyUser, *, now: dt.datetime | None = None) -> QuerySet[Disclosure]:
    """Publishers see everything of their units, scheduled items included; staff, supervisors
    and the people working in a unit see what has been published there."""
    qs = Disclosure.objects.select_related("unit")
    if is_superuser(user):
        return qs
    published = Q(publish_at__lte=now or timezone.now())
    # By unit ids (both lists cached), not by path ranges: PostgreSQL plans an OR of ranges on
    # the joined unit as a hash join over every item.
    publishing = Q(unit_id__in=[unit.pk for unit in publishable_units(user)])
    return qs.filter(publishing | (published & Q(unit_id__in=readable_unit_ids(user) or [])))


def readable_unit_ids(user: AnyUser) -> list[int] | None:
    """Units whose published items the user may read (None: every unit, for a superuser)."""
    units = _readable_units(user)
    return None if units is None else [unit.pk for unit in units]


def publishable_units(user: AnyUser) -> list[Unit]:
    """The units the user may publish for, in tree order (cached until their reach changes)."""
    if not is_superuser(user) and not reach_roots(user, Action.PUBLISH_DISCLOSURES):
        return []
    return _publishable_units(user)


@cached_read(*IDENTITY, key=lambda user: user.pk, keys=lambda user: account_of(user.pk))
def _publishable_units(user: AnyUser) -> list[Unit]:
    return list(visible_units(user, Action.PUBLISH_DISCLOSURES).order_by("path"))


def units_with_disclosures(user: AnyUser) -> list[Unit]:
    """The units the user reads that have published something (the inbox's unit filter)."""
    units = _readable_units(user)
    if units is None:
        every = Unit.objects.annotate(latest_published=_latest_published())
        return list(every.filter(latest_published__isnull=False).order_by("path"))
    return [unit for unit in units if unit.latest_published]  # type: ignore[attr-defined]


def _latest_published() -> Subquery:
    """The unit's latest published item, if any. Ordered by date on purpose: the plan then walks
    the (unit, date) index even when most items belong to one unit, where PostgreSQL's plan for
    an unordered EXISTS scans the whole table once for every unit without any."""
    items = Disclosure.objects.filter(unit=OuterRef("pk"), publish_at__lte=timezone.now())
    return Subquery(items.order_by("-publish_at").values("pk")[:1])


# What lists of published items are read from (danchu.core.cache_groups): any change to an item
# or its audience, counted per unit of the item, so a read names the units it reads (a
# `UnitScope`); `_published_mark` adds the passing of time.
PUBLISHED: tuple[str, ...] = ("disclosures",)


def reading_scope(user: AnyUser) -> UnitScope:
    """The units whose items the user reads (as `_read_readable_units` selects them): the
    subtrees of their reach, and their own unit with the units above it."""
    if is_superuser(user):
        return EVERY_UNIT
    scope: UnitScope | None = getattr(user, "_danchu_reading_scope", None)
    if scope is None:
        person = getattr(user, "person", None)
        paths: tuple[str, ...] = ()
        if person is not None and person.unit_id:
            paths = (*person.unit.ancestor_paths(), person.unit.path)
        scope = UnitScope(tuple(reach_roots(user, Action.VIEW_UNIT)), paths)
        user._danchu_reading_scope = scope  # type: ignore[union-attr]
    return scope


def _in_scope(scope: UnitScope) -> Q:
    """Items of the units in `scope`."""
    condition = Q(unit__path__in=scope.paths)
    for path in scope.subtrees:
        condition |= Q(unit__path__gte=path, unit__path__lt=path + PATH_END)
    return condition


def _passed(value: tuple[dt.datetime, dt.datetime | None]) -> bool:
    return value[1] is not None and value[1] <= timezone.now()


@cached_read(*PUBLISHED, "units", keys=lambda scope: {"disclosures": scope}, stale=_passed)
def first_scheduled(scope: UnitScope) -> tuple[dt.datetime, dt.datetime | None]:
    """When this was read, and the publication time of the first item of the scope still
    scheduled then."""
    now = timezone.now()
    upcoming = Disclosure.objects.filter(_in_scope(scope), publish_at__gt=now)
    return now, upcoming.aggregate(Min("publish_at"))["publish_at__min"]


def _published_mark(scope: UnitScope) -> str:
    """Names which scheduled items of the scope have come out: the publication time of the
    first item still scheduled when it was last read. Reads cached under the mark stay right
    until that time, then the mark moves on; any change to the items moves the scope's token."""
    read_at, upcoming = first_scheduled(scope)
    return f"{read_at.timestamp()}-{upcoming.timestamp() if upcoming else ''}"


def _readable_units(user: AnyUser) -> list[Unit] | None:
    """The units whose published items the user may read, in tree order, each with the id of
    its `latest_published` item (None if none): one query, kept on the user for the request and
    in the cache until the user's reach or what has been published changes."""
    if is_superuser(user):
        return None
    units: list[Unit] | None = getattr(user, "_danchu_readable_units", None)
    if units is None:
        units = _read_readable_units(user, _published_mark(reading_scope(user)))
        user._danchu_readable_units = units  # type: ignore[union-attr]
    return units


@cached_read(
    *IDENTITY,
    *PUBLISHED,
    key=lambda user, mark: (user.pk, mark),
    keys=lambda user, mark: {"disclosures": reading_scope(user), **account_of(user.pk)},
)
def _read_readable_units(user: AnyUser, mark: str) -> list[Unit]:
    condition = unit_filter(user, Action.VIEW_UNIT)
    person = getattr(user, "person", None)
    if person is not None and person.unit_id:
        condition |= Q(path__in=[*person.unit.ancestor_paths(), person.unit.path])
    units = Unit.objects.filter(condition).only("name", "path")
    return list(units.annotate(latest_published=_latest_published()).order_by("path"))


# Lists load only the columns they show; the bodies are read on the item's own page.
# What an inbox card shows (disclosures/includes/card.html), and nothing else.
CARD_FIELDS = (
    *("unit__name", "title", "summary", "category", "publish_at", "is_late", "due_on", "digest"),
)
# What a register row shows (page and .xlsx), and the unit path its audience falls back to.
REGISTER_FIELDS = (
    *("unit__name", "unit__path", "title", "category", "channels", "status", "is_late", "digest"),
    *("document_number", "decision_date", "publish_at", "visible_until", "due_on"),
)


@dataclass(frozen=True)
class Filters:
    """What a list of items is narrowed by, the same on the inbox page and in the API."""

    q: str = ""  # words to find, accents optional
    category: str = ""
    year: int | None = None  # published in that calendar year
    unit_id: int | None = None  # that unit only (the inbox's unit filter)
    under_unit_id: int | None = None  # that unit and its sub-units (the API's `unit`)
    status: str = ""  # the public status: scheduled, published, superseded, withdrawn
    # The inbox only: keep the items still within their disclosure period (art. 48; the
    # register and the API list keep them all).
    current: bool = True


def _narrowed(
    items: QuerySet[Disclosure], filters: Filters, now: dt.datetime
) -> QuerySet[Disclosure]:
    """`items` narrowed by `filters`: the one place the filters are applied."""
    if filters.category:
        items = items.filter(category=filters.category)
    if filters.year:
        start = timezone.make_aware(dt.datetime(filters.year, 1, 1))
        end = start.replace(year=filters.year + 1)
        items = items.filter(publish_at__gte=start, publish_at__lt=end)
    if filters.unit_id:
        items = items.filter(unit_id=filters.unit_id)
    if filters.under_unit_id is not None:
        # By unit ids (cached), so that the date index serves the newest-first page; none for
        # an unknown unit (visibility still applies).
        unit = unit_by_id(filters.under_unit_id)
        items = items.filter(unit_id__in=units_under(unit)) if unit else items.none()
    if filters.status == "scheduled":
        items = items.filter(status=Status.PUBLISHED, publish_at__gt=now)
    elif filters.status == Status.PUBLISHED:
        items = items.filter(status=Status.PUBLISHED, publish_at__lte=now)
    elif filters.status:
        items = items.filter(status=filters.status)
    return search_folded(items, filters.q, indexed=True) if filters.q.strip() else items


def filtered(user: AnyUser, filters: Filters = Filters()) -> QuerySet[Disclosure]:
    """Every item the user may see (a publisher's scheduled ones too), filtered, newest first:
    the API's list."""
    now = timezone.now()
    items = _narrowed(visible_disclosures(user, now=now), filters, now)
    return items.order_by("-publish_at", "-pk")


def inbox(user: AnyUser, filters: Filters | None = None, **fields: Any) -> UnreadFirst:
    """Current published items, unread first, then newest first (`fields`: of `Filters`)."""
    filters = filters or Filters(**fields)
    units = readable_unit_ids(user)
    today = timezone.localdate() if filters.current else None
    reading = reading_scope(user)
    scope = InboxScope(
        None if units is None else tuple(units), filters, today, _published_mark(reading), reading
    )
    person = getattr(user, "person", None)
    person_id = person.pk if person is not None else None
    return UnreadFirst(
        scope,
        total=lambda: inbox_total(scope),
        read_count=lambda: 0 if person_id is None else inbox_read_count(scope, person_id),
        acknowledged=lambda: frozenset() if person_id is None else acknowledged_ids(person_id),
        newest=lambda size: inbox_newest(scope, size),
        cards=lambda ids: _cards(ids, reading),
    )


@dataclass(frozen=True)
class InboxScope:
    """Everything the inbox's items depend on besides the tokens: the readable units (None:
    all), the filters, the day that decides which items are still within their period (None:
    all) and the schedule mark (`_published_mark`)."""

    units: tuple[int, ...] | None
    filters: Filters
    today: dt.date | None
    mark: str
    reading: UnitScope  # the units of `units`, for the tokens

    def items(self) -> QuerySet[Disclosure]:
        now = timezone.now()
        items = Disclosure.objects.filter(status=Status.PUBLISHED, publish_at__lte=now)
        if self.today is not None:
            items = items.filter(visible_until__gte=self.today)
        if self.units is not None:
            items = items.filter(unit_id__in=self.units)
        return _narrowed(items, self.filters, now)


@cached_read(*PUBLISHED, keys=lambda scope: {"disclosures": scope.reading})
def inbox_total(scope: InboxScope) -> int:
    """How many items the scope holds (from the (unit, status, date) index alone)."""
    return scope.items().count()


@cached_read(
    *PUBLISHED,
    "ack",
    keys=lambda scope, person_id: {"disclosures": scope.reading, "ack": [person_id]},
)
def inbox_read_count(scope: InboxScope, person_id: int) -> int:
    """How many of them the person has acknowledged: a join that SQLite and PostgreSQL start
    from the reader's own acknowledgements."""
    return scope.items().filter(acknowledgements__person_id=person_id).count()


@cached_read("ack", keys=lambda person_id: {"ack": [person_id]})
def acknowledged_ids(person_id: int) -> frozenset[int]:
    """The ids of every item the person has acknowledged."""
    acks = Acknowledgement.objects.filter(person_id=person_id)
    return frozenset(acks.values_list("disclosure_id", flat=True))


@cached_read(*PUBLISHED, keys=lambda scope, size: {"disclosures": scope.reading})
def inbox_newest(scope: InboxScope, size: int) -> list[int]:
    """The `size` newest ids in the scope (all of them if fewer), newest first."""
    ordered = scope.items().order_by("-publish_at", "-pk").values_list("pk", flat=True)
    return list(ordered[:size])


def _cards(ids: list[int], scope: UnitScope) -> list[Disclosure]:
    return _read_cards(tuple(ids), scope) if ids else []


@cached_read(
    *PUBLISHED, "units", key=lambda ids, scope: ids, keys=lambda ids, scope: {"disclosures": scope}
)
def _read_cards(ids: tuple[int, ...], scope: UnitScope) -> list[Disclosure]:
    """What the inbox cards show of these items (all of units in `scope`), in this order
    (cached until an item of the scope or any unit changes, for everyone whose page holds the
    same items)."""
    items = Disclosure.objects.filter(pk__in=ids).select_related("unit").only(*CARD_FIELDS)
    by_id = {item.pk: item for item in items}
    return [by_id[pk] for pk in ids if pk in by_id]


def register(
    user: AnyUser, unit: Unit, *, start: dt.date | None = None, end: dt.date | None = None
) -> Counted[Disclosure]:
    """Everything the unit (and its sub-units) disclosed in a period, in date order, with its
    count cached until the unit's items change.

    Readers of the unit see what has been published; its publishers also what is scheduled.
    """
    if not can(user, Action.VIEW_UNIT, unit):
        return Counted(Disclosure.objects.none, lambda: 0)
    scope = RegisterScope(unit, can(user, Action.PUBLISH_DISCLOSURES, unit), start, end)
    mark = _published_mark(scope.reading)
    return Counted(
        scope.items,
        count=lambda: register_count(scope, mark),
        rows=lambda part: register_rows(scope, mark, part.start, part.stop),
    )


@dataclass(frozen=True)
class RegisterScope:
    """A unit's register for a publisher (scheduled items too) or a reader, in a period."""

    unit: Unit
    publisher: bool
    start: dt.date | None
    end: dt.date | None

    def key(self) -> tuple[Any, ...]:
        return (self.unit.pk, self.publisher, self.start, self.end)

    @property
    def reading(self) -> UnitScope:
        return UnitScope(subtrees=(self.unit.path,))

    def items(self) -> QuerySet[Disclosure]:
        items = Disclosure.objects.filter(unit_id__in=units_under(self.unit))
        if not self.publisher:
            items = items.filter(publish_at__lte=timezone.now())
        if self.start:
            items = items.filter(publish_at__gte=_day_start(self.start))
        if self.end:
            items = items.filter(publish_at__lt=_day_start(self.end + dt.timedelta(days=1)))
        return items.select_related("unit").only(*REGISTER_FIELDS).order_by("publish_at", "pk")


@cached_read(
    *PUBLISHED,
    "units",
    key=lambda scope, mark: (scope.key(), mark),
    keys=lambda scope, mark: {"disclosures": scope.reading},
)
def register_count(scope: RegisterScope, mark: str) -> int:
    """How many items the register holds."""
    return scope.items().count()


@cached_read(
    *PUBLISHED,
    "units",
    key=lambda scope, mark, start, stop: (scope.key(), mark, start, stop),
    keys=lambda scope, mark, start, stop: {"disclosures": scope.reading},
)
def register_rows(scope: RegisterScope, mark: str, start: int, stop: int) -> list[Disclosure]:
    """A page of rows, the same for every reader (or publisher) of the unit."""
    return list(scope.items()[start:stop])


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def versions_of(disclosure: Disclosure) -> QuerySet[Disclosure]:
    return Disclosure.objects.filter(series_id=disclosure.series_id).order_by("version")


def publishers_of(unit: Unit) -> QuerySet[User]:
    """Accounts of the people who may publish for `unit` (its head and records clerk)."""
    today = timezone.localdate()
    holders = (
        RoleAssignment.objects.active(today)
        .filter(role__in=[Role.HEAD, Role.RECORDS_CLERK], unit__path__in=_self_and_above(unit))
        .values("person_id")
    )
    return User.objects.filter(person_id__in=holders, is_active=True)


def _self_and_above(unit: Unit) -> list[str]:
    return [*unit.ancestor_paths(), unit.path]


def users_of(person_ids: Iterable[int]) -> QuerySet[User]:
    return User.objects.filter(person_id__in=list(person_ids), is_active=True)


def find_by_digest(digest: str, *, now: dt.datetime | None = None) -> Disclosure | None:
    """The published version whose digest, or one of whose attachments' SHA-256, is `digest`.

    Scheduled items are not public yet; when one file is attached to several versions, the
    newest published one answers.
    """
    digest = digest.strip().lower()
    published = Disclosure.objects.filter(publish_at__lte=now or timezone.now())
    found = published.filter(digest=digest).select_related("unit").first()
    if found is None:
        found = (
            published.filter(attachments__sha256=digest)
            .select_related("unit")
            .order_by("-publish_at", "-pk")
            .first()
        )
    return found


def visible_information_requests(user: AnyUser) -> QuerySet[InformationRequest]:
    """The user's own requests and those addressed to units they answer for."""
    items = InformationRequest.objects.select_related("unit", "requested_by", "disclosure")
    if is_superuser(user):
        return items
    mine = Q(requested_by_id=getattr(user, "person_id", None))
    return items.filter(mine | unit_filter(user, Action.PUBLISH_DISCLOSURES, prefix="unit__"))


# One item and what its page, its API detail and its printed notice show (re-exported here:
# callers use `queries.detail`, …). Imported last: it reads through the scopes above.
from danchu.disclosures.queries.items import (
    acknowledgement_of as acknowledgement_of,
)
from danchu.disclosures.queries.items import (
    attachment_of as attachment_of,
)
from danchu.disclosures.queries.items import (
    attachments_of as attachments_of,
)
from danchu.disclosures.queries.items import (
    audience_names as audience_names,
)
from danchu.disclosures.queries.items import (
    current_published as current_published,
)
from danchu.disclosures.queries.items import (
    detail as detail,
)
from danchu.disclosures.queries.items import (
    information_requests as information_requests,
)
from danchu.disclosures.queries.items import (
    question_of as question_of,
)
from danchu.disclosures.queries.items import (
    questions_of as questions_of,
)
from danchu.disclosures.queries.items import (
    unit_of_request as unit_of_request,
)
from danchu.disclosures.queries.items import (
    visible_disclosure as visible_disclosure,
)
from danchu.disclosures.queries.items import (
    visible_versions as visible_versions,
)
from danchu.disclosures.queries.rates import (
    acknowledgement_report as acknowledgement_report,
)
from danchu.disclosures.queries.rates import (
    addressed_count as addressed_count,
)
from danchu.disclosures.queries.rates import (
    attach_rates as attach_rates,
)
from danchu.disclosures.queries.rates import (
    audience_count as audience_count,
)
from danchu.disclosures.queries.rates import (
    audience_people as audience_people,
)
from danchu.disclosures.queries.rates import (
    counts as counts,
)
from danchu.disclosures.queries.rates import (
    planned_audience as planned_audience,
)

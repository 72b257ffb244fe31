"""The disclosures API (công khai, Law 10/2022/QH15 arts. 46–48): publish, list, read,
acknowledge, correct and withdraw.

Reads go through `queries`, so what the user may not see is absent (404). Writes call the same
services as the HTML views; they refuse with 403 (not a publisher), 409 (the item's state) or 422
(the input), through the one error mapping in config/api.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from danchu.core.errors import InvalidInput
from danchu.core.queries import search_folded
from danchu.disclosures import queries, services
from danchu.disclosures.models import Acknowledgement, Category, Disclosure
from danchu.disclosures.models import Status as DisclosureStatus
from danchu.disclosures.schemas import (
    AcknowledgementOut,
    DisclosureDetailOut,
    DisclosureFields,
    DisclosureIn,
    DisclosurePage,
    PublicStatus,
    PublishedOut,
    WithdrawIn,
)
from danchu.organizations.models import Unit
from danchu.people.api import ERRORS, WRITE_ERRORS, Limit, Offset, Search, api_user
from danchu.people.models import User
from danchu.people.queries import unit_by_id, units_under, visible_units

router = Router(tags=["disclosures"])


def _detailed(user: User) -> QuerySet[Disclosure]:
    return queries.visible_disclosures(user).prefetch_related("audience_units", "attachments")


@router.post("/disclosures", response={201: PublishedOut, **WRITE_ERRORS})
def publish_disclosure(request: HttpRequest, payload: DisclosureIn) -> Status[Disclosure]:
    """Publish an item for a unit, now or at `publish_at` (its head or records clerk)."""
    user = api_user(request)
    unit = get_object_or_404(visible_units(user), pk=payload.unit_id)
    fields = _publication(user, payload)
    return Status(201, services.publish_disclosure(actor=user, unit=unit, **fields))


@router.get("/disclosures", response={200: DisclosurePage, **ERRORS})
def list_disclosures(
    request: HttpRequest,
    unit: int | None = None,
    category: Category | None = None,
    status: PublicStatus | None = None,
    q: Search = "",
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Items the user may see, newest first; `unit` includes its sub-units."""
    now = timezone.now()
    items = queries.visible_disclosures(api_user(request), now=now)
    if unit is not None:
        items = _under(items, unit)
    if category:
        items = items.filter(category=category)
    if status:
        items = _with_status(items, status, now)
    if q.strip():
        items = search_folded(items, q, indexed=True)
    items = items.order_by("-publish_at", "-pk")
    return {"items": list(items[offset : offset + limit]), "count": items.count()}


@router.get("/disclosures/{id}", response={200: DisclosureDetailOut, **ERRORS})
def get_disclosure(request: HttpRequest, id: int) -> Disclosure:
    """One version: text, attachments, versions, reading figures and the caller's confirmation."""
    user = api_user(request)
    return _detail(user, get_object_or_404(_detailed(user), pk=id))


@router.post("/disclosures/{id}/acknowledge", response={200: AcknowledgementOut, **WRITE_ERRORS})
def acknowledge(request: HttpRequest, id: int) -> dict[str, Any]:
    """ "Tôi đã đọc": confirm having read the item; sending it again changes nothing."""
    user = api_user(request)
    disclosure = get_object_or_404(queries.visible_disclosures(user), pk=id)
    ack = services.acknowledge(actor=user, disclosure=disclosure)[0]
    return {"acknowledged": True, "acknowledged_at": ack.acknowledged_at}


@router.post("/disclosures/{id}/withdraw", response={200: DisclosureDetailOut, **WRITE_ERRORS})
def withdraw(request: HttpRequest, id: int, payload: WithdrawIn) -> Disclosure:
    """Withdraw an item once its 20-day period is over (art. 48), giving the reason."""
    user = api_user(request)
    disclosure = get_object_or_404(queries.visible_disclosures(user), pk=id)
    services.withdraw_disclosure(actor=user, disclosure=disclosure, reason=payload.reason)
    return _detail(user, get_object_or_404(_detailed(user), pk=id))


@router.post("/disclosures/{id}/supersede", response={201: PublishedOut, **WRITE_ERRORS})
def supersede(request: HttpRequest, id: int, payload: DisclosureFields) -> Status[Disclosure]:
    """Correct a published item: its next version replaces it, and both stay readable."""
    user = api_user(request)
    previous = get_object_or_404(queries.visible_disclosures(user), pk=id)
    fields = _publication(user, payload)
    return Status(201, services.supersede_disclosure(actor=user, previous=previous, **fields))


def _publication(user: User, payload: DisclosureFields) -> dict[str, Any]:
    """The service's keyword arguments: audience ids become units, a naive time is local."""
    fields = payload.model_dump(exclude={"unit_id", "audience_unit_ids"})
    fields["audience_units"] = _audience(user, payload.audience_unit_ids)
    publish_at: dt.datetime | None = fields["publish_at"]
    if publish_at is not None and timezone.is_naive(publish_at):
        fields["publish_at"] = timezone.make_aware(publish_at)
    return fields


def _audience(user: User, ids: list[int]) -> list[Unit]:
    wanted = set(ids)
    units = list(visible_units(user).filter(pk__in=wanted))
    if len(units) != len(wanted):
        message = _("The audience must be sub-units of the disclosing unit.")  # as the service says
        errors: list[dict[str, object]] = [{"field": "audience_unit_ids", "messages": [message]}]
        raise InvalidInput(message, errors=errors)
    return units


def _under(items: QuerySet[Disclosure], unit_id: int) -> QuerySet[Disclosure]:
    """Items of the unit and its sub-units (none for an unknown unit: visibility still applies).
    By unit ids (cached), so that the date index serves the newest-first page."""
    unit = unit_by_id(unit_id)
    if unit is None:
        return items.none()
    return items.filter(unit_id__in=units_under(unit))


def _with_status(
    items: QuerySet[Disclosure], status: str, now: dt.datetime
) -> QuerySet[Disclosure]:
    if status == "scheduled":
        return items.filter(status=DisclosureStatus.PUBLISHED, publish_at__gt=now)
    if status == DisclosureStatus.PUBLISHED:
        return items.filter(status=DisclosureStatus.PUBLISHED, publish_at__lte=now)
    return items.filter(status=status)


def _detail(user: User, disclosure: Disclosure) -> Disclosure:
    """Attach what the detail shows beyond the row: the reading figures, the caller's own
    confirmation, and the versions of the series the caller may see."""
    figures = queries.counts(disclosure)
    disclosure.audience_count = figures["audience_count"]  # type: ignore[attr-defined]
    disclosure.acknowledged_count = figures["acknowledged_count"]  # type: ignore[attr-defined]
    disclosure.viewer_acknowledged_at = (  # type: ignore[attr-defined]
        Acknowledgement.objects.filter(disclosure=disclosure, person_id=user.person_id)
        .values_list("acknowledged_at", flat=True)
        .first()
        if user.person_id
        else None
    )
    visible = queries.visible_disclosures(user).values("pk")
    disclosure.visible_versions = list(  # type: ignore[attr-defined]
        queries.versions_of(disclosure).filter(pk__in=visible)
    )
    return disclosure

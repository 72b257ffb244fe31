"""The disclosures API (công khai, Law 10/2022/QH15 arts. 46–48): publish, list, read,
acknowledge, correct and withdraw.

Reads go through `queries`, so what the user may not see is absent (404). Writes call the same
services as the HTML views; they refuse with 403 (not a publisher), 409 (the item's state) or 422
(the input), through the one error mapping in config/api.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import P, QueryEx, Router, Status

from danchu.core.errors import InvalidInput
from danchu.core.limits import MAX_ID
from danchu.core.pagination import window
from danchu.disclosures import downloads, queries, services
from danchu.disclosures.forms import RegisterFilterForm
from danchu.disclosures.models import Category, Disclosure
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
from danchu.people import queries as people_queries
from danchu.people.api import ERRORS, WRITE_ERRORS, Id, Limit, Offset, Search, api_user
from danchu.people.models import User

router = Router(tags=["disclosures"])

# A download: the file itself (its content type says what it is), or an error in JSON.
FILE = {200: None, **ERRORS}
FILE_DESCRIPTION = {"responses": {200: {"description": "The file."}}}
UnitFilter = QueryEx[int | None, P(ge=1, le=MAX_ID, description="A unit and its sub-units.")]


def _visible(user: User, pk: int) -> Disclosure:
    disclosure = queries.visible_disclosure(user, pk)
    if disclosure is None:
        raise Http404
    return disclosure


def _detail(user: User, pk: int) -> Disclosure:
    disclosure = queries.detail(user, pk)
    if disclosure is None:
        raise Http404
    return disclosure


@router.post("/disclosures", response={201: PublishedOut, **WRITE_ERRORS})
def publish_disclosure(request: HttpRequest, payload: DisclosureIn) -> Status[Disclosure]:
    """Publish an item for a unit, now or at `publish_at` (its head or records clerk)."""
    user = api_user(request)
    unit = people_queries.visible_unit(user, payload.unit_id)
    if unit is None:
        raise Http404
    fields = _publication(user, payload)
    return Status(201, services.publish_disclosure(actor=user, unit=unit, **fields))


@router.get("/disclosures", response={200: DisclosurePage, **ERRORS})
def list_disclosures(
    request: HttpRequest,
    unit: UnitFilter = None,
    category: Category | None = None,
    status: PublicStatus | None = None,
    q: Search = "",
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Items the user may see, newest first; `unit` includes its sub-units."""
    filters = queries.Filters(q=q, category=category or "", under_unit_id=unit, status=status or "")
    return window(queries.filtered(api_user(request), filters), offset=offset, limit=limit)


@router.get("/disclosures/{id}", response={200: DisclosureDetailOut, **ERRORS})
def get_disclosure(request: HttpRequest, id: Id) -> Disclosure:
    """One version: text, attachments (each with its download `url`), versions, reading
    figures, the caller's confirmation and the printed notice (`notice_url`)."""
    return _detail(api_user(request), id)


@router.get(
    "/disclosures/{id}/attachments/{attachment_id}",
    response=FILE,
    url_name="disclosure_attachment_file",
    openapi_extra=FILE_DESCRIPTION,
)
def download_attachment(request: HttpRequest, id: Id, attachment_id: Id) -> FileResponse:
    """An attached file, under its original name (as on the item's page)."""
    file = queries.attachment_of(_visible(api_user(request), id), attachment_id)
    if file is None:
        raise Http404
    return downloads.attachment(file)


@router.get(
    "/disclosures/{id}/notice.docx",
    response=FILE,
    url_name="disclosure_notice_file",
    openapi_extra=FILE_DESCRIPTION,
)
def download_notice(request: HttpRequest, id: Id) -> HttpResponse:
    """The printed notice (Decree 30/2020 "THÔNG BÁO") as a Word document."""
    return downloads.notice_docx(_visible(api_user(request), id))


@router.get(
    "/units/{id}/disclosures/register.xlsx",
    response=FILE,
    url_name="disclosure_register_file",
    openapi_extra={
        **FILE_DESCRIPTION,
        "parameters": [
            {"in": "query", "name": name, "required": False,
             "schema": {"type": "string", "maxLength": 10}, "description": "dd/mm/yyyy"}
            for name in ("from", "to")
        ],
    },
)  # fmt: skip
def download_register(request: HttpRequest, id: Id) -> HttpResponse:
    """The unit's register of disclosures (sổ công khai) as an Excel workbook; `from` and `to`
    (dd/mm/yyyy) choose the period, as on the register page."""
    user = api_user(request)
    unit = people_queries.visible_unit(user, id)
    if unit is None:
        raise Http404
    start, end = RegisterFilterForm(request.GET).period()
    return downloads.register_xlsx(unit, queries.register(user, unit, start=start, end=end))


@router.post("/disclosures/{id}/acknowledge", response={200: AcknowledgementOut, **WRITE_ERRORS})
def acknowledge(request: HttpRequest, id: Id) -> dict[str, Any]:
    """ "Tôi đã đọc": confirm having read the item; sending it again changes nothing."""
    user = api_user(request)
    ack = services.acknowledge(actor=user, disclosure=_visible(user, id))[0]
    return {"acknowledged": True, "acknowledged_at": ack.acknowledged_at}


@router.post("/disclosures/{id}/withdraw", response={200: DisclosureDetailOut, **WRITE_ERRORS})
def withdraw(request: HttpRequest, id: Id, payload: WithdrawIn) -> Disclosure:
    """Withdraw an item once its 20-day period is over (art. 48), giving the reason."""
    user = api_user(request)
    services.withdraw_disclosure(actor=user, disclosure=_visible(user, id), reason=payload.reason)
    return _detail(user, id)


@router.post("/disclosures/{id}/supersede", response={201: PublishedOut, **WRITE_ERRORS})
def supersede(request: HttpRequest, id: Id, payload: DisclosureFields) -> Status[Disclosure]:
    """Correct a published item: its next version replaces it, and both stay readable."""
    user = api_user(request)
    previous = _visible(user, id)
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
    units = people_queries.visible_units_by_id(user, ids)
    if len(units) != len(set(ids)):
        message = _("The audience must be sub-units of the disclosing unit.")  # as the service says
        errors: list[dict[str, object]] = [{"field": "audience_unit_ids", "messages": [message]}]
        raise InvalidInput(message, errors=errors)
    return units

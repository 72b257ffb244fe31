"""One item the viewer may see, and what its page, its API detail and its notice show
(the detail page and `GET /api/v1/disclosures/{id}` read the same thing through `detail`)."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, QuerySet

from danchu.disclosures.models import (
    Acknowledgement,
    Attachment,
    Disclosure,
    InformationRequest,
    Question,
)
from danchu.disclosures.queries import (
    versions_of,
    visible_disclosures,
    visible_information_requests,
)
from danchu.disclosures.queries.rates import counts
from danchu.organizations.models import Unit
from danchu.people.models import AnyUser


def visible_disclosure(user: AnyUser, pk: int) -> Disclosure | None:
    """One item the user may see, with what its page, its API detail and its notice show."""
    items = visible_disclosures(user).select_related(
        "unit__parent",
        "unit__own_settings",
        "notice_number",
        "created_by__person",
        "withdrawn_by__person",
    )
    return items.prefetch_related("audience_units", "attachments").filter(pk=pk).first()


def visible_versions(user: AnyUser, disclosure: Disclosure) -> list[Disclosure]:
    """The versions of the item's series that the user may see, oldest first."""
    visible = visible_disclosures(user).values("pk")
    return list(versions_of(disclosure).filter(pk__in=visible))


def detail(user: AnyUser, pk: int) -> Disclosure | None:
    """One item with what its detail shows beyond the row: the reading figures
    (`audience_count`, `acknowledged_count`), the user's own confirmation
    (`viewer_acknowledged_at`) and the versions the user may see (`visible_versions`)."""
    disclosure = visible_disclosure(user, pk)
    if disclosure is None:
        return None
    figures = counts(disclosure)
    disclosure.audience_count = figures["audience_count"]  # type: ignore[attr-defined]
    disclosure.acknowledged_count = figures["acknowledged_count"]  # type: ignore[attr-defined]
    own = acknowledgement_of(user, disclosure)
    disclosure.viewer_acknowledged_at = own.acknowledged_at if own else None  # type: ignore[attr-defined]
    disclosure.visible_versions = visible_versions(user, disclosure)  # type: ignore[attr-defined]
    return disclosure


def attachment_of(disclosure: Disclosure, attachment_id: int) -> Attachment | None:
    return disclosure.attachments.filter(pk=attachment_id).first()


def attachments_of(disclosure: Disclosure) -> list[Attachment]:
    return list(disclosure.attachments.all())


def audience_names(disclosure: Disclosure) -> list[str]:
    """The sub-units the item addresses (none: the whole unit)."""
    return [unit.name for unit in disclosure.audience_units.all()]


def questions_of(disclosure: Disclosure) -> list[Question]:
    return list(disclosure.questions.select_related("asked_by", "answered_by__person"))


def question_of(disclosure: Disclosure, question_id: int) -> Question | None:
    return disclosure.questions.filter(pk=question_id).first()


def information_requests(user: AnyUser) -> QuerySet[InformationRequest]:
    """The user's requests, unanswered first (the most urgent on top), then answered, newest
    first."""
    return visible_information_requests(user).order_by(
        F("answered_at").desc(nulls_first=True), "due_on", "-pk"
    )


def unit_of_request(unit_id: int) -> Unit | None:
    """The unit an information request is addressed to (any unit: who may ask is the
    permission `can_request_information`)."""
    return Unit.objects.filter(pk=unit_id).first()


def current_published(disclosure: Disclosure, now: dt.datetime) -> Disclosure:
    """The newest published version of the item's series (the item itself if none newer)."""
    published = versions_of(disclosure).filter(publish_at__lte=now).select_related("unit")
    return published.last() or disclosure


def acknowledgement_of(user: AnyUser, disclosure: Disclosure) -> Acknowledgement | None:
    """The user's own confirmation of having read the item, if any."""
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return None
    return Acknowledgement.objects.filter(disclosure=disclosure, person_id=person_id).first()

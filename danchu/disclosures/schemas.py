"""The JSON shapes of the disclosures API: a public contract (extend, never rename or drop a field).

Field names follow the contract, not the model: `published_at` is `publish_at`, `late` is
`is_late`, and `status` is the public status (`scheduled` until the publication time).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.urls import reverse
from django.utils import timezone
from ninja import Field, Schema
from pydantic import field_validator

from danchu.core.limits import MAX_AUDIENCE, Moment, RecordId, text_limit
from danchu.disclosures.models import (
    Attachment,
    Category,
    Channel,
    Confidentiality,
    Disclosure,
)

PublicStatus = Literal["scheduled", "published", "superseded", "withdrawn"]


class DisclosureFields(Schema):
    """What a publisher writes; the body of a correction (POST …/supersede)."""

    category: Category
    title: str = Field(max_length=text_limit(Disclosure, "title"))
    body: str = Field(max_length=text_limit(Disclosure, "body"))
    summary: str = Field("", max_length=text_limit(Disclosure, "summary"))
    decision_date: dt.date | None = None
    document_number: str = Field(
        "",
        max_length=text_limit(Disclosure, "document_number"),
        description="As in Decree 30/2020, e.g. “05/QĐ-SNV”.",
    )
    late_reason: str = Field(
        "",
        max_length=text_limit(Disclosure, "late_reason"),
        description="Required when published after the due date.",
    )
    channels: list[Channel] = Field(default_factory=lambda: [Channel.INTRANET], min_length=1)
    audience_unit_ids: list[RecordId] = Field(
        default_factory=list,
        max_length=MAX_AUDIENCE,
        description="Sub-units addressed; empty means the whole unit.",
    )
    confidentiality: Confidentiality = Confidentiality.NONE
    publish_at: Moment | None = Field(None, description="Later publication; now if absent.")

    @field_validator("summary", "document_number", "late_reason", mode="before")
    @classmethod
    def _null_is_empty(cls, value: Any) -> Any:
        return "" if value is None else value


class DisclosureIn(DisclosureFields):
    unit_id: RecordId


class WithdrawIn(Schema):
    reason: str = Field(max_length=text_limit(Disclosure, "withdrawal_reason"))


class PublishedOut(Schema):
    """The answer to a publication: what identifies this version and when it is visible."""

    id: int
    series_id: int | None
    version: int
    digest: str
    published_at: dt.datetime
    visible_until: dt.date
    due_on: dt.date | None
    late: bool
    status: PublicStatus

    @staticmethod
    def resolve_published_at(obj: Disclosure) -> dt.datetime:
        return obj.publish_at

    @staticmethod
    def resolve_late(obj: Disclosure) -> bool:
        return obj.is_late

    @staticmethod
    def resolve_status(obj: Disclosure) -> str:
        return obj.public_status(now=timezone.now())


class DisclosureOut(PublishedOut):
    unit_id: int
    unit_name: str
    category: Category
    title: str
    summary: str
    document_number: str
    decision_date: dt.date | None
    withdrawn_at: dt.datetime | None

    @staticmethod
    def resolve_unit_name(obj: Disclosure) -> str:
        return obj.unit.name  # selected with the row by queries.visible_disclosures


class DisclosurePage(Schema):
    items: list[DisclosureOut]
    count: int


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    sha256: str

    url: str = Field(description="Download it with the same credentials (token or session).")

    @staticmethod
    def resolve_name(obj: Attachment) -> str:
        return obj.original_name

    @staticmethod
    def resolve_url(obj: Attachment) -> str:
        ids = {"id": obj.disclosure_id, "attachment_id": obj.pk}
        return reverse("api:disclosure_attachment_file", kwargs=ids)


class VersionOut(Schema):
    id: int
    version: int
    status: PublicStatus
    published_at: dt.datetime

    @staticmethod
    def resolve_status(obj: Disclosure) -> str:
        return obj.public_status(now=timezone.now())

    @staticmethod
    def resolve_published_at(obj: Disclosure) -> dt.datetime:
        return obj.publish_at


class DisclosureDetailOut(DisclosureOut):
    """One version with its text, files, history and reading figures.

    `audience_count`, `acknowledged_count`, `acknowledged_at` and `versions` are attached by the
    endpoint (see api._detail); `acknowledged` is the caller's own confirmation.
    """

    body: str
    body_html: str
    late_reason: str
    deadline_note: str = Field(
        "", description="Why the 5-working-day deadline (art. 47.2) was not checked, if it was not."
    )
    channels: list[Channel]
    audience_unit_ids: list[int]
    supersedes_id: int | None
    withdrawal_reason: str
    audience_count: int
    acknowledged_count: int
    acknowledged: bool
    acknowledged_at: dt.datetime | None
    attachments: list[AttachmentOut]
    versions: list[VersionOut]
    notice_url: str = Field(description="The printed notice (Decree 30/2020) as .docx.")
    register_url: str = Field(
        description="The disclosing unit's register (sổ công khai) as .xlsx, for the caller "
        "who may read it; add ?from=&to= (dd/mm/yyyy) for a period."
    )

    @staticmethod
    def resolve_audience_unit_ids(obj: Disclosure) -> list[int]:
        return [unit.pk for unit in obj.audience_units.all()]

    @staticmethod
    def resolve_attachments(obj: Disclosure) -> list[Attachment]:
        return list(obj.attachments.all())

    @staticmethod
    def resolve_acknowledged(obj: Any) -> bool:
        return obj.viewer_acknowledged_at is not None

    @staticmethod
    def resolve_acknowledged_at(obj: Any) -> dt.datetime | None:
        return obj.viewer_acknowledged_at

    @staticmethod
    def resolve_versions(obj: Any) -> list[Disclosure]:
        return obj.visible_versions

    @staticmethod
    def resolve_notice_url(obj: Disclosure) -> str:
        return reverse("api:disclosure_notice_file", kwargs={"id": obj.pk})

    @staticmethod
    def resolve_register_url(obj: Disclosure) -> str:
        return reverse("api:disclosure_register_file", kwargs={"id": obj.unit_id})


class AcknowledgementOut(Schema):
    acknowledged: bool
    acknowledged_at: dt.datetime

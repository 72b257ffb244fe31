"""The JSON shapes of the consultations API: a public contract (extend, never rename or drop)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Field, Schema

from danchu.consultations.drafts import MAX_PARAGRAPHS
from danchu.consultations.models import (
    Consultation,
    ConsultationChannel,
    Decision,
    Opinion,
    Paragraph,
    Topic,
    Visibility,
)
from danchu.core.limits import MAX_AUDIENCE, Moment, RecordId, text_limit

Phase = Literal["union_preview", "planned", "open", "closed", "synthesised", "adopted"]


class ConsultationIn(Schema):
    unit_id: RecordId
    topic: Topic
    title: str = Field(max_length=text_limit(Consultation, "title"))
    paragraphs: list[Annotated[str, Field(max_length=text_limit(Paragraph, "text"))]] = Field(
        min_length=1, max_length=MAX_PARAGRAPHS
    )
    opens_at: Moment
    closes_at: Moment
    plan: str = Field(default="", max_length=text_limit(Consultation, "plan"))
    channels: list[ConsultationChannel] = Field(
        default_factory=lambda: [ConsultationChannel.ONLINE], min_length=1
    )
    audience_unit_ids: list[RecordId] = Field(
        default_factory=list,
        max_length=MAX_AUDIENCE,
        description="Sub-units consulted; empty means the whole unit.",
    )
    visibility: Visibility = Visibility.ALL_STAFF
    allow_via_union: bool = True
    union_preview: bool = Field(
        True,
        description="First to the union committee for its preview (status `union_preview`): "
        "staff see the draft once the union has finished and the head opens it. False: no "
        "preview (the law does not require one; docs/consultations.md).",
    )


class ParagraphOut(Schema):
    id: int
    number: int
    text: str
    ref: str
    kind: str
    key: str


class ConsultationOut(Schema):
    id: int
    unit_id: int
    topic: str
    title: str
    status: Phase
    opens_at: dt.datetime
    closes_at: dt.datetime
    visibility: str
    allow_via_union: bool
    version: int
    paragraphs: list[ParagraphOut]
    early_close_reason: str = Field(
        default="", description="Why the head closed it before `closes_at` (empty otherwise)."
    )


class OpinionIn(Schema):
    paragraph_id: RecordId | None = None
    text: str = Field(min_length=1, max_length=text_limit(Opinion, "text"))
    via_union: bool = Field(False, description="Sent through the union: the author is not kept.")


class CreatedOut(Schema):
    id: int


class OpinionOut(Schema):
    id: int
    paragraph_id: int | None
    paragraph_ref: str
    paragraph_label: str = Field(
        "",
        description="Where the opinion is, as the pages name it: the paragraph's ref, or for the "
        'body of an article or clause the ref of that article or clause ("Điều 4"); empty '
        "for an opinion on the whole draft.",
    )
    version: int
    author: str = Field(description="The author's name, or the union for opinions sent through it.")
    via_union: bool
    text: str
    created_at: dt.datetime
    decision: Decision | None
    explanation: str


class OpinionPage(Schema):
    items: list[OpinionOut]
    count: int


class DispositionIn(Schema):
    decision: Decision
    explanation: str = Field("", max_length=text_limit(Opinion, "explanation"))


class CloseIn(Schema):
    reason: str = Field(
        default="",
        max_length=2000,
        description="Required before the planned end (422 `reason_required`); audited, shown "
        "on the page and printed in the synthesis report.",
    )


class SynthesisOut(Schema):
    disclosure_id: int
    document_url: str
    number: str


class PieceOut(Schema):
    op: str
    text: str


class SideOut(Schema):
    key: str | None
    ref: str
    text: str
    index: int | None


class ChangeOut(Schema):
    op: str
    old: SideOut | None
    new: SideOut | None
    pieces: list[PieceOut]


class DiffOut(Schema):
    from_version: int = Field(alias="from")
    to_version: int = Field(alias="to")
    summary: dict[str, int]
    changes: list[ChangeOut]

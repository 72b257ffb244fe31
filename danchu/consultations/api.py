"""The consultations API (tham gia ý kiến, Law 10/2022/QH15 arts. 53–55).

Reads go through `queries` (what the user may not see is 404); writes call the same services as
the pages and refuse with 403, 409 or 422 through the one error mapping in config/api.py.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from ninja import File, Form, P, QueryEx, Router, Status, UploadedFile

from danchu.consultations import adoption, drafts, queries, services
from danchu.consultations.diff import Para, diff_versions, summary, to_data
from danchu.consultations.models import Consultation, Opinion, Topic
from danchu.consultations.schemas import (
    ConsultationIn,
    ConsultationOut,
    CreatedOut,
    DiffOut,
    DispositionIn,
    OpinionIn,
    OpinionOut,
    OpinionPage,
    SynthesisOut,
)
from danchu.people.api import ERRORS, WRITE_ERRORS, Limit, Offset, api_user
from danchu.people.models import User
from danchu.people.queries import visible_units

router = Router(tags=["consultations"])

FromVersion = QueryEx[int, P(alias="from", ge=0, description="Older version (default: previous).")]
ToVersion = QueryEx[int, P(ge=0, description="Newer version (default: the latest).")]


def _consultation(user: User, pk: int) -> Consultation:
    return get_object_or_404(queries.visible_consultations(user), pk=pk)


def _out(consultation: Consultation) -> dict[str, Any]:
    version = queries.latest_version(consultation)
    plain = ("id", "unit_id", "topic", "title", "opens_at", "closes_at", "visibility")
    return {
        **{field: getattr(consultation, field) for field in plain},
        "allow_via_union": consultation.allow_via_union,
        "status": consultation.phase(now=timezone.now()),
        "version": version.number,
        "paragraphs": list(queries.paragraphs_of(version)),
    }


@router.post("/consultations", response={201: ConsultationOut, **WRITE_ERRORS})
def open_consultation(request: HttpRequest, payload: ConsultationIn) -> Status[dict[str, Any]]:
    """Plan a consultation on a draft given paragraph by paragraph; open at once if `opens_at`
    has come, else it opens by itself then."""
    user = api_user(request)
    fields = payload.model_dump(exclude={"unit_id", "paragraphs", "audience_unit_ids"})
    consultation = services.open_consultation(
        actor=user,
        unit=get_object_or_404(visible_units(user), pk=payload.unit_id),
        draft=drafts.split_paragraphs(payload.paragraphs),
        audience_units=list(visible_units(user).filter(pk__in=payload.audience_unit_ids)),
        source="api",
        **fields,
    )
    return Status(201, _out(consultation))


@router.post("/consultations/docx", response={201: ConsultationOut, **WRITE_ERRORS})
def open_consultation_from_docx(
    request: HttpRequest,
    unit_id: Form[int],
    topic: Form[Topic],
    title: Form[str],
    opens_at: Form[Any],
    closes_at: Form[Any],
    draft: File[UploadedFile],
) -> Status[dict[str, Any]]:
    """The same, with the draft uploaded as a .docx written the way Vietnamese drafts are."""
    user = api_user(request)
    checked = ConsultationIn(
        unit_id=unit_id,
        topic=topic,
        title=title,
        paragraphs=["-"],
        opens_at=opens_at,
        closes_at=closes_at,
    )
    consultation = services.open_consultation(
        actor=user,
        unit=get_object_or_404(visible_units(user), pk=unit_id),
        topic=checked.topic,
        title=checked.title,
        draft=drafts.read_docx(draft.read(drafts.MAX_DOCX_BYTES + 1)),
        opens_at=checked.opens_at,
        closes_at=checked.closes_at,
        source="docx",
    )
    return Status(201, _out(consultation))


@router.get("/consultations/{id}", response={200: ConsultationOut, **ERRORS})
def get_consultation(request: HttpRequest, id: int) -> dict[str, Any]:
    """The plan and the current version of the draft."""
    return _out(_consultation(api_user(request), id))


@router.post("/consultations/{id}/close", response={200: ConsultationOut, **WRITE_ERRORS})
def close_consultation(request: HttpRequest, id: int) -> dict[str, Any]:
    """Close before `closes_at` (the head); it also closes by itself then."""
    user = api_user(request)
    consultation = services.close_consultation(actor=user, consultation=_consultation(user, id))
    return _out(consultation)


@router.post("/consultations/{id}/opinions", response={201: CreatedOut, **WRITE_ERRORS})
def give_opinion(request: HttpRequest, id: int, payload: OpinionIn) -> Status[Opinion]:
    """An opinion on a paragraph (`paragraph_id`) or on the whole draft; 409 once closed."""
    user = api_user(request)
    consultation = _consultation(user, id)
    paragraph = None
    if payload.paragraph_id is not None:
        paragraph = get_object_or_404(
            queries.paragraphs_of(queries.latest_version(consultation)), pk=payload.paragraph_id
        )
    opinion = services.give_opinion(
        actor=user,
        consultation=consultation,
        paragraph=paragraph,
        text=payload.text,
        via_union=payload.via_union,
    )
    return Status(201, opinion)


@router.get("/consultations/{id}/opinions", response={200: OpinionPage, **ERRORS})
def list_opinions(
    request: HttpRequest, id: int, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    """The opinions the plan lets the caller read (all for the head and the union)."""
    user = api_user(request)
    opinions = queries.with_authors(queries.opinions_for(user, _consultation(user, id)))
    page = list(opinions[offset : offset + limit])
    return {"items": [_opinion(opinion) for opinion in page], "count": opinions.count()}


def _opinion(opinion: Opinion) -> dict[str, Any]:
    paragraph = opinion.paragraph
    return {
        "id": opinion.pk,
        "paragraph_id": opinion.paragraph_id,
        "paragraph_ref": paragraph.ref if paragraph else "",
        "version": paragraph.version.number if paragraph else 0,
        "author": queries.author_label(opinion),
        "via_union": opinion.via_union,
        "text": opinion.text,
        "created_at": opinion.created_at,
        "decision": opinion.decision or None,
        "explanation": opinion.explanation,
    }


@router.post("/opinions/{id}/disposition", response={200: OpinionOut, **WRITE_ERRORS})
def dispose_opinion(request: HttpRequest, id: int, payload: DispositionIn) -> dict[str, Any]:
    """The head accepts, partly accepts or does not accept an opinion, with an explanation."""
    user = api_user(request)
    visible = Opinion.objects.filter(consultation__in=queries.visible_consultations(user))
    opinion = get_object_or_404(visible, pk=id)
    services.dispose_opinion(
        actor=user, opinion=opinion, decision=payload.decision, explanation=payload.explanation
    )
    return _opinion(queries.with_authors(Opinion.objects.filter(pk=id)).get())


@router.post("/consultations/{id}/synthesis", response={201: SynthesisOut, **WRITE_ERRORS})
def publish_synthesis(request: HttpRequest, id: int) -> Status[dict[str, Any]]:
    """Generate and disclose the synthesis report; 409 while an opinion lacks a disposition."""
    user = api_user(request)
    synthesis = adoption.publish_synthesis(actor=user, consultation=_consultation(user, id))
    url = request.build_absolute_uri(reverse("consultation_synthesis_docx", args=[id]))
    body = {
        "disclosure_id": synthesis.disclosure_id,
        "document_url": url,
        "number": synthesis.number,
    }
    return Status(201, body)


@router.get("/consultations/{id}/diff", response={200: DiffOut, **ERRORS}, by_alias=True)
def diff(
    request: HttpRequest, id: int, from_: FromVersion = 0, to: ToVersion = 0
) -> dict[str, Any]:
    """Paragraph- and word-level differences between two versions (`from`, `to`)."""
    consultation = _consultation(api_user(request), id)
    latest = queries.latest_version(consultation).number
    old = get_object_or_404(consultation.versions, number=from_ or max(latest - 1, 1))
    new = get_object_or_404(consultation.versions, number=to or latest)
    changes = diff_versions(_paras(old), _paras(new))
    return {
        "from": old.number,
        "to": new.number,
        "summary": summary(changes),
        "changes": to_data(changes),
    }


def _paras(version: Any) -> list[Para]:
    return [Para(key=p.key, ref=p.ref, text=p.text) for p in queries.paragraphs_of(version)]

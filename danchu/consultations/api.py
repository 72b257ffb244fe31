"""The consultations API (tham gia ý kiến, Law 10/2022/QH15 arts. 53–55).

Reads go through `queries` (what the user may not see is 404); writes call the same services as
the pages and refuse with 403, 409 or 422 through the one error mapping in config/api.py.
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Body, File, Form, FormEx, P, QueryEx, Router, Status, UploadedFile
from ninja.errors import ValidationError
from pydantic import ValidationError as PydanticValidationError

from danchu.consultations import (
    adoption,
    downloads,
    draft_docx,
    drafts,
    queries,
    services,
    union,
)
from danchu.consultations.diff import summary, to_data
from danchu.consultations.models import Consultation, Opinion, Topic
from danchu.consultations.schemas import (
    CloseIn,
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
from danchu.core.limits import text_limit
from danchu.people.api import ERRORS, MAX_NUMBER, WRITE_ERRORS, Id, Limit, Offset, api_user
from danchu.people.models import User
from danchu.people.queries import visible_units

router = Router(tags=["consultations"])

FromVersion = QueryEx[
    int, P(alias="from", ge=0, le=MAX_NUMBER, description="Older version (default: previous).")
]
ToVersion = QueryEx[int, P(ge=0, le=MAX_NUMBER, description="Newer version (default: the latest).")]


def _consultation(user: User, pk: int) -> Consultation:
    return get_object_or_404(queries.visible_consultations(user), pk=pk)


def _out(consultation: Consultation) -> dict[str, Any]:
    version = queries.latest_version(consultation)
    plain = ("id", "unit_id", "topic", "title", "opens_at", "closes_at", "visibility")
    reason = consultation.early_close_reason or ""
    return {
        **{field: getattr(consultation, field) for field in plain},
        "allow_via_union": consultation.allow_via_union,
        "status": consultation.phase(now=timezone.now()),
        "version": version.number,
        "paragraphs": list(queries.paragraphs_of(version)),
        "early_close_reason": reason,
    }


@router.post("/consultations", response={201: ConsultationOut, **WRITE_ERRORS})
def open_consultation(request: HttpRequest, payload: ConsultationIn) -> Status[dict[str, Any]]:
    """Plan a consultation on a draft given paragraph by paragraph. By default it first goes to
    the union committee for its preview (`union_preview`); without it, it opens at once if
    `opens_at` has come, else by itself then."""
    user = api_user(request)
    fields = payload.model_dump(exclude={"unit_id", "paragraphs", "audience_unit_ids"})
    consultation = services.open_consultation(
        actor=user,
        unit=get_object_or_404(visible_units(user), pk=payload.unit_id),
        draft=drafts.split_paragraphs(payload.paragraphs),
        audience_units=queries.units_among(user, payload.audience_unit_ids),
        source="api",
        **fields,
    )
    return Status(201, _out(consultation))


@router.post("/consultations/docx", response={201: ConsultationOut, **WRITE_ERRORS})
def open_consultation_from_docx(
    request: HttpRequest,
    unit_id: Form[int],
    topic: Form[Topic],
    title: FormEx[str, P(max_length=text_limit(Consultation, "title"))],
    opens_at: Form[Any],
    closes_at: Form[Any],
    draft: File[UploadedFile],
    union_preview: Form[bool] = True,
) -> Status[dict[str, Any]]:
    """The same, with the draft uploaded as a .docx written the way Vietnamese drafts are."""
    user = api_user(request)
    try:  # the form's fields, checked as the JSON endpoint checks them
        checked = ConsultationIn(
            unit_id=unit_id,
            topic=topic,
            title=title,
            paragraphs=["-"],
            opens_at=opens_at,
            closes_at=closes_at,
            union_preview=union_preview,
        )
    except PydanticValidationError as error:
        raise ValidationError(
            [{**e, "loc": ("form", *e["loc"])} for e in error.errors(include_url=False)]
        ) from error
    consultation = services.open_consultation(
        actor=user,
        unit=get_object_or_404(visible_units(user), pk=unit_id),
        topic=checked.topic,
        title=checked.title,
        draft=draft_docx.read_docx(draft.read(draft_docx.MAX_DOCX_BYTES + 1)),
        opens_at=checked.opens_at,
        closes_at=checked.closes_at,
        source="docx",
        union_preview=union_preview,
    )
    return Status(201, _out(consultation))


@router.get("/consultations/{id}", response={200: ConsultationOut, **ERRORS})
def get_consultation(request: HttpRequest, id: Id) -> dict[str, Any]:
    """The plan and the current version of the draft."""
    return _out(_consultation(api_user(request), id))


@router.post("/consultations/{id}/close", response={200: ConsultationOut, **WRITE_ERRORS})
def close_consultation(
    request: HttpRequest, id: Id, payload: Body[CloseIn | None] = None
) -> dict[str, Any]:
    """Close before `closes_at` (the head); it also closes by itself then. Before the planned
    end `reason` is required (422 `reason_required`): it is audited, shown on the page, printed
    in the synthesis report, and the consultation is marked as shortened."""
    user = api_user(request)
    consultation = services.close_consultation(
        actor=user,
        consultation=_consultation(user, id),
        reason=payload.reason if payload is not None else "",
    )
    return _out(consultation)


@router.post(
    "/consultations/{id}/union-preview-done", response={200: ConsultationOut, **WRITE_ERRORS}
)
def finish_union_preview(request: HttpRequest, id: Id) -> dict[str, Any]:
    """The union committee has finished its preview of the plan and the draft (or waives it);
    409 when the consultation is not waiting for it."""
    user = api_user(request)
    return _out(union.finish_preview(actor=user, consultation=_consultation(user, id)))


@router.post("/consultations/{id}/open", response={200: ConsultationOut, **WRITE_ERRORS})
def open_to_staff(request: HttpRequest, id: Id) -> dict[str, Any]:
    """The head opens it to staff after the union's preview: `open` at once if `opens_at` has
    come (a period cut short by the wait moves to the unit's minimum), else `planned`; 409
    before the union has finished."""
    user = api_user(request)
    return _out(union.open_to_staff(actor=user, consultation=_consultation(user, id)))


@router.post("/consultations/{id}/opinions", response={201: CreatedOut, **WRITE_ERRORS})
def give_opinion(request: HttpRequest, id: Id, payload: OpinionIn) -> Status[Opinion]:
    """An opinion on a paragraph (`paragraph_id`) or on the whole draft; 409 once closed."""
    user = api_user(request)
    consultation = _consultation(user, id)
    paragraph = None
    if payload.paragraph_id is not None:
        paragraph = queries.current_paragraph(consultation, payload.paragraph_id)
        if paragraph is None:
            raise Http404
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
    request: HttpRequest, id: Id, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    """The opinions the plan lets the caller read (all for the head and the union)."""
    user = api_user(request)
    page, count = queries.opinion_page(user, _consultation(user, id), limit=limit, offset=offset)
    return {"items": [_opinion(opinion) for opinion in page], "count": count}


def _opinion(opinion: Opinion) -> dict[str, Any]:
    paragraph = opinion.paragraph
    return {
        "id": opinion.pk,
        "paragraph_id": opinion.paragraph_id,
        "paragraph_ref": paragraph.ref if paragraph else "",
        "paragraph_label": paragraph.place if paragraph else "",
        "version": paragraph.version.number if paragraph else 0,
        "author": queries.author_label(opinion),
        "via_union": opinion.via_union,
        "text": opinion.text,
        "created_at": opinion.created_at,
        "decision": opinion.decision or None,
        "explanation": opinion.explanation,
    }


@router.post("/opinions/{id}/disposition", response={200: OpinionOut, **WRITE_ERRORS})
def dispose_opinion(request: HttpRequest, id: Id, payload: DispositionIn) -> dict[str, Any]:
    """The head accepts, partly accepts or does not accept an opinion, with an explanation."""
    user = api_user(request)
    opinion = get_object_or_404(queries.visible_opinions(user), pk=id)
    services.dispose_opinion(
        actor=user, opinion=opinion, decision=payload.decision, explanation=payload.explanation
    )
    return _opinion(queries.opinion_with_author(id))


@router.post("/consultations/{id}/synthesis", response={201: SynthesisOut, **WRITE_ERRORS})
def publish_synthesis(request: HttpRequest, id: Id) -> Status[dict[str, Any]]:
    """Generate and disclose the synthesis report; 409 while an opinion lacks a disposition."""
    user = api_user(request)
    synthesis = adoption.publish_synthesis(actor=user, consultation=_consultation(user, id))
    # The API's own URL: the same bearer token fetches it (the page's URL needs a session).
    url = request.build_absolute_uri(f"{request.path.removesuffix('/synthesis')}/synthesis.docx")
    body = {
        "disclosure_id": synthesis.disclosure_id,
        "document_url": url,
        "number": synthesis.number,
    }
    return Status(201, body)


@router.get("/consultations/{id}/diff", response={200: DiffOut, **ERRORS}, by_alias=True)
def diff(request: HttpRequest, id: Id, from_: FromVersion = 0, to: ToVersion = 0) -> dict[str, Any]:
    """Paragraph- and word-level differences between two versions (`from`, `to`)."""
    found = queries.version_diff(_consultation(api_user(request), id), old=from_, new=to)
    if found is None:
        raise Http404
    return {
        "from": found.old.number,
        "to": found.new.number,
        "summary": summary(found.changes),
        "changes": to_data(found.changes),
    }


@router.get("/consultations/{id}/synthesis.docx", response={200: None, **ERRORS})
def synthesis_docx(request: HttpRequest, id: Id) -> FileResponse:
    """The published synthesis report (.docx, Decree 30); 404 before it is published or for a
    consultation the caller does not see."""
    return downloads.synthesis_file(_consultation(api_user(request), id))

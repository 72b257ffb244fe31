"""The conferences API: records (mounted in config/api.py beside api.py).

`GET /conferences/{id}/minutes.docx` and `/resolution.docx` are a public contract, fetchable
with the bearer token; the writes call the same services as the records page.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router

from danchu.conferences import queries, records, records_queries
from danchu.conferences.models import Resolution, ResolutionReview
from danchu.conferences.records_downloads import minutes_file, resolution_file
from danchu.conferences.records_schemas import ReportIn, ResolutionIn, ResolutionOut, ReviewOut
from danchu.people.api import ERRORS, WRITE_ERRORS, Id, api_user

router = Router(tags=["conferences"])


def resolution_out(resolution: Resolution) -> dict[str, Any]:
    return {
        "id": resolution.pk,
        "conference_id": resolution.conference_id,
        "number": resolution.number,
        "adopted_on": resolution.adopted_on,
        "vote_id": resolution.vote_id,
        "disclosure_id": resolution.disclosure_id,
        "reviews": [review_out(r) for r in records_queries.reviews_of(resolution)],
    }


def review_out(review: ResolutionReview) -> dict[str, Any]:
    return {
        "id": review.pk,
        "period": review.period,
        "due_on": review.due_on,
        "status": review.status,
        "done_on": review.done_on,
        "disclosure_id": review.disclosure_id,
    }


@router.get("/conferences/{id}/minutes.docx", response={200: None, **ERRORS})
def minutes_docx(request: HttpRequest, id: Id) -> HttpResponse:
    """The minutes (Biên bản, Decree 30 form 1.9) as .docx, generated from the records:
    the same records give the same bytes."""
    return minutes_file(queries.conference(api_user(request), id))


@router.get("/conferences/{id}/resolution.docx", response={200: None, **ERRORS})
def resolution_docx(request: HttpRequest, id: Id) -> HttpResponse:
    """The resolution (Nghị quyết, Decree 30 form 1.1) as .docx; a draft has no number yet;
    404 before one is drafted."""
    return resolution_file(queries.conference(api_user(request), id))


@router.post("/conferences/{id}/resolution", response={200: ResolutionOut, **WRITE_ERRORS})
def draft_resolution(request: HttpRequest, id: Id, payload: ResolutionIn) -> dict[str, Any]:
    """The head drafts (or redrafts, until adopted) the resolution's text."""
    user = api_user(request)
    resolution = records.draft_resolution(
        actor=user, conference=queries.conference(user, id), text=payload.text
    )
    return resolution_out(resolution)


@router.post("/conferences/{id}/resolution/adopt", response={200: ResolutionOut, **WRITE_ERRORS})
def adopt_resolution(request: HttpRequest, id: Id) -> dict[str, Any]:
    """Adopt the resolution once its vote (purpose "resolution") has closed with more than 50%
    of those present agreeing (art. 51.2.c; 409 otherwise): numbered, dated, disclosed to all
    staff, its six-monthly reviews scheduled (art. 52.3)."""
    user = api_user(request)
    resolution = records.adopt_resolution(actor=user, conference=queries.conference(user, id))
    return resolution_out(resolution)


@router.post("/resolution-reviews/{id}/report", response={200: ReviewOut, **WRITE_ERRORS})
def report_review(request: HttpRequest, id: Id, payload: ReportIn) -> dict[str, Any]:
    """The head reports a six-monthly review (art. 52.3); the report is disclosed to all staff."""
    user = api_user(request)
    review = records.report_review(
        actor=user, review=records_queries.review(user, id), report=payload.report
    )
    return review_out(review)

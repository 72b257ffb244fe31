"""The minutes and the resolution as .docx, for the page (session) and the API (bearer token)
alike: the same query, the same permission, the same bytes (Decree 30, reproducible)."""

from __future__ import annotations

from django.http import Http404, HttpResponse

from danchu.conferences import minutes_doc, records_queries, resolution_doc
from danchu.conferences.models import Conference

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _attachment(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def minutes_file(conference: Conference) -> HttpResponse:
    """The minutes of a conference the caller may see (read through `queries.conference`)."""
    data = minutes_doc.build_docx(records_queries.minutes_facts(conference))
    return _attachment(data, f"bien-ban-hoi-nghi-{conference.pk}.docx")


def resolution_file(conference: Conference) -> HttpResponse:
    """The resolution (a draft until adopted: no number yet); 404 before one is drafted."""
    resolution = records_queries.resolution_of(conference)
    if resolution is None:
        raise Http404
    data = resolution_doc.build_docx(records_queries.resolution_facts(conference, resolution))
    return _attachment(data, f"nghi-quyet-hoi-nghi-{conference.pk}.docx")

"""Files of a consultation: the synthesis report (.docx), for the page (session) and the API
(bearer token) alike: the same query, the same permission, the same bytes."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from danchu.consultations import pages, queries
from danchu.consultations.models import Consultation


def synthesis_file(consultation: Consultation) -> FileResponse:
    """The published synthesis of a consultation the caller may see, else 404."""
    synthesis = queries.synthesis_of(consultation)
    if synthesis is None:
        raise Http404
    return FileResponse(
        synthesis.document.open("rb"),
        as_attachment=True,
        filename=f"bao-cao-tong-hop-y-kien-{consultation.pk}.docx",
    )


@require_GET
@login_required
def synthesis_docx(request: HttpRequest, pk: int) -> FileResponse:
    return synthesis_file(pages.visible(request, pk))

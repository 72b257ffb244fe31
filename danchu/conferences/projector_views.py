"""The projector page of a vote and its bulletin download: public to anyone with the link (they
show what the room sees), updated by htmx every second (issue 13: within 2 seconds)."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from danchu.conferences import queries

STOP_POLLING = 286  # htmx: swap this answer, then stop polling


@require_safe
def vote_projector(request: HttpRequest, pk: int) -> HttpResponse:
    vote = queries.public_vote(pk)
    return render(
        request,
        "conferences/projector.html",
        {"vote": vote, "shown": queries.projection(vote)},
    )


@require_safe
def vote_projector_live(request: HttpRequest, pk: int) -> HttpResponse:
    """The changing part only (turnout, then the result): cheap enough to poll every second."""
    vote = queries.public_vote(pk)
    response = render(
        request,
        "conferences/includes/projector_live.html",
        {"vote": vote, "shown": queries.projection(vote)},
    )
    if vote.status == "closed":
        response.status_code = STOP_POLLING  # the result is final: htmx swaps it and stops
    return response


@require_safe
def vote_bulletin(request: HttpRequest, pk: int) -> HttpResponse:
    """The published bulletin as a JSON download (the same as GET /api/v1/votes/{id}/bulletin),
    for tools/verify_bulletin.py."""
    published = queries.bulletin(queries.public_vote(pk))
    if published is None:
        return HttpResponse(
            _("The list of ballots is published when the vote closes."),
            status=409,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(
        json.dumps(published, ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="phieu-bau-{pk}.json"'
    return response

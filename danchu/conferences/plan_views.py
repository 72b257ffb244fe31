"""The conference list and the conference page (the hub the other pages link from)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from danchu.conferences import permissions, queries
from danchu.core.pagination import paginate


@login_required
@require_safe
def conference_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, queries.conference_list(request.user))
    may_plan = bool(queries.plannable_units(request.user))
    return render(request, "conferences/list.html", {"page": page, "may_plan": may_plan})


@login_required
@require_safe
def conference_detail(request: HttpRequest, pk: int) -> HttpResponse:
    conference = queries.conference(request.user, pk)
    person_id = permissions.person_id_of(request.user)
    return render(
        request,
        "conferences/detail.html",
        {
            "conference": conference,
            "quorum": queries.quorum(conference),
            "agenda": queries.agenda(conference),
            "votes": queries.votes_of(conference),
            "me": queries.participant(conference, person_id),
            "is_chair": permissions.is_chair(request.user, conference),
            "can_manage": permissions.can_manage(request.user, conference),
            "speaks_for_union": permissions.speaks_for_union(request.user, conference),
            "warnings": queries.conference_warnings(conference),
            "can_check_in": permissions.can_check_in(request.user, conference),
            "counts": person_id in queries.counting_board(conference),
        },
    )

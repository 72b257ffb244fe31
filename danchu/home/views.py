"""The home page: what is waiting for the user, per role they hold. Thin: read, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from danchu.compliance.pages import home_board
from danchu.core.htmx import render_page
from danchu.home import queries, todo
from danchu.people.permissions import Action, reach_roots


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role's to-do list (most urgent first), and a supervisor's units below."""
    sections = todo.sections(request.user)
    context = {
        "person": getattr(request.user, "person", None),
        "sections": sections,
        "nothing_waiting": not any(section.waiting for section in sections),
        "overview": queries.overview(request.user),
        # Issue 14: a supervisor's home opens with the compliance dashboard of their subtree.
        "compliance": home_board(request.user),
        "compliance_reach": bool(reach_roots(request.user, Action.VIEW_COMPLIANCE)),
        # The register's period filter (dd/mm/yyyy) for "disclosed this year".
        "year_start": timezone.localdate().replace(month=1, day=1).strftime("%d/%m/%Y"),
    }
    return render_page(request, "home/home.html", context)

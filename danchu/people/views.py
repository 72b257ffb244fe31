"""Pages for the unit tree and the people in it. Thin: query, render."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from danchu.core.htmx import render_page
from danchu.core.pagination import paginate
from danchu.organizations.models import Body, Unit
from danchu.people import queries
from danchu.people.permissions import Action, can


class LoginView(auth_views.LoginView):
    template_name = "people/login.html"
    redirect_authenticated_user = True


def _unit_cards(request: HttpRequest, units: list[Unit]) -> list[dict[str, object]]:
    return [
        {
            "unit": unit,
            "summary": queries.subtree_summary(unit),
            "can_view_people": can(request.user, Action.VIEW_PEOPLE, unit),
            "can_import": can(request.user, Action.MANAGE_PEOPLE, unit),
        }
        for unit in units
    ]


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each user starts from the tops of their own reach: the whole tree, an agency, a unit."""
    roots = list(queries.root_units(request.user)[:20])
    person = getattr(request.user, "person", None)
    context = {
        "cards": _unit_cards(request, roots),
        "roles": list(queries.active_roles(person)) if person else [],
        "person": person,
    }
    return render_page(request, "people/home.html", context)


@require_GET
@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    units = queries.root_units(request.user) if not q else queries.visible_units(request.user)
    if q:
        units = queries.search_units(units, q)
    page = paginate(request, units.order_by("sort_key" if q else "path", "pk"))
    page.object_list = queries.attach_counts(list(page.object_list))
    context = {"page": page, "q": q}
    return render_page(request, "people/unit_list.html", context, partial="results")


@require_GET
@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(queries.visible_units(request.user), pk=pk)
    children = queries.visible_units(request.user).filter(parent=unit).order_by("sort_key", "pk")
    page = paginate(request, children, per_page=100)
    page.object_list = queries.attach_counts(list(page.object_list))
    context = {
        "unit": unit,
        "breadcrumbs": queries.breadcrumbs(request.user, unit),
        "summary": queries.subtree_summary(unit),
        "page": page,
        "bodies": Body.objects.filter(unit=unit).prefetch_related("members__person"),
        "can_view_people": can(request.user, Action.VIEW_PEOPLE, unit),
        "can_import": can(request.user, Action.MANAGE_PEOPLE, unit),
    }
    return render_page(request, "people/unit_detail.html", context, partial="children")


@require_GET
@login_required
def unit_people(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(queries.visible_units(request.user, Action.VIEW_PEOPLE), pk=pk)
    q = request.GET.get("q", "").strip()
    context = {
        "unit": unit,
        "breadcrumbs": [*queries.breadcrumbs(request.user, unit), unit],
        "q": q,
        "page": paginate(request, queries.people_under(request.user, unit, q)),
        "can_import": can(request.user, Action.MANAGE_PEOPLE, unit),
    }
    return render_page(request, "people/unit_people.html", context, partial="results")


@require_GET
@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    people = queries.visible_people(request.user).select_related("unit", "party_organization")
    person = get_object_or_404(people, pk=pk)
    context = {
        "person": person,
        "breadcrumbs": queries.breadcrumbs(request.user, person.unit) if person.unit else [],
        "roles": queries.active_roles(person),
    }
    return render_page(request, "people/person_detail.html", context)

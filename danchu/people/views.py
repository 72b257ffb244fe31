"""Pages for the unit tree and the people in it. Thin: query, render."""

from __future__ import annotations

from typing import TypeVar

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from danchu.core.htmx import render_page
from danchu.core.pagination import paginate
from danchu.organizations.queries import bodies_of
from danchu.people import queries
from danchu.people.permissions import Action, can

T = TypeVar("T")


class LoginView(auth_views.LoginView):
    template_name = "people/login.html"
    redirect_authenticated_user = True


def _found(found: T | None) -> T:
    """What a query found, or 404: what the user may not see is absent."""
    if found is None:
        raise Http404
    return found


@require_GET
@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    page = paginate(request, queries.unit_list(request.user, q=q))
    page.object_list = queries.attach_counts(list(page.object_list))
    context = {"page": page, "q": q}
    return render_page(request, "people/unit_list.html", context, partial="results")


@require_GET
@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _found(queries.visible_unit(request.user, pk))
    page = paginate(request, queries.unit_list(request.user, parent=unit), per_page=100)
    page.object_list = queries.attach_counts(list(page.object_list))
    context = {
        "unit": unit,
        "breadcrumbs": queries.breadcrumbs(request.user, unit),
        "summary": queries.subtree_summary(unit),
        "page": page,
        "bodies": bodies_of(unit),
        "can_view_people": can(request.user, Action.VIEW_PEOPLE, unit),
        "can_import": can(request.user, Action.MANAGE_PEOPLE, unit),
        # The unit's disclosure register: the rule of disclosures.permissions.can_see_register
        # (whoever may view the unit), which this layer cannot import.
        "can_see_register": can(request.user, Action.VIEW_UNIT, unit),
    }
    return render_page(request, "people/unit_detail.html", context, partial="children")


@require_GET
@login_required
def unit_people(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _found(queries.visible_unit(request.user, pk, Action.VIEW_PEOPLE))
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
    person = _found(queries.visible_person(request.user, pk))
    context = {
        "person": person,
        "breadcrumbs": queries.breadcrumbs(request.user, person.unit) if person.unit else [],
        "roles": queries.active_roles(person),
    }
    return render_page(request, "people/person_detail.html", context)

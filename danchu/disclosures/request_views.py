"""Pages of information requests (Law 10/2022/QH15 art. 48.4): asking a unit, the list of one's
requests and the unit's answers. Thin, like views.py."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from danchu.core.htmx import render_page
from danchu.core.outcomes import attempt
from danchu.core.pagination import paginate
from danchu.disclosures import asking, permissions, queries
from danchu.disclosures.forms import AnswerForm, InformationRequestForm
from danchu.disclosures.models import Disclosure
from danchu.disclosures.views import FIELD_OF_ERROR, status_of
from danchu.organizations.models import Unit
from danchu.people.backends import signed_in


def _int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    if not value:
        return None
    if not value.isdigit():
        raise Http404
    return int(value)


def _request_target(request: HttpRequest) -> tuple[Unit, Disclosure | None]:
    """The unit asked (`?unit=`, else the item's unit, else the user's own) and the item."""
    disclosure_id, unit_id = _int_param(request, "disclosure"), _int_param(request, "unit")
    disclosure = (
        get_object_or_404(queries.visible_disclosures(request.user), pk=disclosure_id)
        if disclosure_id
        else None
    )
    person = getattr(request.user, "person", None)
    unit_id = unit_id or (disclosure.unit_id if disclosure else getattr(person, "unit_id", None))
    unit = queries.unit_of_request(unit_id) if unit_id else None
    if unit is None or not permissions.can_request_information(request.user, unit):
        raise Http404
    return unit, disclosure


@require_http_methods(["GET", "POST"])
@login_required
def information_request_new(request: HttpRequest) -> HttpResponse:
    unit, disclosure = _request_target(request)
    initial = {"subject": disclosure.title if disclosure else ""}
    form = InformationRequestForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if form.is_valid():
        done = attempt(
            request,
            lambda: asking.request_information(
                actor=signed_in(request), unit=unit, disclosure=disclosure, **form.cleaned_data
            ),
            success=_("Your request has been sent."),
            form=form,
            fields=FIELD_OF_ERROR,
        )
        if done.value is not None:
            return redirect("information_request_detail", done.value.pk)
    context = {"form": form, "unit": unit, "disclosure": disclosure}
    return render_page(request, "disclosures/request_form.html", context, status=status_of(form))


@require_GET
@login_required
def information_request_list(request: HttpRequest) -> HttpResponse:
    """Unanswered first (the most urgent on top), then the answered, newest first."""
    page = paginate(request, queries.information_requests(request.user))
    today = timezone.localdate()
    for info in page.object_list:
        info.overdue = info.is_overdue(today=today)
    return render_page(request, "disclosures/request_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
@login_required
def information_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The request and its answer; POST answers it (publishers of the unit)."""
    info = get_object_or_404(queries.visible_information_requests(request.user), pk=pk)
    form = AnswerForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        done = attempt(
            request,
            lambda: asking.answer_information_request(
                actor=signed_in(request), request=info, **form.cleaned_data
            ),
            success=_("The answer has been sent."),
            form=form,
            fields=FIELD_OF_ERROR,
        )
        if done.ok:
            return redirect("information_request_detail", info.pk)
    today: dt.date = timezone.localdate()
    context = {
        "info": info,
        "form": form,
        "overdue": info.is_overdue(today=today),
        "can_answer": info.answered_at is None and permissions.can_publish(request.user, info.unit),
    }
    return render_page(request, "disclosures/request_detail.html", context, status=status_of(form))

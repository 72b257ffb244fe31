"""The union committee's steps on the consultation page (Law 10/2022/QH15 art. 55): finishing
its preview of the draft, the head opening the draft to staff after it, and the head's answer to
the union's opinion on the answers page. Thin: one service call each (`union.py`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.consultations import pages, permissions, queries, union
from danchu.consultations.forms import DispositionForm
from danchu.core.outcomes import attempt


@require_POST
@login_required
def preview_done(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = pages.visible(request, pk)
    if not permissions.speaks_for_union(request.user, consultation):
        raise Http404
    attempt(
        request,
        lambda: union.finish_preview(actor=pages.user(request), consultation=consultation),
        success=_("Recorded: the union committee has finished its preview."),
    )
    return redirect("consultation_detail", pk)


@require_POST
@login_required
def open_to_staff(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = pages.managed(request, pk)
    attempt(
        request,
        lambda: union.open_to_staff(actor=pages.user(request), consultation=consultation),
        success=_("The consultation has been opened to staff."),
    )
    return redirect("consultation_detail", pk)


@require_POST
@login_required
def union_answer(request: HttpRequest, pk: int, opinion: int) -> HttpResponse:
    """The head's answer to the union committee's opinion (art. 55.1), as for every opinion."""
    consultation = pages.managed(request, pk)
    row = queries.union_opinion_of(consultation, opinion)
    if row is None:
        raise Http404
    form = DispositionForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: union.dispose_union_opinion(
                actor=pages.user(request), union_opinion=row, **form.cleaned_data
            ),
        )
    else:
        messages.error(request, _("Choose a decision for the opinion."))
    return redirect(reverse("consultation_dispositions", args=[pk]) + f"#u{row.pk}")

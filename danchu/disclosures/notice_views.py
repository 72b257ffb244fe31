"""The printable notice of a disclosure (Decree 30/2020 "THÔNG BÁO"), as A4 HTML and as .docx."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from danchu.disclosures import notice, queries
from danchu.disclosures.models import Disclosure, Status

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _visible(request: HttpRequest, pk: int) -> Disclosure:
    items = queries.visible_disclosures(request.user).select_related(
        "unit__parent", "unit__own_settings", "notice_number", "created_by__person"
    )
    return get_object_or_404(items.prefetch_related("attachments"), pk=pk)


@require_GET
@login_required
def disclosure_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """A4 page for the notice board: its own minimal layout, printed from the browser."""
    disclosure = _visible(request, pk)
    facts = notice.notice_facts(disclosure)
    context = {
        "disclosure": disclosure,
        "facts": facts,
        "qr": notice.qr_svg(facts.verify_url),
        "is_current": disclosure.status == Status.PUBLISHED,
        "is_scheduled": disclosure.is_scheduled(now=timezone.now()),
        "back_url": _detail_url(pk),
    }
    return render(request, "disclosures/notice.html", context)


@require_GET
@login_required
def disclosure_notice_docx(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = _visible(request, pk)
    response = HttpResponse(notice.build_docx(disclosure), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{notice.docx_filename(disclosure)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _detail_url(pk: int) -> str:
    try:
        return reverse("disclosure_detail", args=[pk])
    except NoReverseMatch:
        return ""

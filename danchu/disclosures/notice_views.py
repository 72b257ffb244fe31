"""The printable notice of a disclosure (Decree 30/2020 "THÔNG BÁO"), as A4 HTML and as .docx."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from danchu.disclosures import downloads, notice, queries
from danchu.disclosures.models import Disclosure, Status


def _visible(request: HttpRequest, pk: int) -> Disclosure:
    disclosure = queries.visible_disclosure(request.user, pk)
    if disclosure is None:
        raise Http404
    return disclosure


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
    return downloads.notice_docx(_visible(request, pk))


def _detail_url(pk: int) -> str:
    try:
        return reverse("disclosure_detail", args=[pk])
    except NoReverseMatch:
        return ""

"""Public verification pages (no login): by digest, or by the SHA-256 of an uploaded file."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from danchu.core.htmx import render_page
from danchu.disclosures import notice_check
from danchu.disclosures.models import Status
from danchu.disclosures.public_api import clean_digest, verify_digest


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _verify_upload(request)
    text = request.GET.get("digest", "")
    if not text.strip():
        return _form(request)
    digest = clean_digest(text)
    if digest is None:
        message = _("A digest is 64 characters, each 0–9 or a–f. Check what you typed.")
        return _form(request, digest_text=text, digest_error=message, status=400)
    found = verify_digest(digest)
    context = {
        "digest": digest,
        "from_file": request.GET.get("source") == "file",
        "from_notice": request.GET.get("source") == "notice",
        "found": found,
        "status_label": Status(found.status).label if found else "",
        "current_url": _verify_url(found.current.digest) if found and found.superseded else "",
        "detail_url": _detail_url(found.disclosure.pk) if found else "",
    }
    return render_page(request, "disclosures/verify_result.html", context)


def _verify_upload(request: HttpRequest) -> HttpResponse:
    """Hash the uploaded file (never stored) and show the result for its digest."""
    upload = request.FILES.get("file")
    if upload is None:
        return _form(request, file_error=_("Choose a file to check."), status=400)
    limit = settings.DANCHU_MAX_ATTACHMENT_BYTES
    if upload.size is not None and upload.size > limit:
        message = _(
            "This file is larger than %(limit)s, the largest attachment danchu accepts, "
            "so it cannot match a published item."
        ) % {"limit": filesizeformat(limit)}
        return _form(request, file_error=message, status=413)
    sha256 = hashlib.sha256()
    for chunk in upload.chunks():
        sha256.update(chunk)
    digest = sha256.hexdigest()
    if verify_digest(digest) is None and (upload.size or 0) <= notice_check.MAX_NOTICE_BYTES:
        upload.seek(0)
        item_digest = notice_check.notice_digest(upload.read())
        if item_digest:  # the app's own notice of a published item, byte for byte
            return HttpResponseRedirect(_verify_url(item_digest, source="notice"))
    return HttpResponseRedirect(_verify_url(digest, source="file"))


def _form(
    request: HttpRequest,
    *,
    digest_text: str = "",
    digest_error: str = "",
    file_error: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "digest_text": digest_text,
        "digest_error": digest_error,
        "file_error": file_error,
        "limit": settings.DANCHU_MAX_ATTACHMENT_BYTES,
    }
    return render_page(request, "disclosures/verify.html", context, status=status)


def _verify_url(digest: str, *, source: str = "") -> str:
    query = {"digest": digest, **({"source": source} if source else {})}
    return f"{reverse('verify')}?{urlencode(query)}"


def _detail_url(pk: int) -> str:
    """The item's page in danchu (login required; it answers 404 to those who may not see it)."""
    try:
        return reverse("disclosure_detail", args=[pk])
    except NoReverseMatch:
        return ""

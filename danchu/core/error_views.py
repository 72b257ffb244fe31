"""The site's own error pages (400, 403, 404, 500 and a refused CSRF check), in the visitor's
language, with the menu and a way back; never Django's English pages or its list of URLs.

config/urls.py names them as handler400/403/404/500 and settings as CSRF_FAILURE_VIEW.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

logger = logging.getLogger(__name__)


def _page(request: HttpRequest, status: int, *, csrf: bool = False) -> HttpResponse:
    context = {"status": status, "csrf": csrf, "back": _back(request)}
    return render(request, "errors/error.html", context, status=status)


def _back(request: HttpRequest) -> str:
    """The page the visitor came from, when it is on this site (never a link elsewhere)."""
    referer = request.headers.get("referer", "")
    host_ok = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return referer if referer and host_ok and referer != request.build_absolute_uri() else ""


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _page(request, 403, csrf=True)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page. Something already failed, so the page asks as little as it can: the
    language from the cookie or Accept-Language; the full page with the menu if it renders,
    otherwise a plain page in Vietnamese with English below that needs no database."""
    language = translation.get_language_from_request(request)
    with translation.override(language):
        try:
            return _page(request, 500)
        except Exception:  # the error may be the database or a context processor itself
            logger.exception("The full 500 page failed; the plain one is shown")
            html = loader.get_template("errors/500_plain.html").render({"language": language})
            return HttpResponse(html, status=500)

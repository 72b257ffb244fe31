"""Vietnamese first (pages stay Vietnamese until the user picks English, whatever the browser),
generation tokens read once per request (danchu.core.cached_reads), and no NUL character in a
query or form value ever reaches the database (PostgreSQL refuses it with a server error)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext as _

from danchu.core.cached_reads import memo_for_request


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Pages follow the language cookie set by the switcher, else Vietnamese.

    Many office computers run English-language browsers, so Accept-Language would show civil
    servants an English site by default. The JSON API still honours Accept-Language, which is how
    integrators ask for messages in their language.
    """

    def process_request(self, request: HttpRequest) -> None:
        if request.path_info.startswith("/api/"):
            super().process_request(request)
            return
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class GenerationMiddleware:
    """Cached reads check their generation tokens once per request (danchu.core.cached_reads)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with memo_for_request():
            return self.get_response(request)


class UnstorableTextMiddleware:
    """A query or form value with a NUL character is refused, in the user's language: 422 with
    the API's error body under /api/ (`invalid_text`, as for JSON bodies), 400 on pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        values = list(request.GET.lists())
        if request.content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}:
            values += list(request.POST.lists())  # parsed once (CSRF checks read it too)
        if any("\x00" in text for name, texts in values for text in [name, *texts]):
            return self._refuse(request)
        return self.get_response(request)

    def _refuse(self, request: HttpRequest) -> HttpResponse:
        detail = _(
            "The request holds characters that text cannot contain (NUL or unpaired surrogates)."
        )
        if request.path_info.startswith("/api/"):
            body = {"detail": detail, "code": "invalid_text", "errors": []}
            return JsonResponse(body, status=422)
        return HttpResponse(detail, status=400, content_type="text/plain; charset=utf-8")

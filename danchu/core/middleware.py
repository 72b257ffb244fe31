"""Vietnamese first (pages stay Vietnamese until the user picks English, whatever the browser),
and generation tokens read once per request (danchu.core.cached_reads)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

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

"""Vietnamese first: pages stay Vietnamese until the user picks English, whatever the browser."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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

"""The one exception to "no inline style": django-rq's admin pages (the task queue's dashboard,
there when Redis is configured) carry `<style>` blocks in their own templates.

Rather than `'unsafe-inline'`, those pages, and only they, allow the exact blocks django-rq ships:
the SHA-256 of each `<style>` element in the installed package's templates, computed at start-up,
so an upgrade that changes one is allowed as it is and anything else injected is still refused.
A block holding template syntax would render differently from its template, so none is hashed
(the test says if one appears).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import importlib.util
import re
from collections.abc import Callable
from pathlib import Path

from django.http import HttpRequest, HttpResponseBase

PREFIX = "/admin/django_rq/"
_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S)


@functools.cache
def style_hashes(package: str = "django_rq") -> tuple[str, ...]:
    """`'sha256-…'` of each distinct static `<style>` block in `package`'s templates."""
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return ()
    blocks = {
        match.group(1)
        for template in sorted((Path(spec.origin).parent / "templates").rglob("*.html"))
        for match in _STYLE.finditer(template.read_text(encoding="utf-8"))
        if "{%" not in match.group(1) and "{{" not in match.group(1)
    }
    return tuple(
        sorted(f"'sha256-{base64.b64encode(hashlib.sha256(b.encode()).digest()).decode()}'"
               for b in blocks)
    )  # fmt: skip


class ThirdPartyStylesMiddleware:
    """After `csp.middleware.CSPMiddleware` in MIDDLEWARE: adds django-rq's style hashes to
    `style-src` on its own pages (django-csp reads `response._csp_update`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if request.path_info.startswith(PREFIX) and (hashes := style_hashes()):
            response._csp_update = {"style-src": list(hashes)}  # type: ignore[attr-defined]
        return response

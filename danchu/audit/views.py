"""The public list of signed audit checkpoints (no login), as a page and as JSON to copy."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from danchu.audit import queries
from danchu.audit.signing import trusted_keys
from danchu.core.htmx import render_page

MAX_NUMBER = 2**63 - 1


@require_GET
def checkpoints(request: HttpRequest) -> HttpResponse:
    context = {
        "checkpoints": queries.recent_checkpoints(),
        "keys": sorted(trusted_keys().values(), key=lambda key: not key.current),
    }
    return render_page(request, "audit/checkpoints.html", context)


@require_GET
def checkpoints_json(request: HttpRequest) -> HttpResponse:
    """`?after=N`: the checkpoints numbered above N, oldest first, at most 1000 a page."""
    after = request.GET.get("after", "0")
    if not after.isascii() or not after.isdigit() or int(after) > MAX_NUMBER:
        message = _("“after” is a checkpoint number: a whole number, 0 or more.")
        return JsonResponse({"code": "invalid_after", "detail": message}, status=400)
    body = queries.published_page(int(after))
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})

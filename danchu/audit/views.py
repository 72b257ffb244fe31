"""The public list of signed audit checkpoints (no login), as a page and as JSON to copy."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from danchu.audit import queries
from danchu.audit.signing import trusted_keys
from danchu.audit.verify_checkpoints import as_copy
from danchu.core.htmx import render_page

JSON_LIMIT = 1000  # checkpoints per JSON page
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
    page = queries.checkpoints_after(int(after), JSON_LIMIT)
    body = {
        "keys": [
            {"key_id": k.key_id, "public_key": k.raw_b64, "current": k.current}
            for k in trusted_keys().values()
        ],
        "checkpoints": [as_copy(c) for c in page],
        "next_after": page[-1].number if len(page) == JSON_LIMIT else None,
    }
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})

"""Where browsers report Content-Security-Policy violations (the policy's `report-uri`).

A report is logged (logger `danchu.csp`, level WARNING) and nothing else: no database write, so
anyone may post one. It is refused unless small and well-formed, and only a few fields, each cut
short, reach the log, so a hostile sender can neither flood the log with one request nor forge
log lines (the values are logged through repr()).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

logger = logging.getLogger("danchu.csp")

MAX_REPORT_BYTES = 8 * 1024
REPORT_TYPES = frozenset({"application/csp-report", "application/json"})
MAX_FIELD_CHARS = 300
REPORT_FIELDS = (
    "document-uri",
    "violated-directive",
    "effective-directive",
    "blocked-uri",
    "source-file",
    "line-number",
    "script-sample",
    "disposition",
)


def _declared_length(request: HttpRequest) -> int | None:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None


def violation_of(payload: Any) -> dict[str, str] | None:
    """The logged fields of a report in the `report-uri` shape ({"csp-report": {...}}), or None."""
    report = payload.get("csp-report") if isinstance(payload, dict) else None
    if not isinstance(report, dict):
        return None
    return {
        field: str(report[field])[:MAX_FIELD_CHARS] for field in REPORT_FIELDS if field in report
    }


@csrf_exempt  # browsers post reports without a token; nothing is written but a log line
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    length = _declared_length(request)
    if length is None or length > MAX_REPORT_BYTES:
        return HttpResponse(status=413)
    if request.content_type not in REPORT_TYPES:  # a form: its body was read as one already
        return HttpResponse(status=400)
    try:
        payload = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return HttpResponse(status=400)
    violation = violation_of(payload)
    if violation is None:
        return HttpResponse(status=400)
    logger.warning("Content-Security-Policy violation: %r", violation)
    return HttpResponse(status=204)

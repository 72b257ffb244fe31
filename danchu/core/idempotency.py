"""A double click or a client's retry acts once (issue 11, finding 9).

A form rendered with `{% form_key %}` carries a one-time `submission_key`; an API call may send an
`Idempotency-Key` header (POST, PUT, PATCH, DELETE under /api/). The first request with a key
claims it: a row (owner, key) is inserted in the transaction that runs the view, and the view's
response is stored in it before the commit, so a crash never leaves a key without its write or a
write without its key. A repeat within `IDEMPOTENCY_KEY_TTL` gets the stored response again, with
`Idempotent-Replayed: true` (and on pages a message saying so); a repeat with another body is
refused with 422 `idempotency_key_reused`. Two requests at once: the second waits on the unique
constraint (PostgreSQL) or the write lock (SQLite) until the first commits, then replays it.

Only what changed something is kept: a refusal (a status of 400 or more, or a page that queued
an error message) releases the key, so a corrected retry runs. Requests without a key, and
anonymous ones, work as before.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import SimpleTemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.models import IdempotencyKey

FORM_FIELD = "submission_key"
HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_KEPT_HEADERS = ("Content-Type", "Location")  # and every HX-* header (htmx answers)
_NOT_HASHED = frozenset({"csrfmiddlewaretoken", FORM_FIELD})

View = Callable[..., HttpResponse]


def ttl() -> dt.timedelta:
    return dt.timedelta(seconds=getattr(settings, "IDEMPOTENCY_KEY_TTL", 24 * 60 * 60))


def purge_expired(*, now: dt.datetime | None = None) -> int:
    """Delete the keys older than the time-to-live; how many there were."""
    cutoff = (now or timezone.now()) - ttl()
    deleted, _by_model = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def submitted_key(request: HttpRequest) -> str | None:
    """The key this request carries, if it is a write that may carry one ("" if malformed)."""
    if request.method not in UNSAFE_METHODS:
        return None
    if _is_api(request):
        key = request.headers.get(HEADER)
    elif request.method == "POST":
        key = request.POST.get(FORM_FIELD)
    else:
        key = None
    if key is None:
        return None
    return key if 0 < len(key) <= MAX_KEY_LENGTH and key.isascii() and key.isprintable() else ""


def owner_of(request: HttpRequest) -> str | None:
    """Whose keys these are: the bearer token's (API), else the logged-in user's; None when
    anonymous (nothing is kept then)."""
    authorization = request.headers.get("Authorization", "")
    if _is_api(request) and authorization[:7].lower() == "bearer ":
        return "token:" + hashlib.sha256(authorization[7:].strip().encode()).hexdigest()
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return None


def fingerprint(request: HttpRequest) -> str:
    """A hash of what the request asks: method, path, and the body's content (form fields and
    uploaded files whatever their multipart boundary; JSON whatever its spacing)."""
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    if request.content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}:
        fields = sorted((k, v) for k, v in request.POST.lists() if k not in _NOT_HASHED)
        digest.update(json.dumps(fields).encode())
        for name, uploads in sorted(request.FILES.lists()):
            for upload in uploads:
                digest.update(f"\n{name}:{upload.name}:{upload.size}:".encode())
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
        return digest.hexdigest()
    body = request.body
    with contextlib.suppress(ValueError, RecursionError):  # not JSON: the bytes as sent
        body = json.dumps(json.loads(body), sort_keys=True).encode()
    digest.update(body)
    return digest.hexdigest()


def document_header(schema: dict[str, Any]) -> None:
    """Add the `Idempotency-Key` header to every write that needs a login in `schema` (an
    OpenAPI document): the writes this module honours it on (anonymous ones keep nothing)."""
    parameter = {
        "in": "header",
        "name": HEADER,
        "required": False,
        "schema": {
            "type": "string",
            "minLength": 1,
            "maxLength": MAX_KEY_LENGTH,
            "pattern": "^[ -~]+$",  # printable ASCII
        },
        "description": (
            "Send the request again with the same key and body (a retry) and it acts once: the "
            "first answer is replayed, with `Idempotent-Replayed: true`. The same key with "
            "another body: 422 `idempotency_key_reused`. Keys belong to the token (or session "
            "user) and last 24 hours."
        ),
    }
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            if method.upper() in UNSAFE_METHODS and operation.get("security"):
                operation.setdefault("parameters", []).append(dict(parameter))


class IdempotencyMiddleware:
    """Runs a keyed write once (see the module's docstring). Last in MIDDLEWARE: it calls the
    view from `process_view`, after CSRF, sessions, authentication and messages are in place."""

    def __init__(self, get_response: View) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: View, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        key = submitted_key(request)
        if key is None:
            return None
        if key == "":
            if _is_api(request):
                return _refusal(request, "idempotency_key_invalid")
            return None  # a page's malformed key: acted on as if there were none
        owner = owner_of(request)
        if owner is None:
            return None
        return _run_once(request, view, args, kwargs, owner=owner, key=key)


def _run_once(
    request: HttpRequest, view: View, args: Any, kwargs: Any, *, owner: str, key: str
) -> HttpResponse:
    asked = fingerprint(request)
    now = timezone.now()
    with transaction.atomic():
        IdempotencyKey.objects.filter(owner=owner, key=key, created_at__lt=now - ttl()).delete()
        claim = IdempotencyKey(
            owner=owner,
            key=key,
            method=request.method or "",
            path=request.path,
            fingerprint=asked,
            status=0,
            created_at=now,
        )
        try:
            with transaction.atomic():  # a savepoint: a duplicate leaves the transaction usable
                claim.save(force_insert=True)
        except IntegrityError:
            # The first request with this key has committed (its insert held ours until then).
            earlier = IdempotencyKey.objects.get(owner=owner, key=key)
            if earlier.fingerprint != asked:
                return _refusal(request, "idempotency_key_reused")
            return _replay(request, earlier)
        errors_before = _error_messages(request)
        response = view(request, *args, **kwargs)
        if isinstance(response, SimpleTemplateResponse):
            response = response.render()  # store what is sent
        if _changed_nothing(request, response, errors_before):
            claim.delete()  # a refusal: a corrected retry with the same key runs
        else:
            _store(claim, response)
        return response


def _error_messages(request: HttpRequest) -> int:
    queued = getattr(getattr(request, "_messages", None), "_queued_messages", [])
    return sum(1 for message in queued if message.level >= messages.ERROR)


def _changed_nothing(request: HttpRequest, response: HttpResponse, errors_before: int) -> bool:
    return (
        response.status_code >= 400
        or response.streaming
        or _error_messages(request) > errors_before
    )


def _store(claim: IdempotencyKey, response: HttpResponse) -> None:
    claim.status = response.status_code
    claim.headers = {
        name: value
        for name, value in response.items()
        if name in _KEPT_HEADERS or name.lower().startswith("hx-")
    }
    claim.body = b"" if 300 <= response.status_code < 400 else response.content
    claim.save(update_fields=["status", "headers", "body"])


def _replay(request: HttpRequest, earlier: IdempotencyKey) -> HttpResponse:
    response = HttpResponse(bytes(earlier.body), status=earlier.status)
    for name, value in earlier.headers.items():
        response[name] = value
    response[REPLAYED_HEADER] = "true"
    if not _is_api(request) and 300 <= earlier.status < 400:
        messages.info(request, _("Your earlier submission was already recorded; not sent again."))
    return response


def _refusal(request: HttpRequest, code: str) -> HttpResponse:
    if code == "idempotency_key_invalid":
        detail = _("The Idempotency-Key header must be 1 to 255 printable ASCII characters.")
    elif _is_api(request):
        detail = _(
            "This Idempotency-Key was already used for a different request; "
            "send a new key for a new request."
        )
    else:
        detail = _(
            "This form was already sent with different content. "
            "Open the page again to send something new."
        )
    if _is_api(request):
        return JsonResponse({"detail": detail, "code": code, "errors": []}, status=422)
    return HttpResponse(detail, status=422, content_type="text/plain; charset=utf-8")

"""A double click or a client's retry acts once (issue 11, finding 9).

A form rendered with `{% form_key %}` carries a one-time `submission_key`; an API call may send an
`Idempotency-Key` header (POST, PUT, PATCH, DELETE under /api/). The first request with a key
claims it in a short transaction of its own (a row: owner, key, a hash of the request), then runs
the view outside any transaction, so the view's long work (reading uploads, rendering) never
holds the database's write lock (issue 11, finding 2). The write the view makes marks the claim
in the write's own transaction (`bind_write`, called by `audit.record`, which every write calls),
so a key and its write commit together: after a crash, a repeat is told the request was carried
out instead of carrying it out twice. The response is then stored with the claim.

A repeat within `IDEMPOTENCY_KEY_TTL` gets the stored response again, with
`Idempotent-Replayed: true` (and on pages a message saying so); one that arrives while the first
still runs waits for it (up to `WAIT`), then replays it, or is answered 409
`idempotency_key_in_progress`; a repeat with another body is refused with 422
`idempotency_key_reused`. A claim whose request died before writing is taken over after `LEASE`.

Only what changed something is kept: a refusal (a status of 400 or more, or a page that queued an
error message) releases the key, so a corrected retry runs. Anonymous acts keep nothing
(`keep_nothing`): a row naming its sender would undo what danchu.anonymity hides. Requests without
a key, and anonymous ones, work as before.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import secrets
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import SimpleTemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.errors import DomainError
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


# A request that has claimed a key and neither wrote nor answered within this time is taken as
# dead (a killed worker): its key may be claimed again. Longer than any request runs.
LEASE = dt.timedelta(minutes=2)
# How long a repeat waits for the request still running with its key (a double click).
WAIT = dt.timedelta(seconds=10)
POLL_SECONDS = 0.05


@dataclass(frozen=True)
class _Claim:
    pk: int
    nonce: str


_claimed: ContextVar[_Claim | None] = ContextVar("danchu_idempotency_claim", default=None)
_unkept: ContextVar[list[bool] | None] = ContextVar("danchu_idempotency_unkept", default=None)


class KeyTakenOver(DomainError):
    status_code = 409
    code = "idempotency_key_in_progress"

    def __init__(self) -> None:
        super().__init__(
            _("This request took too long and was sent again; it was not carried out.")
        )


def bind_write() -> None:
    """Mark the current request's key as used, in the caller's (the write's) transaction.

    Called by `audit.record`, so by every write. Refuses the write (rolling it back) if the key
    was meanwhile taken over by a repeat, which then carries the request out once."""
    claim = _claimed.get()
    if claim is None:
        return
    if not IdempotencyKey.objects.filter(pk=claim.pk, nonce=claim.nonce).update(written=True):
        raise KeyTakenOver


def keep_nothing() -> None:
    """The current request is an anonymous act: its key is released and nothing of it is kept."""
    unkept = _unkept.get()
    if unkept is not None:
        unkept.append(True)


def _run_once(
    request: HttpRequest, view: View, args: Any, kwargs: Any, *, owner: str, key: str
) -> HttpResponse:
    claim = _claim(request, owner=owner, key=key, asked=fingerprint(request))
    if isinstance(claim, HttpResponse):
        return claim
    claimed, unkept = _claimed.set(claim), _unkept.set([])
    try:
        errors_before = _error_messages(request)
        response = view(request, *args, **kwargs)
        if isinstance(response, SimpleTemplateResponse):
            response = response.render()  # store what is sent
        anonymous = bool(_unkept.get())
    except BaseException:
        _give_up(claim)
        raise
    finally:
        _claimed.reset(claimed)
        _unkept.reset(unkept)
    if anonymous:
        _release(claim, written_too=True)
    elif _changed_nothing(request, response, errors_before) and not _written(claim):
        _release(claim, written_too=False)  # a refusal: a corrected retry with the same key runs
    else:
        _store(claim, response)
    return response


def _claim(request: HttpRequest, *, owner: str, key: str, asked: str) -> _Claim | HttpResponse:
    """Claim `key` for this request, or the answer to give it instead: the first request's
    (replayed), a refusal (another body), or 409 if the first is still running after WAIT."""
    deadline = time.monotonic() + WAIT.total_seconds()
    while True:
        now = timezone.now()
        with transaction.atomic():
            IdempotencyKey.objects.filter(owner=owner, key=key, created_at__lt=now - ttl()).delete()
            earlier = IdempotencyKey.objects.filter(owner=owner, key=key).first()
            if earlier is None:
                claim = _Claim(0, secrets.token_hex(16))
                row = IdempotencyKey(
                    owner=owner,
                    key=key,
                    method=request.method or "",
                    path=request.path,
                    fingerprint=asked,
                    status=0,
                    nonce=claim.nonce,
                    claimed_at=now,
                    created_at=now,
                )
                try:
                    with transaction.atomic():  # a savepoint: a duplicate leaves ours usable
                        row.save(force_insert=True)
                except IntegrityError:
                    continue  # claimed by a repeat this instant: look at it again
                return _Claim(row.pk, claim.nonce)
            if earlier.fingerprint != asked:
                return _refusal(request, "idempotency_key_reused")
            if earlier.status:
                return _replay(request, earlier)
            if earlier.claimed_at < now - LEASE:  # its request died or failed
                if earlier.written:  # after its write: carried out, the answer lost
                    return _refusal(request, "idempotency_key_in_progress")
                earlier.nonce, earlier.claimed_at = secrets.token_hex(16), now
                earlier.save(update_fields=["nonce", "claimed_at"])
                return _Claim(earlier.pk, earlier.nonce)  # before writing: run it now
        if time.monotonic() > deadline:
            return _refusal(request, "idempotency_key_in_progress")
        time.sleep(POLL_SECONDS)


def _written(claim: _Claim) -> bool:
    return IdempotencyKey.objects.filter(pk=claim.pk, nonce=claim.nonce, written=True).exists()


def _give_up(claim: _Claim) -> None:
    """The view failed: its key is released, or, if its write committed, kept with an expired
    lease, so a repeat is told at once that the request was carried out."""
    _release(claim, written_too=False)
    IdempotencyKey.objects.filter(pk=claim.pk, nonce=claim.nonce).update(
        claimed_at=timezone.now() - 2 * LEASE
    )


def _release(claim: _Claim, *, written_too: bool) -> None:
    """Give the key back. A key whose write committed is kept unless the act is anonymous: a
    repeat is then told the request was carried out, not carried out again."""
    rows = IdempotencyKey.objects.filter(pk=claim.pk, nonce=claim.nonce)
    (rows if written_too else rows.filter(written=False)).delete()


def _error_messages(request: HttpRequest) -> int:
    queued = getattr(getattr(request, "_messages", None), "_queued_messages", [])
    return sum(1 for message in queued if message.level >= messages.ERROR)


def _changed_nothing(request: HttpRequest, response: HttpResponse, errors_before: int) -> bool:
    return (
        response.status_code >= 400
        or response.streaming
        or _error_messages(request) > errors_before
    )


def _store(claim: _Claim, response: HttpResponse) -> None:
    IdempotencyKey.objects.filter(pk=claim.pk, nonce=claim.nonce).update(
        status=response.status_code,
        headers={
            name: value
            for name, value in response.items()
            if name in _KEPT_HEADERS or name.lower().startswith("hx-")
        },
        body=b"" if 300 <= response.status_code < 400 else response.content,
    )


def _replay(request: HttpRequest, earlier: IdempotencyKey) -> HttpResponse:
    response = HttpResponse(bytes(earlier.body), status=earlier.status)
    for name, value in earlier.headers.items():
        response[name] = value
    response[REPLAYED_HEADER] = "true"
    if not _is_api(request) and 300 <= earlier.status < 400:
        messages.info(request, _("Your earlier submission was already recorded; not sent again."))
    return response


def _refusal(request: HttpRequest, code: str) -> HttpResponse:
    status = 422
    if code == "idempotency_key_invalid":
        detail = _("The Idempotency-Key header must be 1 to 255 printable ASCII characters.")
    elif code == "idempotency_key_in_progress":
        status = 409
        detail = _(
            "An earlier request with this key is still being carried out, or was interrupted "
            "after it was carried out. Check the result before sending it again."
        )
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
        return JsonResponse({"detail": detail, "code": code, "errors": []}, status=status)
    return HttpResponse(detail, status=status, content_type="text/plain; charset=utf-8")

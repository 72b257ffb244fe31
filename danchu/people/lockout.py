"""Login lockout (django-axes, configured in config/settings.py): the client's address, the answer
to a refused login, and the audit entry of each lockout.

One account is locked from one address (AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]):
a lockout never blocks the other accounts of a shared office address, nor the same account from
elsewhere. The answer is 429 with `Retry-After`, and says when to try again, in the user's language.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import math
from typing import Any

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import ngettext

__all__ = ["client_ip", "lockout_response", "record_lockout"]


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or, behind DANCHU_TRUSTED_PROXY_COUNT reverse proxies
    that each append to X-Forwarded-For, the entry the outermost trusted proxy appended (what a
    client puts in the header itself stays to its left and is ignored)."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    count = settings.DANCHU_TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    if len(hops) < count:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-count]))
    except ValueError:
        return remote


def locked_until(request: HttpRequest) -> dt.datetime:
    """When the lockout that refused this request ends: the last counted failure plus the cool-off
    (tries during a lockout are not counted, AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT)."""
    from danchu.people.queries import last_counted_login_failure

    username = (getattr(request, "axes_credentials", None) or {}).get("username")
    address = getattr(request, "axes_ip_address", None)
    last = last_counted_login_failure(username, address) or timezone.now()
    return last + settings.AXES_COOLOFF_TIME


def lockout_message(until: dt.datetime, *, now: dt.datetime) -> str:
    minutes = max(1, math.ceil((until - now).total_seconds() / 60))
    return ngettext(
        "Too many wrong passwords for this account from your address. You may try again "
        "after %(time)s (in %(minutes)d minute).",
        "Too many wrong passwords for this account from your address. You may try again "
        "after %(time)s (in %(minutes)d minutes).",
        minutes,
    ) % {"time": timezone.localtime(until).strftime("%d/%m/%Y %H:%M"), "minutes": minutes}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any = None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the API's error body (code `too_many_attempts`) or the login page
    with the message, both 429 with `Retry-After` in seconds."""
    now = timezone.now()
    until = locked_until(request)
    message = lockout_message(until, now=now)
    response: HttpResponse
    if _is_api(request):
        body = {"detail": message, "code": "too_many_attempts", "errors": []}
        response = JsonResponse(body, status=429)
    else:
        username = str(request.POST.get("username", ""))[:150]
        # Unbound (initial only): validating it would try the password once more.
        form = AuthenticationForm(request, initial={"username": username})
        context = {"form": form, "lockout": message, "next": request.POST.get("next", "")}
        response = render(request, "people/login.html", context, status=429)
    response["Retry-After"] = str(max(1, math.ceil((until - now).total_seconds())))
    return response


def _is_api(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and "api" in match.namespaces


def record_lockout(sender: Any, request: HttpRequest, username: str | None, **kwargs: Any) -> None:
    """axes' `user_locked_out` receiver: one audit entry when a lockout starts (the failure that
    reached the limit was counted), none for each try refused during it."""
    from danchu.people.services import record_login_lockout

    if getattr(request, "axes_failures_since_start", None) is None:
        return  # refused by an existing lockout: already recorded
    until = request.axes_attempt_time + settings.AXES_COOLOFF_TIME  # type: ignore[attr-defined]
    address = str(getattr(request, "axes_ip_address", "") or "")
    record_login_lockout(username=username or "", address=address, until=until)

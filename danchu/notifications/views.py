"""The user's notices: list them, open one (marks it read), mark all read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danchu.core.htmx import render_page
from danchu.core.pagination import paginate
from danchu.notifications import queries, services
from danchu.notifications.forms import DigestPreferenceForm
from danchu.people.backends import signed_in


@require_GET
@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, queries.notices_of(request.user))
    context = {"page": page, "unread": queries.unread_count(request.user)}
    return render_page(request, "notifications/list.html", context)


@require_POST
@login_required
def notification_mark_all_read(request: HttpRequest) -> HttpResponse:
    services.mark_read(recipient=request.user)
    return redirect("notification_list")


@require_POST
@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the notice read and go to what it is about (only a local address is followed)."""
    notice = get_object_or_404(queries.notices_of(request.user), pk=pk)
    services.mark_read(recipient=request.user, notices=[notice])
    safe = url_has_allowed_host_and_scheme(
        notice.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(notice.url if safe else reverse("notification_list"))


@require_http_methods(["GET", "POST"])
@login_required
def notification_settings(request: HttpRequest) -> HttpResponse:
    """The person's choice of a daily e-mail digest (on unless turned off)."""
    user = signed_in(request)
    data = request.POST if request.method == "POST" else None
    form = DigestPreferenceForm(data, initial={"daily_digest": queries.digest_on(user)})
    if request.method == "POST" and form.is_valid():
        services.set_digest_preference(user=user, daily_digest=form.cleaned_data["daily_digest"])
        messages.success(request, _("Your choice has been saved."))
        return redirect("notification_list")
    return render_page(request, "notifications/settings.html", {"form": form})

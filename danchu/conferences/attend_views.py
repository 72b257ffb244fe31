"""Attendance pages: check-in at the door from the list or by personal code, a participant's
own page (their QR code, remote attendance), the live quorum, opening and ending the session."""

from __future__ import annotations

import segno
from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from danchu.conferences import attendance, pages, permissions, queries
from danchu.conferences.models import CheckIn, Conference
from danchu.core.errors import DomainError
from danchu.core.outcomes import attempt


class ScanForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Personal code"),
        max_length=500,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
        help_text=gettext_lazy("Scan the participant's QR code, or type it; Enter checks in."),
    )


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _door(request: HttpRequest, pk: int) -> Conference:
    conference = queries.conference(request.user, pk)
    if not permissions.can_check_in(request.user, conference):
        raise Http404
    return conference


def _live(conference: Conference) -> str:
    return reverse("conference_quorum", args=[conference.pk])


@login_required
@require_safe
def check_in_page(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _door(request, pk)
    search = request.GET.get("q", "")[:100]
    context = {
        "conference": conference,
        "rows": queries.attendance_rows(conference, search=search),
        "search": search,
        "quorum": queries.quorum(conference),
        "live_url": _live(conference),
        "is_chair": permissions.is_chair(request.user, conference),
    }
    template = "conferences/includes/check_in_rows.html" if is_htmx(request) else None
    response = render(request, template or "conferences/check_in.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_POST
def check_in_one(request: HttpRequest, pk: int, person: int) -> HttpResponse:
    conference = _door(request, pk)
    attempt(
        request,
        lambda: attendance.check_in(
            actor=pages.user(request), conference=conference, person_ids=[person]
        ),
    )
    if is_htmx(request):
        row = queries.participant(conference, person)
        return render(
            request,
            "conferences/includes/check_in_row.html",
            {"row": row, "conference": conference},
        )
    return redirect(reverse("conference_check_in", args=[pk]) + f"#p{person}")


@require_safe
def quorum_live(request: HttpRequest, pk: int) -> HttpResponse:
    conference = queries.conference(request.user, pk)
    return render(
        request,
        "conferences/includes/quorum.html",
        {"quorum": queries.quorum(conference), "live_url": _live(conference)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def scan_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The tablet at the door: a scanner types the code and Enter; the name shows large."""
    conference = _door(request, pk)
    form = ScanForm(request.POST or None)
    arrived = ""
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            person_id, _quorum = attendance.check_in_by_code(
                actor=pages.user(request), conference=conference, code=form.cleaned_data["code"]
            )
        except DomainError as error:
            form.add_error("code", str(error.message))
            status = error.status_code
        else:
            row = queries.participant(conference, person_id)
            arrived = row.person.full_name if row else ""
            form = ScanForm()  # cleared for the next one
    return render(
        request,
        "conferences/scan.html",
        {"conference": conference, "form": form, "arrived": arrived,
         "quorum": queries.quorum(conference), "live_url": _live(conference)},
        status=status,
    )  # fmt: skip


@login_required
@require_safe
def me_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A participant's page: their QR code for the door, remote attendance when allowed."""
    conference = queries.conference(request.user, pk)
    person_id = permissions.person_id_of(request.user)
    me = queries.participant(conference, person_id)
    if me is None or person_id is None:
        raise Http404
    code = attendance.personal_code(conference, person_id)
    qr = segno.make(code, error="m").svg_inline(
        scale=1, border=2, omitsize=True, svgclass="qr", title=_("Personal check-in code")
    )
    return render(
        request,
        "conferences/me.html",
        {"conference": conference, "me": me, "code": code, "qr": mark_safe(qr),  # noqa: S308
         "remote": CheckIn.REMOTE},
    )  # fmt: skip


@login_required
@require_POST
def me_remote(request: HttpRequest, pk: int) -> HttpResponse:
    conference = queries.conference(request.user, pk)
    attempt(
        request,
        lambda: attendance.check_in_remote(actor=pages.user(request), conference=conference),
        success=_("You are checked in as attending remotely."),
    )
    return redirect("conference_me", pk)


@login_required
@require_POST
def session_open(request: HttpRequest, pk: int) -> HttpResponse:
    conference = queries.conference(request.user, pk)
    attempt(
        request,
        lambda: attendance.open_session(actor=pages.user(request), conference=conference),
        success=_("The conference is open."),
    )
    return redirect("conference_check_in", pk)


@login_required
@require_http_methods(["GET", "POST"])
def session_end(request: HttpRequest, pk: int) -> HttpResponse:
    """Check, then end: without its quorum the conference is recorded as not held."""
    conference = queries.conference(request.user, pk)
    if not permissions.is_chair(request.user, conference):
        raise Http404
    if request.method == "POST":
        attempt(
            request,
            lambda: attendance.end_session(actor=pages.user(request), conference=conference),
            success=_("The conference has ended."),
        )
        return redirect("conference_detail", pk)
    quorum = queries.quorum(conference)
    facts = [
        _("%(present)s of %(expected)s are present; the quorum is %(needed)s.")
        % {"present": quorum.present, "expected": quorum.expected, "needed": quorum.needed},
        _("The conference is recorded as held.")
        if quorum.met
        else _("Without its quorum the conference is recorded as not held (it may be convened a "
               "second time, art. 50.2)."),
    ]  # fmt: skip
    return pages.check_page(
        request,
        heading=_("End the conference?"),
        facts=facts,
        cannot_undo=[_("No vote can be opened or check-in taken after the end.")],
        rows=[{"key": _("Conference"), "value": conference.title}],
        action=reverse("conference_session_end", args=[pk]),
        button=_("End the conference"),
        back=reverse("conference_check_in", args=[pk]),
    )

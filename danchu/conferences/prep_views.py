"""Preparing the conference (the head): the plan form, the agenda, the contents, documents,
invitations; asking for an extraordinary conference; a second call and the written ballot.
Thin: one service each (planning.py, preparation.py, calls.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from danchu.conferences import calls, pages, planning, preparation, queries
from danchu.conferences.forms import (
    ContentsForm,
    PlanForm,
    RequestForm,
    SecondCallForm,
    TitleForm,
)
from danchu.conferences.models import Conference
from danchu.core.outcomes import attempt


def when(conference: Conference) -> str:
    return timezone.localtime(conference.scheduled_at).strftime("%d/%m/%Y %H:%M")


@login_required
@require_http_methods(["GET", "POST"])
def plan_page(request: HttpRequest) -> HttpResponse:
    units = queries.plannable_units(request.user)
    if not units:
        raise Http404
    form = PlanForm(request.POST or None, units=units, initial={"unit": units[0].pk})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = next(u for u in units if u.pk == data.pop("unit"))
        done = attempt(
            request,
            lambda: planning.plan_conference(actor=pages.user(request), unit=unit, **data),
            success=_("The conference has been planned. Prepare its agenda, then invite."),
            form=form,
            fields={"delegate_below_100": "format"},
        )
        if done.value is not None:
            return redirect("conference_detail", done.value[0].pk)
    return render(
        request, "conferences/plan.html", {"form": form}, status=422 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def prepare_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The agenda, the contents and the documents, each form posting back here."""
    conference = pages.managed(request, pk)
    user = pages.user(request)
    title_form = TitleForm(prefix="t")
    contents_form = ContentsForm(prefix="c", initial={"contents": conference.contents})
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "add":
            title_form = TitleForm(request.POST, prefix="t")
            if title_form.is_valid():
                title = title_form.cleaned_data["title"]
                attempt(request, lambda: preparation.add_agenda_item(
                    actor=user, conference=conference, title=title))  # fmt: skip
        elif action in ("up", "down", "remove", "rename"):
            item = queries.agenda_item(conference, int(request.POST.get("item") or 0))
            if action == "remove":
                attempt(request, lambda: preparation.remove_agenda_item(actor=user, item=item))
            elif action == "rename":
                title = request.POST.get("title", "")[:500]
                attempt(request, lambda: preparation.rename_agenda_item(
                    actor=user, item=item, title=title))  # fmt: skip
            else:
                attempt(request, lambda: preparation.move_agenda_item(
                    actor=user, item=item, up=action == "up"))  # fmt: skip
        elif action == "contents":
            contents_form = ContentsForm(request.POST, prefix="c")
            if contents_form.is_valid():
                attempt(request, lambda: preparation.set_contents(
                    actor=user, conference=conference,
                    codes=contents_form.cleaned_data["contents"]), success=_("Saved."))  # fmt: skip
        elif action == "attach":
            disclosure = queries.disclosure_of(int(request.POST.get("disclosure") or 0))
            consultation = queries.consultation_of(int(request.POST.get("consultation") or 0))
            attempt(request, lambda: preparation.attach_document(
                actor=user, conference=conference, disclosure=disclosure,
                consultation=consultation))  # fmt: skip
        if not (title_form.errors or contents_form.errors):
            return redirect(reverse("conference_prepare", args=[pk]) + "#agenda")
    return render(
        request,
        "conferences/prepare.html",
        {
            "conference": conference,
            "agenda": queries.agenda(conference),
            "documents": queries.documents_of(conference),
            "attachable": queries.attachable(request.user, conference),
            "title_form": title_form,
            "contents_form": contents_form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def invite_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Check, then invite everyone and disclose the plan."""
    conference = pages.managed(request, pk)
    if request.method == "POST":
        done = attempt(
            request,
            lambda: preparation.send_invitations(actor=pages.user(request), conference=conference),
        )
        if done.ok:
            return render(
                request,
                "confirmation_page.html",
                {
                    "heading": _("Invitations sent"),
                    "steps": [
                        _("%(n)s people were notified in the app and by e-mail.")
                        % {"n": done.value},
                        _("The plan is disclosed to staff."),
                    ],
                    "links": [
                        (reverse("conference_detail", args=[pk]), _("Back to the conference"))
                    ],
                },
            )
        return redirect("conference_detail", pk)
    quorum = queries.quorum(conference)
    return pages.check_page(
        request,
        heading=_("Send the invitations?"),
        facts=[
            _("Every participant (%(n)s) is notified in the app and by e-mail.")
            % {"n": quorum.expected},
            _("The plan (time, venue, format, agenda, contents) is disclosed to staff."),
        ],
        cannot_undo=[_("A disclosure is never deleted; a later change is disclosed anew.")],
        rows=[
            {"key": _("Conference"), "value": conference.title},
            {"key": _("Date and time"), "value": when(conference)},
            {"key": _("Venue"), "value": conference.venue},
        ],
        action=reverse("conference_invite", args=[pk]),
        button=_("Send the invitations"),
        back=reverse("conference_detail", args=[pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def requests_page(request: HttpRequest) -> HttpResponse:
    """Requests for an extraordinary conference in the user's units; staff open and sign them."""
    user = pages.user(request)
    person = user.person
    form = RequestForm(request.POST or None)
    unit = person.unit if person is not None else None
    if request.method == "POST" and form.is_valid() and unit is not None:
        employer = queries.employer_of(unit)
        attempt(
            request,
            lambda: calls.open_request(actor=user, unit=employer, **form.cleaned_data),
            success=_("Your request has been recorded."),
            form=form,
        )  # fmt: skip
        if not form.errors:
            return redirect("conference_requests")
    rows = [
        {"request": row, "needed": calls.supporters_needed(row.staff_at_opening)}
        for row in queries.requests_of(user)
    ]
    return render(request, "conferences/requests.html", {"form": form, "rows": rows})


@login_required
@require_POST
def request_support(request: HttpRequest, pk: int) -> HttpResponse:
    user = pages.user(request)
    found = queries.extraordinary_request(user, pk)
    attempt(request, lambda: calls.support_request(actor=user, request=found),
            success=_("Your signature has been recorded."))  # fmt: skip
    return redirect("conference_requests")


@login_required
@require_POST
def second_call(request: HttpRequest, pk: int) -> HttpResponse:
    conference = pages.managed(request, pk)
    form = SecondCallForm(request.POST)
    if not form.is_valid():
        return redirect("conference_detail", pk)
    done = attempt(
        request,
        lambda: calls.convene_second_call(
            actor=pages.user(request), conference=conference,
            scheduled_at=form.cleaned_data["scheduled_at"],
        ),
        success=_("The conference is convened a second time."),
    )  # fmt: skip
    return redirect("conference_detail", done.value.pk if done.value else pk)


@login_required
@require_POST
def written_ballot(request: HttpRequest, pk: int) -> HttpResponse:
    conference = pages.managed(request, pk)
    reason = request.POST.get("force_majeure", "")[:2000]
    done = attempt(
        request,
        lambda: calls.propose_written_ballot(
            actor=pages.user(request), conference=conference, force_majeure=reason
        ),
        success=_("The written ballot is proposed; it runs once the union agrees."),
    )
    return redirect("conference_detail", done.value.pk if done.value else pk)


@login_required
@require_POST
def agree_written(request: HttpRequest, pk: int) -> HttpResponse:
    conference = queries.conference(request.user, pk)
    attempt(
        request,
        lambda: calls.agree_written_ballot(actor=pages.user(request), conference=conference),
        success=_("The union's agreement is recorded."),
    )
    return redirect("conference_detail", pk)

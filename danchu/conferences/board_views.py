"""Pages of the People's Inspection Board at a conference (Law 10/2022/QH15 art. 60, Decree
59/2023 art. 21): the board section, where the union executive committee nominates the
candidates and sees the result; the recognition with each member's role (check your answers,
then the confirmation page: recognition cannot be undone); the board and its term.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from danchu.conferences import board, board_queries, pages, queries, rules
from danchu.conferences.models import Conference, Status
from danchu.conferences.permissions import speaks_for_union
from danchu.core import pending
from danchu.core.htmx import render_page
from danchu.core.outcomes import attempt
from danchu.organizations.models import BodyRole
from danchu.people.models import Person

NOMINATION_FIELDS = {
    "board_seats": "seats",
    "board_unit_too_small": "seats",
    "board_too_few_candidates": "candidate_ids",
    "board_candidate_barred": "candidate_ids",
    "candidate_not_participant": "candidate_ids",
}
ROLE_CHOICES = [
    (BodyRole.CHAIR.value, gettext_lazy("Chair")),
    (BodyRole.VICE_CHAIR.value, gettext_lazy("Vice-chair")),
    (BodyRole.MEMBER.value, gettext_lazy("Member")),
]
OPEN_STATES = (Status.PLANNED, Status.INVITED, Status.IN_SESSION)


class NominationForm(forms.Form):
    seats = forms.IntegerField(
        label=gettext_lazy("Seats on the board"),
        min_value=1,
        max_value=99,
        help_text=gettext_lazy("From 3 to 9 members (Law 10/2022/QH15 art. 60.1)."),
    )
    candidate_ids = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Candidates nominated by the union executive committee"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Participants of the conference, by given name. The head, the deputy heads and the "
            "chief accountant may not stand and are not listed (art. 60.2)."
        ),
    )

    def __init__(self, people: list[Person], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["candidate_ids"].choices = [(p.pk, p.full_name) for p in people]  # type: ignore[attr-defined]


class RecognitionForm(forms.Form):
    """One role for each elected member (D59 21.3)."""

    def __init__(self, members: list[Person], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = members
        for n, person in enumerate(members):
            self.fields[f"role_{person.pk}"] = forms.ChoiceField(
                label=person.full_name,
                choices=ROLE_CHOICES,
                initial=BodyRole.CHAIR if n == 0 else BodyRole.MEMBER,
            )

    def roles(self) -> dict[int, str]:
        return {p.pk: self.cleaned_data[f"role_{p.pk}"] for p in self.members}


def _union_only(request: HttpRequest, conference: Conference) -> None:
    if not speaks_for_union(pages.user(request), conference):
        raise Http404


def _board_url(conference: Conference) -> str:
    return reverse("conference_board", args=[conference.pk])


def _date(day: Any) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _page(
    request: HttpRequest, conference: Conference, form: NominationForm | None, status: int = 200
) -> HttpResponse:
    union = speaks_for_union(pages.user(request), conference)
    elections = board_queries.elections(conference)
    recognised = board_queries.recognised(conference)
    staff = board_queries.staff_count(conference)
    pending_vote = any(not e.closed for e in elections)
    may_nominate = (
        union
        and conference.status in OPEN_STATES
        and not pending_vote
        and recognised is None
        and staff > rules.BOARD_NONE_IF_STAFF_AT_MOST
    )
    if may_nominate and form is None:
        form = NominationForm(board_queries.nominees(conference))
    to_recognise = board_queries.to_recognise(conference) if recognised is None else None
    context = {
        "conference": conference,
        "elections": elections,
        "recognised": recognised,
        "staff": staff,
        "too_small": staff <= rules.BOARD_NONE_IF_STAFF_AT_MOST,
        "limit": rules.BOARD_NONE_IF_STAFF_AT_MOST,
        "union": union,
        "form": form if (may_nominate or (form is not None and form.errors)) else None,
        "to_recognise": to_recognise if union else None,
        "deadline": board.recognition_deadline(conference),
    }
    return render_page(request, "conferences/board_page.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def conference_board(request: HttpRequest, pk: int) -> HttpResponse:
    """The board section: the nomination (the union), the elections and their results, the
    recognised board with its term."""
    conference = queries.conference(pages.user(request), pk)
    if request.method == "GET":
        return _page(request, conference, None)
    _union_only(request, conference)
    form = NominationForm(board_queries.nominees(conference), request.POST)
    if form.is_valid():
        done = attempt(
            request,
            lambda: board.nominate_board(
                actor=pages.user(request),
                conference=conference,
                seats=form.cleaned_data["seats"],
                candidate_ids=form.cleaned_data["candidate_ids"],
            ),
            form=form,
            fields=NOMINATION_FIELDS,
            success=_(
                "The election of the People's Inspection Board is put to the conference: the "
                "chair opens it."
            ),
        )
        if done.ok:
            return redirect(_board_url(conference))
    return _page(request, conference, form, status=getattr(form, "error_status", 422))


def _act(conference: Conference) -> str:
    return f"board_recognition:{conference.pk}"


def _recognise_page(
    request: HttpRequest, conference: Conference, election: Any, form: RecognitionForm | None
) -> HttpResponse:
    status = getattr(form, "error_status", 422) if form is not None and form.errors else 200
    context = {
        "conference": conference,
        "election": election,
        "form": form,
        "deadline": board.recognition_deadline(conference),
        "back": _board_url(conference),
    }
    return render_page(request, "conferences/board_recognise.html", context, status=status)


def _check_page(
    request: HttpRequest, conference: Conference, form: RecognitionForm, token: str
) -> HttpResponse:
    checked = board.check_recognition(_election_vote(conference), form.roles())
    labels = dict(ROLE_CHOICES)
    change = f"{reverse('conference_board_recognise', args=[conference.pk])}?"
    change += urlencode({"answers": token})
    rows = [
        {
            "key": person.full_name,
            "value": labels[form.cleaned_data[f"role_{person.pk}"]],
            "url": f"{change}#id_role_{person.pk}",
        }
        for person in form.members
    ]
    return render_page(
        request,
        "check_page.html",
        {
            "heading": _("Check before recognising the People's Inspection Board"),
            "facts": [
                _(
                    "The People's Inspection Board of %(unit)s is recognised with %(count)s "
                    "members; its term runs from %(start)s to %(end)s (Law 10/2022/QH15 "
                    "art. 60.3)."
                )
                % {
                    "unit": conference.unit.name,
                    "count": len(rows),
                    "start": _date(checked.term_start),
                    "end": _date(checked.term_end),
                },
                _(
                    "Each member receives the role below in the unit for the term; an earlier "
                    "board's term ends the day before (Decree 59/2023 art. 29.2)."
                ),
                _("Recognised within 5 working days after the conference: by %(date)s.")
                % {"date": _date(checked.deadline)},
            ],
            "cannot_undo": [
                _(
                    "Recognition cannot be undone: a member is removed or replaced only by a "
                    "decision of the staff conference, on the union's proposal."
                )
            ],
            "rows": rows,
            "action": reverse("conference_board_recognise", args=[conference.pk]),
            "token": token,
            "button": _("Recognise the board"),
            "back": _board_url(conference),
        },
    )


def _election_vote(conference: Conference) -> Any:
    election = board_queries.to_recognise(conference)
    if election is None:
        raise Http404
    return election.vote


@require_http_methods(["GET", "POST"])
@login_required
def conference_board_recognise(request: HttpRequest, pk: int) -> HttpResponse:
    """The union recognises the latest closed election: the roles (GET, refilled by
    `?answers=`), the check page (POST), the act (POST with `confirm`)."""
    conference = queries.conference(pages.user(request), pk)
    _union_only(request, conference)
    election = board_queries.to_recognise(conference)
    if election is None:
        return _recognise_page(request, conference, None, None)
    members = election.members
    act = _act(conference)
    token = request.POST.get("confirm")
    if token:
        kept = pending.answers(request, act, token)
        if kept is None:
            messages.error(request, _("These answers are no longer kept: fill in the form again."))
            return redirect("conference_board_recognise", conference.pk)
        form = RecognitionForm(members, kept.data)
        if form.is_valid():
            done = attempt(
                request,
                lambda: board.recognise_board(
                    actor=pages.user(request), vote=election.vote, roles=form.roles()
                ),
                form=form,
            )
            if done.ok:
                pending.drop(request, token)
                return redirect("conference_board_recognised", conference.pk)
        return _recognise_page(request, conference, election, form)
    if request.method == "GET":
        kept = pending.answers(request, act, request.GET.get("answers"))
        form = RecognitionForm(members, kept.data if kept else None)
        return _recognise_page(request, conference, election, form)
    form = RecognitionForm(members, request.POST)
    if form.is_valid():
        checked = attempt(
            request, lambda: board.check_recognition(election.vote, form.roles()), form=form
        )
        if checked.ok:
            kept = pending.keep(request, act, request.POST)
            return _check_page(request, conference, form, kept.token)
    return _recognise_page(request, conference, election, form)


@require_GET
@login_required
def conference_board_recognised(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation: the board, its term, what happens next."""
    conference = queries.conference(pages.user(request), pk)
    _union_only(request, conference)
    found = board_queries.recognised(conference)
    if found is None:
        return redirect(_board_url(conference))
    return render_page(
        request,
        "confirmation_page.html",
        {
            "heading": _("The People's Inspection Board is recognised"),
            "reference": f"{_date(found.body.term_start)} – {_date(found.body.term_end)}",
            "reference_label": _("Term"),
            "steps": [
                _("Each member has the role given in the unit for the term."),
                _(
                    "Next: the union executive committee convenes the board's first meeting and "
                    "guides its work programme (Law 10/2022/QH15 art. 63.2.a)."
                ),
            ],
            "links": [
                (_board_url(conference), _("People's Inspection Board")),
                (reverse("home"), _("Home")),
            ],
        },
    )

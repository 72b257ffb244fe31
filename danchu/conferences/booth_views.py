"""The voting pages: the booth (no login), a voter's ballot page, the chair's console and the
counting board's page. Thin: each calls one service (voting.py, booth.py).

The booth writes nothing about its visitor: no session, no message, no submission key (the
service calls `idempotency.keep_nothing()`), and the token travels only in POST bodies. The
page that hands a voter their token carries no submission key either, so that the answer
holding the token is never stored for a replay.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from danchu.conferences import booth, pages, permissions, queries, voting
from danchu.conferences.forms import BallotForm, BoothForm, PaperBatchForm, PeopleForm, VoteForm
from danchu.conferences.models import Conference, Vote
from danchu.core.errors import DomainError
from danchu.core.outcomes import attempt

# --- The booth: a token and a ballot, no login ---------------------------------------------------


@require_http_methods(["GET", "POST"])
def booth_page(request: HttpRequest, vote_id: int) -> HttpResponse:
    vote = queries.public_vote(vote_id)
    candidates = queries.candidates(vote)
    form = BoothForm(request.POST or None, vote=vote, candidates=candidates)
    refusal = ""
    if request.method == "POST" and form.is_valid():
        try:
            ballot = booth.cast_secret(
                vote_id=vote.pk, token=form.cleaned_data["token"], choices=form.choices()
            )
        except DomainError as error:
            refusal = str(error.message)
        else:
            return render(request, "conferences/booth_done.html", {"vote": vote, "ballot": ballot})
    status = 200 if request.method == "GET" or (form.is_valid() and not refusal) else 422
    return render(
        request,
        "conferences/booth.html",
        {"vote": vote, "form": form, "refusal": refusal},
        status=status,
    )


# --- A voter's page for one vote -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def ballot_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A present voter: the named ballot of an open vote, or their token for a secret one."""
    user = pages.user(request)
    vote = queries.vote(user, pk)
    form = BallotForm(
        request.POST or None, vote=vote, candidates=queries.candidates(vote), prefix="b"
    )
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: voting.cast_open_ballot(actor=user, vote=vote, choices=form.choices()),
            success=_("Your vote has been recorded."),
            form=form,
        )
        if done.ok:
            return redirect("vote_ballot", pk)
    person_id = permissions.person_id_of(user)
    return render(
        request,
        "conferences/ballot.html",
        {
            "vote": vote,
            "form": form,
            "may_vote": voting.eligible(vote, person_id) if person_id else False,
            "has_ballot": queries.has_ballot(vote, person_id),
            "refusal": "",
        },
    )


@login_required
@require_POST
def take_token(request: HttpRequest, pk: int) -> HttpResponse:
    """The voter's own token, shown once in this answer (never in a URL, never stored)."""
    user = pages.user(request)
    vote = queries.vote(user, pk)
    try:
        token = booth.take_token(actor=user, vote=vote)
    except DomainError as error:
        return render(
            request, "conferences/ballot.html",
            {"vote": vote, "refusal": str(error.message), "has_ballot": True, "may_vote": True,
             "form": None},
            status=error.status_code,
        )  # fmt: skip
    form = BoothForm(vote=vote, candidates=queries.candidates(vote), initial={"token": token})
    return render(
        request,
        "conferences/booth.html",
        {"vote": vote, "form": form, "shown_token": booth.show_token(token), "refusal": ""},
    )


# --- The chair's console -------------------------------------------------------------------------


def _chaired(request: HttpRequest, pk: int) -> Conference:
    conference = queries.conference(request.user, pk)
    if not permissions.is_chair(request.user, conference):
        raise Http404
    return conference


def _console(request: HttpRequest, conference: Conference, **forms: Any) -> HttpResponse:
    people = queries.participants(conference)
    board = set(queries.counting_board(conference))
    context = {
        "conference": conference,
        "votes": queries.votes_of(conference),
        "quorum": queries.quorum(conference),
        "vote_form": forms.get("vote_form") or VoteForm(people=people, prefix="v"),
        "board_form": forms.get("board_form")
        or PeopleForm(
            people=people, prefix="c", label=_("Counting board"),
            initial={"person_ids": [str(p) for p in board]},
        ),
        "board": [name for pk, name in people if pk in board],
    }  # fmt: skip
    return render(request, "conferences/console.html", context, status=forms.get("status", 200))


@login_required
@require_safe
def console(request: HttpRequest, pk: int) -> HttpResponse:
    return _console(request, _chaired(request, pk))


@login_required
@require_POST
def console_vote(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _chaired(request, pk)
    form = VoteForm(request.POST, people=queries.participants(conference), prefix="v")
    if form.is_valid():
        done = attempt(
            request,
            lambda: voting.create_vote(
                actor=pages.user(request), conference=conference, **form.cleaned_data
            ),
            success=_("The vote has been prepared. Open it when the conference is ready."),
            form=form,
            fields={"candidates": "candidate_ids", "candidate_not_participant": "candidate_ids",
                    "seats": "seats", "title": "title"},
        )  # fmt: skip
        if done.ok:
            return redirect("conference_console", pk)
    return _console(request, conference, vote_form=form, status=422)


@login_required
@require_POST
def console_board(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _chaired(request, pk)
    form = PeopleForm(request.POST, people=queries.participants(conference), prefix="c")
    if form.is_valid():
        done = attempt(
            request,
            lambda: voting.set_counting_board(
                actor=pages.user(request),
                conference=conference,
                person_ids=form.cleaned_data["person_ids"],
            ),
            success=_("The counting board has been recorded."),
            form=form,
            fields={"head_may_not_count": "person_ids", "not_a_participant": "person_ids"},
        )
        if done.ok:
            return redirect("conference_console", pk)
    return _console(request, conference, board_form=form, status=422)


def _chaired_vote(request: HttpRequest, pk: int) -> Vote:
    vote = queries.vote(request.user, pk)
    if not permissions.is_chair(request.user, vote.conference):
        raise Http404
    return vote


@login_required
@require_POST
def vote_open(request: HttpRequest, pk: int) -> HttpResponse:
    vote = _chaired_vote(request, pk)
    attempt(
        request,
        lambda: voting.open_vote(actor=pages.user(request), vote=vote),
        success=_("The vote is open."),
    )
    return redirect("conference_console", vote.conference_id)


@login_required
@require_http_methods(["GET", "POST"])
def vote_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Check, then close: the count cannot be undone."""
    vote = _chaired_vote(request, pk)
    if request.method == "POST":
        done = attempt(
            request,
            lambda: voting.close_vote(actor=pages.user(request), vote=vote),
            success=_("The vote is closed and counted; its list of ballots is published."),
        )
        if done.ok:
            return redirect("vote_projector", pk)
        return redirect("conference_console", vote.conference_id)
    shown = queries.projection(vote)
    return pages.check_page(
        request,
        heading=_("Close the vote and count it?"),
        facts=[
            _("The %(cast)s ballots cast are counted against the %(present)s people present.")
            % {"cast": shown["ballots_cast"], "present": shown["present"]},
            _("The result and the list of ballots (each with its tracker) are published at once."),
        ],
        cannot_undo=[_("No ballot is taken after the close, and the count is final.")],
        rows=[
            {"key": _("Vote"), "value": vote.title},
            {"key": _("Kind"), "value": vote.get_kind_display()},
        ],
        action=reverse("vote_close", args=[pk]),
        button=_("Close and count"),
        back=reverse("conference_console", args=[vote.conference_id]),
    )


# --- The counting board --------------------------------------------------------------------------


def _counted(request: HttpRequest, pk: int) -> Vote:
    vote = queries.vote(request.user, pk)
    if not booth.is_counter(pages.user(request), vote):
        raise Http404
    return vote


def _counting(request: HttpRequest, vote: Vote, **forms: Any) -> HttpResponse:
    context = {
        "vote": vote,
        "shown": queries.projection(vote),
        "paper_form": forms.get("paper_form")
        or PeopleForm(
            people=queries.without_ballot(vote), prefix="p",
            label=_("Present voters without a ballot"),
        ),
        "batch_form": forms.get("batch_form") or PaperBatchForm(vote=vote, prefix="k"),
        "batches": queries.paper_batches(vote),
        "candidates": queries.candidates(vote),
    }  # fmt: skip
    return render(request, "conferences/counting.html", context, status=forms.get("status", 200))


@login_required
@require_safe
def counting(request: HttpRequest, pk: int) -> HttpResponse:
    return _counting(request, _counted(request, pk))


@login_required
@require_POST
def counting_slips(request: HttpRequest, pk: int) -> HttpResponse:
    """Print one slip per present voter without a ballot (drawn at random in the room)."""
    vote = _counted(request, pk)
    done = attempt(request, lambda: booth.issue_slips(actor=pages.user(request), vote=vote))
    if not done.ok or done.value is None:
        return redirect("vote_counting", pk)
    return render(
        request,
        "conferences/slips.html",
        {"vote": vote, "slips": [booth.show_token(t) for t in done.value]},
    )


@login_required
@require_POST
def counting_paper(request: HttpRequest, pk: int) -> HttpResponse:
    vote = _counted(request, pk)
    form = PeopleForm(request.POST, people=queries.without_ballot(vote), prefix="p")
    if form.is_valid():
        done = attempt(
            request,
            lambda: booth.issue_paper(
                actor=pages.user(request), vote=vote, person_ids=form.cleaned_data["person_ids"]
            ),
            success=_("Paper ballots handed out."),
            form=form,
        )
        if done.ok:
            return redirect("vote_counting", pk)
    return _counting(request, vote, paper_form=form, status=422)


@login_required
@require_POST
def counting_batch(request: HttpRequest, pk: int) -> HttpResponse:
    vote = _counted(request, pk)
    form = PaperBatchForm(request.POST, vote=vote, prefix="k")
    if form.is_valid():
        done = attempt(
            request,
            lambda: booth.enter_paper_batch(
                actor=pages.user(request), vote=vote, number=form.cleaned_data["number"],
                ballots=form.cleaned_data["ballots"],
            ),
            form=form,
            fields={"batch_done": "number", "same_member": "number"},
        )  # fmt: skip
        batch = done.value
        if batch is not None:
            if batch.status == "mismatch":
                differ = _(
                    "Batch %(n)s: the two entries differ. Count it again and enter it under a "
                    "new number."
                )
                form.add_error(None, differ % {"n": batch.number})
                return _counting(request, vote, batch_form=form, status=409)
            return redirect("vote_counting", pk)
    return _counting(request, vote, batch_form=form, status=422)

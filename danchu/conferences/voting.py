"""Votes at the conference: setting one up, the counting board, opening, open ballots, closing.

Secret ballots are cast in `booth.py`. Closing counts every ballot (`counting.py`) against those
present (art. 51.2.c) and stores the result with the digest of the bulletin it came from.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danchu import audit
from danchu.conferences import counting, queries, rules
from danchu.conferences.attendance import quorum_of
from danchu.conferences.calls import written_base
from danchu.conferences.errors import Invalid, Refused
from danchu.conferences.models import (
    Candidate,
    Conference,
    CountingBoardMember,
    Format,
    OpenBallot,
    Participant,
    Purpose,
    Status,
    Via,
    Vote,
    VoteKind,
    VoterMark,
    VoteStatus,
)
from danchu.conferences.permissions import is_chair, person_id_of
from danchu.conferences.tallies import bulletin_of, digest_of_bulletin
from danchu.facts.services import emit
from danchu.people.models import Role, RoleAssignment, User

VOTING_STATES = (Status.IN_SESSION,)


def bad_choices(error: counting.BadChoices) -> Invalid:
    return Invalid(
        f"choices_{error.code}",
        _("The ballot's choices do not fit this vote (%(code)s).") % {"code": error.code},
        field="choices",
    )


@transaction.atomic
def create_vote(
    *,
    actor: User,
    conference: Conference,
    title: str,
    kind: str,
    secret: bool,
    candidate_ids: Iterable[int] = (),
    seats: int | None = None,
    purpose: str = Purpose.GENERAL,
) -> Vote:
    """Put a question to the conference (the chair). Candidates must be summoned participants.
    The People's Inspection Board's election is put by the union executive committee instead
    (Law 10/2022/QH15 art. 60.1): `board.nominate_board`, which checks its eligibility rules."""
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    if not is_chair(actor, conference):
        raise PermissionDenied
    if purpose == Purpose.INSPECTION_BOARD:
        raise Invalid(
            "board_by_union",
            _(
                "Law 10/2022/QH15 art. 60.1: the union executive committee nominates the "
                "People's Inspection Board; put its election from the board page."
            ),
            field="purpose",
        )
    return _new_vote(
        actor=actor,
        conference=conference,
        title=title,
        kind=kind,
        secret=secret,
        candidate_ids=candidate_ids,
        seats=seats,
        purpose=purpose,
    )


def _new_vote(
    *,
    actor: User,
    conference: Conference,
    title: str,
    kind: str,
    secret: bool,
    candidate_ids: Iterable[int],
    seats: int | None,
    purpose: str,
) -> Vote:
    """The body of `create_vote` once the caller's permission is checked, shared with
    `board.nominate_board` (the union, not the chair, puts the board's election). The caller
    holds `conference` locked inside its transaction."""
    if conference.status not in (Status.PLANNED, Status.INVITED, Status.IN_SESSION):
        raise Refused("conference_over", _("This conference is over."))
    if kind not in VoteKind.values:
        raise Invalid("kind", _("The kind must be motion, election or confidence."), field="kind")
    if not title.strip():
        raise Invalid("title", _("Give the vote a title."), field="title")
    people = list(dict.fromkeys(candidate_ids))
    if kind == VoteKind.MOTION and people:
        raise Invalid("candidates", _("A motion has no candidates."), field="candidate_ids")
    if kind != VoteKind.MOTION and not people:
        raise Invalid("candidates", _("Name at least one candidate."), field="candidate_ids")
    if kind == VoteKind.ELECTION and (seats is None or seats < 1):
        raise Invalid("seats", _("An election needs the number of seats."), field="seats")
    if kind != VoteKind.ELECTION:
        seats = None
    summoned = set(
        Participant.objects.filter(
            conference=conference, summoned=True, person_id__in=people
        ).values_list("person_id", flat=True)
    )
    if set(people) - summoned:
        raise Invalid(
            "candidate_not_participant",
            _("Candidates must be among the conference's participants."),
            field="candidate_ids",
        )
    vote = Vote(
        conference=conference,
        title=title.strip(),
        kind=kind,
        purpose=purpose,
        secret=secret,
        seats=seats,
        created_by=actor,
    )
    vote.full_clean()
    vote.save()
    Candidate.objects.bulk_create(
        Candidate(vote=vote, person_id=person_id, position=n)
        for n, person_id in enumerate(people, start=1)
    )
    audit.record(
        actor=actor,
        action="conferences.vote_created",
        target=vote,
        unit=conference.unit_id,
        changes={"title": vote.title, "kind": kind, "secret": secret, "seats": seats,
                 "candidates": people, "purpose": purpose},
    )  # fmt: skip
    return vote


@transaction.atomic
def set_counting_board(
    *, actor: User, conference: Conference, person_ids: Iterable[int]
) -> list[int]:
    """Record the counting board elected at the conference (the chair). The head may not
    count, and every member must be a summoned participant."""
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    if not is_chair(actor, conference):
        raise PermissionDenied
    people = sorted(set(person_ids))
    if not people:
        raise Invalid("empty", _("Name the members of the counting board."), field="person_ids")
    heads = RoleAssignment.objects.active(timezone.localdate()).filter(
        person_id__in=people, role=Role.HEAD, unit=conference.unit
    )
    if heads.exists() or conference.chair_id in people:
        raise Invalid(
            "head_may_not_count",
            _("The head (the chair) may not sit on the counting board."),
            field="person_ids",
        )
    summoned = set(
        Participant.objects.filter(
            conference=conference, summoned=True, person_id__in=people
        ).values_list("person_id", flat=True)
    )
    if set(people) - summoned:
        raise Invalid(
            "not_a_participant",
            _("Members of the counting board must be participants of the conference."),
            field="person_ids",
        )
    CountingBoardMember.objects.filter(conference=conference).delete()
    CountingBoardMember.objects.bulk_create(
        CountingBoardMember(conference=conference, person_id=p) for p in people
    )
    audit.record(
        actor=actor,
        action="conferences.counting_board_set",
        target=conference,
        changes={"people": people},
    )
    return people


def _locked_vote(vote: Vote) -> Vote:
    return Vote.objects.select_for_update().select_related("conference").get(pk=vote.pk)


@transaction.atomic
def open_vote(*, actor: User, vote: Vote) -> Vote:
    """The chair opens a vote; the conference must be in session with its quorum."""
    vote = _locked_vote(vote)
    conference = vote.conference
    if not is_chair(actor, conference):
        raise PermissionDenied
    if vote.status != VoteStatus.DRAFT:
        raise Refused("not_draft", _("This vote has already been opened."))
    if conference.status not in VOTING_STATES:
        raise Refused("not_in_session", _("Votes are opened while the conference is in session."))
    if conference.format != Format.WRITTEN and not quorum_of(conference).met:
        raise Refused(
            "no_quorum",
            _("Law 10/2022/QH15 art. 51.2.c: the conference has no quorum (2/3 present)."),
        )
    if vote.secret and not CountingBoardMember.objects.filter(conference=conference).exists():
        raise Refused(
            "no_counting_board", _("A secret vote needs a counting board to issue the ballots.")
        )
    vote.status, vote.opened_at = VoteStatus.OPEN, timezone.now()
    vote.save(update_fields=["status", "opened_at"])
    audit.record(
        actor=actor, action="conferences.vote_opened", target=vote, unit=conference.unit_id
    )
    return vote


@transaction.atomic
def close_vote(*, actor: User, vote: Vote) -> Vote:
    """The chair closes a vote: the ballots are counted against those present (art. 51.2.c)
    and the result is stored with the digest of the bulletin anyone can recount."""
    vote = _locked_vote(vote)  # a ballot being cast holds its share lock until it commits
    conference = vote.conference
    if not is_chair(actor, conference):
        raise PermissionDenied
    if vote.status != VoteStatus.OPEN:
        raise Refused("not_open", _("This vote is not open."))
    vote.status, vote.closed_at = VoteStatus.CLOSED, timezone.now()
    vote.present = (
        written_base(conference, returned=queries.cast_count(vote))
        if conference.format == Format.WRITTEN
        else quorum_of(conference).present
    )
    bulletin = bulletin_of(vote)
    candidates = [c["id"] for c in bulletin["vote"]["candidates"]]
    choices = [b["choices"] for b in bulletin["ballots"]]
    vote.ballots_cast = len(choices)
    vote.tally = counting.tally(vote.kind, choices, candidates=candidates)
    vote.outcome = counting.outcome(
        vote.kind, vote.tally, present=vote.present, seats=vote.seats, share=rules.ADOPTION
    )
    bulletin["vote"].update(status=vote.status, present=vote.present)
    bulletin.update(tally=vote.tally, outcome=vote.outcome, ballots_cast=vote.ballots_cast)
    vote.bulletin_digest = digest_of_bulletin(bulletin)
    vote.save()
    audit.record(
        actor=actor,
        action="conferences.vote_closed",
        target=vote,
        unit=conference.unit_id,
        changes={"present": vote.present, "ballots_cast": vote.ballots_cast, "tally": vote.tally,
                 "outcome": vote.outcome, "bulletin_digest": vote.bulletin_digest},
    )  # fmt: skip
    emit(
        kind="vote.closed",
        unit=conference.unit_id,
        on=timezone.localdate(vote.closed_at),
        target=vote,
        data={"conference": conference.pk, "kind": vote.kind, "purpose": vote.purpose,
              "outcome": vote.outcome},
    )  # fmt: skip
    return vote


def eligible(vote: Vote, person_id: int | None) -> bool:
    """A summoned participant who is present may vote; in a written ballot (art. 50.2), every
    staff member summoned returns a form wherever they are."""
    if person_id is None:
        return False
    rows = Participant.objects.filter(
        conference_id=vote.conference_id, person_id=person_id, summoned=True
    )
    written = rows.filter(conference__format=Format.WRITTEN)
    return rows.filter(present=True).exists() or written.exists()


@transaction.atomic
def cast_open_ballot(*, actor: User, vote: Vote, choices: list[Any]) -> OpenBallot:
    """A present voter's named ballot in an open vote. Secret votes take only a token."""
    vote = Vote.objects.select_for_update().get(pk=vote.pk)
    person_id = person_id_of(actor)
    if person_id is None or not eligible(vote, person_id):
        raise PermissionDenied
    if vote.secret:
        raise Refused("secret_vote", _("This vote is secret: vote in the booth with your token."))
    if vote.status != VoteStatus.OPEN:
        raise Refused("not_open", _("This vote is not open."))
    if VoterMark.objects.filter(vote=vote, person_id=person_id).exists():
        raise Refused("already_voted", _("You have already voted in this vote."))
    candidates = list(vote.candidates.values_list("person_id", flat=True))
    try:
        stored = counting.check_choices(vote.kind, choices, candidates=candidates, seats=vote.seats)
    except counting.BadChoices as error:
        raise bad_choices(error) from None
    VoterMark(vote=vote, person_id=person_id, via=Via.NAMED).save(force_insert=True)
    ballot = OpenBallot.objects.create(vote=vote, person_id=person_id, choices=stored)
    audit.record(
        actor=actor,
        action="conferences.open_ballot_cast",
        target=vote,
        unit=vote.conference.unit_id,
        changes={"choices": stored},
    )
    return ballot

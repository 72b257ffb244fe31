"""Secret ballots: tokens, the booth, paper ballots (docs/decisions/0005-secret-ballots.md).

- Who has taken part is a `VoterMark` (person, vote, how); which ballot is whose is never
  stored. A token is issued in the transaction that marks its voter (so there is never a valid
  token without a marked voter) and only its SHA-256 digest is kept; the plain token is shown
  once (on the voter's screen, or printed on slips drawn at random) and forgotten.
- Casting (`cast_secret`) needs only the token: it spends the token with a conditional UPDATE
  (100 parallel casts with one token store one ballot) and inserts a `Ballot` with a random id
  and tracker, and an anonymous act (day only). Nothing about the voter is written, read or
  logged in that transaction.
- Paper ballots are handed to marked voters (`issue_paper`) and entered by two counting-board
  members (`enter_paper_batch`); a batch counts only when both entries match.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext_lazy as _

from danchu import audit
from danchu.anonymity.fields import insert
from danchu.anonymity.services import record_anonymous
from danchu.conferences import counting
from danchu.conferences.errors import Invalid, Refused, TokenUnknown
from danchu.conferences.models import (
    Ballot,
    BallotToken,
    BatchStatus,
    Candidate,
    CountingBoardMember,
    PaperBatch,
    Participant,
    Via,
    Vote,
    VoterMark,
    VoteStatus,
)
from danchu.conferences.permissions import person_id_of
from danchu.conferences.voting import bad_choices, eligible
from danchu.core.errors import DomainError
from danchu.people.models import User

# Tokens: 16 characters of an alphabet without look-alikes (0/O, 1/I/L), 80 bits; trackers: 10
# characters, 50 bits, unique per vote (drawn again on a collision).
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
TOKEN_LENGTH = 16
TRACKER_LENGTH = 10


def _random_code(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalise_token(token: str) -> str:
    """What the voter typed, without spaces, dashes or case."""
    return "".join(ch for ch in token.upper() if ch.isalnum())


def token_digest(token: str) -> str:
    return hashlib.sha256(normalise_token(token).encode()).hexdigest()


def show_token(token: str) -> str:
    """Groups of four, as printed and shown: ABCD-EFGH-JKMN-PQRS."""
    return "-".join(token[i : i + 4] for i in range(0, len(token), 4))


def is_counter(user: User, vote: Vote) -> bool:
    person_id = person_id_of(user)
    return (
        person_id is not None
        and CountingBoardMember.objects.filter(
            conference_id=vote.conference_id, person_id=person_id
        ).exists()
    )


def _check_issuable(vote: Vote) -> None:
    if not vote.secret:
        raise Refused("open_vote", _("This vote is open: voters vote by name, without tokens."))
    if vote.status == VoteStatus.CLOSED:
        raise Refused("closed", _("This vote is closed."))


def _new_tokens(vote: Vote, count: int) -> list[str]:
    tokens = [_random_code(TOKEN_LENGTH) for _ in range(count)]
    BallotToken.objects.bulk_create(BallotToken(vote=vote, digest=token_digest(t)) for t in tokens)
    return tokens


@transaction.atomic
def take_token(*, actor: User, vote: Vote) -> str:
    """The present voter's own token, shown once on their screen (and not stored)."""
    vote = Vote.objects.select_for_update().get(pk=vote.pk)
    person_id = person_id_of(actor)
    if person_id is None or not eligible(vote, person_id):
        raise PermissionDenied
    _check_issuable(vote)
    if VoterMark.objects.filter(vote=vote, person_id=person_id).exists():
        raise Refused("already_issued", _("You already have a ballot for this vote."))
    VoterMark(vote=vote, person_id=person_id, via=Via.SCREEN).save(force_insert=True)
    (token,) = _new_tokens(vote, 1)
    audit.record(
        actor=actor, action="conferences.token_taken", target=vote, unit=vote.conference.unit_id
    )
    return token


def _unmarked_present(vote: Vote) -> list[int]:
    marked = VoterMark.objects.filter(vote=vote).values_list("person_id", flat=True)
    return list(
        Participant.objects.filter(conference_id=vote.conference_id, summoned=True, present=True)
        .exclude(person_id__in=marked)
        .values_list("person_id", flat=True)
    )


@transaction.atomic
def issue_slips(*, actor: User, vote: Vote) -> list[str]:
    """A counting-board member prints one token per present voter not yet holding a ballot; the
    slips are drawn at random in the room. The list comes back in random order."""
    vote = Vote.objects.select_for_update().get(pk=vote.pk)
    if not is_counter(actor, vote):
        raise PermissionDenied
    _check_issuable(vote)
    people = _unmarked_present(vote)
    VoterMark.objects.bulk_create(VoterMark(vote=vote, person_id=p, via=Via.SLIP) for p in people)
    tokens = _new_tokens(vote, len(people))
    audit.record(
        actor=actor,
        action="conferences.slips_issued",
        target=vote,
        unit=vote.conference.unit_id,
        changes={"count": len(tokens), "people": sorted(people)},
    )
    return tokens


@transaction.atomic
def issue_paper(*, actor: User, vote: Vote, person_ids: Iterable[int]) -> int:
    """A counting-board member hands paper ballots to present voters (marked, so that they
    cannot also vote on screen). Returns how many were handed out."""
    vote = Vote.objects.select_for_update().get(pk=vote.pk)
    if not is_counter(actor, vote):
        raise PermissionDenied
    _check_issuable(vote)
    wanted = set(person_ids)
    free = set(_unmarked_present(vote))
    if not wanted or not wanted <= free:
        raise Invalid(
            "not_free",
            _("Paper ballots go to present voters who have no ballot for this vote yet."),
            field="person_ids",
        )
    VoterMark.objects.bulk_create(VoterMark(vote=vote, person_id=p, via=Via.PAPER) for p in wanted)
    audit.record(
        actor=actor,
        action="conferences.paper_issued",
        target=vote,
        unit=vote.conference.unit_id,
        changes={"people": sorted(wanted)},
    )
    return len(wanted)


def _open_vote(vote_id: int) -> dict[str, Any] | None:
    """What a cast needs of the vote, read under a share lock on PostgreSQL so that closing it
    (FOR UPDATE) waits for this ballot to commit; SQLite's write lock already orders the two."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM conferences_vote WHERE id = %s FOR SHARE", [vote_id])
    row = (
        Vote.objects.filter(pk=vote_id)
        .values("status", "kind", "seats", "conference__unit_id")
        .first()
    )
    return dict(row) if row is not None else None


def _store(vote_id: int, choices: list[Any]) -> Ballot:
    """Insert one secret ballot with a fresh tracker; the unique constraint of (vote, tracker)
    refuses a tracker the vote has (one chance in 2^50 per ballot), and another is drawn."""
    for attempt in range(5):
        ballot = Ballot(vote_id=vote_id, tracker=_random_code(TRACKER_LENGTH), choices=choices)
        try:
            insert(ballot)
        except IntegrityError:
            if attempt == 4:
                raise
            continue
        return ballot
    raise AssertionError("unreachable")  # pragma: no cover


def _issued(vote_id: int, digest: str) -> bool:
    """The vote issued this token (used or not): read only on a refusal, off the happy path."""
    return BallotToken.objects.filter(vote_id=vote_id, digest=digest).exists()


def _why_not_spent(vote_id: int, digest: str) -> DomainError:
    """Why the token could not be spent: the vote never issued it (403), or it was used (409)."""
    if _issued(vote_id, digest):
        return Refused("token_used", _("This token has already been used."))
    return TokenUnknown(_("This token does not belong to this vote."))


@transaction.atomic
def cast_secret(*, vote_id: int, token: str, choices: list[Any]) -> Ballot:
    """Cast a secret ballot with a token: no login, nothing about the voter. A used token is
    refused (409), an unknown one too (403), and so is a vote that is not open (409).

    The hot path of the booth (5,000 voters in a minute, bench/ballots.py): the vote's four
    fields, the candidates only for a vote that has some, one conditional UPDATE that spends
    the token (and tells whether it was spendable), the ballot and its anonymous act."""
    vote = _open_vote(vote_id)
    digest = token_digest(token)
    if vote is None:
        raise TokenUnknown(_("This token does not belong to this vote."))
    if vote["status"] != VoteStatus.OPEN:
        if not _issued(vote_id, digest):
            raise TokenUnknown(_("This token does not belong to this vote."))
        raise Refused("not_open", _("This vote is not open."))
    candidates = (
        []
        if vote["kind"] == "motion"
        else list(Candidate.objects.filter(vote_id=vote_id).values_list("person_id", flat=True))
    )
    try:
        stored = counting.check_choices(
            vote["kind"], choices, candidates=candidates, seats=vote["seats"]
        )
    except counting.BadChoices as error:
        if not _issued(vote_id, digest):
            raise TokenUnknown(_("This token does not belong to this vote.")) from None
        raise bad_choices(error) from None
    spent = BallotToken.objects.filter(vote_id=vote_id, digest=digest, used=False).update(used=True)
    if not spent:  # the one place a token is spent: of racing casts, one gets the row
        raise _why_not_spent(vote_id, digest)
    ballot = _store(vote_id, stored)
    record_anonymous(
        action="conferences.ballot_cast",
        target=ballot,
        unit=vote["conference__unit_id"],
        changes={"vote": vote_id},
    )
    return ballot


@transaction.atomic
def enter_paper_batch(
    *, actor: User, vote: Vote, number: int, ballots: list[list[Any]]
) -> PaperBatch:
    """Enter a batch of paper ballots. The first entry waits for a second, by another member
    of the counting board; when both match the ballots are counted, otherwise the batch is
    flagged and entered again under a new number."""
    vote = Vote.objects.select_for_update().select_related("conference").get(pk=vote.pk)
    if not is_counter(actor, vote):
        raise PermissionDenied
    if not vote.secret:
        raise Refused("open_vote", _("Paper ballots are entered for secret votes."))
    if vote.status != VoteStatus.OPEN:
        raise Refused("not_open", _("Paper ballots are entered while the vote is open."))
    candidates = list(vote.candidates.values_list("person_id", flat=True))
    try:
        entry = [
            counting.check_choices(vote.kind, c, candidates=candidates, seats=vote.seats)
            for c in ballots
        ]
    except counting.BadChoices as error:
        raise bad_choices(error) from None
    batch = PaperBatch.objects.select_for_update().filter(vote=vote, number=number).first()
    person_id = person_id_of(actor)
    assert person_id is not None  # a counting-board member is a person
    if batch is None:
        batch = PaperBatch.objects.create(
            vote=vote, number=number, first_by_id=person_id, first_entry=entry
        )
    elif batch.status != BatchStatus.WAITING:
        raise Refused("batch_done", _("This batch has been entered twice already."))
    elif batch.first_by_id == person_id:
        raise Refused("same_member", _("The second entry is made by another board member."))
    else:
        batch.second_by_id, batch.second_entry = person_id, entry
        matched = Counter(map(_key, entry)) == Counter(map(_key, batch.first_entry))
        batch.status = BatchStatus.MATCHED if matched else BatchStatus.MISMATCH
        if matched:
            _count_paper(vote, entry)
        batch.save()
    audit.record(
        actor=actor,
        action="conferences.paper_batch_entered",
        target=batch,
        unit=vote.conference.unit_id,
        changes={"vote": vote.pk, "number": number, "ballots": len(entry), "status": batch.status},
    )
    return batch


def _key(choices: list[Any]) -> str:
    return json.dumps(choices, sort_keys=True)


def _count_paper(vote: Vote, entry: list[list[Any]]) -> None:
    """Store a matched batch's ballots, never more than the paper ballots handed out."""
    handed = VoterMark.objects.filter(vote=vote, via=Via.PAPER).count()
    counted = sum(
        len(b.first_entry) for b in PaperBatch.objects.filter(vote=vote, status=BatchStatus.MATCHED)
    )
    if counted + len(entry) > handed:
        raise Refused(
            "more_paper_than_handed",
            _("This batch would count more paper ballots (%(n)s) than were handed out (%(h)s).")
            % {"n": counted + len(entry), "h": handed},
        )
    for choices in entry:
        _store(vote.pk, choices)

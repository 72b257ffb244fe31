"""The People's Inspection Board (Ban Thanh tra nhân dân) the staff conference elects.

Law 10/2022/QH15 art. 60 and Decree 59/2023 art. 21 (LEGAL-CATALOGUE §8): the union executive
committee nominates the candidates (art. 60.1, 63.2.a); the board has 3 to 9 members and none is
formed in a unit of 7 staff or fewer (D59 21.2); the head, a deputy head and the chief
accountant may not sit on it (art. 60.2); the conference elects by secret ballot under the rules
of art. 51 (D59 21.1); the union executive committee recognises the result within 5 working days
after the conference ends (D59 21.1), with one chair and at most 2 vice-chairs (D59 21.3); the
term is 2 years (art. 60.3), and a board elected earlier serves until the next one (D59 29.2).

Recognition creates the board as an `organizations.Body` with its members and roles, gives each
member the matching `people.RoleAssignment` for the term, and emits the fact
`inspection_board.term_started`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from danchu import audit
from danchu.conferences import rules
from danchu.conferences.board_rounds import round_of, rounds, staff_count_of
from danchu.conferences.errors import Invalid, Refused
from danchu.conferences.models import (
    BoardRecognition,
    Conference,
    Purpose,
    Status,
    Vote,
    VoteKind,
    VoteStatus,
)
from danchu.conferences.permissions import person_id_of, speaks_for_union
from danchu.conferences.voting import _new_vote
from danchu.core.workdays import add_working_days
from danchu.facts.services import emit
from danchu.organizations.models import Body, BodyKind, BodyMember, BodyRole
from danchu.people.models import Person, Role, RoleAssignment, User

# The board's officers (D59 21.3) and the role each gives its holder in the unit.
BOARD_ROLES = (BodyRole.CHAIR, BodyRole.VICE_CHAIR, BodyRole.MEMBER)
ROLE_OF: dict[str, str] = {
    BodyRole.CHAIR: Role.INSPECTION_CHAIR,
    BodyRole.VICE_CHAIR: Role.INSPECTION_VICE_CHAIR,
    BodyRole.MEMBER: Role.INSPECTION_MEMBER,
}
INSPECTION_ROLES = tuple(ROLE_OF.values())


def _names(person_ids: Iterable[int]) -> str:
    people = Person.objects.filter(pk__in=list(person_ids)).vietnamese_order()
    return ", ".join(person.full_name for person in people)


def check_nomination(conference: Conference, *, seats: object, candidate_ids: list[int]) -> int:
    """The eligibility rules of the nomination, or `Invalid`/`Refused` (writes nothing): the
    seats as an int. Candidates who are not summoned participants are refused by the vote."""
    staff = staff_count_of(conference)
    if staff <= rules.BOARD_NONE_IF_STAFF_AT_MOST:
        raise Invalid(
            "board_unit_too_small",
            _(
                "Decree 59/2023 art. 21.2: no People's Inspection Board is formed in a unit of "
                "%(limit)s staff or fewer, and this unit has %(staff)s; the union executive "
                "committee carries out its tasks (Law 10/2022/QH15 art. 63.2.e)."
            )
            % {"limit": rules.BOARD_NONE_IF_STAFF_AT_MOST, "staff": staff},
            field="seats",
        )
    if not isinstance(seats, int) or isinstance(seats, bool):
        raise Invalid("board_seats", _("Give the number of seats."), field="seats")
    people = list(dict.fromkeys(candidate_ids))
    before = rounds(conference)
    last = before[-1] if before else None
    if last is not None and last.vote.status != VoteStatus.CLOSED:
        raise Refused(
            "board_vote_pending",
            _("The election of the People's Inspection Board is already before the conference."),
        )
    if BoardRecognition.objects.filter(vote__conference=conference).exists():
        raise Refused(
            "board_recognised",
            _("The People's Inspection Board elected at this conference is already recognised."),
        )
    if last is not None and not last.tied and len(last.elected) >= rules.BOARD_MIN_MEMBERS:
        raise Refused(
            "board_elected",
            _("The board is elected: the union executive committee recognises the result."),
        )
    if last is not None and last.tied and set(people) <= set(last.tied):
        # A vote between the tied candidates: it fills the seats left (D59 21.1, art. 51).
        if seats != last.seats_left:
            raise Invalid(
                "board_runoff_seats",
                _(
                    "A new vote between the tied candidates fills the %(left)s seats left of "
                    "the %(seats)s."
                )
                % {"left": last.seats_left, "seats": last.board_seats},
                field="seats",
            )
    elif not rules.BOARD_MIN_MEMBERS <= seats <= rules.BOARD_MAX_MEMBERS:
        raise Invalid(
            "board_seats",
            _(
                "Law 10/2022/QH15 art. 60.1: the People's Inspection Board has %(low)s to "
                "%(high)s members."
            )
            % {"low": rules.BOARD_MIN_MEMBERS, "high": rules.BOARD_MAX_MEMBERS},
            field="seats",
        )
    if len(people) < seats:
        raise Invalid(
            "board_too_few_candidates",
            _("Nominate at least as many candidates as there are seats (%(seats)s).")
            % {"seats": seats},
            field="candidate_ids",
        )
    barred = set(
        RoleAssignment.objects.active(timezone.localdate())
        .filter(unit=conference.unit, person_id__in=people, role__in=rules.BOARD_EXCLUDED_ROLES)
        .values_list("person_id", flat=True)
    )
    if barred:
        raise Invalid(
            "board_candidate_barred",
            _(
                "Law 10/2022/QH15 art. 60.2: the head, a deputy head and the chief accountant "
                "of the unit may not be members of the People's Inspection Board: %(names)s."
            )
            % {"names": _names(barred)},
            field="candidate_ids",
        )
    return seats


@transaction.atomic
def nominate_board(
    *, actor: User, conference: Conference, seats: int, candidate_ids: Iterable[int]
) -> Vote:
    """The union executive committee puts the board's election to the conference (art. 60.1,
    63.2.a): a secret election to `seats` seats among the nominated candidates. Also the new
    vote after candidates tied for the last seat."""
    conference = Conference.objects.select_for_update().select_related("unit").get(pk=conference.pk)
    if not speaks_for_union(actor, conference):
        raise PermissionDenied
    people = list(dict.fromkeys(candidate_ids))
    seats = check_nomination(conference, seats=seats, candidate_ids=people)
    vote = _new_vote(
        actor=actor,
        conference=conference,
        title=gettext("Election of the People's Inspection Board"),
        kind=VoteKind.ELECTION,
        secret=True,
        candidate_ids=people,
        seats=seats,
        purpose=Purpose.INSPECTION_BOARD,
    )
    audit.record(
        actor=actor,
        action="conferences.board_nominated",
        target=vote,
        unit=conference.unit_id,
        changes={"seats": seats, "candidates": people},
    )
    return vote


def recognition_deadline(conference: Conference) -> dt.date | None:
    """D59 21.1: the 5th working day after the day the conference ended (None while it has
    not ended)."""
    if conference.ended_at is None:
        return None
    ended = timezone.localdate(conference.ended_at)
    return add_working_days(ended, rules.BOARD_RECOGNITION_WORKING_DAYS)


def term_of(start: dt.date) -> tuple[dt.date, dt.date]:
    """Art. 60.3: 2 years from `start`, its last day the eve of the anniversary (a term from
    29/02 ends on the last day of February)."""
    try:
        after = start.replace(year=start.year + rules.BOARD_TERM_YEARS)
    except ValueError:
        after = dt.date(start.year + rules.BOARD_TERM_YEARS, 3, 1)
    return start, after - dt.timedelta(days=1)


@dataclass(frozen=True)
class Checked:
    """What recognition would create: the elected members with their board roles."""

    roles: dict[int, str]  # person id → BodyRole, in the order elected
    term_start: dt.date
    term_end: dt.date
    deadline: dt.date


def _as_roles(roles: Mapping[Any, object]) -> dict[int, str]:
    out: dict[int, str] = {}
    for key, role in roles.items():
        try:
            person_id = int(str(key))
        except ValueError:
            raise Invalid("board_roles", _("Unknown member."), field="roles") from None
        if role not in BOARD_ROLES:
            raise Invalid(
                "board_role",
                _("Each member is the chair, a vice-chair or a member."),
                field="roles",
            )
        out[person_id] = str(role)
    return out


def check_recognition(vote: Vote, roles: Mapping[Any, object]) -> Checked:
    """The rules recognition must meet, or `Refused`/`Invalid` (writes nothing)."""
    conference = vote.conference
    if vote.purpose != Purpose.INSPECTION_BOARD:
        raise Refused("not_board_vote", _("This vote is not the election of the board."))
    if vote.status != VoteStatus.CLOSED:
        raise Refused("board_vote_not_closed", _("The election is not closed yet."))
    if BoardRecognition.objects.filter(vote__conference=conference).exists():
        raise Refused("board_recognised", _("This election's result is already recognised."))
    if conference.status != Status.HELD or conference.ended_at is None:
        raise Refused(
            "conference_not_ended",
            _(
                "Decree 59/2023 art. 21.1: the result is recognised after the conference ends; "
                "end the conference first."
            ),
        )
    deadline = recognition_deadline(conference)
    assert deadline is not None
    today = timezone.localdate()
    if today > deadline:
        raise Refused(
            "recognition_late",
            _(
                "Decree 59/2023 art. 21.1: the union executive committee recognises the result "
                "within %(days)s working days after the conference ends, that is by %(date)s. "
                "That time has passed: the result can no longer be recognised, and the board "
                "must be elected again."
            )
            % {
                "days": rules.BOARD_RECOGNITION_WORKING_DAYS,
                "date": date_format(deadline, "SHORT_DATE_FORMAT"),
            },
        )
    this = round_of(vote)
    later = [r for r in rounds(conference) if r.vote.pk > vote.pk]
    if later:
        raise Refused(
            "board_later_vote",
            _("A later vote of the board's election is the one to recognise."),
        )
    tied = this.tied
    if tied:
        raise Refused(
            "board_tied",
            _(
                "%(names)s tied for the last seat: nobody may choose between them but the "
                "conference. Put a new vote to it before the result is recognised."
            )
            % {"names": _names(tied)},
        )
    elected = this.elected
    if len(elected) < rules.BOARD_MIN_MEMBERS:
        raise Refused(
            "board_too_few_elected",
            _(
                "Law 10/2022/QH15 art. 60.1: the board has at least %(low)s members, and only "
                "%(count)s won more than half of the votes of those present. Elect the board "
                "again."
            )
            % {"low": rules.BOARD_MIN_MEMBERS, "count": len(elected)},
        )
    given = _as_roles(roles)
    if set(given) != set(elected):
        raise Invalid(
            "board_roles_members",
            _("Give a role to each elected member, and to nobody else."),
            field="roles",
        )
    chairs = [p for p, role in given.items() if role == BodyRole.CHAIR]
    if len(chairs) != 1:
        raise Invalid(
            "board_one_chair",
            _("Decree 59/2023 art. 21.3: the board has exactly one chair."),
            field="roles",
        )
    vices = [p for p, role in given.items() if role == BodyRole.VICE_CHAIR]
    if len(vices) > rules.BOARD_MAX_VICE_CHAIRS:
        raise Invalid(
            "board_vice_chairs",
            _("Decree 59/2023 art. 21.3: the board has at most %(max)s vice-chairs.")
            % {"max": rules.BOARD_MAX_VICE_CHAIRS},
            field="roles",
        )
    start, end = term_of(today)
    ordered = {p: given[p] for p in elected}
    return Checked(roles=ordered, term_start=start, term_end=end, deadline=deadline)


def _end_earlier_boards(unit_id: int, start: dt.date) -> list[int]:
    """D59 29.2: a board elected earlier serves until the new one: its term, its members and
    their roles end the day before the new term starts."""
    eve = start - dt.timedelta(days=1)
    earlier = list(
        Body.objects.select_for_update()
        .filter(unit_id=unit_id, kind=BodyKind.INSPECTION_BOARD)
        .exclude(term_end__lt=start)
    )
    for body in earlier:
        if body.term_start >= start:
            raise Refused(
                "board_term_overlaps",
                _("A People's Inspection Board of this unit already starts its term today."),
            )
        body.term_end = eve
        body.save(update_fields=["term_end"])
        body.members.exclude(until__lt=start).update(until=eve)
    RoleAssignment.objects.filter(
        unit_id=unit_id, role__in=INSPECTION_ROLES, valid_from__lt=start
    ).exclude(valid_to__lt=start).update(valid_to=eve)
    return [body.pk for body in earlier]


@dataclass(frozen=True)
class Recognised:
    body: Body
    members: list[dict[str, object]]  # {"person_id", "role"} in the order elected


@transaction.atomic
def recognise_board(*, actor: User, vote: Vote, roles: Mapping[Any, object]) -> Recognised:
    """The union executive committee recognises the election (D59 21.1) with each member's
    role: the board's 2-year term starts today (art. 60.3)."""
    vote = Vote.objects.select_for_update().select_related("conference__unit").get(pk=vote.pk)
    board_name = gettext("People's Inspection Board")
    conference = vote.conference
    person_id = person_id_of(actor)
    if person_id is None or not speaks_for_union(actor, conference):
        raise PermissionDenied
    checked = check_recognition(vote, roles)
    start, end = checked.term_start, checked.term_end
    ended = _end_earlier_boards(conference.unit_id, start)
    body = Body(
        unit=conference.unit,
        kind=BodyKind.INSPECTION_BOARD,
        name=f"{board_name} {start.year}–{end.year}",
        term_start=start,
        term_end=end,
    )
    body.full_clean()
    body.save()
    members = [{"person_id": p, "role": role} for p, role in checked.roles.items()]
    BodyMember.objects.bulk_create(
        BodyMember(body=body, person_id=p, role=role, since=start, until=end)
        for p, role in checked.roles.items()
    )
    RoleAssignment.objects.bulk_create(
        RoleAssignment(
            person_id=p, unit=conference.unit, role=ROLE_OF[role], valid_from=start, valid_to=end
        )
        for p, role in checked.roles.items()
    )
    BoardRecognition.objects.create(
        vote=vote, body=body, recognised_by_id=person_id, recognised_on=start
    )
    audit.record(
        actor=actor,
        action="conferences.board_recognised",
        target=body,
        unit=conference.unit_id,
        changes={"vote": vote.pk, "term_start": start, "term_end": end, "members": members,
                 "earlier_boards_ended": ended},
    )  # fmt: skip
    emit(
        kind="inspection_board.term_started",
        unit=conference.unit_id,
        on=start,
        target=body,
        data={"body": body.pk, "conference": conference.pk, "vote": vote.pk,
              "term_start": start.isoformat(), "term_end": end.isoformat(), "members": members},
    )  # fmt: skip
    return Recognised(body=body, members=members)

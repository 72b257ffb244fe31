"""Attendance and the session: check-in, the quorum (art. 51.2.c), opening and ending.

Only summoned participants (all staff in plenary, the delegates otherwise) count for the quorum
and vote; invited guests (art. 51.2.d) do neither.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import NamedTuple

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danchu import audit
from danchu.conferences import rules
from danchu.conferences.errors import Invalid, Refused
from danchu.conferences.models import CheckIn, Conference, Format, Participant, Status
from danchu.conferences.permissions import can_check_in, is_chair
from danchu.facts.services import emit
from danchu.people.models import User

OPEN_FOR_CHECK_IN = (Status.PLANNED, Status.INVITED, Status.IN_SESSION)


class Quorum(NamedTuple):
    present: int
    expected: int

    @property
    def met(self) -> bool:
        """Art. 51.2.c: at least 2/3 of the staff (or of the summoned delegates), exactly."""
        return self.expected > 0 and Fraction(self.present) >= rules.QUORUM * self.expected

    @property
    def needed(self) -> int:
        """The smallest number present that makes the quorum."""
        share = rules.QUORUM * self.expected
        return int(share) if share.denominator == 1 else int(share) + 1


def quorum_of(conference: Conference) -> Quorum:
    summoned = Participant.objects.filter(conference=conference, summoned=True)
    return Quorum(present=summoned.filter(present=True).count(), expected=summoned.count())


@transaction.atomic
def check_in(
    *, actor: User, conference: Conference, person_ids: Iterable[int], via: str = CheckIn.LIST
) -> Quorum:
    """Mark participants present (idempotent: one already present stays as they were)."""
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    if not can_check_in(actor, conference):
        raise PermissionDenied
    if conference.status not in OPEN_FOR_CHECK_IN:
        raise Refused("not_checking_in", _("This conference no longer takes check-ins."))
    wanted = set(person_ids)
    participants = list(Participant.objects.filter(conference=conference, person_id__in=wanted))
    unknown = wanted - {p.person_id for p in participants}
    if unknown:
        raise Invalid(
            "not_a_participant",
            _("%(count)s of these people are not summoned or invited to this conference.")
            % {"count": len(unknown)},
            field="person_ids",
        )
    arriving = [p for p in participants if not p.present]
    now = timezone.now()
    for participant in arriving:
        participant.present, participant.checked_in_at, participant.check_in = True, now, via
    Participant.objects.bulk_update(arriving, ["present", "checked_in_at", "check_in"])
    quorum = quorum_of(conference)
    if arriving:
        audit.record(
            actor=actor,
            action="conferences.checked_in",
            target=conference,
            unit=conference.unit_id,
            changes={
                "people": sorted(p.person_id for p in arriving),
                "via": via,
                "present": quorum.present,
                "expected": quorum.expected,
            },
        )
    return quorum


@transaction.atomic
def open_session(*, actor: User, conference: Conference) -> Conference:
    """The chair opens the conference: votes can be opened from now on."""
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    if not is_chair(actor, conference):
        raise PermissionDenied
    if conference.status not in (Status.PLANNED, Status.INVITED):
        raise Refused("not_planned", _("Only a planned conference can be opened."))
    if conference.format == Format.WRITTEN and conference.union_agreed_at is None:
        raise Refused(
            "union_not_agreed",
            _("Art. 50.2: the written ballot is run after the union executive committee agrees."),
        )
    conference.status, conference.opened_at = Status.IN_SESSION, timezone.now()
    conference.save(update_fields=["status", "opened_at"])
    audit.record(actor=actor, action="conferences.opened", target=conference)
    return conference


@transaction.atomic
def end_session(*, actor: User, conference: Conference) -> Conference:
    """The chair ends the conference: held if it had its quorum, otherwise recorded as not
    held for lack of quorum (it may then be convened a second time, art. 50.2)."""
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    if not is_chair(actor, conference):
        raise PermissionDenied
    if conference.status != Status.IN_SESSION:
        raise Refused("not_in_session", _("The conference is not in session."))
    if conference.votes.filter(status="open").exists():
        raise Refused("vote_open", _("Close the open vote first."))
    quorum = quorum_of(conference)
    held = quorum.met or conference.format == Format.WRITTEN  # art. 50.2: no quorum to meet
    conference.status = Status.HELD if held else Status.NO_QUORUM
    conference.ended_at = timezone.now()
    conference.save(update_fields=["status", "ended_at"])
    audit.record(
        actor=actor,
        action="conferences.ended",
        target=conference,
        changes={
            "status": conference.status,
            "present": quorum.present,
            "expected": quorum.expected,
        },
    )
    if held:
        emit(
            kind="conference.held",
            unit=conference.unit_id,
            on=timezone.localdate(conference.ended_at),
            target=conference,
            data={
                "year": conference.year,
                "kind": conference.kind,
                "present": quorum.present,
                "format": conference.format,
                "call": conference.call,
            },
        )
    return conference


# --- Personal codes: a participant's QR code, scanned at the door (no stored row) ---------------

CODE_SALT = "danchu.conferences.check-in"


def personal_code(conference: Conference, person_id: int) -> str:
    """The code in a participant's QR: signed, names the conference and the person."""
    return signing.dumps({"c": conference.pk, "p": person_id}, salt=CODE_SALT, compress=True)


def person_of_code(conference: Conference, code: str) -> int:
    """The person a scanned code names, or Invalid (tampered, or another conference's)."""
    try:
        found = signing.loads(code.strip(), salt=CODE_SALT)
    except signing.BadSignature:
        found = None
    if not isinstance(found, dict) or found.get("c") != conference.pk or "p" not in found:
        raise Invalid(
            "bad_code", _("This code is not a check-in code of this conference."), field="code"
        )
    return int(found["p"])


def check_in_by_code(*, actor: User, conference: Conference, code: str) -> tuple[int, Quorum]:
    """Check in the participant whose personal code was scanned; returns them and the quorum."""
    person_id = person_of_code(conference, code)
    return person_id, check_in(
        actor=actor, conference=conference, person_ids=[person_id], via=CheckIn.CODE
    )


@transaction.atomic
def check_in_remote(*, actor: User, conference: Conference) -> Quorum:
    """A participant attends remotely, when the plan allows it and the conference is sitting."""
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    person_id = getattr(actor, "person_id", None)
    if person_id is None:
        raise PermissionDenied
    participant = Participant.objects.filter(
        conference=conference, person_id=person_id, summoned=True
    ).first()
    if participant is None:
        raise PermissionDenied
    if not conference.remote_allowed:
        raise Refused("no_remote", _("This conference does not allow remote attendance."))
    if conference.status != Status.IN_SESSION:
        raise Refused("not_in_session", _("The conference is not in session."))
    if not participant.present:
        participant.present, participant.checked_in_at = True, timezone.now()
        participant.check_in = CheckIn.REMOTE
        participant.save(update_fields=["present", "checked_in_at", "check_in"])
        audit.record(
            actor=actor,
            action="conferences.checked_in",
            target=conference,
            unit=conference.unit_id,
            changes={"people": [participant.person_id], "via": CheckIn.REMOTE},
        )
    return quorum_of(conference)

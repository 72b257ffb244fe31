"""Who calls the conference, and in what form (Law 10/2022/QH15 arts. 50–51):

- an extraordinary conference on the request of the union executive committee, the head, or at
  least one third of all staff, whose signatures the system collects and counts (art. 50.1);
- the delegate format: seats allotted per sub-unit, delegates chosen and listed (art. 51.2.b);
- a second call after a conference without quorum, and then — or on force majeure — the written
  ballot the head runs after agreeing with the union (art. 50.2), adopted by more than half of
  all staff or of the forms returned, as the unit's settings say (the law is silent).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from fractions import Fraction

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from danchu import audit
from danchu.conferences import rules
from danchu.conferences.errors import Invalid, Refused
from danchu.conferences.models import (
    AgendaItem,
    Attendance,
    Conference,
    ConferenceDocument,
    DelegateQuota,
    ExtraordinaryRequest,
    Format,
    Participant,
    Proposer,
    RequestStatus,
    RequestSupporter,
    Status,
)
from danchu.conferences.permissions import can_manage, can_plan, speaks_for_union
from danchu.conferences.planning import settings_of, staff_of
from danchu.facts.services import emit
from danchu.organizations.models import Unit, UnitKind
from danchu.people.models import Person, User
from danchu.people.permissions import Action, can

# --- Extraordinary conferences (art. 50.1) ---------------------------------------------------


def supporters_needed(staff: int) -> int:
    """The fewest signatures that make at least one third of `staff` (exact, art. 50.1)."""
    share = rules.EXTRAORDINARY_STAFF_SHARE * staff
    return int(share) if share.denominator == 1 else int(share) + 1


def enough_support(supporters: int, staff: int) -> bool:
    return staff > 0 and Fraction(supporters) >= rules.EXTRAORDINARY_STAFF_SHARE * staff


def _works_in(person: Person | None, unit: Unit) -> bool:
    return person is not None and person.unit is not None and person.unit.is_within(unit)


@transaction.atomic
def open_request(*, actor: User, unit: Unit, proposer: str, reason: str) -> ExtraordinaryRequest:
    """A request for an extraordinary conference. The union's or the head's is granted at once;
    a staff request is signed by its opener and collects the others' signatures."""
    reason = reason.strip()
    if not reason:
        raise Invalid("reason", _("Say what the conference should decide."), field="reason")
    if proposer == Proposer.UNION and not can(actor, Action.SPEAK_FOR_UNION, unit):
        raise PermissionDenied
    if proposer == Proposer.HEAD and not can_plan(actor, unit):
        raise PermissionDenied
    if proposer == Proposer.STAFF and not _works_in(actor.person, unit):
        raise PermissionDenied
    if proposer not in Proposer.values:
        raise Invalid("proposer", _("Unknown proposer."), field="proposer")
    assert actor.person is not None
    request = ExtraordinaryRequest.objects.create(
        unit=unit,
        proposer=proposer,
        reason=reason[:4000],
        opened_by=actor.person,
        staff_at_opening=len(staff_of(unit)),
    )
    if proposer == Proposer.STAFF:
        RequestSupporter.objects.create(
            request=request, person=actor.person, signed_on=timezone.localdate()
        )
    _grant_if_enough(request)
    audit.record(
        actor=actor,
        action="conferences.request_opened",
        target=request,
        unit=unit,
        changes={"proposer": proposer, "reason": request.reason, "status": request.status},
    )
    return request


def _grant_if_enough(request: ExtraordinaryRequest) -> None:
    signed = request.supporters.count()
    staff_request = request.proposer == Proposer.STAFF
    if request.status == RequestStatus.COLLECTING and (
        not staff_request or enough_support(signed, request.staff_at_opening)
    ):
        request.status, request.granted_at = RequestStatus.GRANTED, timezone.now()
        request.save(update_fields=["status", "granted_at"])


@transaction.atomic
def support_request(*, actor: User, request: ExtraordinaryRequest) -> ExtraordinaryRequest:
    """A staff member of the unit signs a staff request (once: signing again changes nothing)."""
    request = ExtraordinaryRequest.objects.select_for_update().get(pk=request.pk)
    if not _works_in(actor.person, request.unit):
        raise PermissionDenied
    if request.proposer != Proposer.STAFF:
        raise Refused("not_staff_request", _("Only a request of staff collects signatures."))
    if request.status == RequestStatus.WITHDRAWN:
        raise Refused("withdrawn", _("This request has been withdrawn."))
    assert actor.person is not None
    _signature, created = RequestSupporter.objects.get_or_create(
        request=request, person=actor.person, defaults={"signed_on": timezone.localdate()}
    )
    if created:
        _grant_if_enough(request)
        audit.record(
            actor=actor,
            action="conferences.request_supported",
            target=request,
            unit=request.unit_id,
            changes={"supporters": request.supporters.count(), "status": request.status},
        )
    return request


@transaction.atomic
def withdraw_request(*, actor: User, request: ExtraordinaryRequest) -> ExtraordinaryRequest:
    request = ExtraordinaryRequest.objects.select_for_update().get(pk=request.pk)
    if actor.person_id != request.opened_by_id:
        raise PermissionDenied
    if request.status == RequestStatus.WITHDRAWN or request.conferences.exists():
        raise Refused(
            "not_withdrawable",
            _("This request has been withdrawn already, or a conference was planned on it."),
        )
    request.status = RequestStatus.WITHDRAWN
    request.save(update_fields=["status"])
    audit.record(actor=actor, action="conferences.request_withdrawn", target=request,
                 unit=request.unit_id)  # fmt: skip
    return request


# --- Delegates (art. 51.2.b) -------------------------------------------------------------------


def _preparing_delegates(actor: User, conference: Conference) -> Conference:
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    if not can_manage(actor, conference):
        raise PermissionDenied
    if conference.format != Format.DELEGATE:
        raise Refused(
            "not_delegate", _("This conference meets in plenary: every staff member attends.")
        )
    if conference.status not in (Status.PLANNED, Status.INVITED):
        raise Refused("not_preparing", _("The conference is no longer being prepared."))
    return conference


def sub_units(conference: Conference) -> list[Unit]:
    """The unit itself (its staff outside any department) and its departments."""
    under = Unit.objects.under(conference.unit).filter(kind=UnitKind.DEPARTMENT)
    return [conference.unit, *under.order_by("sort_key", "pk")]


@transaction.atomic
def allot_delegates(*, actor: User, conference: Conference, seats: Mapping[int, int]) -> int:
    """The seats of each sub-unit; returns the delegates summoned in all."""
    conference = _preparing_delegates(actor, conference)
    known = {unit.pk for unit in sub_units(conference)}
    if set(seats) - known or any(n < 0 for n in seats.values()):
        raise Invalid("sub_unit", _("Seats go to the unit's own sub-units."), field="seats")
    DelegateQuota.objects.filter(conference=conference).delete()
    DelegateQuota.objects.bulk_create(
        DelegateQuota(conference=conference, department_id=pk, seats=n)
        for pk, n in sorted(seats.items())
        if n
    )
    audit.record(actor=actor, action="conferences.delegates_allotted", target=conference,
                 changes={"seats": {str(k): v for k, v in sorted(seats.items())}})  # fmt: skip
    return sum(seats.values())


def _staff_of_sub_unit(conference: Conference, department: Unit) -> set[int]:
    if department.pk == conference.unit_id:  # the agency's own staff, outside its departments
        rows = Person.objects.filter(unit=department)
    else:
        rows = Person.objects.in_units_under(department)
    return set(rows.values_list("pk", flat=True))


@transaction.atomic
def choose_delegates(
    *, actor: User, conference: Conference, department: Unit, person_ids: Iterable[int]
) -> list[int]:
    """The delegates of one sub-unit, at most its seats, from its own staff; replaces the list."""
    conference = _preparing_delegates(actor, conference)
    chosen = sorted(set(person_ids))
    quota = DelegateQuota.objects.filter(conference=conference, department=department).first()
    if quota is None:
        raise Invalid("no_seats", _("Allot this sub-unit its seats first."), field="department_id")
    if len(chosen) > quota.seats:
        raise Invalid(
            "too_many",
            _("This sub-unit has %(seats)s seats.") % {"seats": quota.seats},
            field="person_ids",
        )
    if set(chosen) - _staff_of_sub_unit(conference, department):
        raise Invalid("not_in_sub_unit", _("Delegates work in the sub-unit."), field="person_ids")
    own = _staff_of_sub_unit(conference, department)
    Participant.objects.filter(
        conference=conference, attendance=Attendance.DELEGATE, person_id__in=own
    ).exclude(person_id__in=chosen).delete()
    already = set(
        Participant.objects.filter(conference=conference, person_id__in=chosen).values_list(
            "person_id", flat=True
        )
    )
    Participant.objects.bulk_create(
        Participant(conference=conference, person_id=p, attendance=Attendance.DELEGATE)
        for p in chosen
        if p not in already
    )
    audit.record(actor=actor, action="conferences.delegates_chosen", target=conference,
                 changes={"department": department.pk, "people": chosen})  # fmt: skip
    return chosen


# --- A second call, and the written ballot (art. 50.2) ------------------------------------------


def _copy_preparation(source: Conference, target: Conference) -> None:
    AgendaItem.objects.bulk_create(
        AgendaItem(conference=target, position=i.position, step=i.step, title=i.title)
        for i in source.agenda.all()
    )
    ConferenceDocument.objects.bulk_create(
        ConferenceDocument(conference=target, disclosure_id=d.disclosure_id,
                           consultation_id=d.consultation_id)
        for d in source.documents.all()
    )  # fmt: skip


@transaction.atomic
def convene_second_call(
    *, actor: User, conference: Conference, scheduled_at: dt.datetime
) -> Conference:
    """Convene again a conference that ended without its quorum (art. 50.2): the same
    participants, agenda and documents; the quorum is counted afresh."""
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    if not can_manage(actor, conference):
        raise PermissionDenied
    if conference.status != Status.NO_QUORUM or conference.call != 1:
        raise Refused(
            "not_without_quorum",
            _("Only a first call that ended without its quorum is convened a second time."),
        )
    with override("vi"):
        title = str(_("%(title)s (second call)") % {"title": conference.title})
    second = Conference.objects.create(
        unit=conference.unit, year=conference.year, kind=conference.kind,
        format=conference.format, call=rules.SECOND_CALL, first_call=conference,
        request=conference.request, title=title[:255], scheduled_at=scheduled_at,
        venue=conference.venue, remote_allowed=conference.remote_allowed,
        chair=conference.chair, contents=conference.contents,
        staff_count=conference.staff_count, planned_by=actor,
    )  # fmt: skip
    Participant.objects.bulk_create(
        Participant(conference=second, person_id=p.person_id, attendance=p.attendance,
                    summoned=p.summoned)
        for p in conference.participants.all()
    )  # fmt: skip
    _copy_preparation(conference, second)
    audit.record(actor=actor, action="conferences.second_call", target=second,
                 changes={"first_call": conference.pk, "scheduled_at": scheduled_at})  # fmt: skip
    emit(kind="conference.planned", unit=second.unit_id, on=timezone.localdate(), target=second,
         data={"call": rules.SECOND_CALL})  # fmt: skip
    return second


@transaction.atomic
def propose_written_ballot(
    *, actor: User, conference: Conference, force_majeure: str = ""
) -> Conference:
    """The head proposes the written ballot of art. 50.2 in place of `conference`: after a second
    call without quorum, or because force majeure prevents holding it (say what happened). Every
    staff member is summoned; it runs once the union executive committee has agreed."""
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    if not can_manage(actor, conference):
        raise PermissionDenied
    force_majeure = force_majeure.strip()
    second_failed = conference.call == rules.SECOND_CALL and conference.status == Status.NO_QUORUM
    prevented = bool(force_majeure) and conference.status in (
        Status.PLANNED, Status.INVITED, Status.NO_QUORUM, Status.CANCELLED,
    )  # fmt: skip
    if not (second_failed or prevented):
        raise Refused(
            "written_ballot_not_allowed",
            _(
                "Law 10/2022/QH15 art. 50.2: the written ballot replaces a conference that "
                "failed its quorum twice, or one that force majeure prevents."
            ),
        )
    with override("vi"):
        title = str(_("Written ballot of staff, year %(year)s") % {"year": conference.year})
    written = Conference.objects.create(
        unit=conference.unit, year=conference.year, kind=conference.kind, format=Format.WRITTEN,
        call=conference.call, first_call=conference, request=conference.request, title=title,
        scheduled_at=timezone.now(), force_majeure=force_majeure[:2000], chair=conference.chair,
        contents=conference.contents, staff_count=len(staff_of(conference.unit)),
        planned_by=actor,
    )  # fmt: skip
    Participant.objects.bulk_create(
        Participant(conference=written, person=person, attendance=Attendance.STAFF)
        for person in staff_of(conference.unit)
    )
    _copy_preparation(conference, written)
    audit.record(actor=actor, action="conferences.written_ballot_proposed", target=written,
                 changes={"replaces": conference.pk, "force_majeure": force_majeure})  # fmt: skip
    return written


@transaction.atomic
def agree_written_ballot(*, actor: User, conference: Conference) -> Conference:
    """The union executive committee agrees to the written ballot (art. 50.2)."""
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    if not speaks_for_union(actor, conference):
        raise PermissionDenied
    if conference.format != Format.WRITTEN or conference.union_agreed_at is not None:
        raise Refused("not_awaiting_union", _("There is no written ballot awaiting the union."))
    conference.union_agreed_by, conference.union_agreed_at = actor.person, timezone.now()
    conference.save(update_fields=["union_agreed_by", "union_agreed_at"])
    audit.record(actor=actor, action="conferences.written_ballot_agreed", target=conference)
    return conference


def written_base(conference: Conference, *, returned: int) -> int:
    """Art. 50.2 (the law is silent on the base, catalogue §16.2): more than half of all staff,
    or of the forms returned, as the unit's settings say."""
    if settings_of(conference.unit).written_ballot_base == "returned":
        return returned
    return conference.participants.filter(summoned=True).count()

"""Writes of the democracy steering committees: set up (thành lập), review and consolidate
(kiện toàn: every change of members under its decision), dissolve with a reason. Each act is one
transaction with its audit entry and the fact compliance counts (`steering_committee.*`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danchu import audit
from danchu.compliance.errors import Invalid, Refused, cleaned_text
from danchu.compliance.models import (
    DecisionKind,
    SteeringCommittee,
    SteeringDecision,
    SteeringMember,
    SteeringRole,
)
from danchu.compliance.permissions import can_manage, can_steer
from danchu.facts.services import emit
from danchu.organizations.models import EMPLOYER_KINDS, Unit
from danchu.people.models import Person, User

Seat = tuple[int, str]  # (person id, role)


def _day(value: dt.date, field: str) -> dt.date:
    if value > timezone.localdate():
        raise Invalid("future_date", _("A decision cannot be dated in the future."), field=field)
    return value


def _seats(
    committee_unit: Unit, seats: Sequence[Seat], field: str = "members"
) -> list[tuple[Person, str]]:
    roles = set(SteeringRole.values)
    if any(role not in roles for _p, role in seats):
        raise Invalid("unknown_role", _("Unknown role on the committee."), field=field)
    ids = [person_id for person_id, _role in seats]
    if len(set(ids)) != len(ids):
        raise Invalid("member_twice", _("A person is listed twice."), field=field)
    people = {p.pk: p for p in Person.objects.filter(pk__in=ids)}
    if len(people) != len(ids):
        raise Invalid("unknown_person", _("A listed person does not exist."), field=field)
    return [(people[person_id], role) for person_id, role in seats]


def _seat(
    committee: SteeringCommittee, decision: SteeringDecision, seats: Sequence[tuple[Person, str]]
) -> None:
    """The members appointed by `decision`, from its date."""
    SteeringMember.objects.bulk_create(
        SteeringMember(
            committee=committee,
            person=person,
            role=role,
            appointed_by=decision,
            since=decision.signed_on,
        )
        for person, role in seats
    )


def _managed(actor: User, committee: SteeringCommittee, signed_on: dt.date) -> SteeringCommittee:
    """The committee, locked, if the actor steers it, it is active and the decision's date is
    neither in the future nor before the committee was set up."""
    committee = SteeringCommittee.objects.select_for_update().get(pk=committee.pk)
    if not can_manage(actor, committee):
        raise PermissionDenied
    if committee.dissolved_on is not None:
        raise Refused("dissolved", _("This steering committee has been dissolved."))
    _day(signed_on, "signed_on")
    if signed_on < committee.established_on:
        raise Invalid(
            "before_established",
            _("The decision is dated before the committee was set up."),
            field="signed_on",
        )
    return committee


def _decide(
    committee: SteeringCommittee, kind: str, number: str, signed_on: dt.date, note: str = ""
) -> SteeringDecision:
    return SteeringDecision.objects.create(
        committee=committee, kind=kind, number=number, signed_on=signed_on, note=note
    )


def _fact(kind: str, committee: SteeringCommittee, decision: SteeringDecision) -> None:
    emit(
        kind=f"steering_committee.{kind}",
        unit=committee.unit_id,
        on=decision.signed_on,
        target=committee,
        data={
            "decision": decision.number,
            "members": committee.members.filter(until=None).count(),
            "steers": sorted(committee.steers.values_list("pk", flat=True)),
        },
    )


@transaction.atomic
def establish_committee(
    *,
    actor: User,
    unit: Unit,
    name: str,
    decision_number: str,
    signed_on: dt.date,
    members: Sequence[Seat],
    steers: Sequence[Unit] = (),
) -> SteeringCommittee:
    """Set up the unit's steering committee by a decision, with its members and the agencies it
    steers (under the party organisation). One active committee per organisation."""
    if not can_steer(actor, unit):
        raise PermissionDenied
    name = cleaned_text(name, "name", 255)
    number = cleaned_text(decision_number, "decision_number", 64)
    signed_on = _day(signed_on, "signed_on")
    if not members:
        raise Invalid("no_members", _("A committee needs its members."), field="members")
    seats = _seats(unit, members)
    if any(not u.is_within(unit) or u.kind not in EMPLOYER_KINDS for u in steers):
        raise Invalid(
            "not_steered",
            _("The committee steers agencies under its party organisation."),
            field="steers",
        )
    if SteeringCommittee.objects.select_for_update().filter(unit=unit, dissolved_on=None).exists():
        raise Refused(
            "committee_exists",
            _("This organisation already has a steering committee: consolidate it instead."),
        )
    committee = SteeringCommittee.objects.create(unit=unit, name=name, established_on=signed_on)
    committee.steers.set(steers)
    decision = _decide(committee, DecisionKind.ESTABLISHED, number, signed_on)
    _seat(committee, decision, seats)
    audit.record(
        actor=actor,
        action="compliance.steering_established",
        target=committee,
        unit=unit,
        changes={
            "name": name,
            "decision": number,
            "signed_on": signed_on,
            "members": [[p.pk, r] for p, r in seats],
            "steers": [u.pk for u in steers],
        },
    )
    _fact("established", committee, decision)
    return committee


@transaction.atomic
def consolidate_committee(
    *,
    actor: User,
    committee: SteeringCommittee,
    decision_number: str,
    signed_on: dt.date,
    add: Sequence[Seat] = (),
    remove: Sequence[int] = (),
    note: str = "",
) -> SteeringDecision:
    """Review and consolidate the committee (kiện toàn) by a decision: members join, change role
    (removed and added again) or leave, each under that decision. A decision changing nobody
    records the yearly review that kept the committee as it is."""
    committee = _managed(actor, committee, signed_on)
    number = cleaned_text(decision_number, "decision_number", 64)
    note = cleaned_text(note, "note", 2000, required=False)
    seats = _seats(committee.unit, add, "add")
    current = {m.person_id: m for m in committee.members.filter(until=None)}
    if any(person_id not in current for person_id in remove):
        raise Invalid(
            "not_a_member", _("Only a current member can leave the committee."), field="remove"
        )
    staying = set(current) - set(remove)
    if any(p.pk in staying for p, _r in seats):
        raise Invalid("already_member", _("This person is already on the committee."), field="add")
    if not staying and not seats:
        raise Invalid("no_members", _("A committee needs its members."), field="remove")
    decision = _decide(committee, DecisionKind.CONSOLIDATED, number, signed_on, note)
    SteeringMember.objects.filter(committee=committee, person_id__in=remove, until=None).update(
        until=signed_on, removed_by=decision
    )
    _seat(committee, decision, seats)
    audit.record(
        actor=actor,
        action="compliance.steering_consolidated",
        target=committee,
        unit=committee.unit_id,
        changes={
            "decision": number,
            "signed_on": signed_on,
            "note": note,
            "added": [[p.pk, r] for p, r in seats],
            "removed": list(remove),
        },
    )
    _fact("consolidated", committee, decision)
    return decision


@transaction.atomic
def dissolve_committee(
    *,
    actor: User,
    committee: SteeringCommittee,
    reason: str,
    decision_number: str = "",
    signed_on: dt.date | None = None,
) -> SteeringCommittee:
    """Dissolve the committee, with the reason; its members' seats end that day."""
    signed_on = signed_on or timezone.localdate()
    committee = _managed(actor, committee, signed_on)
    reason = cleaned_text(reason, "reason", 2000)
    number = cleaned_text(decision_number, "decision_number", 64, required=False)
    decision = _decide(committee, DecisionKind.DISSOLVED, number, signed_on, reason)
    committee.members.filter(until=None).update(until=signed_on, removed_by=decision)
    committee.dissolved_on, committee.dissolution_reason = signed_on, reason
    committee.save(update_fields=["dissolved_on", "dissolution_reason"])
    audit.record(
        actor=actor,
        action="compliance.steering_dissolved",
        target=committee,
        unit=committee.unit_id,
        changes={"reason": reason, "decision": number, "signed_on": signed_on},
    )
    _fact("dissolved", committee, decision)
    return committee

"""Planning a staff conference (Law 10/2022/QH15 arts. 50–51): format, date, agenda, summons.

`plan_conference` is the write behind `POST /api/v1/conferences` and the plan page; what it
checks is in `rules.py`, each rule with its article.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from danchu import audit
from danchu.conferences import rules
from danchu.conferences.errors import Invalid
from danchu.conferences.models import (
    AgendaItem,
    Attendance,
    Conference,
    ExtraordinaryRequest,
    Format,
    Kind,
    Participant,
    RequestStatus,
)
from danchu.conferences.permissions import can_plan
from danchu.facts.services import emit
from danchu.organizations.models import EMPLOYER_KINDS, Unit, UnitSettings
from danchu.people.models import Person, User


def settings_of(unit: Unit) -> UnitSettings:
    """The unit's own settings, or the defaults (an unsaved row)."""
    return UnitSettings.objects.filter(unit=unit).first() or UnitSettings(unit=unit)


def work_year_end(unit_settings: UnitSettings, year: int) -> dt.date:
    """The last day of work year `year` (31/12 unless the unit's settings say otherwise)."""
    month = unit_settings.work_year_end_month or rules.DEFAULT_WORK_YEAR_END[0]
    day = min(unit_settings.work_year_end_day or 31, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


def deadline(unit_settings: UnitSettings, year: int) -> dt.date:
    """Art. 51.1: the annual conference reviewing work year `year` is held no later than 3
    months after that year ends."""
    end = work_year_end(unit_settings, year)
    month = end.month + rules.DEADLINE_MONTHS_AFTER_WORK_YEAR
    year_after, month = end.year + (month - 1) // 12, (month - 1) % 12 + 1
    return dt.date(year_after, month, min(end.day, calendar.monthrange(year_after, month)[1]))


def staff_of(unit: Unit) -> list[Person]:
    """Everyone working in the unit or its departments, in Vietnamese order."""
    return list(Person.objects.in_units_under(unit).vietnamese_order())


def warnings_for(
    *, unit: Unit, year: int, kind: str, when: dt.datetime, staff: int
) -> list[dict[str, str]]:
    """What the plan should know but may go ahead with (codes are a public API contract)."""
    found = []
    unit_settings = settings_of(unit)
    day = timezone.localdate(when)
    if kind == Kind.ANNUAL:
        start, end = work_year_end(unit_settings, year), deadline(unit_settings, year)
        if not start < day <= end:
            found.append(
                {
                    "code": "outside_deadline",
                    "message": str(
                        _(
                            "Law 10/2022/QH15 art. 51.1: the annual conference is held after "
                            "the work year ends and no later than %(deadline)s."
                        )
                        % {"deadline": end.strftime("%d/%m/%Y")}
                    ),
                }
            )
    if staff <= rules.OPTIONAL_MAX_STAFF:
        found.append(
            {
                "code": "optional_small_unit",
                "message": str(
                    _(
                        "Art. 51.2.đ: with %(max)s staff or fewer the conference is held only "
                        "if needed."
                    )
                    % {"max": rules.OPTIONAL_MAX_STAFF}
                ),
            }
        )
    return found


def default_title(kind: str, year: int) -> str:
    """The title printed on the documents, in Vietnamese (Decree 30/2020)."""
    with override("vi"):
        if kind == Kind.ANNUAL:
            return str(_("Annual conference of staff, year %(year)s") % {"year": year})
        return str(_("Extraordinary conference of staff, year %(year)s") % {"year": year})


@transaction.atomic
def plan_conference(
    *,
    actor: User,
    unit: Unit,
    year: int,
    kind: str,
    scheduled_at: dt.datetime,
    format: str | None = None,
    title: str = "",
    venue: str = "",
    remote_allowed: bool = False,
    request: ExtraordinaryRequest | None = None,
) -> tuple[Conference, list[dict[str, str]]]:
    """Plan a conference: the format follows art. 51.2, the agenda starts from the running
    order of art. 51.4, every staff member is summoned (plenary). Returns it with warnings."""
    if not can_plan(actor, unit):
        raise PermissionDenied
    if unit.kind not in EMPLOYER_KINDS:
        raise Invalid(
            "not_an_employer",
            _("Staff conferences are held by agencies and public service units."),
            field="unit_id",
        )
    if kind not in Kind.values:
        raise Invalid("kind", _("The kind must be annual or extraordinary."), field="kind")
    if request is not None and (
        request.unit_id != unit.pk or request.status != RequestStatus.GRANTED
    ):
        raise Invalid(
            "request_not_granted",
            _("This request has not gathered the support art. 50.1 requires."),
            field="request_id",
        )
    staff = staff_of(unit)
    chosen = format or Format.PLENARY
    if chosen not in (Format.PLENARY, Format.DELEGATE):
        raise Invalid("format", _("The format must be plenary or delegate."), field="format")
    if (
        chosen == Format.DELEGATE
        and len(staff) < rules.DELEGATE_FORMAT_MIN_STAFF
        and not settings_of(unit).dispersed
    ):
        raise Invalid(
            "delegate_below_100",
            _(
                "Law 10/2022/QH15 art. 51.2: a unit with fewer than %(min)s staff meets in "
                "plenary unless its staff are dispersed (mark the unit as dispersed first)."
            )
            % {"min": rules.DELEGATE_FORMAT_MIN_STAFF},
            field="format",
        )
    conference = Conference(
        unit=unit,
        year=year,
        kind=kind,
        format=chosen,
        request=request,
        title=title.strip() or default_title(kind, year),
        scheduled_at=scheduled_at,
        venue=venue,
        remote_allowed=remote_allowed,
        chair=actor.person,
        contents=list(rules.CONTENT_CODES),
        staff_count=len(staff),
        planned_by=actor,
    )
    conference.full_clean()
    conference.save()
    with override("vi"):
        AgendaItem.objects.bulk_create(
            AgendaItem(conference=conference, position=n, step=step, title=str(label))
            for n, (step, label) in enumerate(rules.RUNNING_ORDER, start=1)
        )
    if chosen == Format.PLENARY:
        Participant.objects.bulk_create(
            Participant(conference=conference, person=person, attendance=Attendance.STAFF)
            for person in staff
        )
    warnings = warnings_for(unit=unit, year=year, kind=kind, when=scheduled_at, staff=len(staff))
    audit.record(
        actor=actor,
        action="conferences.planned",
        target=conference,
        unit=unit,
        changes=_plan_changes(conference, warnings),
    )
    emit(kind="conference.planned", unit=unit, on=timezone.localdate(), target=conference)
    return conference, warnings


def _plan_changes(conference: Conference, warnings: list[dict[str, str]]) -> dict[str, Any]:
    return {
        "year": conference.year,
        "kind": conference.kind,
        "format": conference.format,
        "scheduled_at": conference.scheduled_at,
        "staff": conference.staff_count,
        "warnings": [w["code"] for w in warnings],
    }

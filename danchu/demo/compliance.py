"""The demo province's history for the compliance view (THE-CASE.md): every grassroots party
organisation set up its steering committee in 2021 and consolidated it every year since; every
agency held its annual conference in the first months of each of the last three years; each
People's Inspection Board's term is on record; the work plans of the past two years were consulted
on paper and recorded with their minutes (self-reported). One agency falls short: its board's term
ran out at the end of last year and no new board was elected, so the drill-down has a unit to show.

Everything goes through the services, as the app does; conferences held "now" are then moved to
their day, with their facts, and every unit's obligations are refreshed at the end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from danchu.compliance import queries, refresh, services, steering
from danchu.compliance.models import SteeringCommittee, SteeringRole
from danchu.conferences import attendance, planning
from danchu.conferences.models import Conference
from danchu.conferences.rules import BOARD_TERM_YEARS
from danchu.demo.conferences import _move_to
from danchu.facts.services import emit
from danchu.organizations.models import EMPLOYER_KINDS, Body, BodyKind, Unit, UnitKind
from danchu.people.models import Person, Role, RoleAssignment, User

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
SET_UP = dt.date(2021, 3, 1)
CONFERENCE_YEARS = 3  # work years held, the last ending on 31/12 of last year
LAPSED_BOARD_AGENCY = 5  # the agency (in tree order) whose board's term ran out
# A one-page PDF standing in for a scanned paper minute (the upload check reads its bytes).
MINUTE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>"
    b"endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

Progress = Callable[[int], object]


@transaction.atomic  # all of the history or none of it
def seed_compliance(*, progress: Progress | None = None) -> dict[str, int]:
    today = timezone.localdate()
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    assert admin is not None, "the demo has an administrator"
    orgs = list(Unit.objects.filter(kind=UnitKind.PARTY_ORGANIZATION).order_by("path"))
    committees = 0
    for n, org in enumerate(orgs, start=1):
        agencies = list(org.children.filter(kind__in=EMPLOYER_KINDS).order_by("path"))
        with transaction.atomic():
            committees += _committee(admin, org, n, agencies, today)
        for agency in agencies:
            with transaction.atomic():
                _conferences(admin, agency, today)
                _board(agency, lapsed=n == min(LAPSED_BOARD_AGENCY, len(orgs)), today=today)
                _work_plans(admin, agency, today)
        if progress:
            progress(1)
    root = Unit.objects.filter(parent=None, kind=UnitKind.PARTY_COMMITTEE).order_by("path").first()
    if root is not None:
        with transaction.atomic():
            committees += _committee(admin, root, 0, [], today)
    years = list(range(today.year - CONFERENCE_YEARS + 1, today.year + 1))
    refresh.refresh_all(years)  # every unit, with or without facts (the daily run)
    return {"committees": committees, "units": len(orgs)}


def _members(org: Unit, agencies: list[Unit]) -> list[tuple[int, str]]:
    """The committee: the party secretary heads it, with the agency's steering body members (or
    its head and union chair)."""
    secretary = RoleAssignment.objects.filter(unit=org, role=Role.PARTY_SECRETARY).values_list(
        "person_id", flat=True
    )
    body = Body.objects.filter(unit__in=agencies, kind=BodyKind.STEERING_COMMITTEE).first()
    others = list(body.members.values_list("person_id", flat=True)) if body else []
    if not others:
        others = list(
            RoleAssignment.objects.filter(
                unit__in=agencies, role__in=[Role.HEAD, Role.UNION_CHAIR]
            ).values_list("person_id", flat=True)
        )
    people = list(dict.fromkeys([*secretary, *others]))
    if not people:
        first = Person.objects.filter(unit__in=[org, *agencies]).order_by("pk").first()
        people = [first.pk] if first else []
    return [(p, SteeringRole.HEAD if i == 0 else SteeringRole.MEMBER) for i, p in enumerate(people)]


def _committee(admin: User, org: Unit, n: int, agencies: list[Unit], today: dt.date) -> int:
    if SteeringCommittee.objects.filter(unit=org).exists():
        return 0
    members = _members(org, agencies)
    if not members:
        return 0
    committee = steering.establish_committee(
        actor=admin,
        unit=org,
        name="Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở",
        decision_number=f"{n + 10:02d}-QĐ/ĐU",
        signed_on=SET_UP + dt.timedelta(days=n % 20),
        members=members,
        steers=agencies,
    )
    for year in range(SET_UP.year + 1, today.year + 1):
        day = dt.date(year, 2, 10 + n % 15)
        if day > today:
            break
        leaving = [members[-1][0]] if year == today.year and len(members) > 2 else []
        steering.consolidate_committee(
            actor=admin,
            committee=committee,
            decision_number=f"{n + 30:02d}-QĐ/ĐU",
            signed_on=day,
            remove=leaving,
            note="Rà soát, kiện toàn Ban Chỉ đạo năm " + str(year),
        )
    return 1


def _conferences(admin: User, agency: Unit, today: dt.date) -> None:
    """The annual conference of each of the last work years, held in January or February."""
    for work_year in range(today.year - CONFERENCE_YEARS, today.year):
        if Conference.objects.filter(unit=agency, year=work_year, kind="annual").exists():
            continue
        day = dt.datetime(work_year + 1, 1, 12, 8, 0, tzinfo=HANOI) + dt.timedelta(
            days=agency.pk % 40
        )
        conference, _warnings = planning.plan_conference(
            actor=admin,
            unit=agency,
            year=work_year,
            kind="annual",
            scheduled_at=day,
            venue="Hội trường cơ quan",
        )
        everyone = list(conference.participants.values_list("person_id", flat=True))
        present = [p for i, p in enumerate(everyone) if i % 13 != 5]  # a few absent
        attendance.check_in(actor=admin, conference=conference, person_ids=present)
        attendance.open_session(actor=admin, conference=conference)
        attendance.end_session(actor=admin, conference=conference)
        _move_to(conference, day)


def _board(agency: Unit, *, lapsed: bool, today: dt.date) -> None:
    """The board's current term on record (elected at the conference; demo history)."""
    body = Body.objects.filter(unit=agency, kind=BodyKind.INSPECTION_BOARD).first()
    if body is None or body.term_end is None:
        return
    if lapsed:  # the term ended with last year; no new board was elected
        end = dt.date(today.year - 1, 12, 31)
        Body.objects.filter(pk=body.pk).update(term_end=end, term_start=dt.date(end.year - 1, 1, 1))
        body.refresh_from_db()
    previous_start = body.term_start.replace(year=body.term_start.year - BOARD_TERM_YEARS)
    for start, end in (
        (previous_start, body.term_start - dt.timedelta(days=1)),
        (body.term_start, body.term_end),
    ):
        emit(
            kind="inspection_board.term_started",
            unit=agency,
            on=start,
            target=body,
            data={
                "body": body.pk,
                "term_start": start,
                "term_end": end,
                "members": body.members.count(),
                "demo": True,
            },
        )


def _work_plans(admin: User, agency: Unit, today: dt.date) -> None:
    """The work plans of the past two years, consulted on paper: recorded with their minutes."""
    rule = queries.rule_by_code("work_plan_consulted")
    if rule is None:
        return
    for year in (today.year - 2, today.year - 1):
        services.record_offline(
            actor=admin,
            unit=agency,
            rule=rule,
            occurred_on=dt.date(year, 1, 8),
            description=f"Hội nghị lấy ý kiến kế hoạch công tác năm {year} (biên bản giấy).",
            evidence=SimpleUploadedFile(f"bien-ban-{year}.pdf", MINUTE_PDF, "application/pdf"),
        )

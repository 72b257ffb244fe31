"""A small world with data on both sides of a unit boundary, for the cross-app probes
(test_schemathesis.py, test_permission_matrix.py). This module holds no tests.

Two agencies, `own` (the shared world's agency, with a department under it and a supervisor above)
and `other` (an unrelated agency), each with a head, staff and a trade union chair, and in each: a
published disclosure with an attachment and a question, an information request, an open
consultation with a named and a union-channel opinion, and a closed consultation whose synthesis
is published and whose regulation is adopted; a staff import job; notifications. Plus a citizen
(a person in no unit) and an account without a person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from danchu.compliance import services as compliance_services
from danchu.compliance import steering
from danchu.compliance.models import ObligationRule, OfflineRecord, SteeringCommittee
from danchu.conferences import attendance, booth, calls, planning, voting
from danchu.conferences.models import Conference, ExtraordinaryRequest, ResolutionReview, Vote
from danchu.conferences.tests.conftest import HELD_AT, people
from danchu.conferences.tests.records_service_rows import adopted_resolution
from danchu.consultations import adoption, drafts, queries, services
from danchu.consultations.models import Consultation, Decision, Regulation, Topic
from danchu.consultations.tests.conftest import DRAFT
from danchu.disclosures import asking
from danchu.disclosures import services as disclosures
from danchu.disclosures.models import Category, Disclosure, InformationRequest, Question
from danchu.notifications.models import Notification
from danchu.notifications.services import notify
from danchu.organizations.models import Unit, UnitKind
from danchu.organizations.tests.factories import UnitFactory
from danchu.people.models import Role, User
from danchu.people.staff_import.models import ImportJob
from danchu.people.staff_import.services import start_import
from danchu.people.tests.factories import PersonFactory, UserFactory
from danchu.people.tests.test_import_support import row
from danchu.people.tests.world import BASE, World

PDF = b"%PDF-1.4\n% a tiny test file\n"


@dataclass
class Side:
    """What one agency holds, by the name a URL parameter gives it."""

    unit: Unit
    head: User
    staff: User
    union: User
    disclosure: Disclosure
    attachment_id: int
    question: Question
    request: InformationRequest
    consultation: Consultation  # open, with opinions
    opinion_id: int
    closed: Consultation  # synthesised, its regulation adopted
    closed_opinion_id: int  # its opinion, answered
    regulation: Regulation
    job: ImportJob
    conference: Conference  # in session, everyone present, the union counts
    vote: Vote  # secret, open
    token: str  # an unused token of `vote`
    closed_vote: Vote  # open (named), closed: its bulletin is published
    review: ResolutionReview  # of the conference's resolution, adopted by an open vote, due
    conference_request: ExtraordinaryRequest  # a staff request for an extraordinary conference
    party: Unit  # the party unit above the agency (own: the supervisor's; other: its own)
    committee: SteeringCommittee  # the party unit's steering committee
    offline: OfflineRecord  # a conference recorded on paper in the agency


@dataclass
class Populated:
    world: World
    own: Side
    other: Side
    citizen: User  # a person working in no unit
    bare: User  # an account without a person


def populate(world: World, member_of: Callable[..., User]) -> Populated:
    """Fill `world` (the clock must stand at world.BASE): everything above, through the services."""
    other_head = member_of(world.other, Role.HEAD)
    other_union = member_of(world.other, Role.UNION_CHAIR)
    assert world.union_chair is not None
    admin = UserFactory.create(is_superuser=True)
    own = _side(world.agency, world.head, world.staff, world.union_chair, world.upper, admin)
    other_party = UnitFactory.create(name="Đảng bộ Khối khác", kind=UnitKind.PARTY_COMMITTEE)
    other = _side(world.other, other_head, world.outsider, other_union, other_party, admin)
    citizen = UserFactory.create(person=PersonFactory.create(unit=None))
    bare = UserFactory.create(person=None)
    return Populated(world=world, own=own, other=other, citizen=citizen, bare=bare)


def _side(unit: Unit, head: User, staff: User, union: User, party: Unit, admin: User) -> Side:
    disclosure = disclosures.publish_disclosure(
        actor=head,
        unit=unit,
        category=Category.WORK_PLAN,
        title="Kế hoạch công tác năm 2025",
        body="Nội dung kế hoạch.",
        decision_date=BASE.date(),
        attachments=[SimpleUploadedFile("ke-hoach.pdf", PDF, content_type="application/pdf")],
    )
    question = asking.ask_question(actor=staff, disclosure=disclosure, body="Khi nào?")
    request = asking.request_information(
        actor=staff, unit=unit, reason="not_disclosed", subject="Quỹ phúc lợi"
    )
    consultation = _open(unit, head, "Dự thảo quy chế chi tiêu nội bộ", Topic.INTERNAL_SPENDING)
    paragraph = queries.latest_version(consultation).paragraphs.get(number=4)
    opinion = services.give_opinion(
        actor=staff, consultation=consultation, paragraph=paragraph, text="Đề nghị sửa."
    )
    services.give_opinion(actor=staff, consultation=consultation, text="Chung", via_union=True)
    services.record_union_opinion(actor=union, consultation=consultation, text="Nhất trí.")
    closed = _closed(unit, head, staff)
    regulation = adoption.adopt_regulation(
        actor=head, consultation=closed, document_number="15/QĐ", signed_on=BASE.date(),
        effective_from=BASE.date(),
    )  # fmt: skip
    code = f"NEW-{unit.pk}"
    notify(
        recipients=[staff],
        code="disclosures.published",
        params={"title": "Có thông tin mới"},
        url="/",
    )
    job = start_import(actor=head, unit=unit, rows=[row(code, email=f"{code}@example.vn")])
    conference, vote, token, closed_vote, review = _conference(unit, head, staff, union)
    assert staff.person_id is not None
    return Side(
        unit=unit, head=head, staff=staff, union=union, disclosure=disclosure,
        attachment_id=disclosure.attachments.get().pk, question=question, request=request,
        consultation=consultation, opinion_id=opinion.pk, closed=closed,
        closed_opinion_id=closed.opinions.get().pk, regulation=regulation,
        job=job, conference=conference, vote=vote, token=token, closed_vote=closed_vote,
        review=review,
        conference_request=calls.open_request(
            actor=staff, unit=unit, proposer="staff", reason="Bầu bổ sung Ban Thanh tra"
        ),
        party=party,
        committee=steering.establish_committee(
            actor=admin, unit=party, name="Ban Chỉ đạo", decision_number="01-QĐ/ĐU",
            signed_on=BASE.date(), members=[(staff.person_id, "head")],
            steers=[unit] if unit.is_within(party) else [],
        ),
        offline=compliance_services.record_offline(
            actor=head, unit=unit, rule=ObligationRule.objects.get(code="annual_conference"),
            occurred_on=BASE.date(), description="Hội nghị trên giấy",
            evidence=SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf"),
        ),
    )  # fmt: skip


def _conference(unit: Unit, head: User, staff: User, union: User) -> tuple[Any, ...]:
    conference, _warnings = planning.plan_conference(
        actor=head, unit=unit, year=2024, kind="annual", scheduled_at=HELD_AT
    )
    everyone = conference.participants.values_list("person_id", flat=True)
    attendance.check_in(actor=head, conference=conference, person_ids=list(everyone))
    attendance.open_session(actor=head, conference=conference)
    voting.set_counting_board(actor=head, conference=conference, person_ids=people(union))
    named = voting.create_vote(
        actor=head, conference=conference, title="Biểu quyết", kind="motion", secret=False
    )
    voting.open_vote(actor=head, vote=named)
    voting.cast_open_ballot(actor=staff, vote=named, choices=["agree"])
    closed_vote = voting.close_vote(actor=head, vote=named)
    review = adopted_resolution(conference, head, [head, staff, union])
    vote = voting.create_vote(
        actor=head, conference=conference, title="Bỏ phiếu kín", kind="motion", secret=True
    )
    voting.open_vote(actor=head, vote=vote)
    token, *_rest = booth.issue_slips(actor=union, vote=vote)
    return conference, vote, token, closed_vote, review


def _open(unit: Unit, head: User, title: str, topic: str) -> Consultation:
    return services.open_consultation(
        actor=head,
        unit=unit,
        topic=topic,
        title=title,
        draft=drafts.split_paragraphs(DRAFT),
        opens_at=BASE,
        closes_at=BASE + dt.timedelta(days=9),
        union_preview=False,
    )


def _closed(unit: Unit, head: User, staff: User) -> Consultation:
    consultation = _open(unit, head, "Dự thảo quy chế làm việc", Topic.WORK_PLAN)
    opinion = services.give_opinion(actor=staff, consultation=consultation, text="Đồng ý.")
    services.close_consultation(actor=head, consultation=consultation, reason="Đã đủ ý kiến.")
    services.dispose_opinion(
        actor=head, opinion=opinion, decision=Decision.ACCEPTED, explanation=""
    )
    adoption.publish_synthesis(actor=head, consultation=consultation)
    consultation.refresh_from_db()
    return consultation


def notification_of(user: User) -> Notification:
    """One of the user's notifications (each side's staff member has one)."""
    return Notification.objects.filter(recipient=user).order_by("pk").first()  # type: ignore[return-value]

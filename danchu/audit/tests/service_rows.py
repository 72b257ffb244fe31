"""How to call each public service function in a small world: the table read by
`test_every_service_is_audited`. A new service without a row here fails that test.

Each row takes the service function and the world, prepares what the call needs (through the
other services, as the app does), and returns the call itself, so the test can count the audit
entries it appends. A function that writes nothing of record is listed in `NOT_WRITES` with why.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import time_machine

from danchu.anonymity.models import AnonymousAct
from danchu.conferences.tests import board_rows as conference_board_rows
from danchu.conferences.tests import service_rows as conference_rows
from danchu.consultations import adoption as consultation_adoption
from danchu.consultations import drafts
from danchu.consultations import services as consultations
from danchu.consultations import union as consultation_union
from danchu.consultations.models import Consultation, Decision, Modality, Subject, Topic
from danchu.disclosures.models import Category, RequestReason
from danchu.disclosures.tests.factories import publish
from danchu.organizations.models import Unit, UnitKind
from danchu.organizations.tests.factories import UnitFactory
from danchu.people.models import Person, Role, RoleAssignment, StaffCategory, User
from danchu.people.tests.factories import UserFactory

# Staff import's services, looked up by this one name (the package moved once already).
PEOPLE_IMPORT_SERVICES = "danchu.people.staff_import.services"

# Besides each app's `services`: modules that hold write services too.
EXTRA_MODULES: tuple[str, ...] = (
    "danchu.consultations.adoption",
    "danchu.consultations.union",
    "danchu.disclosures.asking",
    PEOPLE_IMPORT_SERVICES,
    *conference_rows.MODULES,
    *conference_board_rows.MODULES,
)


def service_modules() -> list[ModuleType]:
    """`danchu.<app>.services` for every app that has one, and the extra modules."""
    from django.apps import apps

    names = [f"{config.name}.services" for config in apps.get_app_configs()]
    modules = []
    wanted = [n for n in names if n.startswith("danchu.")] + list(EXTRA_MODULES)
    for name in dict.fromkeys(wanted):
        try:
            modules.append(importlib.import_module(name))
        except ModuleNotFoundError as missing:
            if missing.name != name:
                raise
    return modules


@dataclass
class World:
    agency: Unit
    dept: Unit
    head: User
    union: User
    staff: User
    admin: User
    now: dt.datetime


Call = Callable[[], Any]
Row = Callable[[Any, World], Call]


def _draft(*texts: str) -> list[drafts.DraftParagraph]:
    return drafts.split_paragraphs(list(texts or ("Điều 1. Phạm vi", "1. Nội dung thứ nhất.")))


def _consultation(w: World, topic: str = Topic.INTERNAL_RULES) -> Consultation:
    return consultations.open_consultation(
        actor=w.head,
        unit=w.agency,
        topic=topic,
        title="Dự thảo Nội quy cơ quan",
        draft=_draft(),
        opens_at=w.now,
        closes_at=w.now + dt.timedelta(days=9),
        union_preview=False,
    )


def _previewing(w: World) -> Consultation:
    return consultations.open_consultation(
        actor=w.head,
        unit=w.agency,
        topic=Topic.INTERNAL_RULES,
        title="Dự thảo Nội quy cơ quan",
        draft=_draft(),
        opens_at=w.now,
        closes_at=w.now + dt.timedelta(days=9),
    )


def _previewed(w: World) -> Consultation:
    consultation = _previewing(w)
    consultation_union.finish_preview(actor=w.union, consultation=consultation)
    return consultation


def _union_answered(fn: Any, w: World) -> Call:
    consultation = _consultation(w)
    row = consultations.record_union_opinion(actor=w.union, consultation=consultation, text="Ý")
    consultations.close_consultation(actor=w.head, consultation=consultation, reason="Đủ")
    return lambda: fn(actor=w.head, union_opinion=row, decision=Decision.ACCEPTED, explanation="")


def _paragraph(consultation: Consultation) -> Any:
    return consultation.versions.latest("number").paragraphs.get(number=2)


def _closed_and_answered(w: World) -> Consultation:
    consultation = _consultation(w)
    opinion = consultations.give_opinion(actor=w.staff, consultation=consultation, text="Góp ý")
    consultations.close_consultation(actor=w.head, consultation=consultation, reason="Đủ ý kiến")
    consultations.dispose_opinion(
        actor=w.head, opinion=opinion, decision=Decision.ACCEPTED, explanation=""
    )
    return consultation


def _adopted(w: World) -> Any:
    consultation = _closed_and_answered(w)
    consultation_adoption.publish_synthesis(actor=w.head, consultation=consultation)
    return consultation_adoption.adopt_regulation(
        actor=w.head,
        consultation=consultation,
        document_number="01/QĐ-SNV",
        signed_on=w.now.date(),
        effective_from=w.now.date(),
    )


def _linked(fn: Any, w: World) -> Call:
    consultation = _consultation(w)
    opinion = consultations.give_opinion(actor=w.staff, consultation=consultation, text="Sửa")
    consultations.publish_version(
        actor=w.head, consultation=consultation, draft=_draft("Điều 1. Phạm vi", "1. Sửa.")
    )
    paragraph = _paragraph(consultation)
    return lambda: fn(actor=w.head, paragraph=paragraph, opinion_ids=[opinion.pk])


def _disposed(fn: Any, w: World) -> Call:
    consultation = _consultation(w)
    opinion = consultations.give_opinion(actor=w.staff, consultation=consultation, text="Góp ý")
    consultations.close_consultation(actor=w.head, consultation=consultation, reason="Đủ ý kiến")
    return lambda: fn(actor=w.head, opinion=opinion, decision=Decision.ACCEPTED, explanation="")


def _synthesis(fn: Any, w: World) -> Call:
    consultation = _closed_and_answered(w)
    return lambda: fn(actor=w.head, consultation=consultation)


def _adopt(fn: Any, w: World) -> Call:
    consultation = _closed_and_answered(w)
    consultation_adoption.publish_synthesis(actor=w.head, consultation=consultation)
    return lambda: fn(
        actor=w.head,
        consultation=consultation,
        document_number="01/QĐ-SNV",
        signed_on=w.now.date(),
        effective_from=w.now.date(),
    )


def _tag(fn: Any, w: World) -> Call:
    regulation = _adopted(w)
    paragraph = regulation.version.paragraphs.get(number=2)
    return lambda: fn(
        actor=w.head,
        regulation=regulation,
        paragraph=paragraph,
        modality=Modality.MUST,
        subject=Subject.STAFF,
    )


def _anonymous_act_of_yesterday(w: World) -> Any:
    yesterday = w.now - dt.timedelta(days=1)
    with time_machine.travel(yesterday, tick=False):
        consultation = consultations.open_consultation(
            actor=w.head,
            unit=w.agency,
            topic=Topic.INTERNAL_RULES,
            title="Dự thảo Nội quy cơ quan",
            draft=_draft(),
            opens_at=yesterday,
            closes_at=w.now + dt.timedelta(days=9),
            union_preview=False,
        )
        opinion = consultations.give_opinion(
            actor=w.staff, consultation=consultation, text="Góp ý kín", via_union=True
        )
    return AnonymousAct.objects.get(target_id=str(opinion.pk))


def _item(w: World) -> Any:
    return publish(w.agency, w.head)


def _withdrawn(fn: Any, w: World) -> Call:
    item = _item(w)

    def call() -> Any:
        with time_machine.travel(w.now + dt.timedelta(days=40), tick=False):  # art. 48: 20 days
            return fn(actor=w.head, disclosure=item, reason="Hết thời hạn công khai")

    return call


def _question(w: World) -> Any:
    from danchu.disclosures import asking

    return asking.ask_question(actor=w.staff, disclosure=_item(w), body="Hỏi gì?")


def _information_request(w: World) -> Any:
    from danchu.disclosures import asking

    return asking.request_information(
        actor=w.staff, unit=w.agency, reason=RequestReason.NOT_DISCLOSED, subject="Quỹ phúc lợi"
    )


def _import_row() -> dict[str, Any]:
    return {
        "_row": 2,  # the spreadsheet row (staff_import.columns.ROW_KEY)
        "staff_code": "SNV-0100",
        "surname": "Trần",
        "middle_name": "Thị",
        "given_name": "Hoa",
        "birth_date": "02/09/1990",
        "email": "tran.thi.hoa@example.vn",
        "phone": "0912 345 678",
        "position": "Chuyên viên",
        "category": "công chức",
        "department": "",
    }


def _person(w: World) -> Person:
    return Person.objects.create(unit=w.dept, surname="Lê", given_name="Na")


ROWS: dict[str, Row] = {
    # audit
    "danchu.audit.services.record": lambda fn, w: lambda: fn(actor=w.head, action="test.noted"),
    # consultations
    "danchu.consultations.services.open_consultation": lambda fn, w: (
        lambda: fn(
            actor=w.head,
            unit=w.agency,
            topic=Topic.WORK_PLAN,
            title="Kế hoạch công tác",
            draft=_draft(),
            opens_at=w.now,
            closes_at=w.now + dt.timedelta(days=9),
        )
    ),
    "danchu.consultations.services.publish_version": lambda fn, w: (
        lambda c: lambda: fn(actor=w.head, consultation=c, draft=_draft("Điều 1. Mới"))
    )(_consultation(w)),
    "danchu.consultations.services.link_answers": _linked,
    "danchu.consultations.services.give_opinion": lambda fn, w: (
        lambda c: lambda: fn(actor=w.staff, consultation=c, text="Đề nghị bổ sung")
    )(_consultation(w)),
    "danchu.consultations.services.set_stance": lambda fn, w: (
        lambda p: lambda: fn(actor=w.staff, paragraph=p, stance="agree")
    )(_paragraph(_consultation(w))),
    "danchu.consultations.services.record_union_opinion": lambda fn, w: (
        lambda c: lambda: fn(actor=w.union, consultation=c, text="Nhất trí")
    )(_consultation(w)),
    "danchu.consultations.services.close_consultation": lambda fn, w: (
        lambda c: lambda: fn(actor=w.head, consultation=c, reason="Đủ ý kiến")
    )(_consultation(w)),
    "danchu.consultations.services.dispose_opinion": _disposed,
    "danchu.consultations.union.finish_preview": lambda fn, w: (
        lambda c: lambda: fn(actor=w.union, consultation=c)
    )(_previewing(w)),
    "danchu.consultations.union.open_to_staff": lambda fn, w: (
        lambda c: lambda: fn(actor=w.head, consultation=c)
    )(_previewed(w)),
    "danchu.consultations.union.dispose_union_opinion": _union_answered,
    "danchu.consultations.adoption.publish_synthesis": _synthesis,
    "danchu.consultations.adoption.adopt_regulation": _adopt,
    "danchu.consultations.adoption.tag_provision": _tag,
    # disclosures
    "danchu.disclosures.services.publish_disclosure": lambda fn, w: (
        lambda: fn(
            actor=w.head,
            unit=w.agency,
            category=Category.WORK_PLAN,
            title="Kế hoạch công tác năm",
            body="Nội dung",
            decision_date=w.now.date(),
            document_number="01/KH-SNV",
        )
    ),
    "danchu.disclosures.services.supersede_disclosure": lambda fn, w: (
        lambda item: (
            lambda: fn(
                actor=w.head, previous=item, category=item.category, title=item.title, body="2"
            )
        )
    )(_item(w)),
    "danchu.disclosures.services.withdraw_disclosure": _withdrawn,
    "danchu.disclosures.services.acknowledge": lambda fn, w: (
        lambda item: lambda: fn(actor=w.staff, disclosure=item)
    )(_item(w)),
    "danchu.disclosures.asking.ask_question": lambda fn, w: (
        lambda item: lambda: fn(actor=w.staff, disclosure=item, body="Hỏi gì?")
    )(_item(w)),
    "danchu.disclosures.asking.answer_question": lambda fn, w: (
        lambda q: lambda: fn(actor=w.head, question=q, answer="Trả lời")
    )(_question(w)),
    "danchu.disclosures.asking.request_information": lambda fn, w: (
        lambda: fn(
            actor=w.staff, unit=w.agency, reason=RequestReason.NOT_DISCLOSED, subject="Quỹ phúc lợi"
        )
    ),
    "danchu.disclosures.asking.answer_information_request": lambda fn, w: (
        lambda r: lambda: fn(actor=w.head, request=r, answer="Đã cung cấp")
    )(_information_request(w)),
    "danchu.disclosures.services.remind_unacknowledged": lambda fn, w: (
        lambda item: lambda: fn(actor=w.head, disclosure=item)
    )(_item(w)),
    # people
    "danchu.people.services.create_unit": lambda fn, w: (
        lambda: fn(actor=w.head, parent=w.agency, name="Phòng Kế hoạch", kind=UnitKind.DEPARTMENT)
    ),
    "danchu.people.services.create_person": lambda fn, w: (
        lambda: fn(
            actor=w.head,
            unit=w.agency,
            surname="Lê",
            given_name="Na",
            category=StaffCategory.CONG_CHUC,
        )
    ),
    "danchu.people.services.update_person": lambda fn, w: (
        lambda p: lambda: fn(actor=w.head, person=p, position="Trưởng phòng")
    )(_person(w)),
    "danchu.people.services.assign_role": lambda fn, w: (
        lambda p: lambda: fn(actor=w.admin, person=p, unit=w.dept, role=Role.DEPUTY_HEAD)
    )(_person(w)),
    "danchu.people.services.end_role": lambda fn, w: (
        lambda a: lambda: fn(actor=w.admin, assignment=a)
    )(RoleAssignment.objects.get(person__user=w.staff)),
    # anonymity: a union-channel opinion of yesterday, sealed today
    "danchu.anonymity.services.seal_day": lambda fn, w: (
        lambda act: lambda: fn(chain=act.chain, day=act.day)
    )(_anonymous_act_of_yesterday(w)),
    "danchu.anonymity.services.seal_past_days": lambda fn, w: (lambda _act: lambda: fn())(
        _anonymous_act_of_yesterday(w)
    ),
    "danchu.people.services.record_login_lockout": lambda fn, w: (
        lambda: fn(
            username=w.staff.username,
            address="203.0.113.7",
            until=dt.datetime(2025, 3, 5, 2, 15, tzinfo=dt.UTC),
        )
    ),
    # people: staff import (PEOPLE_IMPORT_SERVICES)
    f"{PEOPLE_IMPORT_SERVICES}.start_import": lambda fn, w: (
        lambda: fn(actor=w.head, unit=w.agency, rows=[_import_row()])
    ),
    f"{PEOPLE_IMPORT_SERVICES}.import_now": lambda fn, w: (
        lambda: fn(actor=w.head, unit=w.agency, rows=[_import_row()], on_progress=None)
    ),
}

# Public functions of a services module that write nothing of record, and why.
NOT_WRITES: dict[str, str] = {
    "danchu.anonymity.services.record_anonymous": (
        "an anonymous act: audited in its day's sealed batch (seal_day), never at once"
    ),
    "danchu.anonymity.services.sealable_before": "computes a date; writes nothing",
    "danchu.consultations.services.union_timestamp": "computes a time; writes nothing",
    "danchu.consultations.adoption.problems_before_synthesis": "a read for the page",
    "danchu.consultations.adoption.check_adoption": "the check page's dry run; writes nothing",
    "danchu.consultations.services.check_close": "the check page's dry run; writes nothing",
    "danchu.consultations.services.checked_answer": "the rules an answer meets; writes nothing",
    "danchu.disclosures.services.check_publication": "the check page's dry run; writes nothing",
    "danchu.disclosures.services.due_date": "computes a date; writes nothing",
    "danchu.facts.services.emit": "a step inside an audited service's transaction",
    "danchu.facts.services.facts_for": "a read",
    "danchu.notifications.services.notify": (
        "notices are messages about an audited act, not a change of record"
    ),
    "danchu.notifications.services.mark_read": "a reader's own read marks, not a change of record",
    "danchu.notifications.services.mark_read_about": (
        "read marks following an audited act (acknowledgement, correction, withdrawal)"
    ),
    "danchu.notifications.services.set_digest_preference": (
        "a person's own e-mail preference, not a change of record"
    ),
}


def make_world(member_of: Callable[..., User], now: dt.datetime) -> World:
    upper = UnitFactory.create(name="Ủy ban nhân dân tỉnh", kind=UnitKind.STATE_AGENCY)
    agency = UnitFactory.create(name="Sở Nội vụ", parent=upper, code="so-noi-vu")
    dept = UnitFactory.create(name="Phòng Tổ chức", kind=UnitKind.DEPARTMENT, parent=agency)
    return World(
        agency=agency,
        dept=dept,
        head=member_of(agency, Role.HEAD),
        union=member_of(agency, Role.UNION_CHAIR),
        staff=member_of(agency, Role.STAFF),
        admin=UserFactory.create(is_superuser=True),
        now=now,
    )


ROWS |= conference_rows.ROWS
NOT_WRITES |= conference_rows.NOT_WRITES
ROWS |= conference_board_rows.ROWS
NOT_WRITES |= conference_board_rows.NOT_WRITES

# Issue 13, the conference's records (minutes, resolution, reviews): their own rows.
from danchu.conferences.tests import records_service_rows as records_rows  # noqa: E402

EXTRA_MODULES = (*EXTRA_MODULES, *records_rows.MODULES)
ROWS |= records_rows.ROWS
NOT_WRITES |= records_rows.NOT_WRITES

# Issue 14, steering and compliance: their own rows.
from danchu.compliance.tests import service_rows as compliance_rows  # noqa: E402

EXTRA_MODULES = (*EXTRA_MODULES, *compliance_rows.MODULES)
ROWS |= compliance_rows.ROWS
NOT_WRITES |= compliance_rows.NOT_WRITES

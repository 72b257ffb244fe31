"""Compliance's rows of the audit test's table (danchu/audit/tests/service_rows.py): how to call
each write service of steering and compliance in the audit test's small world."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from danchu.compliance import steering
from danchu.compliance.models import ObligationRule, SteeringCommittee
from danchu.organizations.models import UnitKind
from danchu.organizations.tests.factories import UnitFactory

MODULES = ("danchu.compliance.steering",)
PDF = b"%PDF-1.4\n% scanned minutes\n"


def committee(w: Any) -> SteeringCommittee:
    org = UnitFactory.create(name="Đảng bộ Sở Nội vụ", kind=UnitKind.PARTY_ORGANIZATION)
    return steering.establish_committee(
        actor=w.admin,
        unit=org,
        name="Ban Chỉ đạo",
        decision_number="01-QĐ/ĐU",
        signed_on=w.now.date() - dt.timedelta(days=30),
        members=[(w.staff.person_id, "head")],
    )


ROWS: dict[str, Any] = {
    "danchu.compliance.steering.establish_committee": lambda fn, w: (
        lambda org: (
            lambda: fn(
                actor=w.admin,
                unit=org,
                name="Ban Chỉ đạo",
                decision_number="01-QĐ/ĐU",
                signed_on=w.now.date() - dt.timedelta(days=1),
                members=[(w.staff.person_id, "head")],
            )
        )
    )(UnitFactory.create(name="Đảng bộ Sở", kind=UnitKind.PARTY_ORGANIZATION)),
    "danchu.compliance.steering.consolidate_committee": lambda fn, w: (
        lambda c: (
            lambda: fn(
                actor=w.admin,
                committee=c,
                decision_number="02-QĐ/ĐU",
                signed_on=w.now.date() - dt.timedelta(days=1),
                add=[(w.head.person_id, "member")],
            )
        )
    )(committee(w)),
    "danchu.compliance.steering.dissolve_committee": lambda fn, w: (
        lambda c: lambda: fn(actor=w.admin, committee=c, reason="Sáp nhập")
    )(committee(w)),
    "danchu.compliance.services.record_offline": lambda fn, w: (
        lambda: fn(
            actor=w.head,
            unit=w.agency,
            rule=ObligationRule.objects.get(code="annual_conference"),
            occurred_on=w.now.date() - dt.timedelta(days=3),
            description="Hội nghị trên giấy",
            evidence=SimpleUploadedFile("bien-ban.pdf", PDF, "application/pdf"),
        )
    ),
    "danchu.compliance.services.save_focus": lambda fn, w: (
        lambda: fn(actor=w.head, unit=w.agency, year=w.now.year, focus="Tiếp tục kiện toàn.")
    ),
    "danchu.compliance.services.set_scheme": lambda fn, w: (
        lambda: fn(
            actor=w.admin,
            unit=w.agency,
            name="Thang điểm tỉnh",
            year_from=w.now.year,
            points={"annual_conference": 20},
        )
    ),
    "danchu.people.services.move_unit": lambda fn, w: (
        lambda: fn(actor=w.admin, unit=w.dept, parent=UnitFactory.create(name="Sở Tài chính"))
    ),
}
NOT_WRITES: dict[str, str] = {
    "danchu.facts.services.subscribe": "registers a callback at start-up; writes nothing",
}

"""Steering committees (Directive 30-CT/TW; LEGAL-CATALOGUE §10): set up by a decision, each
change of members recorded under its decision, dissolved with a reason; through the services and
the API contract of issue 14, with the facts that mark the duties."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from danchu.audit.models import Entry
from danchu.compliance import queries, steering
from danchu.compliance.errors import Invalid, Refused
from danchu.compliance.models import SteeringCommittee, UnitResult
from danchu.compliance.tests.conftest import api
from danchu.facts.models import Fact

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 2, 10)


def set_up(province, actor=None, **fields):
    values = {
        "actor": actor or province.secretary,
        "unit": province.org,
        "name": "Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở",
        "decision_number": "15-QĐ/ĐU",
        "signed_on": DAY,
        "members": [(province.secretary.person_id, "head"), (province.head.person_id, "member")],
        "steers": [province.agency],
    } | fields
    return steering.establish_committee(**values)


def test_setting_up_records_the_decision_members_and_fact(province):
    committee = set_up(province)
    detail = queries.committee_detail(committee)
    assert {m.person_id for m in detail["current"]} == {
        province.secretary.person_id,
        province.head.person_id,
    }
    assert [d.number for d in detail["decisions"]] == ["15-QĐ/ĐU"]
    assert Fact.objects.filter(
        kind="steering_committee.established", unit_id=province.org.pk
    ).exists()
    assert Entry.objects.filter(action="compliance.steering_established").exists()
    result = UnitResult.objects.get(
        unit=province.org, code="steering_committee", year=province.year
    )
    assert result.standing == "met"


def test_each_change_of_members_names_its_decision(province):
    committee = set_up(province)
    steering.consolidate_committee(
        actor=province.secretary,
        committee=committee,
        decision_number="20-QĐ/ĐU",
        signed_on=DAY + dt.timedelta(days=30),
        add=[(province.other_head.person_id, "deputy")],
        remove=[province.head.person_id],
    )
    detail = queries.committee_detail(committee)
    assert {m.person_id for m in detail["current"]} == {
        province.secretary.person_id,
        province.other_head.person_id,
    }
    (former,) = detail["former"]
    assert former.removed_by.number == "20-QĐ/ĐU"
    assert former.until == DAY + dt.timedelta(days=30)


def test_a_second_committee_and_bad_decisions_are_refused(province):
    committee = set_up(province)
    with pytest.raises(Refused):
        set_up(province)
    with pytest.raises(Invalid):
        steering.consolidate_committee(
            actor=province.secretary,
            committee=committee,
            decision_number="1",
            signed_on=DAY - dt.timedelta(days=1),
        )
    with pytest.raises(Invalid):
        steering.consolidate_committee(
            actor=province.secretary,
            committee=committee,
            decision_number="1",
            signed_on=DAY,
            remove=[province.other_head.person_id],
        )
    with pytest.raises(Invalid):
        set_up(
            province,
            unit=province.other_org,
            actor=province.supervisor,
            signed_on=dt.date.today() + dt.timedelta(days=1),
        )


def test_only_the_secretary_or_a_supervisor_above_may_steer(province):
    with pytest.raises(PermissionDenied):
        set_up(province, actor=province.head)
    with pytest.raises(PermissionDenied):
        set_up(province, unit=province.other_org, steers=[])  # another organisation's secretary
    assert set_up(province, unit=province.other_org, actor=province.supervisor, steers=[]).pk


def test_dissolving_ends_every_seat_and_the_duty_falls_short(province):
    committee = set_up(province)
    steering.dissolve_committee(
        actor=province.secretary,
        committee=committee,
        reason="Sáp nhập đơn vị",
        signed_on=DAY + dt.timedelta(days=60),
    )
    committee.refresh_from_db()
    assert committee.dissolution_reason == "Sáp nhập đơn vị"
    assert not committee.members.filter(until=None).exists()
    result = UnitResult.objects.get(
        unit=province.org, code="steering_committee", year=province.year
    )
    assert result.standing == "missed"
    with pytest.raises(Refused):
        steering.dissolve_committee(actor=province.secretary, committee=committee, reason="x")
    with pytest.raises(Invalid):
        steering.dissolve_committee(
            actor=province.secretary, committee=set_up(province), reason="  "
        )


def test_the_api_contract(province):
    client = api(province.secretary)
    created = client.post(
        "/api/v1/steering-committees",
        {
            "unit_id": province.org.pk,
            "name": "Ban Chỉ đạo",
            "decision_number": "15-QĐ/ĐU",
            "signed_on": DAY.isoformat(),
            "steers": [province.agency.pk],
            "members": [{"person_id": province.secretary.person_id, "role": "head"}],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    changed = client.post(
        f"/api/v1/steering-committees/{pk}/members",
        {
            "decision_number": "20-QĐ/ĐU",
            "signed_on": DAY.isoformat(),
            "add": [{"person_id": province.head.person_id, "role": "member"}],
        },
        content_type="application/json",
    )
    assert changed.status_code == 200
    assert len(changed.json()["members"]) == 2
    dissolved = client.post(
        f"/api/v1/steering-committees/{pk}/dissolve",
        {"reason": "Giải thể"},
        content_type="application/json",
    )
    assert dissolved.status_code == 200
    assert dissolved.json()["dissolved_on"] == dt.date.today().isoformat()
    again = client.post(
        f"/api/v1/steering-committees/{pk}/dissolve",
        {"reason": "x"},
        content_type="application/json",
    )
    assert again.status_code == 409
    assert api(province.other_head).get(f"/api/v1/steering-committees/{pk}").status_code == 404
    assert SteeringCommittee.objects.count() == 1

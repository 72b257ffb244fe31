"""The compliance pages: the dashboard and its drill-down, the obligations list, the annual
review with its focus, paper records, and the steering committee's life (set up, consolidate,
dissolve through its check page). List pages issue a bounded number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danchu.compliance import refresh
from danchu.compliance.models import AnnualReview, OfflineRecord, SteeringCommittee
from danchu.facts.services import emit
from danchu.organizations.models import UnitKind
from danchu.organizations.tests.factories import UnitFactory
from danchu.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def queries_of(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), response.content.decode()


def more_organisations(province, n):
    for i in range(n):
        org = UnitFactory.create(
            name=f"Đảng bộ Sở {i}", kind=UnitKind.PARTY_ORGANIZATION, parent=province.root
        )
        agency = UnitFactory.create(name=f"Sở {i}", parent=org)
        PersonFactory.create_batch(9, unit=agency)
        emit(
            kind="conference.held",
            unit=agency,
            on=dt.date(province.year, 1, 20),
            data={"year": province.year - 1, "kind": "annual"},
        )
    refresh.refresh_all([province.year])


def test_the_dashboard_reads_a_constant_number_of_queries(province, client_as):
    client = client_as(province.supervisor)
    url = reverse("compliance_unit", args=[province.root.pk]) + f"?year={province.year}"
    client.get(url)  # warm the session and the cached reads
    few, page = queries_of(client, url)
    more_organisations(province, 4)
    client.get(url)  # the unit tree changed: its cached reads are read again once
    many, page = queries_of(client, url)
    assert many == few, (few, many)
    assert "Sở 3" in page  # the ranking lists the children
    assert 'role="img"' in page  # the chart
    assert "<caption" in page  # and its table


def test_the_drill_down_reaches_a_unit_and_says_why_it_falls_short(province, client_as):
    client = client_as(province.supervisor)
    root = client.get(reverse("compliance_unit", args=[province.root.pk])).content.decode()
    # No steering committee in either organisation: both fall short, and say on what.
    assert reverse("compliance_unit", args=[province.org.pk]) in root
    assert "Có Ban Chỉ đạo thực hiện dân chủ ở cơ sở" in root
    agency = client.get(reverse("compliance_unit", args=[province.agency.pk])).content.decode()
    assert "Sở Tài chính" in agency
    assert (
        client_as(province.head)
        .get(reverse("compliance_unit", args=[province.other.pk]))
        .status_code
        == 404
    )


def test_the_obligations_list_is_bounded_and_filtered(province, client_as):
    client = client_as(province.supervisor)
    url = reverse("compliance_obligations", args=[province.root.pk]) + f"?year={province.year}"
    client.get(url)
    few, _page = queries_of(client, url)
    more_organisations(province, 3)
    client.get(url)
    many, page = queries_of(client, url + "&status=met")
    assert many <= few + 1, (few, many)
    assert "conference.held" in page


def test_the_review_states_the_figures_and_keeps_the_focus(province, client_as):
    client = client_as(province.supervisor)
    url = reverse("compliance_report", args=[province.root.pk]) + f"?year={province.year}"
    page = client.get(url).content.decode()
    assert "2 tổ chức cơ sở đảng" in page
    response = client.post(url, {"focus": "Kiện toàn Ban Chỉ đạo ở hai đảng bộ."})
    assert response.status_code == 302
    assert AnnualReview.objects.get(unit=province.root).focus.startswith("Kiện toàn")
    assert "Kiện toàn Ban Chỉ đạo ở hai đảng bộ." in client.get(url).content.decode()


def test_a_paper_record_counts_as_self_reported(province, client_as):
    client = client_as(province.head)
    url = reverse("compliance_offline_new", args=[province.agency.pk])
    refused = client.post(
        url,
        {
            "rule": "annual_conference",
            "occurred_on": "01/02/2026",
            "description": "Hội nghị",
            "evidence": SimpleUploadedFile("x.exe", b"MZ"),
        },
    )
    assert refused.status_code == 200
    assert (
        "không phải là tệp được chấp nhận" in refused.content.decode()
        or "tệp" in refused.content.decode()
    )
    assert not OfflineRecord.objects.exists()
    pdf = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n%x\n", "application/pdf")
    day = dt.date(province.year, 2, 1).strftime("%d/%m/%Y")
    done = client.post(
        url,
        {
            "rule": "annual_conference",
            "occurred_on": day,
            "description": "Hội nghị trên giấy",
            "evidence": pdf,
        },
    )
    assert done.status_code == 302
    record = OfflineRecord.objects.get()
    assert client.get(reverse("compliance_offline_evidence", args=[record.pk])).status_code == 200


def test_a_committee_set_up_consolidated_and_dissolved_through_the_pages(province, client_as):
    client = client_as(province.secretary)
    new = reverse("committee_new") + f"?unit={province.org.pk}"
    assert client.get(new).status_code == 200
    response = client.post(
        new,
        {
            "name": "Ban Chỉ đạo",
            "decision_number": "15-QĐ/ĐU",
            "signed_on": "10/02/2026",
            "head": str(province.secretary.person_id),
            "members": [str(province.secretary.person_id), str(province.head.person_id)],
            "steers": [str(province.agency.pk)],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    committee = SteeringCommittee.objects.get()
    detail = reverse("committee_detail", args=[committee.pk])
    client.post(
        detail,
        {
            "decision_number": "20-QĐ/ĐU",
            "signed_on": "20/02/2026",
            "role": "member",
            "remove": [str(province.head.person_id)],
        },
    )
    assert committee.members.filter(until=None).count() == 1
    dissolve = reverse("committee_dissolve", args=[committee.pk])
    check = client.post(dissolve, {"reason": "Sáp nhập", "signed_on": "01/03/2026"})
    assert (
        "Không thể hoàn tác" in check.content.decode()
        or "cannot" in check.content.decode().lower()
        or check.status_code == 200
    )
    committee.refresh_from_db()
    assert committee.dissolved_on is None  # the check page changes nothing
    token = check.context["token"]
    done = client.post(dissolve, {"confirm": token})
    assert done.status_code == 302
    committee.refresh_from_db()
    assert committee.dissolution_reason == "Sáp nhập"
    listing = client.get(reverse("committee_list")).content.decode()
    assert "01/03/2026" in listing

"""A unit's own settings: what its regulation and records office decide (`UnitSettings`)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from danchu.audit.models import Entry
from danchu.organizations.models import GENERIC_HEAD_TITLE, UnitKind, UnitSettings
from danchu.organizations.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("Sở Nội vụ", "Giám đốc"),
        ("Trung tâm Công nghệ thông tin", "Giám đốc"),
        ("Bệnh viện Đa khoa tỉnh", "Giám đốc"),
        ("Trường Trung học phổ thông Chuyên", "Hiệu trưởng"),
        ("Chi cục Kiểm lâm", "Chi cục trưởng"),
        ("Cục Thống kê", "Cục trưởng"),
        ("Văn phòng Sở", "Chánh Văn phòng"),
        ("Phòng Tổ chức", "Trưởng phòng"),
        ("Ban Quản lý dự án", "Trưởng ban"),
        ("Đài Phát thanh", GENERIC_HEAD_TITLE),
    ],
)
def test_decree_30_the_heads_title_is_read_from_the_units_name(name, title):
    assert UnitFactory(name=name).head_title == title


def test_decree_30_a_recorded_title_and_code_win(db):
    unit = UnitFactory(name="Sở Nội vụ")
    assert (unit.head_title, unit.document_code) == ("Giám đốc", "SNV")
    UnitSettings.objects.create(unit=unit, head_title="Q. Giám đốc", document_code="SNV-TCCB")
    unit.refresh_from_db()
    assert (unit.head_title, unit.document_code) == ("Q. Giám đốc", "SNV-TCCB")


def test_decree_30_governing_body_the_state_parent_or_the_recorded_one():
    """Decree 30/2020, Appendix I: "cơ quan chủ quản" above the issuing body. A party
    organisation leading the unit is not it: the unit's settings name it instead."""
    province = UnitFactory(name="Ủy ban nhân dân tỉnh")
    assert UnitFactory(name="Sở Y tế", parent=province).governing_body == "Ủy ban nhân dân tỉnh"
    party = UnitFactory(name="Đảng bộ Sở Tư pháp", kind=UnitKind.PARTY_ORGANIZATION)
    agency = UnitFactory(name="Sở Tư pháp", parent=party)
    assert agency.governing_body == ""
    UnitSettings.objects.create(unit=agency, governing_body="Ủy ban nhân dân tỉnh Bắc Giang")
    agency.refresh_from_db()
    assert agency.governing_body == "Ủy ban nhân dân tỉnh Bắc Giang"


def test_admin_edits_of_the_settings_are_audited(client):
    """Law 10/2022/QH15 art. 48.5: the reply period is the unit's regulation's; who changed it,
    and to what, is in the audit log."""
    unit = UnitFactory(name="Sở Nội vụ")
    admin = get_user_model().objects.create_superuser("settings-admin", password="x-9-long-pw")
    client.force_login(admin)
    response = client.post(
        reverse("admin:organizations_unitsettings_add"),
        {
            "unit": unit.pk,
            "information_reply_working_days": "7",
            "regulation": "Quy chế dân chủ ban hành kèm Quyết định số 12/QĐ-SNV",
            "head_title": "",
            "document_code": "",
            "governing_body": "Ủy ban nhân dân tỉnh Bắc Giang",
            # The conference's settings (issue 13), at their defaults.
            "work_year_end_month": "12",
            "work_year_end_day": "31",
            "written_ballot_base": "all_staff",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = Entry.objects.get(action="organizations.unit_settings_changed")
    assert (entry.actor_id, entry.unit_id) == (admin.pk, unit.pk)
    assert entry.changes["information_reply_working_days"] == 7
    assert entry.changes["governing_body"] == "Ủy ban nhân dân tỉnh Bắc Giang"

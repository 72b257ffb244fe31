"""The printable notice (Decree 30/2020 "THÔNG BÁO") for the office notice board."""

import datetime as dt
import importlib
import zoneinfo

import pytest
import time_machine
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danchu.disclosures import services
from danchu.disclosures.models import Disclosure, NoticeNumber, NoticeSeries
from danchu.disclosures.notice import date_line, notice_facts
from danchu.organizations.models import UnitKind, UnitSettings
from danchu.organizations.tests.factories import UnitFactory
from danchu.people.signers import signer_for

pytestmark = pytest.mark.django_db

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
MORNING = dt.datetime(2025, 3, 4, 9, 0, tzinfo=VN)
SITE = "https://danchu.example.vn"


@pytest.fixture(autouse=True)
def _setup(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.DANCHU_SITE_URL = SITE
    with time_machine.travel(MORNING, tick=False):
        yield


@pytest.fixture
def hospital():
    health = UnitFactory(kind=UnitKind.STATE_AGENCY, name="Sở Y tế tỉnh Bắc Giang")
    return UnitFactory(
        kind=UnitKind.PUBLIC_SERVICE_UNIT, parent=health, name="Bệnh viện Đa khoa tỉnh"
    )


@pytest.fixture
def head(hospital, member_of):
    return member_of(hospital, "head")


def publish(head, unit, **fields):
    values = {
        "category": "work_plan",
        "title": "Kế hoạch công tác năm 2025",
        "body": "Bệnh viện công khai **kế hoạch** công tác.\n\nNội dung chi tiết kèm theo.",
        "document_number": "05/KH-BV",
        "decision_date": MORNING.date(),
    }
    return services.publish_disclosure(actor=head, unit=unit, **{**values, **fields})


def notice_page(client, item):
    response = client.get(reverse("disclosure_notice", args=[item.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_notice_is_laid_out_as_a_decree_30_thong_bao(hospital, head, client_as):
    item = publish(head, hospital)
    page = notice_page(client_as(head), item)
    for text in (
        "SỞ Y TẾ TỈNH BẮC GIANG",
        "BỆNH VIỆN ĐA KHOA TỈNH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 01/TB-BVD",  # Decree 30/2020: the notice's own number and type code
        "Văn bản được công khai: số 05/KH-BV ngày 04/03/2025.",
        "GIÁM ĐỐC",  # the signer's real title (a hospital's head), not a generic one
        "Bắc Giang, ngày 04 tháng 3 năm 2025",
        "THÔNG BÁO",
        "Về việc công khai Kế hoạch công tác năm 2025",
        "<strong>kế hoạch</strong>",
        "Kế hoạch công tác hằng năm, hằng quý, hằng tháng của cơ quan, đơn vị (khoản 2 Điều 46",
        "20 ngày liên tục kể từ ngày 04/03/2025, đến hết ngày 24/03/2025",  # BLDS art. 147.1
        "css/print-notice.css",
    ):
        assert text in page, text
    assert 'class="site-header"' not in page  # its own layout, not the app chrome


def test_the_notice_carries_a_qr_code_and_the_digest_of_its_online_copy(hospital, head, client_as):
    item = publish(head, hospital)
    page = notice_page(client_as(head), item)
    url = f"{SITE}/verify/?digest={item.digest}"
    assert "<svg" in page
    assert 'class="qr"' in page
    assert f'Kiểm tra bản này tại <span class="mono url">{url}</span>' in page
    assert f'data-digest="{item.digest}"' in page
    assert item.digest[:8] in page
    assert item.digest[-8:] in page


def test_the_notice_stays_vietnamese_when_the_interface_is_english(hospital, head, client_as):
    item = publish(head, hospital)
    client = client_as(head)
    client.cookies["danchu_language"] = "en"
    page = notice_page(client, item)
    assert "THÔNG BÁO" in page
    assert "Nhóm nội dung công khai: Kế hoạch công tác" in page
    assert '<html lang="vi">' in page


def test_the_place_comes_from_the_settings(hospital, head, client_as, settings):
    settings.DANCHU_PLACE_NAME = "Hà Nội"
    page = notice_page(client_as(head), publish(head, hospital))
    assert "Hà Nội, ngày 04 tháng 3 năm 2025" in page


def test_a_party_organisation_is_not_printed_as_the_governing_body(member_of, client_as):
    org = UnitFactory(kind=UnitKind.PARTY_ORGANIZATION, name="Đảng bộ Sở Tư pháp")
    agency = UnitFactory(kind=UnitKind.STATE_AGENCY, parent=org, name="Sở Tư pháp")
    head = member_of(agency, "head")
    page = notice_page(client_as(head), publish(head, agency))
    assert "SỞ TƯ PHÁP" in page
    assert "ĐẢNG BỘ" not in page


def test_the_title_and_body_are_escaped(hospital, head, client_as):
    item = publish(
        head,
        hospital,
        title="<script>alert(1)</script> Kế hoạch",
        body="Nội dung <script>alert(2)</script> [x](javascript:alert(3))",
    )
    page = notice_page(client_as(head), item)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Kế hoạch" in page
    assert "<script>" not in page
    assert "javascript:" not in page


def test_the_attachments_are_listed(hospital, head, client_as):
    pdf = SimpleUploadedFile("kế-hoạch.pdf", b"%PDF-1.4\n% plan\n")
    page = notice_page(client_as(head), publish(head, hospital, attachments=[pdf]))
    assert "Tài liệu kèm theo: kế-hoạch.pdf." in page


def test_a_version_no_longer_current_is_marked_not_to_be_posted(hospital, head, client_as):
    first = publish(head, hospital)
    services.supersede_disclosure(
        actor=head, previous=first, category="work_plan", title="Kế hoạch (sửa đổi)"
    )
    page = notice_page(client_as(head), first)
    assert 'class="warning"' in page


def test_only_people_who_can_see_the_item_get_its_notice(hospital, head, member_of, client_as):
    item = publish(head, hospital)
    stranger = member_of(UnitFactory(name="Sở Xây dựng"), "staff")
    url = reverse("disclosure_notice", args=[item.pk])
    assert client_as(stranger).get(url).status_code == 404
    assert client_as(member_of(hospital, "staff")).get(url).status_code == 200


def test_the_notice_lives_under_the_item():
    assert reverse("disclosure_notice", args=[7]) == "/disclosures/7/notice/"
    assert reverse("disclosure_notice_docx", args=[7]) == "/disclosures/7/notice.docx"


def test_anonymous_visitors_are_sent_to_log_in(hospital, head, client):
    item = publish(head, hospital)
    response = client.get(reverse("disclosure_notice", args=[item.pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2025, 1, 5), "Bắc Giang, ngày 05 tháng 01 năm 2025"),
        (dt.date(2025, 2, 28), "Bắc Giang, ngày 28 tháng 02 năm 2025"),
        (dt.date(2025, 3, 9), "Bắc Giang, ngày 09 tháng 3 năm 2025"),
        (dt.date(2025, 11, 20), "Bắc Giang, ngày 20 tháng 11 năm 2025"),
    ],
)
def test_the_date_line_pads_days_below_10_and_months_1_and_2(day, expected):
    assert date_line("Bắc Giang", day) == expected


def test_decree_30_notices_are_numbered_per_unit_and_year_not_by_the_decision(
    hospital, head, member_of
):
    """Decree 30/2020, Appendix I: each unit's numbers restart every calendar year, with the
    type code TB (thông báo) and the unit's code; the disclosed decision keeps its own number."""
    first, second = publish(head, hospital), publish(head, hospital, document_number="")
    other_unit = UnitFactory(kind=UnitKind.STATE_AGENCY, name="Sở Xây dựng")
    other = publish(member_of(other_unit, "head"), other_unit)
    assert [first.notice_number.text, second.notice_number.text] == ["01/TB-BVD", "02/TB-BVD"]
    assert other.notice_number.text == "01/TB-SXD"
    with time_machine.travel(dt.datetime(2026, 1, 2, 9, 0, tzinfo=VN), tick=False):
        next_year = publish(head, hospital, decision_date=dt.date(2026, 1, 2))
    assert next_year.notice_number.text == "01/TB-BVD"
    assert first.document_number == "05/KH-BV"


def test_decree_30_a_unit_code_recorded_in_its_settings_is_used(hospital, head):
    UnitSettings.objects.create(unit=hospital, document_code="BVĐKT", head_title="Giám đốc")
    assert publish(head, hospital).notice_number.text == "01/TB-BVĐKT"


def test_decree_30_a_deputy_signs_for_the_head(hospital, member_of):
    """Decree 30/2020, Appendix I: "KT." (ký thay) over the head's title, then the deputy's."""
    deputy = member_of(hospital, "deputy_head")
    signer = signer_for(hospital, deputy, on=MORNING.date())
    assert (signer.authority, signer.title) == ("KT. Giám đốc", "Phó Giám đốc")
    assert signer.name == deputy.person.full_name


def test_decree_30_a_records_clerks_notice_is_signed_by_the_head(hospital, head, member_of):
    clerk = member_of(hospital, "records_clerk")
    facts = notice_facts(publish(clerk, hospital))
    assert (facts.signer.authority, facts.signer.title) == ("", "Giám đốc")
    assert facts.signer.name == head.person.full_name


def test_decree_30_the_governing_body_is_printed_when_the_parent_is_a_party_organisation(
    member_of, client_as
):
    """Decree 30/2020, Appendix I: the "cơ quan chủ quản" above the issuing body; a party
    organisation leading the agency is not it, so the unit's settings name it."""
    org = UnitFactory(kind=UnitKind.PARTY_ORGANIZATION, name="Đảng bộ Sở Tư pháp")
    agency = UnitFactory(kind=UnitKind.STATE_AGENCY, parent=org, name="Sở Tư pháp")
    UnitSettings.objects.create(unit=agency, governing_body="Ủy ban nhân dân tỉnh Bắc Giang")
    head = member_of(agency, "head")
    page = notice_page(client_as(head), publish(head, agency))
    assert "ỦY BAN NHÂN DÂN TỈNH BẮC GIANG" in page
    assert "ĐẢNG BỘ" not in page


def test_decree_30_the_migration_numbers_items_published_before_numbering(hospital, head):
    """Migration 0006: per unit and calendar year (Vietnamese time), in publication order; the
    series continue from there."""
    migration = importlib.import_module(
        "danchu.disclosures.migrations.0006_number_existing_notices"
    )
    first, second = publish(head, hospital), publish(head, hospital)
    NoticeNumber.objects.all().delete()
    NoticeSeries.objects.all().delete()
    migration.number(django_apps, None)
    first.refresh_from_db()
    second.refresh_from_db()
    assert [first.notice_number.text, second.notice_number.text] == ["01/TB-BVD", "02/TB-BVD"]
    assert publish(head, hospital).notice_number.text == "03/TB-BVD"


def test_art_48_1_the_migration_gives_running_items_the_day_the_old_count_took_off(hospital, head):
    """Civil Code art. 147.1: items published under the old count (publication + 19) and still
    in their period end on publication + 20; finished ones are left as they were."""
    migration = importlib.import_module(
        "danchu.disclosures.migrations.0006_number_existing_notices"
    )
    running = publish(head, hospital)
    Disclosure.objects.filter(pk=running.pk).update(visible_until=dt.date(2025, 3, 23))
    with time_machine.travel(MORNING - dt.timedelta(days=40), tick=False):
        done = publish(head, hospital, decision_date=(MORNING - dt.timedelta(days=40)).date())
    Disclosure.objects.filter(pk=done.pk).update(visible_until=dt.date(2025, 2, 11))
    migration.extend_running_periods(django_apps, None)
    running.refresh_from_db()
    done.refresh_from_db()
    assert running.visible_until == dt.date(2025, 3, 24)
    assert done.visible_until == dt.date(2025, 2, 11)

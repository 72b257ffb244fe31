"""The daily digest: unread notices of the last day not e-mailed at once, grouped, in the
person's language, with links from DANCHU_SITE_URL; once a day; never when turned off."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from danchu.notifications import services
from danchu.notifications.digest import send_daily_digests
from danchu.notifications.models import DigestPreference, DigestSent, Notification
from danchu.organizations.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.DANCHU_SITE_URL = "https://danchu.example.vn:8443"


@pytest.fixture
def reader(member_of):
    return member_of(UnitFactory(), "staff", email="doc@example.vn")


def published(user, title, pk=1):
    services.notify(
        recipients=[user],
        code="disclosures.published",
        params={"title": title},
        url=f"/disclosures/{pk}/",
    )


def test_sends_the_unread_publications_grouped_with_links_in_vietnamese(reader, frozen):
    published(reader, "Kế hoạch A", 1)
    published(reader, "Kế hoạch B", 2)
    services.notify(recipients=[reader], code="consultation.closed", params={"title": "Quy chế"})
    services.notify(recipients=[reader], code="disclosures.answer")  # e-mailed at once instead
    mail.outbox.clear()
    frozen.shift(60 * 60 * 20)

    assert send_daily_digests() == 1

    (sent,) = mail.outbox
    assert sent.to == ["doc@example.vn"]
    assert sent.subject == "Có 3 thông báo mới đang chờ bạn"
    body = sent.body
    assert body.index("Thông tin công khai mới cần đọc") < body.index("Kế hoạch A")
    assert body.index("Các đợt lấy ý kiến đã kết thúc") < body.index("Quy chế")
    assert "https://danchu.example.vn:8443/disclosures/2/" in body
    assert "https://danchu.example.vn:8443/notifications/settings/" in body
    assert "Câu hỏi của bạn đã được trả lời" not in body
    assert DigestSent.objects.get().count == 3


def test_running_twice_the_same_day_sends_nothing_twice(reader):
    published(reader, "Kế hoạch A")
    assert send_daily_digests() == 1
    published(reader, "Kế hoạch B")  # arrives after today's digest: tomorrow's
    assert send_daily_digests() == 0
    call_command("send_notification_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1
    assert DigestSent.objects.count() == 1


def test_nothing_read_old_or_without_an_address(reader, member_of, frozen):
    no_address = member_of(UnitFactory(), "staff")
    published(no_address, "Không có địa chỉ")
    published(reader, "Đã đọc")
    services.mark_read(recipient=reader)
    published(reader, "Quá cũ")
    frozen.shift(60 * 60 * 25)
    assert send_daily_digests() == 0
    assert mail.outbox == []
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 0


def test_a_person_who_turned_it_off_gets_none(reader, client_as):
    response = client_as(reader).post(reverse("notification_settings"), {})
    assert response.status_code == 302
    assert DigestPreference.objects.get(user=reader).daily_digest is False
    published(reader, "Kế hoạch A")
    assert send_daily_digests() == 0
    assert mail.outbox == []


def test_the_settings_page_is_on_by_default_and_linked_from_the_list(reader, client_as):
    client = client_as(reader)
    assert (
        reverse("notification_settings")
        in client.get(reverse("notification_list")).content.decode()
    )
    page = client.get(reverse("notification_settings")).content.decode()
    assert 'name="daily_digest"' in page
    assert "checked" in page
    client.post(reverse("notification_settings"), {"daily_digest": "on"})
    assert DigestPreference.objects.get(user=reader).daily_digest is True


def test_each_digest_costs_the_same_few_queries(member_of, django_assert_max_num_queries):
    unit = UnitFactory()
    for n in range(6):
        published(member_of(unit, "staff", email=f"p{n}@example.vn"), "Kế hoạch")
    with django_assert_max_num_queries(1 + 4 * 6):  # one read; per person: its record
        assert send_daily_digests(now=None) == 6


def test_the_window_is_the_last_day(reader, frozen):
    published(reader, "Hôm qua")
    frozen.shift(dt.timedelta(hours=23).total_seconds())
    assert send_daily_digests() == 1

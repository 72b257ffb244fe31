"""Reminders go at most once a day per item; the page says when the last went and to how many,
and who in the audience cannot be reminded (no account), in Vietnamese order of given names."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danchu.audit.models import Entry
from danchu.disclosures import services
from danchu.disclosures.errors import AlreadyReminded
from danchu.disclosures.models import ReminderSend
from danchu.disclosures.tests.factories import publish
from danchu.notifications.models import Notification
from danchu.people.tests.factories import PersonFactory
from danchu.people.tests.world import BASE

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(tree, head, member_of, frozen):
    member_of(tree.dept_a), member_of(tree.dept_b)
    return publish(tree.agency, head, title="Quy chế chi tiêu nội bộ")


def reminders() -> int:
    return Notification.objects.filter(code="disclosures.reminder").count()


class TestOncePerDay:
    def test_a_second_press_the_same_day_sends_nothing_and_says_when_and_to_how_many(
        self, item, head, frozen
    ):
        assert services.remind_unacknowledged(actor=head, disclosure=item) == 2
        with pytest.raises(AlreadyReminded) as refused:
            services.remind_unacknowledged(actor=head, disclosure=item)
        assert reminders() == 2
        assert "09:00, gửi tới 2 người" in str(refused.value.message)
        sent = ReminderSend.objects.get()
        assert (sent.day, sent.count, sent.sent_by) == (BASE.date(), 2, head)
        assert Entry.objects.filter(action="disclosures.reminded").count() == 1

    def test_the_next_day_reminds_again(self, item, head, frozen):
        services.remind_unacknowledged(actor=head, disclosure=item)
        frozen.shift(60 * 60 * 24)
        assert services.remind_unacknowledged(actor=head, disclosure=item) == 2
        assert ReminderSend.objects.count() == 2

    def test_the_page_refuses_the_second_press_and_shows_the_last_reminder(
        self, item, head, client_as, frozen
    ):
        client = client_as(head)
        url = reverse("disclosure_acknowledgements", args=[item.pk])
        assert client.post(url).status_code == 302
        second = client.post(url)
        assert second.status_code == 409
        page = second.content.decode()
        assert "Hôm nay đã nhắc lúc 09:00, gửi tới 2 người" in page
        assert "data-last-reminder" in page
        assert reminders() == 2


class TestWhoCannotBeReminded:
    def test_the_people_without_an_account_are_counted_and_listed_by_given_name(
        self, item, tree, head, client_as
    ):
        PersonFactory(unit=tree.dept_a, surname="Trần", middle_name="Thị", given_name="Yến")
        PersonFactory(unit=tree.dept_b, surname="Lê", middle_name="Văn", given_name="Ân")
        PersonFactory(unit=tree.other, given_name="Bảo")  # not in the audience
        page = client_as(head).get(reverse("disclosure_acknowledgements", args=[item.pk]))
        html = page.content.decode()
        assert "2 người thuộc đối tượng chưa có tài khoản" in html
        assert html.index("Lê Văn Ân") < html.index("Trần Thị Yến")
        assert "Bảo" not in html.split("data-without-account")[1].split("</details>")[0]

"""The user's notices: listed newest first, opened (marks read), all marked read."""

import pytest
from django.urls import reverse

from danchu.notifications import services
from danchu.notifications.models import Notification
from danchu.organizations.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(member_of):
    unit = UnitFactory()
    return member_of(unit, "staff"), member_of(unit, "staff")


def notice(user, message="Vui lòng đọc văn bản", url="/disclosures/1/"):
    return Notification.objects.create(recipient=user, kind="test", message=message, url=url)


def page_of(response) -> str:
    return response.content.decode()


def test_lists_only_ones_own_notices_and_counts_the_unread_in_the_menu(people, client_as):
    me, other = people
    notice(me, "Thứ nhất")
    notice(me, "Thứ hai")
    notice(other, "Của người khác")
    page = page_of(client_as(me).get(reverse("notification_list")))
    assert page.index("Thứ hai") < page.index("Thứ nhất")
    assert "Của người khác" not in page
    assert '<span class="badge">2' in page


def test_escapes_the_message(people, client_as):
    me, _ = people
    notice(me, "<script>alert(1)</script>")
    page = page_of(client_as(me).get(reverse("notification_list")))
    assert "<script>alert(1)" not in page


def test_opening_marks_read_and_follows_the_link(people, client_as):
    me, _ = people
    item = notice(me)
    response = client_as(me).post(reverse("notification_open", args=[item.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/disclosures/1/"
    item.refresh_from_db()
    assert item.read_at is not None


def test_opening_another_persons_notice_is_404(people, client_as):
    me, other = people
    theirs = notice(other)
    assert client_as(me).post(reverse("notification_open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize(
    "url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""]
)
def test_never_follows_an_outside_address(url, people, client_as):
    me, _ = people
    item = notice(me, url=url)
    response = client_as(me).post(reverse("notification_open", args=[item.pk]))
    assert response["Location"] == reverse("notification_list")


def test_get_does_not_mark_read(people, client_as):
    me, _ = people
    item = notice(me)
    assert client_as(me).get(reverse("notification_open", args=[item.pk])).status_code == 405
    item.refresh_from_db()
    assert item.read_at is None


def test_mark_all_read_touches_only_ones_own(people, client_as):
    me, other = people
    notice(me)
    notice(me)
    theirs = notice(other)
    response = client_as(me).post(reverse("notification_mark_all_read"))
    assert response["Location"] == reverse("notification_list")
    assert not Notification.objects.filter(recipient=me, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_menu_count_is_cached_but_follows_new_and_read_notices(people, client_as):
    me, _ = people
    client = client_as(me)
    home = reverse("home")
    assert '<span class="badge">' not in page_of(client.get(home))
    services.notify(recipients=[me], code="disclosures.answer")
    assert '<span class="badge">1' in page_of(client.get(home))
    services.notify(recipients=[me], code="disclosures.information_answer")
    assert '<span class="badge">2' in page_of(client.get(home))
    services.mark_read(recipient=me)
    assert '<span class="badge">' not in page_of(client.get(home))

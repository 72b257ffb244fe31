"""Information requests (Law 10/2022/QH15 art. 48.4): ask, list, answer."""

import pytest
import time_machine
from django.urls import reverse

from danchu.disclosures import asking
from danchu.disclosures.models import InformationRequest, RequestReason
from danchu.disclosures.tests.test_views_support import BASE, XSS, page_of, publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def ask(world, **fields):
    values = {"reason": RequestReason.EXPIRED, "subject": "Dự toán năm 2024", "body": ""}
    return asking.request_information(actor=world.staff, unit=world.agency, **(values | fields))


def test_staff_asks_about_an_item_through_the_form(world, client_as):
    item = publish(world.head, world.agency)
    client = client_as(world.staff)
    url = reverse("information_request_new") + f"?disclosure={item.pk}"
    assert item.title in page_of(client.get(url))
    response = client.post(url, {"reason": "expired", "subject": "Xin bản đầy đủ", "body": XSS})
    request = InformationRequest.objects.get()
    assert response["Location"] == reverse("information_request_detail", args=[request.pk])
    assert (request.unit, request.disclosure) == (world.agency, item)
    page = page_of(client.get(response["Location"]))
    assert "Xin bản đầy đủ" in page
    assert "<script>alert(1)" not in page


def test_a_request_needs_a_reason(world, client_as):
    url = reverse("information_request_new")
    response = client_as(world.staff).post(url, {"subject": "Thiếu lý do"})
    assert response.status_code == 422
    assert not InformationRequest.objects.exists()


def test_cannot_ask_a_unit_one_does_not_belong_to(world, client_as):
    url = reverse("information_request_new") + f"?unit={world.agency.pk}"
    assert client_as(world.outsider).get(url).status_code == 404
    assert client_as(world.outsider).get(url.replace(str(world.agency.pk), "x")).status_code == 404


def test_publisher_lists_unanswered_first_with_overdue_flags(world, client_as):
    answered = ask(world, subject="Đã trả lời")
    asking.answer_information_request(actor=world.head, request=answered, answer="Đây")
    ask(world, subject="Chưa trả lời")
    client = client_as(world.head)
    client.cookies["danchu_language"] = "en"
    page = page_of(client.get(reverse("information_request_list")))
    assert page.index("Chưa trả lời") < page.index("Đã trả lời")
    assert "Overdue" not in page
    with time_machine.travel(BASE.replace(month=4), tick=False):
        client = client_as(world.head)
        client.cookies["danchu_language"] = "en"
        assert "Overdue" in page_of(client.get(reverse("information_request_list")))


def test_staff_see_only_their_own_requests(world, client_as):
    mine = ask(world, subject="Của tôi")
    assert "Của tôi" not in page_of(
        client_as(world.dept_staff).get(reverse("information_request_list"))
    )
    url = reverse("information_request_detail", args=[mine.pk])
    assert client_as(world.dept_staff).get(url).status_code == 404
    assert client_as(world.outsider).get(url).status_code == 404
    assert client_as(world.staff).get(url).status_code == 200


def test_publisher_answers_and_the_form_disappears(world, client_as):
    request = ask(world)
    url = reverse("information_request_detail", args=[request.pk])
    client = client_as(world.head)
    assert 'name="answer"' in page_of(client.get(url))
    assert 'name="answer"' not in page_of(client_as(world.staff).get(url))
    assert client.post(url, {"answer": "Đã gửi bản đầy đủ qua thư điện tử."}).status_code == 302
    page = page_of(client_as(world.staff).get(url))
    assert "Đã gửi bản đầy đủ qua thư điện tử." in page
    request.refresh_from_db()
    assert request.answered_by == world.head


def test_the_item_links_to_the_request_form_only_for_who_may_ask(world, client_as):
    """A supervisor reads the item but is not the unit's staff (art. 48.4): no link to a 404."""
    item = publish(world.head, world.agency)
    link = reverse("information_request_new") + f"?disclosure={item.pk}"
    for user, linked in [(world.staff, True), (world.supervisor, False)]:
        page = page_of(client_as(user).get(reverse("disclosure_detail", args=[item.pk])))
        assert (link in page) is linked
        assert (client_as(user).get(link).status_code == 200) is linked

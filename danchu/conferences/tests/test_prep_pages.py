"""Preparing the conference through its pages: the plan form (with the art. 51.1 warning shown
on the conference page), the agenda edited, the contents ticked, a document attached, the
invitations checked then sent; a staff request for an extraordinary conference signed."""

from __future__ import annotations

import pytest
from django.utils import timezone

from danchu.conferences.models import Conference, ExtraordinaryRequest
from danchu.conferences.tests.conftest import plan
from danchu.disclosures.models import Disclosure
from danchu.disclosures.services import publish_disclosure
from danchu.notifications.models import Notification

pytestmark = pytest.mark.django_db


def vi(client_as, user):
    client = client_as(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "vi"
    return client


def test_the_head_plans_and_a_late_date_is_shown_as_a_warning_art_51_1(world, client_as):
    head = vi(client_as, world.head)
    assert "Lập kế hoạch hội nghị" in head.get("/conferences/").content.decode()
    answer = head.post("/conferences/new/", {
        "unit": world.agency.pk, "year": 2024, "kind": "annual",
        "scheduled_at": "2025-04-15T08:00", "venue": "Hội trường", "format": "plenary",
    })  # fmt: skip
    assert answer.status_code == 302
    assert Conference.objects.get().scheduled_at.month == 4
    page = head.get(answer["Location"]).content.decode()
    assert "chậm nhất là ngày 31/03/2025" in page
    assert vi(client_as, world.staff).get("/conferences/new/").status_code == 404


def test_the_agenda_contents_and_documents_are_prepared(world, client_as):
    conference = plan(world)
    head = vi(client_as, world.head)
    url = f"/conferences/{conference.pk}/prepare/"
    assert "Người đứng đầu báo cáo" in head.get(url).content.decode()
    head.post(url, {"action": "add", "t-title": "Bầu Ban kiểm phiếu"})
    last = conference.agenda.order_by("position").last()
    assert last.title == "Bầu Ban kiểm phiếu"
    head.post(url, {"action": "up", "item": last.pk})
    assert (
        list(conference.agenda.order_by("position").values_list("title", flat=True))[-1]
        != last.title
    )
    head.post(url, {"action": "contents", "c-contents": ["a", "c"]})
    conference.refresh_from_db()
    assert conference.contents == ["a", "c"]
    item = publish_disclosure(
        actor=world.head, unit=world.agency, category="work_plan", title="Báo cáo năm",
        body="Nội dung", decision_date=timezone.localdate(),
    )  # fmt: skip
    head.post(url, {"action": "attach", "disclosure": item.pk})
    assert conference.documents.get().disclosure == item


def test_invitations_go_through_a_check_page(world, client_as):
    conference = plan(world)
    head = vi(client_as, world.head)
    check = head.get(f"/conferences/{conference.pk}/invite/").content.decode()
    assert "Gửi giấy mời?" in check
    done = head.post(f"/conferences/{conference.pk}/invite/")
    assert "Đã gửi giấy mời" in done.content.decode()
    conference.refresh_from_db()
    assert conference.status == "invited"
    assert Disclosure.objects.filter(pk=conference.plan_disclosure_id).exists()
    assert Notification.objects.filter(code="conference.invited").count() == 4


def test_staff_ask_for_an_extraordinary_conference_and_sign(world, client_as):
    staff = vi(client_as, world.staff)
    staff.post("/conferences/requests/", {"proposer": "staff", "reason": "Quỹ phúc lợi"})
    request = ExtraordinaryRequest.objects.get()
    assert request.unit == world.agency
    page = vi(client_as, world.union).get("/conferences/requests/").content.decode()
    assert "1/4 (một phần ba: 2)" in page
    vi(client_as, world.dept_staff).post(f"/conferences/requests/{request.pk}/support/")
    request.refresh_from_db()
    assert request.status == "granted"

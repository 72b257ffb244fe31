"""GET /api/v1/disclosures and GET /api/v1/disclosures/{id}: content, scope, query counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danchu.core import cached_reads
from danchu.disclosures import services
from danchu.disclosures.models import Category, Disclosure
from danchu.disclosures.tests.test_api_support import (
    BASE,
    PDF,
    URL,
    World,
    get,
    post_json,
    publish,
)
from danchu.organizations.models import Unit
from danchu.people.models import User
from danchu.people.tests.factories import PersonFactory, RoleAssignmentFactory, UserFactory

ITEM_FIELDS = {
    "id", "unit_id", "category", "title", "summary", "document_number", "decision_date",
    "published_at", "visible_until", "due_on", "late", "status", "version", "digest",
}  # fmt: skip


LATER = BASE.replace(year=2099)  # scheduled far ahead: late, with a reason


def publish_on(day: int, head: User, unit: Unit, **fields: Any) -> Disclosure:
    """Publish `day` days after BASE (each item at its own time, so the order is known)."""
    with time_machine.travel(BASE + dt.timedelta(days=day), tick=False):
        return publish(head, unit, **fields)


def ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


class TestListDisclosures:
    def test_lists_items_newest_first_with_the_contract_fields(self, world: World) -> None:
        older = publish_on(0, world.head, world.agency)
        newer = publish_on(1, world.head, world.agency, summary="Tóm tắt")

        response = get(world.staff, URL)

        assert ids(response) == [newer.pk, older.pk]
        assert response.json()["count"] == 2
        item = response.json()["items"][0]
        assert set(item) >= ITEM_FIELDS
        assert (item["unit_id"], item["summary"], item["digest"]) == (
            world.agency.pk,
            "Tóm tắt",
            newer.digest,
        )
        assert (item["status"], item["late"], item["version"]) == ("published", False, 1)

    def test_shows_only_what_the_caller_may_see(self, world: World) -> None:
        ours = publish(world.head, world.agency)
        theirs = publish(world.head, world.agency)
        outsider_head = make_world_head(world)
        elsewhere = publish(outsider_head, world.other)

        assert set(ids(get(world.staff, URL))) == {ours.pk, theirs.pk}
        assert ids(get(world.outsider, URL)) == [elsewhere.pk]

    def test_a_department_sees_the_items_of_its_agency(self, world: World) -> None:
        item = publish(world.head, world.agency)

        assert ids(get(world.dept_staff, URL)) == [item.pk]

    def test_a_scheduled_item_is_hidden_from_staff_until_its_time(self, world: World) -> None:
        later = publish(
            world.head,
            world.agency,
            publish_at=BASE.replace(year=2099),
            late_reason="Chờ ngày hiệu lực",
        )

        assert ids(get(world.staff, URL)) == []
        assert ids(get(world.head, URL)) == [later.pk]
        assert get(world.head, URL).json()["items"][0]["status"] == "scheduled"

    def test_unit_includes_its_sub_units(self, world: World) -> None:
        top = publish(world.head, world.agency)
        below = publish(world.head, world.dept)

        assert set(ids(get(world.head, URL, unit=world.agency.pk))) == {top.pk, below.pk}
        assert ids(get(world.head, URL, unit=world.dept.pk)) == [below.pk]
        assert ids(get(world.head, URL, unit=999_999)) == []

    def test_filters_by_category(self, world: World) -> None:
        budget = publish(world.head, world.agency, category=Category.BUDGET_FINANCE)
        publish(world.head, world.agency, category=Category.PERSONNEL)

        assert ids(get(world.staff, URL, category="budget_finance")) == [budget.pk]
        assert get(world.staff, URL, category="gossip").status_code == 422

    def test_filters_by_status(self, world: World) -> None:
        now = publish(world.head, world.agency)
        later = publish(
            world.head,
            world.agency,
            publish_at=BASE.replace(year=2099),
            late_reason="Chờ ngày hiệu lực",
        )

        assert ids(get(world.head, URL, status="scheduled")) == [later.pk]
        assert ids(get(world.head, URL, status="published")) == [now.pk]
        assert ids(get(world.head, URL, status="withdrawn")) == []

    @pytest.mark.parametrize("q", ["ngan sach", "NGÂN SÁCH", "ngân  sách 2024", "05/QĐ"])
    def test_search_ignores_accents_and_case(self, world: World, q: str) -> None:
        found = publish(
            world.head, world.agency, title="Quyết toán ngân sách 2024", document_number="05/QĐ-STC"
        )
        publish(world.head, world.agency, title="Kế hoạch đào tạo")

        assert ids(get(world.staff, URL, q=q)) == [found.pk]

    def test_pages_with_limit_and_offset(self, world: World) -> None:
        items = [publish_on(day, world.head, world.agency) for day in range(5)]

        response = get(world.staff, URL, limit=2, offset=1)

        assert ids(response) == [items[3].pk, items[2].pk]
        assert response.json()["count"] == 5

    @pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 201}, {"offset": -1}])
    def test_refuses_a_bad_page_with_422(self, world: World, params: dict[str, int]) -> None:
        assert get(world.staff, URL, **params).status_code == 422

    def test_query_count_does_not_grow_with_rows(self, world: World) -> None:
        def queries_for_list(*, first_visit: bool = True) -> int:
            if first_visit:  # nothing cached, in memory or shared: as a new process
                cache.clear()
                cached_reads.forget_process_state()
            with CaptureQueriesContext(connection) as captured:
                assert get(world.dept_staff, URL, limit=50).status_code == 200
            return len(captured)

        for _ in range(3):
            publish(world.head, world.agency)
        few = queries_for_list()
        for _ in range(27):
            publish(world.head, world.agency)

        assert queries_for_list() == few
        # With the generation tokens, and on a first visit the counters of the units read
        # (danchu.core.cached_reads).
        assert few <= 8
        assert queries_for_list(first_visit=False) < few  # the user and roles, from the cache


def make_world_head(world: World) -> User:
    """A publisher for the unrelated agency."""
    person = PersonFactory.create(unit=world.other)
    RoleAssignmentFactory.create(person=person, unit=world.other, role="head")
    return UserFactory.create(person=person)


class TestGetDisclosure:
    def test_shows_the_item_with_its_figures_and_history(
        self, world: World, settings: Any, tmp_path: Any
    ) -> None:
        settings.MEDIA_ROOT = tmp_path
        upload = SimpleUploadedFile("Quyết định 05.pdf", PDF, content_type="application/pdf")
        first = publish(world.head, world.agency, body="**Quyết định**", attachments=[upload])
        services.acknowledge(actor=world.staff, disclosure=first)
        second = services.supersede_disclosure(
            actor=world.head, previous=first, category="work_plan", title="Bản sửa", body="Mới."
        )

        response = get(world.staff, f"{URL}/{first.pk}")

        assert response.status_code == 200
        item = response.json()
        assert set(item) >= ITEM_FIELDS
        assert (item["digest"], item["status"]) == (first.digest, "superseded")
        assert (item["body"], item["body_html"]) == (
            "**Quyết định**",
            "<p><strong>Quyết định</strong></p>",
        )
        # The audience is the whole agency: the head, the staff member and the department.
        assert (item["audience_count"], item["acknowledged_count"]) == (3, 1)
        assert item["acknowledged"] is True
        assert item["acknowledged_at"] is not None
        attachment = first.attachments.get()
        assert item["attachments"] == [
            {
                "id": attachment.pk,
                "name": "Quyết định 05.pdf",
                "content_type": "application/pdf",
                "size": len(PDF),
                "sha256": attachment.sha256,
                "url": f"{URL}/{first.pk}/attachments/{attachment.pk}",
            }
        ]
        assert [(v["id"], v["version"], v["status"]) for v in item["versions"]] == [
            (first.pk, 1, "superseded"),
            (second.pk, 2, "published"),
        ]

    def test_acknowledged_is_the_callers_own(self, world: World) -> None:
        item = publish(world.head, world.agency)
        services.acknowledge(actor=world.staff, disclosure=item)

        response = get(world.dept_staff, f"{URL}/{item.pk}")

        assert (response.json()["acknowledged"], response.json()["acknowledged_at"]) == (
            False,
            None,
        )

    def test_counts_only_the_chosen_audience(self, world: World) -> None:
        item = publish(world.head, world.agency, audience_units=[world.dept])

        response = get(world.head, f"{URL}/{item.pk}")

        assert response.json()["audience_unit_ids"] == [world.dept.pk]
        assert response.json()["audience_count"] == 1

    def test_a_correction_cannot_be_scheduled(self, world: World) -> None:
        first = publish(world.head, world.agency)
        response = post_json(
            world.head,
            f"{URL}/{first.pk}/supersede",
            {"category": "work_plan", "title": "Sau", "body": "x", "publish_at": "2099-01-01"},
        )

        assert response.status_code == 422
        assert [v["version"] for v in get(world.staff, f"{URL}/{first.pk}").json()["versions"]] == [
            1
        ]

    def test_a_scheduled_item_is_404_for_staff(self, world: World) -> None:
        later = publish(
            world.head,
            world.agency,
            publish_at=BASE.replace(year=2099),
            late_reason="Chờ ngày hiệu lực",
        )

        assert get(world.staff, f"{URL}/{later.pk}").status_code == 404
        assert get(world.head, f"{URL}/{later.pk}").status_code == 200

    def test_an_unknown_id_is_404(self, world: World) -> None:
        response = get(world.head, f"{URL}/999999")

        assert response.status_code == 404
        assert response.json()["code"] == "not_found"

"""POST /api/v1/disclosures and POST /api/v1/disclosures/{id}/supersede."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from danchu.audit.models import Entry
from danchu.disclosures.models import Disclosure
from danchu.disclosures.tests.test_api_support import (
    BASE,
    URL,
    World,
    client_for,
    get,
    new_item,
    post_json,
    publish,
)


@pytest.mark.usefixtures("frozen")
class TestPublishDisclosure:
    def test_answers_201_with_the_digest_and_the_period(self, world: World) -> None:
        response = post_json(world.head, URL, new_item(world.agency))

        assert response.status_code == 201
        body = response.json()
        disclosure = Disclosure.objects.get(pk=body["id"])
        assert body["digest"] == disclosure.digest
        assert len(body["digest"]) == 64
        assert dt.datetime.fromisoformat(body["published_at"]) == BASE
        assert body["visible_until"] == "2025-03-24"  # 20 consecutive days, 5 → 24 March
        assert body["status"] == "published"
        assert (body["version"], body["late"]) == (1, False)

    def test_records_the_publication_in_the_audit_log(self, world: World) -> None:
        response = post_json(world.head, URL, new_item(world.agency))

        entry = Entry.objects.get(action="disclosures.published")
        assert entry.target_id == str(response.json()["id"])
        assert entry.actor_id == world.head.pk

    def test_accepts_every_optional_field(self, world: World) -> None:
        item = new_item(
            world.agency,
            summary="Tóm tắt",
            decision_date="2025-03-04",
            document_number="Số: 05/QĐ-STC",
            channels=["posting", "intranet"],
            audience_unit_ids=[world.dept.pk],
            confidentiality="none",
        )

        response = post_json(world.head, URL, item)

        assert response.status_code == 201
        disclosure = Disclosure.objects.get(pk=response.json()["id"])
        assert disclosure.summary == "Tóm tắt"
        assert disclosure.document_number == "05/QĐ-STC"
        assert disclosure.channels == ["posting", "intranet"]
        assert list(disclosure.audience_units.all()) == [world.dept]
        assert response.json()["due_on"] == "2025-03-11"

    def test_accepts_null_for_optional_text(self, world: World) -> None:
        item = new_item(world.agency, summary=None, document_number=None, late_reason=None)

        assert post_json(world.head, URL, item).status_code == 201

    def test_a_later_publication_time_is_scheduled(self, world: World) -> None:
        later = BASE + dt.timedelta(days=2)

        response = post_json(world.head, URL, new_item(world.agency, publish_at=later.isoformat()))

        assert response.status_code == 201
        assert response.json()["status"] == "scheduled"
        assert dt.datetime.fromisoformat(response.json()["published_at"]) == later

    def test_a_time_without_offset_is_local_time(self, world: World) -> None:
        response = post_json(
            world.head, URL, new_item(world.agency, publish_at="2025-03-06T08:00:00")
        )

        published = Disclosure.objects.get(pk=response.json()["id"]).publish_at
        assert timezone.localtime(published).replace(tzinfo=None) == dt.datetime(2025, 3, 6, 8)

    def test_refuses_a_secret_item_with_422(self, world: World) -> None:
        item = new_item(world.agency, confidentiality="state_secret")

        response = post_json(world.head, URL, item)

        assert response.status_code == 422
        assert response.json()["code"] == "secret"
        assert not Disclosure.objects.exists()

    def test_refuses_a_late_item_without_a_reason_with_422(self, world: World) -> None:
        item = new_item(world.agency, decision_date="2025-02-03")

        response = post_json(world.head, URL, item)

        assert response.status_code == 422
        assert response.json()["code"] == "invalid"
        assert "reason for the delay" in response.json()["detail"]

    def test_publishes_a_late_item_with_its_reason(self, world: World) -> None:
        item = new_item(world.agency, decision_date="2025-02-03", late_reason="Chờ thẩm định.")

        response = post_json(world.head, URL, item)

        assert response.status_code == 201
        assert (response.json()["late"], response.json()["due_on"]) == (True, "2025-02-10")

    def test_refuses_an_unknown_category_with_422(self, world: World) -> None:
        response = post_json(world.head, URL, new_item(world.agency, category="gossip"))

        assert response.status_code == 422
        assert [e["field"] for e in response.json()["errors"]] == ["payload.category"]

    def test_refuses_a_missing_title_with_422(self, world: World) -> None:
        item = new_item(world.agency)
        del item["title"]

        response = post_json(world.head, URL, item)

        assert response.status_code == 422
        assert [e["field"] for e in response.json()["errors"]] == ["payload.title"]

    def test_refuses_a_blank_title_with_422(self, world: World) -> None:
        response = post_json(world.head, URL, new_item(world.agency, title="   "))

        assert response.status_code == 422
        assert response.json()["code"] == "invalid"

    def test_refuses_an_unknown_channel_with_422(self, world: World) -> None:
        response = post_json(world.head, URL, new_item(world.agency, channels=["pigeon"]))

        assert response.status_code == 422

    @pytest.mark.parametrize("where", ["other", "upper"])
    def test_refuses_an_audience_outside_the_unit_with_422(self, world: World, where: str) -> None:
        outside = getattr(world, where)

        response = post_json(
            world.head, URL, new_item(world.agency, audience_unit_ids=[outside.pk])
        )

        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "audience_unit_ids"

    def test_refuses_a_publication_time_in_the_past_with_422(self, world: World) -> None:
        earlier = BASE - dt.timedelta(days=1)

        response = post_json(
            world.head, URL, new_item(world.agency, publish_at=earlier.isoformat())
        )

        assert response.status_code == 422

    def test_refuses_malformed_json_with_422(self, world: World) -> None:
        response = client_for(world.head).post(URL, "{not json", content_type="application/json")

        assert response.status_code == 422
        assert response.json()["code"] == "malformed_body"

    def test_an_unknown_unit_is_404(self, world: World) -> None:
        response = post_json(world.head, URL, new_item(world.agency, unit_id=999_999))

        assert response.status_code == 404


class TestXss:
    TITLE = '<script>alert("title")</script> Thông báo'
    BODY = (
        "<script>alert(1)</script>\n\n"
        '<img src="x" onerror="alert(2)"> **đậm** [link](javascript:alert(3))'
    )

    def test_stores_the_payload_as_text_and_sanitizes_body_html(self, world: World) -> None:
        created = post_json(
            world.head, URL, new_item(world.agency, title=self.TITLE, body=self.BODY)
        )

        response = get(world.staff, f"{URL}/{created.json()['id']}")

        assert response["Content-Type"].startswith("application/json")
        item = response.json()
        assert (item["title"], item["body"]) == (self.TITLE, self.BODY)
        html = item["body_html"].lower()
        assert "<script" not in html
        assert "onerror" not in html
        assert "javascript:" not in html
        assert "<strong>đậm</strong>" in html


class TestSupersede:
    def test_publishes_the_next_version_with_201(self, world: World) -> None:
        first = publish(world.head, world.agency)
        correction = {"category": "work_plan", "title": "Kế hoạch (sửa đổi)", "body": "Mới."}

        response = post_json(world.head, f"{URL}/{first.pk}/supersede", correction)

        assert response.status_code == 201
        body = response.json()
        assert (body["version"], body["series_id"], body["status"]) == (2, first.pk, "published")
        first.refresh_from_db()
        assert first.status == "superseded"
        assert Entry.objects.filter(action="disclosures.superseded").count() == 1

    def test_refuses_to_correct_an_old_version_with_409(self, world: World) -> None:
        first = publish(world.head, world.agency)
        correction = {"category": "work_plan", "title": "Bản sửa", "body": "Mới."}
        post_json(world.head, f"{URL}/{first.pk}/supersede", correction)

        response = post_json(world.head, f"{URL}/{first.pk}/supersede", correction)

        assert response.status_code == 409
        assert response.json()["code"] == "not_current"

    def test_refuses_a_secret_correction_with_422(self, world: World) -> None:
        first = publish(world.head, world.agency)
        correction = {"category": "work_plan", "title": "Bản sửa", "body": "Mới."}

        response = post_json(
            world.head,
            f"{URL}/{first.pk}/supersede",
            {**correction, "confidentiality": "work_secret"},
        )

        assert response.status_code == 422
        assert response.json()["code"] == "secret"

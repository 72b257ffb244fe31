"""POST /api/v1/disclosures/{id}/acknowledge and POST /api/v1/disclosures/{id}/withdraw."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from danchu.audit.models import Entry
from danchu.core.errors import InvalidInput
from danchu.disclosures import services
from danchu.disclosures.models import Acknowledgement, Disclosure
from danchu.disclosures.tests.test_api_support import (
    BASE,
    URL,
    World,
    get,
    post_json,
    publish,
)
from danchu.people.tests.factories import UserFactory

LATER = BASE.replace(year=2099)  # scheduled far ahead: late, with a reason

REASON = {"reason": "Hết thời hạn công khai."}


@pytest.fixture
def item(world: World) -> Disclosure:
    with time_machine.travel(BASE, tick=False):
        return publish(world.head, world.agency)


def at(days: float) -> time_machine.travel:
    return time_machine.travel(BASE + dt.timedelta(days=days), tick=False)


class TestAcknowledge:
    def test_confirms_reading_with_200(self, world: World, item: Disclosure) -> None:
        with at(1):
            response = post_json(world.staff, f"{URL}/{item.pk}/acknowledge")

        assert response.status_code == 200
        body = response.json()
        assert body["acknowledged"] is True
        assert dt.datetime.fromisoformat(body["acknowledged_at"]) == BASE + dt.timedelta(days=1)
        assert Acknowledgement.objects.get().person == world.staff.person

    def test_twice_keeps_one_record_and_the_first_time(
        self, world: World, item: Disclosure
    ) -> None:
        with at(1):
            first = post_json(world.staff, f"{URL}/{item.pk}/acknowledge")
        with at(2):
            second = post_json(world.staff, f"{URL}/{item.pk}/acknowledge")

        assert second.status_code == 200
        assert second.json() == first.json()
        assert Acknowledgement.objects.count() == 1
        assert Entry.objects.filter(action="disclosures.acknowledged").count() == 1

    def test_shows_in_the_detail(self, world: World, item: Disclosure) -> None:
        with at(1):
            post_json(world.dept_staff, f"{URL}/{item.pk}/acknowledge")

        detail = get(world.dept_staff, f"{URL}/{item.pk}").json()

        assert (detail["acknowledged"], detail["acknowledged_count"]) == (True, 1)

    def test_refuses_someone_outside_the_audience_with_403(self, world: World) -> None:
        with time_machine.travel(BASE, tick=False):
            for_dept = publish(world.head, world.agency, audience_units=[world.dept])

        with at(1):
            response = post_json(world.staff, f"{URL}/{for_dept.pk}/acknowledge")

        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"
        assert not Acknowledgement.objects.exists()

    def test_refuses_an_account_without_a_person_with_403(self, item: Disclosure) -> None:
        admin = UserFactory.create(person=None, is_superuser=True)

        assert post_json(admin, f"{URL}/{item.pk}/acknowledge").status_code == 403

    def test_a_scheduled_item_is_404_for_staff(self, world: World) -> None:
        later = publish(
            world.head,
            world.agency,
            publish_at=BASE.replace(year=2099),
            late_reason="Chờ ngày hiệu lực",
        )

        assert post_json(world.staff, f"{URL}/{later.pk}/acknowledge").status_code == 404


class TestWithdraw:
    def test_refuses_with_409_before_the_20_days_then_withdraws(
        self, world: World, item: Disclosure
    ) -> None:
        # Art. 48.1 counted as Civil Code art. 147.1: day 0 is not counted, day 20 is the last.
        with at(20):  # the 20th day of the period: still running
            early = post_json(world.head, f"{URL}/{item.pk}/withdraw", REASON)
        with at(21):
            response = post_json(world.head, f"{URL}/{item.pk}/withdraw", REASON)

        assert early.status_code == 409
        assert early.json()["code"] == "period_not_over"
        assert response.status_code == 200
        body = response.json()
        assert (body["id"], body["status"]) == (item.pk, "withdrawn")
        assert body["withdrawal_reason"] == REASON["reason"]
        assert dt.datetime.fromisoformat(body["withdrawn_at"]) == BASE + dt.timedelta(days=21)
        assert Entry.objects.filter(action="disclosures.withdrawn").count() == 1

    def test_refuses_to_withdraw_twice_with_409(self, world: World, item: Disclosure) -> None:
        with at(21):
            post_json(world.head, f"{URL}/{item.pk}/withdraw", REASON)
            response = post_json(world.head, f"{URL}/{item.pk}/withdraw", REASON)

        assert response.status_code == 409
        assert response.json()["code"] == "not_current"

    @pytest.mark.parametrize("body", [{"reason": "  "}, {}])
    def test_requires_a_reason_with_422(
        self, world: World, item: Disclosure, body: dict[str, str]
    ) -> None:
        with at(20):
            response = post_json(world.head, f"{URL}/{item.pk}/withdraw", body)

        assert response.status_code == 422
        item.refresh_from_db()
        assert item.status == "published"

    def test_refuses_a_reason_over_the_limit_with_422_in_api_and_service(
        self, world: World, item: Disclosure
    ) -> None:
        too_long = "x" * 2001
        with at(21):
            response = post_json(world.head, f"{URL}/{item.pk}/withdraw", {"reason": too_long})
            with pytest.raises(InvalidInput, match=r"2[.,]000 "):
                services.withdraw_disclosure(actor=world.head, disclosure=item, reason=too_long)

        assert response.status_code == 422
        item.refresh_from_db()
        assert item.status == "published"

    def test_refuses_staff_with_403(self, world: World, item: Disclosure) -> None:
        with at(20):
            response = post_json(world.staff, f"{URL}/{item.pk}/withdraw", REASON)

        assert response.status_code == 403

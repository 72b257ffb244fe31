"""A double click or a client's retry acts once (issue 11, finding 9): forms carry a one-time key,
the API honours `Idempotency-Key`, and an unchanged disposition records nothing."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from danchu.audit.models import Entry
from danchu.audit.tests.helpers import at_once, threads_share_the_test_database
from danchu.consultations import services
from danchu.consultations.models import Decision, Opinion
from danchu.consultations.tests.conftest import EARLY, open_one
from danchu.core.models import IdempotencyKey
from danchu.people.models import User
from danchu.people.tests.world import make_world
from danchu.people.tokens import make_token

URL = "/api/v1/consultations"
GIVEN = "consultations.opinion_given"
DISPOSED = "consultations.opinion_disposed"


def form_key_of(page: str, action: str) -> str:
    """The one-time key of the form posting to `action` on `page`."""
    # The action may end in the anchor of the form's field (a refused opinion lands on it).
    form = re.search(rf'<form[^>]*action="{re.escape(action)}(#[^"]*)?".*?</form>', page, re.S)
    assert form is not None, f"no form posting to {action}"
    key = re.search(r'name="submission_key" value="([^"]+)"', form.group(0))
    assert key is not None, "the form carries no submission key"
    return key.group(1)


def bearer(user: User) -> Client:
    return Client(headers={"authorization": f"Bearer {make_token(user)}", "accept-language": "en"})


def api_post(client: Client, url: str, body: Any, key: str | None) -> Any:
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(url, body, content_type="application/json", headers=headers)


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen")
class TestOpinionForm:
    def test_twenty_posts_with_the_form_key_give_one_opinion_and_one_audit_entry(
        self, world, client_as
    ):
        consultation = open_one(world)
        staff = client_as(world.staff)
        detail = reverse("consultation_detail", args=[consultation.pk])
        action = reverse("consultation_opinion", args=[consultation.pk])
        key = form_key_of(staff.get(detail).content.decode(), action)
        data = {"paragraph": "", "text": "Đề nghị thêm một ngày.", "submission_key": key}

        responses = [staff.post(action, data) for _ in range(20)]

        assert Opinion.objects.count() == 1
        assert Entry.objects.filter(action=GIVEN).count() == 1
        assert {(r.status_code, r["Location"]) for r in responses} == {(302, detail + "#general")}
        assert [r.has_header("Idempotent-Replayed") for r in responses] == [False] + [True] * 19
        assert "Đã ghi nhận lần gửi trước" in staff.get(detail).content.decode()

    def test_twenty_union_posts_give_one_opinion_and_keep_no_key(self, world, client_as):
        """An anonymous act keeps no key row (it would name the sender and the time): the same
        text through the union the same day is one opinion instead (decision 0004)."""
        consultation = open_one(world)
        staff = client_as(world.staff)
        detail = reverse("consultation_detail", args=[consultation.pk])
        action = reverse("consultation_opinion", args=[consultation.pk])
        key = form_key_of(staff.get(detail).content.decode(), action)
        data = {"paragraph": "", "text": "Ý kiến qua công đoàn.", "via_union": "on",
                "submission_key": key}  # fmt: skip

        responses = [staff.post(action, data) for _ in range(20)]

        assert Opinion.objects.filter(via_union=True).count() == 1
        assert not IdempotencyKey.objects.exists()
        assert {r.status_code for r in responses} == {302}

    def test_each_rendering_has_its_own_key_so_a_second_opinion_is_recorded(self, world, client_as):
        consultation = open_one(world)
        staff = client_as(world.staff)
        detail = reverse("consultation_detail", args=[consultation.pk])
        action = reverse("consultation_opinion", args=[consultation.pk])
        keys = [form_key_of(staff.get(detail).content.decode(), action) for _ in range(2)]
        assert keys[0] != keys[1]
        for key in keys:
            staff.post(
                action, {"text": "Cùng một ý kiến, gửi hai lần có chủ ý.", "submission_key": key}
            )
        assert Opinion.objects.count() == 2

    def test_a_form_without_a_key_still_works_as_before(self, world, client_as):
        consultation = open_one(world)
        action = reverse("consultation_opinion", args=[consultation.pk])
        for _ in range(2):
            client_as(world.staff).post(action, {"text": "Trang cũ, không có khoá."})
        assert Opinion.objects.count() == 2
        assert not IdempotencyKey.objects.exists()

    def test_the_key_resent_with_other_content_is_refused_and_changes_nothing(
        self, world, client_as
    ):
        consultation = open_one(world)
        staff = client_as(world.staff)
        action = reverse("consultation_opinion", args=[consultation.pk])
        staff.post(action, {"text": "Lần đầu.", "submission_key": "k-1"})
        response = staff.post(action, {"text": "Đã sửa lại.", "submission_key": "k-1"})
        assert response.status_code == 422
        assert "Mở lại trang" in response.content.decode()
        assert list(Opinion.objects.values_list("text", flat=True)) == ["Lần đầu."]

    def test_a_refused_submission_releases_its_key(self, world, client_as):
        consultation = open_one(world)
        staff = client_as(world.staff)
        action = reverse("consultation_opinion", args=[consultation.pk])
        staff.post(action, {"text": "   ", "submission_key": "k-2"})  # refused: empty
        assert not IdempotencyKey.objects.exists()
        staff.post(action, {"text": "Đã viết.", "submission_key": "k-2"})
        assert Opinion.objects.count() == 1

    def test_another_users_same_key_is_their_own(self, world, client_as):
        consultation = open_one(world)
        action = reverse("consultation_opinion", args=[consultation.pk])
        for user in (world.staff, world.dept_staff):
            client_as(user).post(action, {"text": "Ý kiến.", "submission_key": "shared"})
        assert Opinion.objects.count() == 2

    def test_every_disposition_form_has_its_own_key(self, world, client_as):
        consultation = open_one(world)
        for text in ("A", "B"):
            services.give_opinion(actor=world.staff, consultation=consultation, text=text)
        head = client_as(world.head)
        head.post(reverse("consultation_close", args=[consultation.pk]), {"reason": EARLY})
        page = head.get(reverse("consultation_dispositions", args=[consultation.pk]))
        keys = re.findall(r'name="submission_key" value="([^"]+)"', page.content.decode())
        assert len(keys) == len(set(keys)) >= 2


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen")
class TestApiIdempotencyKey:
    def test_twenty_posts_with_one_key_give_one_opinion_and_twenty_equal_answers(self, world):
        consultation = open_one(world)
        client = bearer(world.staff)
        url = f"{URL}/{consultation.pk}/opinions"
        responses = [api_post(client, url, {"text": "Góp ý"}, "retry-1") for _ in range(20)]
        assert Opinion.objects.count() == 1
        assert Entry.objects.filter(action=GIVEN).count() == 1
        assert {(r.status_code, r.content) for r in responses} == {(201, responses[0].content)}
        assert responses[0].json()["id"] == Opinion.objects.get().pk
        assert [r.get("Idempotent-Replayed") for r in responses] == [None] + ["true"] * 19

    def test_different_keys_are_different_requests(self, world):
        consultation = open_one(world)
        client = bearer(world.staff)
        url = f"{URL}/{consultation.pk}/opinions"
        for key in ("a", "b", None):
            assert api_post(client, url, {"text": "Góp ý"}, key).status_code == 201
        assert Opinion.objects.count() == 3

    def test_a_key_reused_with_another_body_is_422(self, world):
        consultation = open_one(world)
        client = bearer(world.staff)
        url = f"{URL}/{consultation.pk}/opinions"
        api_post(client, url, {"text": "Góp ý"}, "same")
        response = api_post(client, url, {"text": "Khác"}, "same")
        assert response.status_code == 422
        assert response.json()["code"] == "idempotency_key_reused"
        assert Opinion.objects.count() == 1
        # The same JSON spelled differently is the same request.
        again = client.post(
            url, '{ "text" :  "Góp ý" }', content_type="application/json",
            headers={"Idempotency-Key": "same"},
        )  # fmt: skip
        assert again.status_code == 201
        assert again["Idempotent-Replayed"] == "true"

    def test_a_malformed_key_is_422(self, world):
        consultation = open_one(world)
        url = f"{URL}/{consultation.pk}/opinions"
        response = api_post(bearer(world.staff), url, {"text": "x"}, "k" * 256)
        assert (response.status_code, response.json()["code"]) == (422, "idempotency_key_invalid")
        assert not Opinion.objects.exists()

    def test_a_refusal_is_not_kept_so_the_retry_runs(self, world):
        consultation = open_one(world)
        url = f"{URL}/{consultation.pk}/opinions"
        client = bearer(world.staff)
        assert api_post(client, url, {"text": " "}, "k").status_code == 422
        assert not IdempotencyKey.objects.exists()

    def test_a_key_expires_after_a_day_and_is_purged(self, world, frozen):
        from django.core.management import call_command

        consultation = open_one(world)
        client = bearer(world.staff)
        url = f"{URL}/{consultation.pk}/opinions"
        api_post(client, url, {"text": "Góp ý"}, "old")
        frozen.shift(25 * 60 * 60)
        assert api_post(client, url, {"text": "Góp ý"}, "old").status_code == 201
        assert Opinion.objects.count() == 2  # the expired key no longer holds
        frozen.shift(25 * 60 * 60)
        call_command("purge_idempotency_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert not IdempotencyKey.objects.exists()


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen")
class TestUnchangedDisposition:
    def test_twenty_identical_dispositions_write_one_audit_entry(self, world):
        consultation = open_one(world)
        opinion = services.give_opinion(actor=world.staff, consultation=consultation, text="A")
        services.close_consultation(actor=world.head, consultation=consultation, reason=EARLY)
        client = bearer(world.head)
        url = f"/api/v1/opinions/{opinion.pk}/disposition"
        answer = {"decision": "not_accepted", "explanation": "Trái luật."}
        responses = [api_post(client, url, answer, None) for _ in range(20)]
        assert {r.status_code for r in responses} == {200}
        assert Entry.objects.filter(action=DISPOSED).count() == 1
        changed = {"decision": "partly_accepted", "explanation": "Tiếp thu một phần."}
        assert api_post(client, url, changed, None).status_code == 200
        assert Entry.objects.filter(action=DISPOSED).count() == 2
        opinion.refresh_from_db()
        assert opinion.decision == Decision.PARTLY_ACCEPTED


# --- Requests at once, each on its own connection ----------------------------------------------


@pytest.mark.skipif(
    not threads_share_the_test_database(),
    reason="threads cannot share SQLite's in-memory test database (set DANCHU_SQLITE_TEST_PATH)",
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("frozen")
def test_ten_racing_retries_give_one_opinion(audit_log_flushable: None, member_of: Any) -> None:
    world = make_world(member_of, union=True)
    consultation = open_one(world)
    url = f"{URL}/{consultation.pk}/opinions"
    token = make_token(world.staff)

    def send(_n: int, ready: Callable[[], None]) -> tuple[int, bytes]:
        client = Client(headers={"authorization": f"Bearer {token}"})
        ready()
        response = api_post(client, url, {"text": "Cùng lúc"}, "race")
        return response.status_code, response.content

    answers = at_once(10, send)
    assert Opinion.objects.count() == 1
    assert Entry.objects.filter(action=GIVEN).count() == 1
    assert len(answers) == 10
    assert len(set(answers)) == 1
    assert answers[0][0] == 201

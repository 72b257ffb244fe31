"""The consultations API: every contract path, field and status code."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from danchu.consultations import drafts, queries, services
from danchu.consultations.models import Opinion
from danchu.consultations.tests.conftest import BASE, DRAFT, EARLY, open_one
from danchu.consultations.tests.test_draft_docx import draft_docx
from danchu.disclosures.models import Category, Disclosure
from danchu.people.models import User
from danchu.people.tokens import make_token

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
URL = "/api/v1/consultations"


def client_for(user: User) -> Client:
    return Client(headers={"authorization": f"Bearer {make_token(user)}", "accept-language": "en"})


def post(user: User, url: str, body: Any = None) -> Any:
    return client_for(user).post(url, body or {}, content_type="application/json")


def body(world: Any, **fields: Any) -> dict[str, Any]:
    return {
        "unit_id": world.agency.pk,
        "topic": "democracy_regulation",
        "title": "Dự thảo Quy chế dân chủ",
        "paragraphs": DRAFT,
        "opens_at": BASE.isoformat(),
        "closes_at": (BASE + dt.timedelta(days=9)).isoformat(),
        "union_preview": False,  # open to staff at once (the default is the union's preview)
        **fields,
    }


def docx_form(world: Any, **changes: Any) -> dict[str, Any]:
    """The multipart form of POST /consultations/docx, with a real draft."""
    return {
        "unit_id": world.agency.pk,
        "topic": "internal_rules",
        "title": "Quy chế làm việc",
        "opens_at": BASE.isoformat(),
        "closes_at": (BASE + dt.timedelta(days=9)).isoformat(),
        "draft": SimpleUploadedFile("du-thao.docx", draft_docx()),
        **changes,
    }


class TestCreate:
    def test_created_open_with_numbered_paragraphs(self, world):
        response = post(world.head, URL, body(world))
        assert response.status_code == 201, response.content
        data = response.json()
        assert data["status"] == "open"
        numbers = [p["number"] for p in data["paragraphs"]]
        assert numbers == list(range(1, len(DRAFT)))  # the chapter's title joins its heading
        assert data["paragraphs"][0]["text"] == "Chương I\nQUY ĐỊNH CHUNG"
        assert {"id", "number", "text"} <= set(data["paragraphs"][0])

    def test_by_default_it_goes_to_the_union_for_its_preview(self, world):
        data = body(world)
        del data["union_preview"]
        response = post(world.head, URL, data)
        assert response.status_code == 201, response.content
        assert response.json()["status"] == "union_preview"
        staff_view = client_for(world.staff).get(f"{URL}/{response.json()['id']}")
        assert staff_view.status_code == 404  # staff do not see it during the preview

    def test_the_union_finishes_its_preview_and_the_head_opens_it(self, world):
        data = body(world)
        del data["union_preview"]
        created = post(world.head, URL, data).json()
        url = f"{URL}/{created['id']}"
        assert post(world.head, f"{url}/open").status_code == 409  # the union has not finished
        assert post(world.head, f"{url}/union-preview-done").status_code == 403
        finished = post(world.union, f"{url}/union-preview-done")
        assert finished.status_code == 200, finished.content
        assert finished.json()["status"] == "union_preview"
        opened = post(world.head, f"{url}/open")
        assert opened.status_code == 200, opened.content
        assert opened.json()["status"] == "open"

    def test_a_later_opening_is_planned(self, world):
        later = body(
            world,
            opens_at=(BASE + dt.timedelta(days=1)).isoformat(),
            closes_at=(BASE + dt.timedelta(days=10)).isoformat(),
        )
        assert post(world.head, URL, later).json()["status"] == "planned"

    def test_a_docx_draft_is_uploaded_and_split(self, world):
        form = docx_form(world)
        response = client_for(world.head).post(f"{URL}/docx", form)
        assert response.status_code == 201, response.content
        refs = [p["ref"] for p in response.json()["paragraphs"]]
        assert "Điều 2, khoản 1" in refs
        form["draft"] = SimpleUploadedFile("fake.docx", b"%PDF-1.4 not a docx")
        refused = client_for(world.head).post(f"{URL}/docx", form)
        assert refused.status_code == 422
        assert refused.json()["detail"]

    @pytest.mark.parametrize(
        ("field", "value"),
        [("opens_at", "31/02/2025"), ("closes_at", "not a date"), ("title", "x" * 301)],
    )
    def test_a_bad_field_of_the_docx_form_is_422_not_500(self, world, field, value):
        """Issue 11, finding 3: the form's fields were checked outside the API's validation."""
        form = docx_form(world, **{field: value})
        client = client_for(world.head)
        client.raise_request_exception = False
        response = client.post(f"{URL}/docx", form)
        assert response.status_code == 422
        assert response.json()["code"] == "invalid"
        assert response.json()["errors"][0]["field"] == field

    def test_staff_get_403_and_bad_topics_422(self, world):
        assert post(world.staff, URL, body(world)).status_code == 403
        assert post(world.head, URL, body(world, topic="nope")).status_code == 422
        assert post(world.outsider, URL, body(world)).status_code == 404  # unit not visible


class TestOpinionsAndClosing:
    def test_opinion_then_close_then_409(self, world):
        consultation = open_one(world)
        first = queries.latest_version(consultation).paragraphs.get(number=5)
        url = f"{URL}/{consultation.pk}/opinions"
        response = post(world.staff, url, {"paragraph_id": first.pk, "text": "Đề nghị 10 ngày"})
        assert response.status_code == 201
        assert Opinion.objects.get(pk=response.json()["id"]).paragraph == first
        assert (
            post(world.staff, f"{URL}/{consultation.pk}/close", {"reason": EARLY}).status_code
            == 403
        )
        assert (
            post(world.head, f"{URL}/{consultation.pk}/close", {"reason": EARLY}).status_code == 200
        )
        late = post(world.staff, url, {"text": "Muộn"})
        assert late.status_code == 409
        assert late.json()["code"] == "not_open"

    def test_list_follows_the_plan_and_hides_union_authors(self, world, frozen):
        consultation = open_one(world, visibility="head_only")
        url = f"{URL}/{consultation.pk}/opinions"
        post(world.staff, url, {"text": "Kín", "via_union": True})
        post(world.dept_staff, url, {"text": "Công khai"})
        # Through the union: listed from the next day, with the others of its day.
        assert client_for(world.head).get(url).json()["count"] == 1
        frozen.shift(dt.timedelta(days=1))
        as_head = client_for(world.head).get(url).json()
        assert as_head["count"] == 2
        hidden = next(item for item in as_head["items"] if item["via_union"])
        assert world.staff.person.full_name not in json.dumps(as_head, ensure_ascii=False)
        assert hidden["author"]
        assert client_for(world.staff).get(url).json()["count"] == 0  # only own, none in own name
        assert client_for(world.outsider).get(url).status_code == 404


class TestDispositionAndSynthesis:
    def test_synthesis_is_409_until_every_opinion_has_a_disposition(self, world, client_as):
        consultation = open_one(world)
        opinion = post(world.staff, f"{URL}/{consultation.pk}/opinions", {"text": "Góp ý"}).json()
        post(world.head, f"{URL}/{consultation.pk}/close", {"reason": EARLY})
        refused = post(world.head, f"{URL}/{consultation.pk}/synthesis")
        assert refused.status_code == 409
        answer = {"decision": "accepted", "explanation": "Tiếp thu"}
        disposition = f"/api/v1/opinions/{opinion['id']}/disposition"
        assert post(world.staff, disposition, answer).status_code == 403
        response = post(world.head, disposition, answer)
        assert response.status_code == 200
        assert response.json()["decision"] == "accepted"
        done = post(world.head, f"{URL}/{consultation.pk}/synthesis")
        assert done.status_code == 201, done.content
        disclosure = Disclosure.objects.get(pk=done.json()["disclosure_id"])
        assert disclosure.category == Category.CONSULTATION_OUTCOME
        assert done.json()["document_url"].endswith(
            f"/consultations/{consultation.pk}/synthesis.docx"
        )
        document = client_as(world.staff).get(done.json()["document_url"])
        assert document.status_code == 200
        assert document["Content-Disposition"].startswith("attachment")


class TestDiff:
    def test_paragraph_and_word_level(self, world):
        consultation = open_one(world)
        revised = [text.replace("05 ngày", "10 ngày") for text in DRAFT]
        services.publish_version(
            actor=world.head, consultation=consultation, draft=drafts.split_paragraphs(revised)
        )
        response = client_for(world.staff).get(f"{URL}/{consultation.pk}/diff?from=1&to=2")
        assert response.status_code == 200, response.content
        data = response.json()
        assert (data["from"], data["to"]) == (1, 2)
        assert data["summary"]["changed"] == 1
        changed = next(c for c in data["changes"] if c["op"] == "changed")
        assert {"op": "insert", "text": "10"} in changed["pieces"]
        missing = client_for(world.staff).get(f"{URL}/{consultation.pk}/diff?from=1&to=9")
        assert missing.status_code == 404


@pytest.mark.parametrize("count", [2, 30])
def test_opinion_list_queries_do_not_grow(count, world, django_assert_max_num_queries):
    consultation = open_one(world)
    paragraphs = list(queries.latest_version(consultation).paragraphs.all())
    for number in range(count):
        services.give_opinion(
            actor=world.staff, consultation=consultation,
            paragraph=paragraphs[number % len(paragraphs)], text=f"Ý kiến {number}",
        )  # fmt: skip
    client = client_for(world.head)
    with django_assert_max_num_queries(10):
        response = client.get(f"{URL}/{consultation.pk}/opinions")
    assert response.json()["count"] == count

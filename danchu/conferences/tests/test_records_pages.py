"""The records page, the printable minutes and resolution, and the records API (issue 13)."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document

from danchu.audit.models import Entry
from danchu.conferences import records, records_queries
from danchu.conferences.models import Purpose, Resolution
from danchu.conferences.tests.test_records_services import drafted, secret_motion
from danchu.core.tests.confirming import confirm
from danchu.disclosures.models import Disclosure
from danchu.people.models import User
from danchu.people.tokens import make_token

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
API = "/api/v1"


def api(user: User) -> Client:
    return Client(headers={"authorization": f"Bearer {make_token(user)}", "accept-language": "en"})


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


class TestApi:
    def test_minutes_docx_with_the_bearer_token_the_same_bytes_twice(self, hall):
        vote = secret_motion(hall, agree=7, disagree=3, purpose=Purpose.GENERAL)
        url = f"{API}/conferences/{hall.conference.pk}/minutes.docx"
        first = api(hall.world.staff).get(url)
        assert first.status_code == 200
        assert first["Content-Disposition"].startswith("attachment")
        data = body(first)
        document = Document(io.BytesIO(data))
        text = "\n".join(p.text for p in document.paragraphs)
        assert "BIÊN BẢN" in text
        assert vote.bulletin_digest in text
        assert body(api(hall.head).get(url)) == data  # byte-identical
        assert api(hall.world.outsider).get(url).status_code == 404  # another unit's user

    def test_the_page_download_is_the_api_one(self, hall, client_as):
        url = reverse("conference_minutes_docx", args=[hall.conference.pk])
        page = client_as(hall.world.staff).get(url)
        assert page.status_code == 200
        api_url = f"{API}/conferences/{hall.conference.pk}/minutes.docx"
        assert body(page) == body(api(hall.world.staff).get(api_url))

    def test_resolution_drafted_adopted_and_reviewed_through_the_api(self, hall):
        conference = hall.conference.pk
        assert (
            api(hall.head).get(f"{API}/conferences/{conference}/resolution.docx").status_code == 404
        )
        drafted_ = api(hall.head).post(
            f"{API}/conferences/{conference}/resolution",
            {"text": "Điều 1. Thông qua."},
            content_type="application/json",
        )
        assert drafted_.status_code == 200
        assert drafted_.json()["number"] == ""
        refused = api(hall.head).post(f"{API}/conferences/{conference}/resolution/adopt")
        assert refused.status_code == 409
        assert refused.json()["code"] == "no_vote"
        secret_motion(hall, agree=5, disagree=5)  # exactly 50%: art. 51.2.c "trên 50%"
        refused = api(hall.head).post(f"{API}/conferences/{conference}/resolution/adopt")
        assert refused.status_code == 409
        assert refused.json()["code"] == "not_adopted"
        secret_motion(hall, agree=6, disagree=4)
        adopted = api(hall.head).post(f"{API}/conferences/{conference}/resolution/adopt")
        assert adopted.status_code == 200, adopted.content
        out = adopted.json()
        assert out["number"].startswith("01/NQ-")
        assert Disclosure.objects.filter(pk=out["disclosure_id"]).exists()
        assert [r["period"] for r in out["reviews"]] == [1, 2]
        docx = api(hall.world.staff).get(f"{API}/conferences/{conference}/resolution.docx")
        assert docx.status_code == 200
        assert "NGHỊ QUYẾT" in "\n".join(
            p.text for p in Document(io.BytesIO(body(docx))).paragraphs
        )
        review = out["reviews"][0]["id"]
        url = f"{API}/resolution-reviews/{review}/report"
        assert (
            api(hall.world.outsider)
            .post(url, {"report": "x"}, content_type="application/json")
            .status_code
            == 404
        )
        reported = api(hall.head).post(
            url, {"report": "Đã thực hiện."}, content_type="application/json"
        )
        assert reported.status_code == 200
        assert reported.json()["status"] == "done"

    def test_staff_may_not_draft(self, hall):
        response = api(hall.world.staff).post(
            f"{API}/conferences/{hall.conference.pk}/resolution",
            {"text": "x"},
            content_type="application/json",
        )
        assert response.status_code in (403, 404)
        assert not Resolution.objects.exists()


class TestPages:
    def test_the_records_page_in_vietnamese(self, hall, client_as, django_assert_max_num_queries):
        secret_motion(hall, agree=6, disagree=4, purpose=Purpose.GENERAL)
        client = client_as(hall.head)
        with django_assert_max_num_queries(40):
            page = client.get(reverse("conference_records", args=[hall.conference.pk]))
        assert page.status_code == 200
        text = page.content.decode()
        assert "Hồ sơ hội nghị" in text
        assert "Tải biên bản (.docx)" in text

    def test_another_units_user_gets_404(self, hall, client_as):
        client = client_as(hall.world.outsider)
        for name in ("conference_records", "conference_minutes", "conference_minutes_docx"):
            assert client.get(reverse(name, args=[hall.conference.pk])).status_code == 404

    def test_the_printable_minutes_list_each_vote_and_digest(
        self, hall, client_as, django_assert_max_num_queries
    ):
        votes = [
            secret_motion(hall, agree=6, disagree=4, purpose=Purpose.GENERAL, title=f"Việc {n}")
            for n in range(3)
        ]
        client = client_as(hall.world.staff)
        with django_assert_max_num_queries(25):
            page = client.get(reverse("conference_minutes", args=[hall.conference.pk]))
        text = page.content.decode()
        for vote in votes:
            assert vote.title in text
            assert vote.bulletin_digest in text

    def test_secretary_and_proceedings_through_the_page(self, hall, client_as):
        head = client_as(hall.head)
        pk = hall.conference.pk
        named = head.post(
            reverse("conference_secretary", args=[pk]),
            {"secretary-person_id": str(hall.world.staff.person_id)},
        )
        assert named.status_code == 302
        staff = client_as(hall.world.staff)
        written = staff.post(
            reverse("conference_proceedings", args=[pk]),
            {"proceedings-text": "Khai mạc lúc 8 giờ."},
        )
        assert written.status_code == 302
        hall.conference.refresh_from_db()
        assert hall.conference.secretary_id == hall.world.staff.person_id
        assert hall.conference.proceedings == "Khai mạc lúc 8 giờ."

    def test_adopting_checks_first_and_writes_nothing_until_confirmed(self, hall, client_as):
        drafted(hall)
        secret_motion(hall, agree=6, disagree=4)
        client = client_as(hall.head)
        url = reverse("conference_resolution_adopt", args=[hall.conference.pk])
        entries = Entry.objects.count()
        check = client.post(url)
        assert check.status_code == 200
        assert "6" in check.content.decode()
        assert Entry.objects.count() == entries
        assert not Disclosure.objects.exists()
        done = confirm(client, url, check)
        assert done.status_code == 302
        assert done["Location"] == reverse(
            "conference_resolution_adopted", args=[hall.conference.pk]
        )
        resolution = records_queries.resolution_of(hall.conference)
        assert resolution.adopted_on is not None
        assert Disclosure.objects.count() == 1
        confirmation = client.get(done["Location"])
        assert resolution.number in confirmation.content.decode()

    def test_adoption_refused_on_the_page_when_not_adopted(self, hall, client_as):
        drafted(hall)
        secret_motion(hall, agree=5, disagree=5)
        client = client_as(hall.head)
        response = client.post(
            reverse("conference_resolution_adopt", args=[hall.conference.pk]), follow=True
        )
        assert "trên 50%" in response.content.decode()
        assert not Disclosure.objects.exists()

    def test_staff_may_not_adopt(self, hall, client_as):
        drafted(hall)
        response = client_as(hall.world.staff).post(
            reverse("conference_resolution_adopt", args=[hall.conference.pk])
        )
        assert response.status_code == 404

    def test_the_home_page_shows_the_reviews_to_the_head_and_the_union(self, hall, client_as):
        drafted(hall)
        secret_motion(hall, agree=6, disagree=4)
        records.adopt_resolution(actor=hall.head, conference=hall.conference)
        for user in (hall.head, hall.world.union):
            page = client_as(user).get(reverse("home")).content.decode()
            assert "Báo cáo kiểm điểm việc thực hiện nghị quyết hội nghị" in page
        staff_page = client_as(hall.world.staff).get(reverse("home")).content.decode()
        assert "Báo cáo kiểm điểm việc thực hiện nghị quyết hội nghị" not in staff_page


def test_the_head_reports_a_review_on_the_page(hall, client_as):
    """Art. 52.3: the report is disclosed to all staff and the review is done."""
    drafted(hall)
    secret_motion(hall, agree=6, disagree=4)
    resolution = records.adopt_resolution(actor=hall.head, conference=hall.conference)
    review = records_queries.reviews_of(resolution)[0]
    url = reverse("resolution_review_report", args=[review.pk])
    assert client_as(hall.world.staff).post(url, {"report-report": "x"}).status_code == 404
    empty = client_as(hall.head).post(url, {"report-report": ""})
    assert empty.status_code == 422
    done = client_as(hall.head).post(url, {"report-report": "Đã hoàn thành 9/10 chỉ tiêu."})
    assert done.status_code == 302
    review.refresh_from_db()
    assert review.status == "done"
    assert "9/10 chỉ tiêu" in Disclosure.objects.get(pk=review.disclosure_id).body


def test_reviews_due_is_one_query(hall, django_assert_num_queries):
    drafted(hall)
    secret_motion(hall, agree=6, disagree=4)
    records.adopt_resolution(actor=hall.head, conference=hall.conference)
    records_queries.reviews_due(hall.head)  # the role cache warmed
    with django_assert_num_queries(1):
        assert len(records_queries.reviews_due(hall.head)) == 2

"""Issue 12, nothing typed is lost: a refused opinion comes back in its field with the reason
beside it (the consultation closed meanwhile, or the text was empty), and the page opens on that
field; the same for the union committee's opinion."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.urls import reverse

from danchu.consultations import queries
from danchu.consultations.models import Opinion, UnionOpinion
from danchu.consultations.tests.conftest import open_one

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

LONG = "Đề nghị sửa Điều 2 như sau: " + "thời gian góp ý tính theo ngày làm việc; " * 40


def textarea(page: str, field_id: str) -> str:
    found = re.search(rf'<textarea id="{field_id}"[^>]*>(.*?)</textarea>', page, re.S)
    assert found is not None, f"no field {field_id}"
    return found.group(0)


def paragraph_of(consultation, number: int):
    return queries.latest_version(consultation).paragraphs.get(number=number)


class TestOpinion:
    def test_closed_meanwhile_the_text_comes_back_with_the_reason(self, world, client_as, frozen):
        consultation = open_one(world)
        paragraph = paragraph_of(consultation, 5)
        staff = client_as(world.staff)
        frozen.shift(dt.timedelta(days=10))  # it closed while the opinion was being typed
        response = staff.post(
            reverse("consultation_opinion", args=[consultation.pk]),
            {"paragraph": paragraph.pk, "text": LONG},
        )
        assert response.status_code == 409
        page = response.content.decode()
        field = textarea(page, f"opinion-{paragraph.pk}")
        assert html.unescape(field).count("thời gian góp ý tính theo ngày làm việc") == 40
        error = re.search(r'<p class="field-error" id="[^"]+-error">(.*?)</p>', page, re.S)
        assert error is not None
        assert "Đợt lấy ý kiến này hiện không nhận ý kiến." in error.group(1)  # the reason
        assert "được giữ bên dưới để bạn sao chép" in page
        assert 'aria-invalid="true"' in field
        assert "Gửi</button>" not in page  # nothing to send to any more
        assert not Opinion.objects.exists()

    def test_an_empty_opinion_returns_to_its_field(self, world, client_as):
        consultation = open_one(world)
        paragraph = paragraph_of(consultation, 5)
        response = client_as(world.staff).post(
            reverse("consultation_opinion", args=[consultation.pk]),
            {"paragraph": paragraph.pk, "text": "   "},
        )
        assert response.status_code == 422
        page = response.content.decode()
        field_id = f"opinion-{paragraph.pk}"
        field = textarea(page, field_id)
        assert "autofocus" in field
        assert f'aria-describedby="{field_id}-error"' in field
        assert re.search(
            rf'<p class="field-error" id="{field_id}-error">\s*Vui lòng nhập ý kiến', page
        )
        # The form posts to an address ending in its field's anchor: the browser lands there.
        action = reverse("consultation_opinion", args=[consultation.pk])
        assert f'action="{action}#{field_id}"' in page
        assert paragraph.place in page  # the page of that paragraph, not the top of the draft

    def test_an_empty_opinion_on_the_whole_draft_returns_to_its_field(self, world, client_as):
        consultation = open_one(world)
        response = client_as(world.staff).post(
            reverse("consultation_opinion", args=[consultation.pk]), {"paragraph": "", "text": ""}
        )
        assert response.status_code == 422
        assert "autofocus" in textarea(response.content.decode(), "opinion-all")

    def test_the_detail_page_forms_point_at_their_field(self, world, client_as):
        consultation = open_one(world)
        page = (
            client_as(world.staff)
            .get(reverse("consultation_detail", args=[consultation.pk]))
            .content.decode()
        )
        action = reverse("consultation_opinion", args=[consultation.pk])
        assert f'action="{action}#opinion-all"' in page


class TestUnionOpinion:
    def test_a_refused_union_opinion_keeps_its_text(self, world, client_as):
        consultation = open_one(world)
        too_long = "Công đoàn đề nghị " + "x" * 20_000
        response = client_as(world.union).post(
            reverse("consultation_union_opinion", args=[consultation.pk]), {"text": too_long}
        )
        assert response.status_code == 422
        field = textarea(response.content.decode(), "union-text")
        assert too_long in field
        assert "autofocus" in field
        assert not UnionOpinion.objects.exists()

    def test_an_empty_union_opinion_returns_to_its_field(self, world, client_as):
        consultation = open_one(world)
        response = client_as(world.union).post(
            reverse("consultation_union_opinion", args=[consultation.pk]), {"text": " "}
        )
        assert response.status_code == 422
        page = response.content.decode()
        assert 'aria-describedby="union-text-error"' in textarea(page, "union-text")
        action = reverse("consultation_union_opinion", args=[consultation.pk])
        assert f'action="{action}#union-text"' in page

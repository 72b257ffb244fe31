"""Issue 12, the consultation page: a comment on an article's body is about that article
("Điều 4"), headings take no stance, each paragraph's controls stay folded in a <details>, and
the page says how the consultation ended."""

from __future__ import annotations

import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from danchu.consultations import adoption, drafts, queries, services
from danchu.consultations.models import Decision, Paragraph, Topic
from danchu.consultations.report import synthesis_facts
from danchu.consultations.tests.conftest import EARLY, open_one
from danchu.core.errors import InvalidInput
from danchu.people.tokens import make_token

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

ARTICLES = [
    "Căn cứ Luật Thực hiện dân chủ ở cơ sở;",
    "Chương I",
    "QUY ĐỊNH CHUNG",
    "Điều 4. Trách nhiệm của Thủ trưởng",
    "Thủ trưởng cơ quan công khai quyết toán chi tiêu nội bộ hằng năm.",
    "Điều 5. Thời gian góp ý",
    "1. Thời gian góp ý là 05 ngày làm việc.",
    "- Tính theo ngày làm việc.",
]


def page_of(response) -> str:
    return response.content.decode()


def item(page: str, number: int) -> str:
    """The <li> of paragraph `number` on the page."""
    found = re.search(rf'<li id="p{number}".*?</li>', page, re.S)
    assert found is not None, f"no paragraph {number}"
    return found.group(0)


def on_body(world):
    consultation = open_one(world, draft=drafts.split_paragraphs(ARTICLES))
    body = queries.latest_version(consultation).paragraphs.get(text__startswith="Thủ trưởng")
    return consultation, body


class TestPlaces:
    def test_the_body_of_an_article_is_placed_in_it(self):
        paragraphs = drafts.split_paragraphs(ARTICLES)
        texts = [p.text for p in paragraphs]
        within = dict(zip(texts, drafts.within_refs(paragraphs), strict=True))
        assert within["Căn cứ Luật Thực hiện dân chủ ở cơ sở;"] == ""
        assert within["Thủ trưởng cơ quan công khai quyết toán chi tiêu nội bộ hằng năm."] == (
            "Điều 4"
        )
        assert within["- Tính theo ngày làm việc."] == "Điều 5, khoản 1"
        assert within["Điều 4. Trách nhiệm của Thủ trưởng"] == ""  # it has a ref of its own

    def test_a_comment_on_an_article_body_is_labelled_with_the_article(self, world, client_as):
        consultation, body = on_body(world)
        assert body.place == "Điều 4"
        opinion = services.give_opinion(
            actor=world.staff, consultation=consultation, paragraph=body, text="Nên công khai quý."
        )
        panel = page_of(client_as(world.staff).get(
            reverse("consultation_paragraph", args=[consultation.pk, body.number])
        ))  # fmt: skip
        assert "Điều 4" in panel
        assert f"Ý kiến của bạn về {body.number}" not in panel
        services.close_consultation(actor=world.head, consultation=consultation, reason=EARLY)
        answers = page_of(client_as(world.head).get(
            reverse("consultation_dispositions", args=[consultation.pk])
        ))  # fmt: skip
        card = re.search(rf'<li id="o{opinion.pk}".*?</li>', answers, re.S).group(0)
        assert "Điều 4" in card
        assert "Toàn bộ dự thảo" not in card  # not "about the whole draft"
        facts = synthesis_facts(consultation, number="01/BC", signer=world.head)
        [group] = facts.groups
        assert group.ref == "Điều 4"
        assert not group.whole_draft

    def test_the_api_adds_the_label_and_keeps_the_ref(self, world, client):
        consultation, body = on_body(world)
        services.give_opinion(
            actor=world.staff, consultation=consultation, paragraph=body, text="Ý kiến"
        )
        response = client.get(
            f"/api/v1/consultations/{consultation.pk}/opinions",
            headers={"authorization": f"Bearer {make_token(world.head)}"},
        )
        [row] = response.json()["items"]
        assert row["paragraph_ref"] == ""  # the contract is unchanged
        assert row["paragraph_label"] == "Điều 4"

    def test_drafts_stored_before_are_placed_by_the_migration(self, world):
        _consultation, body = on_body(world)
        Paragraph.objects.update(within=None)
        migration = importlib.import_module(
            "danchu.consultations.migrations.0005_union_preview_and_paragraph_places"
        )
        migration.fill_within(django_apps, None)
        body.refresh_from_db()
        assert body.within == "Điều 4"


class TestControls:
    def test_headings_take_no_stance_and_controls_are_folded(self, world, client_as):
        consultation, body = on_body(world)
        page = page_of(
            client_as(world.staff).get(reverse("consultation_detail", args=[consultation.pk]))
        )
        version = queries.latest_version(consultation)
        article = version.paragraphs.get(ref="Điều 4")
        chapter = version.paragraphs.get(kind="chapter")
        assert 'value="agree"' not in item(page, article.number)  # an article's title
        assert 'value="agree"' not in item(page, chapter.number)
        body_item = item(page, body.number)
        assert 'value="agree"' in body_item
        folded = re.search(r"<details class=\"para-tools\".*?</details>", body_item, re.S)
        assert folded is not None
        assert 'value="agree"' in folded.group(0)  # the buttons are inside the fold
        assert "<summary>" in folded.group(0)
        assert "Góp ý về Điều 4" in folded.group(0)
        assert f'hx-get="/consultations/{consultation.pk}/paragraphs/{body.number}/"' in body_item
        assert " open" not in folded.group(0).split(">", 1)[0]  # folded until opened

    def test_a_stance_on_a_heading_is_refused(self, world):
        consultation, _body = on_body(world)
        article = queries.latest_version(consultation).paragraphs.get(ref="Điều 4")
        with pytest.raises(InvalidInput):
            services.set_stance(actor=world.staff, paragraph=article, stance="agree")

    def test_the_panel_still_loads_with_htmx(self, world, client_as):
        consultation, body = on_body(world)
        url = reverse("consultation_paragraph", args=[consultation.pk, body.number])
        panel = page_of(client_as(world.staff).get(url, HTTP_HX_REQUEST="true"))
        assert "<html" not in panel
        assert 'name="text"' in panel


class TestHowItEnded:
    def finished(self, world):
        consultation = open_one(world, topic=Topic.INTERNAL_RULES)
        opinion = services.give_opinion(actor=world.staff, consultation=consultation, text="A")
        services.close_consultation(actor=world.head, consultation=consultation, reason=EARLY)
        services.dispose_opinion(
            actor=world.head, opinion=opinion, decision=Decision.ACCEPTED, explanation=""
        )
        adoption.publish_synthesis(actor=world.head, consultation=consultation)
        return consultation

    def test_after_the_synthesis_the_page_says_so(self, world, client_as):
        consultation = self.finished(world)
        url = reverse("consultation_detail", args=[consultation.pk])
        for user in (world.head, world.staff):
            page = page_of(client_as(user).get(url))
            assert "báo cáo tổng hợp ý kiến đã công bố ngày 05/03/2025" in page
            assert reverse("consultation_synthesis", args=[consultation.pk]) in page
            assert "chưa kết thúc" not in page

    def test_after_adoption_the_page_links_the_regulation(self, world, client_as):
        consultation = self.finished(world)
        regulation = adoption.adopt_regulation(
            actor=world.head,
            consultation=consultation,
            document_number="15/QĐ-SNV",
            signed_on=consultation.opens_at.date(),
            effective_from=consultation.opens_at.date(),
        )
        page = page_of(
            client_as(world.staff).get(reverse("consultation_detail", args=[consultation.pk]))
        )
        assert "quy chế đã được ban hành ngày 05/03/2025 (số 15/QĐ-SNV)" in page
        assert reverse("regulation_detail", args=[regulation.pk]) in page
        assert "chưa kết thúc" not in page

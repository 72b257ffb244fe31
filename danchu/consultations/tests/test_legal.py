"""The legal corrections of issue 10, each with the article it checks (Law 10/2022/QH15)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from danchu.audit.models import Entry
from danchu.consultations import adoption, clock, drafts, queries, rules, services, union
from danchu.consultations.errors import ReasonRequired, UnionOpinionOutdated
from danchu.consultations.models import Consultation, Decision, Topic, UnitRules
from danchu.consultations.report import synthesis_facts
from danchu.consultations.synthesis_doc import counts, intro_lines
from danchu.consultations.tests.conftest import BASE, DRAFT, EARLY, open_one
from danchu.consultations.tests.test_adoption import adopt
from danchu.consultations.tests.test_api import URL, post
from danchu.core.tests.confirming import check_then_confirm
from danchu.facts.models import Fact

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


class TestClosingEarly:
    """Art. 55.1 with the unit's democracy regulation: the period promised to staff is cut only
    with a reason that is kept, shown, printed and counted."""

    def test_the_api_refuses_an_early_close_without_a_reason(self, world):
        consultation = open_one(world)
        for body in (None, {"reason": "  "}):
            response = post(world.head, f"{URL}/{consultation.pk}/close", body)
            assert response.status_code == 422
            assert response.json()["code"] == "reason_required"
        assert Consultation.objects.get().closed_at is None

    def test_the_reason_is_audited_returned_and_marks_the_fact_shortened(self, world):
        consultation = open_one(world)
        response = post(world.head, f"{URL}/{consultation.pk}/close", {"reason": EARLY})

        assert response.status_code == 200
        assert response.json()["early_close_reason"] == EARLY
        entry = Entry.objects.get(action="consultations.closed")
        assert entry.changes == {"shortened": True, "reason": EARLY}
        fact = Fact.objects.get(kind="consultation.closed")
        assert fact.data["shortened"] is True

    def test_closing_on_time_needs_no_reason_and_is_not_shortened(self, world, frozen):
        consultation = open_one(world)
        frozen.move_to(consultation.closes_at - dt.timedelta(seconds=1))
        services.give_opinion(actor=world.staff, consultation=consultation, text="A")
        assert clock.advance(now=consultation.closes_at)["closed"] == 1
        assert Fact.objects.get(kind="consultation.closed").data["shortened"] is False
        assert Consultation.objects.get().early_close_reason is None

    def test_the_service_refuses_without_a_reason(self, world):
        consultation = open_one(world)
        with pytest.raises(ReasonRequired):
            services.close_consultation(actor=world.head, consultation=consultation)

    def test_the_page_asks_for_the_reason_and_shows_it(self, world, client_as):
        consultation = open_one(world)
        head = client_as(world.head)
        url = reverse("consultation_close", args=[consultation.pk])
        head.post(url, {"reason": ""})
        assert Consultation.objects.get().closed_at is None
        check_then_confirm(head, url, {"reason": EARLY})
        page = head.get(reverse("consultation_detail", args=[consultation.pk]))
        assert EARLY in page.content.decode()

    def test_the_synthesis_report_prints_the_reason(self, world):
        consultation = open_one(world)
        services.close_consultation(actor=world.head, consultation=consultation, reason=EARLY)
        consultation.refresh_from_db()
        facts = synthesis_facts(consultation, number="01/BC-SNV", signer=world.head)
        printed = " ".join(intro_lines(facts))
        assert EARLY in printed
        assert f"{consultation.closes_at.astimezone(BASE.tzinfo):%d/%m/%Y}" in printed


class TestUnionOpinionOnTheAdoptedVersion:
    """Art. 55.2: the union gives its opinion on the democracy regulation before it is issued —
    on the text being issued, not an earlier draft."""

    def test_an_opinion_on_version_1_does_not_let_version_3_be_adopted(self, world):
        consultation = open_one(world)
        first = services.record_union_opinion(
            actor=world.union, consultation=consultation, text="Ổn"
        )
        for days in ("10 ngày", "15 ngày"):
            revised = [text.replace("05 ngày", days) for text in DRAFT]
            services.publish_version(
                actor=world.head, consultation=consultation, draft=drafts.split_paragraphs(revised)
            )
        services.close_consultation(actor=world.head, consultation=consultation, reason=EARLY)
        # Art. 55.1: the head answers the union's opinion too before the synthesis.
        union.dispose_union_opinion(
            actor=world.head, union_opinion=first, decision="accepted", explanation=""
        )
        adoption.publish_synthesis(actor=world.head, consultation=consultation)

        with pytest.raises(UnionOpinionOutdated) as refused:
            adopt(world, consultation)
        assert refused.value.code == "union_opinion_outdated"

        services.record_union_opinion(actor=world.union, consultation=consultation, text="Ổn")
        assert adopt(world, consultation).version.number == 3


class TestSynthesisCounts:
    """Art. 55.1 (reported by art. 46 category 10): an opinion on a paragraph without a number
    (a heading) is an opinion on a paragraph, not on the whole draft."""

    def test_an_unnumbered_paragraph_counts_as_a_paragraph(self, world):
        preamble = ["Căn cứ Luật Thực hiện dân chủ ở cơ sở;", *DRAFT]
        consultation = open_one(world, draft=drafts.split_paragraphs(preamble))
        heading = queries.latest_version(consultation).paragraphs.get(number=1)
        assert heading.ref == ""  # no number: "Căn cứ …"
        services.give_opinion(
            actor=world.staff, consultation=consultation, paragraph=heading, text="Đổi tên"
        )
        services.give_opinion(actor=world.staff, consultation=consultation, text="Chung")
        services.close_consultation(actor=world.head, consultation=consultation, reason=EARLY)
        for opinion in consultation.opinions.all():
            services.dispose_opinion(
                actor=world.head, opinion=opinion, decision=Decision.ACCEPTED, explanation=""
            )
        facts = synthesis_facts(consultation, number="01/BC-SNV", signer=world.head)
        assert counts(facts)["total"] == 2
        assert counts(facts)["paragraphs_with_opinions"] == 1
        assert [group.whole_draft for group in facts.groups] == [True, False]


class TestLabelsAndRules:
    def test_art_53_topic_5_carries_the_laws_full_wording(self):
        with translation.override("vi"):
            label = str(Topic.ORGANISATION_METHODS.label)
        assert "quan liêu, phiền hà, sách nhiễu Nhân dân" in label

    def test_the_default_minimum_period_is_the_units_rule_default(self, world):
        # No minimum in art. 55; the default (5 working days) stands until the unit sets one.
        assert queries.min_working_days(world.agency) == rules.DEFAULT_MIN_WORKING_DAYS == 5
        UnitRules.objects.create(unit=world.agency, min_working_days=7)
        assert queries.min_working_days(world.dept) == 7

    def test_the_form_proposes_the_default_minimum_period(self, world, client_as):
        page = client_as(world.head).get(reverse("consultation_new"))
        form = page.context["form"]
        closes = form.initial["closes_at"]
        assert (closes.date() - BASE.date()).days == 7  # Wed + 5 working days = next Wed

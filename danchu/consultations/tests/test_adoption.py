"""Synthesis, adoption and provisions: the end of a consultation."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from docx import Document

from danchu.consultations import adoption, queries, regulations, services
from danchu.consultations.errors import (
    NotClosed,
    OpinionsWithoutDisposition,
    UnionOpinionMissing,
    WrongState,
)
from danchu.consultations.models import (
    Decision,
    Modality,
    RegulationStatus,
    Status,
    Subject,
    Topic,
)
from danchu.consultations.tests.conftest import open_one
from danchu.disclosures.models import Category, Disclosure
from danchu.facts.models import Fact
from danchu.notifications.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
SIGNED = dt.date(2025, 3, 5)


def closed_with_answers(world, **fields):
    consultation = open_one(world, **fields)
    first = queries.latest_version(consultation).paragraphs.get(number=5)
    mine = services.give_opinion(
        actor=world.staff, consultation=consultation, paragraph=first, text="Đề nghị 10 ngày."
    )
    hidden = services.give_opinion(
        actor=world.dept_staff, consultation=consultation, text="Góp ý chung", via_union=True
    )
    services.close_consultation(actor=world.head, consultation=consultation)
    services.dispose_opinion(
        actor=world.head, opinion=mine, decision=Decision.NOT_ACCEPTED,
        explanation="Giữ 05 ngày theo quy định của Bộ.",
    )  # fmt: skip
    services.dispose_opinion(
        actor=world.head, opinion=hidden, decision=Decision.ACCEPTED, explanation=""
    )
    return consultation


def adopt(world, consultation, **fields):
    values = {"document_number": "15/QĐ-SNV", "signed_on": SIGNED, "effective_from": SIGNED}
    return adoption.adopt_regulation(actor=world.head, consultation=consultation, **values | fields)


class TestSynthesis:
    def test_refused_before_closing_and_while_an_opinion_waits(self, world):
        consultation = open_one(world)
        services.give_opinion(actor=world.staff, consultation=consultation, text="A")
        with pytest.raises(NotClosed):
            adoption.publish_synthesis(actor=world.head, consultation=consultation)
        services.close_consultation(actor=world.head, consultation=consultation)
        with pytest.raises(OpinionsWithoutDisposition):
            adoption.publish_synthesis(actor=world.head, consultation=consultation)
        assert adoption.problems_before_synthesis(consultation)
        assert not Disclosure.objects.exists()

    def test_report_is_disclosed_with_every_opinion_and_no_union_author(
        self, world, django_capture_on_commit_callbacks
    ):
        consultation = closed_with_answers(world)
        with pytest.raises(PermissionDenied):
            adoption.publish_synthesis(actor=world.union, consultation=consultation)
        with django_capture_on_commit_callbacks(execute=True):
            synthesis = adoption.publish_synthesis(actor=world.head, consultation=consultation)
        notified = Notification.objects.filter(kind="consultation.synthesis_published")
        assert set(notified.values_list("recipient", flat=True)) >= {world.staff.pk}
        disclosure = Disclosure.objects.get(pk=synthesis.disclosure_id)
        assert disclosure.category == Category.CONSULTATION_OUTCOME
        assert disclosure.attachments.count() == 1
        text = "\n".join(
            cell.text
            for table in Document(io.BytesIO(synthesis.document.read())).tables
            for row in table.rows
            for cell in row.cells
        )
        assert "Đề nghị 10 ngày." in text
        assert "Giữ 05 ngày theo quy định của Bộ." in text
        assert "Không tiếp thu" in text
        assert world.dept_staff.person.full_name not in text
        assert synthesis.number.endswith("/BC-STC")  # the report of Sở Tài chính
        consultation.refresh_from_db()
        assert consultation.status == Status.SYNTHESISED
        assert Fact.objects.filter(kind="consultation.synthesis_published").exists()

    def test_a_failed_synthesis_leaves_no_files(self, world, settings, monkeypatch):
        """The report and the disclosure's copy of it are both stored before the last steps; a
        failure there removes them with the rolled-back rows."""
        consultation = closed_with_answers(world)

        def fail(*args, **kwargs):
            raise RuntimeError("notifications unavailable")

        monkeypatch.setattr(services, "notify_consulted", fail)
        with pytest.raises(RuntimeError):
            adoption.publish_synthesis(actor=world.head, consultation=consultation)
        assert not Disclosure.objects.exists()
        assert [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()] == []


class TestAdoption:
    def test_the_democracy_regulation_needs_the_unions_opinion(self, world):
        consultation = closed_with_answers(world)
        adoption.publish_synthesis(actor=world.head, consultation=consultation)
        with pytest.raises(UnionOpinionMissing):
            adopt(world, consultation)
        services.record_union_opinion(actor=world.union, consultation=consultation, text="Nhất trí")
        regulation = adopt(world, consultation)
        assert regulation.status == RegulationStatus.IN_FORCE
        assert regulation.version == queries.latest_version(consultation)

    def test_other_topics_do_not_and_a_newer_regulation_supersedes(self, world):
        first = closed_with_answers(world, topic=Topic.INTERNAL_SPENDING)
        adoption.publish_synthesis(actor=world.head, consultation=first)
        old = adopt(world, first)
        second = closed_with_answers(world, topic=Topic.INTERNAL_SPENDING, title="Sửa đổi")
        adoption.publish_synthesis(actor=world.head, consultation=second)
        new = adopt(world, second, document_number="20/QĐ-SNV")
        old.refresh_from_db()
        assert old.status == RegulationStatus.SUPERSEDED
        assert new.supersedes == old
        assert set(regulations.visible_regulations(world.staff)) == {old, new}

    def test_only_after_the_synthesis(self, world):
        consultation = closed_with_answers(world, topic=Topic.WORK_PLAN)
        with pytest.raises(WrongState):
            adopt(world, consultation)


class TestProvisions:
    def test_tagged_provisions_answer_what_i_must_and_may_do(self, world):
        consultation = closed_with_answers(world, topic=Topic.INTERNAL_RULES)
        adoption.publish_synthesis(actor=world.head, consultation=consultation)
        regulation = adopt(world, consultation)
        paragraph = regulation.version.paragraphs.get(number=5)
        with pytest.raises(PermissionDenied):
            adoption.tag_provision(
                actor=world.staff, regulation=regulation, paragraph=paragraph,
                modality=Modality.MUST, subject=Subject.STAFF,
            )  # fmt: skip
        adoption.tag_provision(
            actor=world.head, regulation=regulation, paragraph=paragraph,
            modality=Modality.MAY, subject=Subject.STAFF,
        )  # fmt: skip
        duties = list(regulations.duties(world.staff, subject=Subject.STAFF))
        assert [d.paragraph for d in duties] == [paragraph]
        assert not regulations.duties(world.outsider, subject=Subject.STAFF).exists()
        assert regulations.subject_of(world.head) == Subject.HEAD

"""The synthesis report is written before the transaction opens (issue 11, finding 2: no request
holds the write lock for long work), and written again if an answer changed meanwhile."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.db import connection
from docx import Document

from danchu.consultations import adoption, services
from danchu.consultations.models import Decision
from danchu.consultations.tests.test_adoption import closed_with_answers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def test_the_report_is_written_outside_the_transaction(world, monkeypatch):
    consultation = closed_with_answers(world)
    outside = len(connection.atomic_blocks)  # the test's own transaction
    depths: list[int] = []
    build = adoption.build_docx

    def watched(facts: Any) -> bytes:
        depths.append(len(connection.atomic_blocks))
        return build(facts)

    monkeypatch.setattr(adoption, "build_docx", watched)
    adoption.publish_synthesis(actor=world.head, consultation=consultation)
    assert depths == [outside]


def test_an_answer_changed_meanwhile_is_in_the_published_report(world, monkeypatch):
    consultation = closed_with_answers(world)
    opinion = consultation.opinions.get(text="Đề nghị 10 ngày.")
    build = adoption.build_docx

    def meanwhile(facts: Any) -> bytes:
        monkeypatch.setattr(adoption, "build_docx", build)
        services.dispose_opinion(
            actor=world.head,
            opinion=opinion,
            decision=Decision.ACCEPTED,
            explanation="Đã sửa: tiếp thu.",
        )
        return build(facts)

    monkeypatch.setattr(adoption, "build_docx", meanwhile)
    synthesis = adoption.publish_synthesis(actor=world.head, consultation=consultation)
    document = Document(io.BytesIO(synthesis.document.read()))
    text = "\n".join(cell.text for t in document.tables for row in t.rows for cell in row.cells)
    assert "Đã sửa: tiếp thu." in text
    assert "Giữ 05 ngày theo quy định của Bộ." not in text

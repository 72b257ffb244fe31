"""The facts of a consultation's synthesis report, read from the database for `synthesis_doc`.

The report is an official document, so its text is Vietnamese whatever the page language.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone, translation

from danchu.consultations import queries
from danchu.consultations.models import Consultation, ConsultationChannel, Opinion, Synthesis
from danchu.consultations.synthesis_doc import (
    UNION_COMMITTEE,
    OpinionLine,
    ParagraphGroup,
    SynthesisFacts,
)
from danchu.people.models import User
from danchu.people.signers import signer_for

EVERYONE = "Toàn thể cán bộ, công chức, viên chức, người lao động"


def default_number(consultation: Consultation) -> str:
    year = timezone.localdate().year
    issued = Synthesis.objects.filter(
        consultation__unit=consultation.unit, published_at__year=year
    ).count()
    return f"{issued + 1:02d}/BC-{consultation.unit.initials}"


def synthesis_facts(
    consultation: Consultation, *, number: str, signer: User | None
) -> SynthesisFacts:
    signed = signer_for(consultation.unit, signer, on=timezone.localdate())
    with translation.override("vi"):
        opinions = list(queries.with_authors(consultation.opinions.all()))
        audience = list(consultation.audience_units.all())
        consulted = (
            ", ".join(unit.name for unit in audience)
            if audience
            else f"{EVERYONE} của {consultation.unit.name}"
        )
        return SynthesisFacts(
            parent_body=consultation.unit.governing_body,
            issuing_body=consultation.unit.name,
            number=number.strip() or default_number(consultation),
            place=settings.DANCHU_PLACE_NAME,
            day=timezone.localdate(),
            consultation_title=consultation.title,
            topic_label=consultation.topic_label,
            opens=timezone.localdate(consultation.opens_at),
            closes=timezone.localdate(consultation.closed_at or consultation.closes_at),
            consulted=consulted,
            channels=tuple(str(ConsultationChannel(code).label) for code in consultation.channels),
            groups=(*_union_groups(consultation), *_groups(opinions)),
            # Decree 30/2020: the signer's real title (a deputy's "KT." line is not printed here).
            signer_title=signed.title,
            signer_name=signed.name,
            recipients=("Công đoàn cơ quan", "Các phòng, đơn vị thuộc cơ quan", "Lưu: VT"),
            planned_closes=timezone.localdate(consultation.closes_at),
            early_close_reason=consultation.early_close_reason or "",
        )


def _groups(opinions: list[Opinion]) -> tuple[ParagraphGroup, ...]:
    """Opinions on the whole draft first, then by paragraph in the order of the draft."""
    by_paragraph: dict[Any, list[Opinion]] = {}
    for opinion in opinions:
        by_paragraph.setdefault(opinion.paragraph, []).append(opinion)
    ordered = sorted(
        by_paragraph.items(),
        key=lambda item: (item[0] is not None, _position(item[0])),
    )
    return tuple(
        ParagraphGroup(
            ref=paragraph.place if paragraph else "",
            text=paragraph.text if paragraph else "",
            opinions=tuple(_line(opinion) for opinion in group),
            whole_draft=paragraph is None,
        )
        for paragraph, group in ordered
    )


def _union_groups(consultation: Consultation) -> tuple[ParagraphGroup, ...]:
    """The union committee's opinions, one group (art. 55: answered and reported as all)."""
    rows = queries.union_opinions(consultation)
    if not rows:
        return ()
    lines = tuple(
        OpinionLine(
            author=f"{UNION_COMMITTEE} (dự thảo lần {row.version.number})",
            text=row.text,
            decision=row.decision,
            explanation=row.explanation,
        )
        for row in rows
    )
    return (ParagraphGroup(ref="", text="", opinions=lines, union=True),)


def _position(paragraph: Any) -> tuple[int, int]:
    return (paragraph.version.number, paragraph.number) if paragraph else (0, 0)


def _line(opinion: Opinion) -> OpinionLine:
    return OpinionLine(
        author=queries.author_label(opinion),
        text=opinion.text,
        decision=opinion.decision,
        explanation=opinion.explanation,
    )

"""A draft's paragraphs as the consultation page shows them to one reader: frozen views of plain
values, so each paragraph's cached HTML is keyed by everything it shows (danchu.core.fragments)
and can show nothing else."""

from __future__ import annotations

from dataclasses import dataclass

from danchu.consultations.models import Paragraph
from danchu.consultations.queries import ShownOpinion


@dataclass(frozen=True)
class Stances:
    agree: int = 0
    disagree: int = 0


@dataclass(frozen=True)
class ShownParagraph:
    pk: int
    number: int
    level: int
    kind: str
    text: str
    place: str  # "Điều 4, khoản 2": what the paragraph's comments are about
    is_heading: bool  # a heading or an article's title: no stance on it
    shown_opinions: tuple[ShownOpinion, ...]
    opinion_count: int
    can_comment: bool
    panel_url: str
    stance_counts: Stances | None  # None: nobody has taken a stance
    my_stance: str


@dataclass(frozen=True)
class Reading:
    """What one reader may see and do on the page, and what the page has read for them."""

    can_comment: bool
    can_read: bool
    panel_base: str
    counts: dict[int | None, int]
    shown: dict[int | None, list[ShownOpinion]]
    stances: dict[int, dict[str, int]]
    mine: dict[int, str]


def paragraphs_shown(paragraphs: list[Paragraph], reading: Reading) -> list[ShownParagraph]:
    views = []
    for paragraph in paragraphs:
        stances = reading.stances.get(paragraph.pk)
        views.append(
            ShownParagraph(
                pk=paragraph.pk,
                number=paragraph.number,
                level=paragraph.level,
                kind=paragraph.kind,
                text=paragraph.text,
                place=paragraph.place,
                is_heading=paragraph.is_heading,
                shown_opinions=tuple(reading.shown.get(paragraph.pk, []))
                if reading.can_read
                else (),
                opinion_count=reading.counts.get(paragraph.pk, 0) if reading.can_read else 0,
                can_comment=reading.can_comment,
                panel_url=f"{reading.panel_base}{paragraph.number}/",
                stance_counts=Stances(**stances) if stances else None,
                my_stance=reading.mine.get(paragraph.pk, ""),
            )
        )
    return views

"""Reads of regulations in force and their provisions, scoped like consultations."""

from __future__ import annotations

from django.db.models import QuerySet

from danchu.consultations import queries
from danchu.consultations.models import Paragraph, Provision, Regulation, RegulationStatus
from danchu.people.models import AnyUser


def visible_regulations(user: AnyUser) -> QuerySet[Regulation]:
    """Regulations of the consultations the user sees, in force first."""
    consultations = queries.visible_consultations(user)
    return (
        Regulation.objects.filter(consultation__in=consultations)
        .select_related("unit", "consultation", "version")
        .order_by("status", "-effective_from", "-pk")
    )


def duties(user: AnyUser, *, subject: str) -> QuerySet[Provision]:
    """ "What I must do and may do": tagged provisions of regulations in force."""
    in_force = visible_regulations(user).filter(status=RegulationStatus.IN_FORCE)
    return (
        Provision.objects.filter(regulation__in=in_force, subject=subject)
        .select_related("regulation", "paragraph")
        .order_by("modality", "regulation__title", "paragraph__number")
    )


def paragraph_of(regulation: Regulation, pk: int) -> Paragraph | None:
    """A paragraph of the adopted text, or None."""
    return regulation.version.paragraphs.filter(pk=pk).first()


def tagged_paragraphs(regulation: Regulation) -> list[Paragraph]:
    paragraphs = list(queries.paragraphs_of(regulation.version))
    tags: dict[int, list[Provision]] = {}
    for provision in regulation.provisions.all():
        tags.setdefault(provision.paragraph_id, []).append(provision)
    for paragraph in paragraphs:
        paragraph.tags = tags.get(paragraph.pk, [])  # type: ignore[attr-defined]
    return paragraphs

"""Reads of regulations in force and their provisions, scoped like consultations."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from danchu.consultations import queries
from danchu.consultations.models import Paragraph, Provision, Regulation, RegulationStatus, Subject
from danchu.people.models import Role
from danchu.people.permissions import scopes_of


def visible_regulations(user: Any) -> QuerySet[Regulation]:
    """Regulations of the consultations the user sees, in force first."""
    consultations = queries.visible_consultations(user)
    return (
        Regulation.objects.filter(consultation__in=consultations)
        .select_related("unit", "consultation", "version")
        .order_by("status", "-effective_from", "-pk")
    )


def subject_of(user: Any) -> str:
    """Whom the reader's duties concern: the head reads the head's, everyone else staff's."""
    if any(scope.role == Role.HEAD for scope in scopes_of(user)):
        return Subject.HEAD
    return Subject.STAFF


def duties(user: Any, *, subject: str) -> QuerySet[Provision]:
    """ "What I must do and may do": tagged provisions of regulations in force."""
    in_force = visible_regulations(user).filter(status=RegulationStatus.IN_FORCE)
    return (
        Provision.objects.filter(regulation__in=in_force, subject=subject)
        .select_related("regulation", "paragraph")
        .order_by("modality", "regulation__title", "paragraph__number")
    )


def tagged_paragraphs(regulation: Regulation) -> list[Paragraph]:
    paragraphs = list(queries.paragraphs_of(regulation.version))
    tags: dict[int, list[Provision]] = {}
    for provision in regulation.provisions.all():
        tags.setdefault(provision.paragraph_id, []).append(provision)
    for paragraph in paragraphs:
        paragraph.tags = tags.get(paragraph.pk, [])  # type: ignore[attr-defined]
    return paragraphs

"""What every consultation page needs: the consultation the reader may see (else 404), the one
the reader manages (else 404), and the paragraph-link base."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse

from danchu.consultations import permissions, queries
from danchu.consultations.models import Consultation, Opinion, Paragraph
from danchu.people.models import User


def user(request: HttpRequest) -> User:
    """The signed-in user (every page that writes is behind `login_required`)."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def visible(request: HttpRequest, pk: int) -> Consultation:
    return get_object_or_404(queries.visible_consultations(request.user), pk=pk)


def managed(request: HttpRequest, pk: int) -> Consultation:
    consultation = visible(request, pk)
    if not permissions.can_manage(request.user, consultation):
        raise Http404
    return consultation


def paragraph(consultation: Consultation, number: int) -> Paragraph:
    """Paragraph `number` of the current version, else 404."""
    found = queries.paragraph_numbered(consultation, number)
    if found is None:
        raise Http404
    return found


def labelled(opinions: list[Opinion]) -> list[Opinion]:
    for opinion in opinions:
        opinion.author_label = queries.author_label(opinion)  # type: ignore[attr-defined]
    return opinions


def paragraph_base(consultation: Consultation) -> str:
    return reverse("consultation_paragraph", args=[consultation.pk, 0]).removesuffix("0/")

"""What consultations tell the people consulted: opening, closing soon, closed, synthesis."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from danchu.consultations import queries
from danchu.consultations.models import Consultation
from danchu.facts.services import emit
from danchu.notifications.services import notify


def announce_opening(consultation: Consultation) -> None:
    emit(
        kind="consultation.opened",
        unit=consultation.unit,
        on=timezone.localdate(consultation.opens_at),
        target=consultation,
        data={"topic": consultation.topic},
    )
    notify_consulted(consultation, "consultation.opened")


def ask_union_preview(consultation: Consultation) -> None:
    """Tell the union committee a draft waits for its preview (staff are told at the opening)."""
    users = queries.union_users(consultation)
    params = {"title": consultation.title[:200]}
    url = reverse("consultation_detail", args=[consultation.pk])
    transaction.on_commit(
        lambda: notify(recipients=users, code="consultation.union_preview", params=params, url=url)
    )


def notify_consulted(consultation: Consultation, code: str) -> None:
    """Tell the people consulted; `code` names the message (danchu.notifications.messages),
    rendered in each reader's language."""
    users = queries.consulted_users(consultation)
    params = {"title": consultation.title[:200]}
    url = reverse("consultation_detail", args=[consultation.pk])
    transaction.on_commit(lambda: notify(recipients=users, code=code, params=params, url=url))

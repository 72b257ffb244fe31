"""What consultations tell the people consulted: opening, closing soon, closed, synthesis."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

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
    notify_consulted(consultation, "consultation.opened", _("Your opinion is asked: %(title)s"))


def ask_union_preview(consultation: Consultation) -> None:
    """Tell the union committee a draft waits for its preview (staff are told at the opening)."""
    users = queries.union_users(consultation)
    text = _("A draft waits for the union committee's preview: %(title)s") % {
        "title": consultation.title
    }
    url = reverse("consultation_detail", args=[consultation.pk])
    transaction.on_commit(
        lambda: notify(recipients=users, kind="consultation.union_preview", message=text, url=url)
    )


def notify_consulted(consultation: Consultation, kind: str, message: str) -> None:
    users = queries.consulted_users(consultation)
    text = message % {"title": consultation.title}
    url = reverse("consultation_detail", args=[consultation.pk])
    transaction.on_commit(lambda: notify(recipients=users, kind=kind, message=text, url=url))

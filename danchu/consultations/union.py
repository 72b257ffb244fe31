"""The union committee's part in a consultation (Law 10/2022/QH15 art. 55.2): its preview of the
plan and the draft before staff see it, and the head's answer to its opinion (art. 55.1).

A new consultation waits in `union_preview` (unless the head chose to skip it): the union reads
the draft, may record its opinion, and says it has finished (or that it waives the preview).
Only then does the head open it to staff; the clock never does (docs/consultations.md).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu import audit
from danchu.consultations import notices, permissions, queries, services
from danchu.consultations.errors import WrongState
from danchu.consultations.models import Consultation, Status, UnionOpinion
from danchu.core.workdays import add_working_days, working_days_between
from danchu.people.models import User


class PreviewNotFinished(WrongState):
    def __init__(self) -> None:
        super().__init__(_("The union committee has not finished its preview of the draft yet."))


class NotInPreview(WrongState):
    def __init__(self) -> None:
        super().__init__(_("This consultation is not waiting for the union's preview."))


def _locked(consultation: Consultation) -> Consultation:
    return Consultation.objects.select_for_update().select_related("unit").get(pk=consultation.pk)


@transaction.atomic
def finish_preview(*, actor: User, consultation: Consultation) -> Consultation:
    """The union committee has read the plan and the draft (with or without an opinion of its
    own: finishing without one waives the preview). Saying it twice changes nothing."""
    consultation = _locked(consultation)
    if not permissions.speaks_for_union(actor, consultation):
        raise PermissionDenied
    if consultation.status != Status.UNION_PREVIEW:
        raise NotInPreview
    if consultation.union_previewed_at is not None:
        return consultation
    consultation.union_previewed_at = timezone.now()
    consultation.save(update_fields=["union_previewed_at"])
    audit.record(
        actor=actor,
        action="consultations.union_preview_finished",
        target=consultation,
        unit=consultation.unit_id,
    )
    return consultation


@transaction.atomic
def open_to_staff(*, actor: User, consultation: Consultation) -> Consultation:
    """The head opens the draft to staff once the union has finished its preview: at once if
    the planned opening has come, else at it (the clock). A period cut short by the wait is
    moved so that staff still have the unit's minimum of working days."""
    consultation = _locked(consultation)
    if not permissions.can_manage(actor, consultation):
        raise PermissionDenied
    if consultation.status != Status.UNION_PREVIEW:
        raise NotInPreview
    if consultation.union_previewed_at is None:
        raise PreviewNotFinished
    now = timezone.now()
    changes = {}
    if consultation.opens_at < now:
        consultation.opens_at = now
        closes_at = _with_minimum(consultation, now)
        if closes_at != consultation.closes_at:
            changes["closes_at"] = closes_at.isoformat()
            consultation.closes_at = closes_at
    consultation.status = Status.OPEN if consultation.opens_at <= now else Status.PLANNED
    consultation.save(update_fields=["status", "opens_at", "closes_at"])
    audit.record(
        actor=actor,
        action="consultations.opened_to_staff",
        target=consultation,
        unit=consultation.unit_id,
        changes=changes or None,
    )
    if consultation.status == Status.OPEN:
        notices.announce_opening(consultation)
    return consultation


def _with_minimum(consultation: Consultation, now: dt.datetime) -> dt.datetime:
    """`closes_at`, or later when fewer than the unit's minimum working days are left."""
    minimum = queries.min_working_days(consultation.unit)
    today = timezone.localdate(now)
    closes = consultation.closes_at
    if closes > now and working_days_between(today, timezone.localdate(closes)) >= minimum:
        return closes
    day = add_working_days(today, minimum)
    at = timezone.localtime(closes).timetz()
    return timezone.make_aware(dt.datetime.combine(day, at.replace(tzinfo=None)))


@transaction.atomic
def dispose_union_opinion(
    *, actor: User, union_opinion: UnionOpinion, decision: str, explanation: str
) -> UnionOpinion:
    """The head accepts, partly accepts or does not accept the union committee's opinion and
    explains, as for every opinion (art. 55.1); printed in the synthesis report."""
    row = (
        UnionOpinion.objects.select_for_update()
        .select_related("consultation")
        .get(pk=union_opinion.pk)
    )
    consultation = row.consultation
    explanation = services.checked_answer(actor, consultation, decision, explanation)
    if (row.decision, row.explanation) == (decision, explanation):
        return row
    row.decision, row.explanation = decision, explanation
    row.decided_by, row.decided_at = actor, timezone.now()
    row.save(update_fields=["decision", "explanation", "decided_by", "decided_at"])
    audit.record(
        actor=actor,
        action="consultations.union_opinion_disposed",
        target=row,
        unit=consultation.unit_id,
        changes={"decision": decision},
    )
    return row

"""Staff and citizens ask; the unit answers: questions on a disclosed item and requests for
information (Law 10/2022/QH15 art. 48.4), each answer notified to who asked."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu import audit
from danchu.core.errors import InvalidInput
from danchu.core.text import strip_controls
from danchu.core.validation import validate
from danchu.core.workdays import add_working_days
from danchu.disclosures import permissions, queries
from danchu.disclosures.errors import NotCurrent
from danchu.disclosures.models import (
    Disclosure,
    InformationRequest,
    Question,
    RequestReason,
    Status,
)
from danchu.facts.services import emit
from danchu.notifications.services import notify
from danchu.organizations.models import Unit
from danchu.people.models import User


@transaction.atomic
def ask_question(*, actor: User, disclosure: Disclosure, body: str) -> Question:
    person = permissions.person_of(actor)
    if not queries.visible_disclosures(actor).filter(pk=disclosure.pk).exists():
        raise PermissionDenied
    if disclosure.status != Status.PUBLISHED:
        # Withdrawn or replaced meanwhile: the question would be about a text no longer in force.
        raise NotCurrent(
            _(
                "This item has been withdrawn or replaced by a newer version, so your question "
                "was not sent. Ask about the current version, or request the information."
            )
        )
    body = strip_controls(body)
    if not body.strip():
        raise InvalidInput(_("Write your question."))
    question = Question(disclosure=disclosure, asked_by=person, body=body.strip())
    validate(question, constraints=False)
    question.save()
    audit.record(
        actor=actor,
        action="disclosures.question_asked",
        target=question,
        unit=disclosure.unit,
        changes={"disclosure": disclosure.pk},
    )
    url = reverse("disclosure_detail", args=[disclosure.pk])
    notify(
        recipients=queries.publishers_of(disclosure.unit),
        code="disclosures.question",
        params={"title": disclosure.title[:200]},
        url=url,
    )
    return question


@transaction.atomic
def answer_question(*, actor: User, question: Question, answer: str) -> Question:
    # Locked and re-read: two publishers answering at once must not both succeed.
    question = (
        Question.objects.select_for_update(of=("self",))
        .select_related("disclosure__unit")
        .get(pk=question.pk)
    )
    if not permissions.can_manage(actor, question.disclosure):
        raise PermissionDenied
    if question.answered_at is not None:
        raise NotCurrent(_("This question has already been answered."))
    answer = strip_controls(answer)
    if not answer.strip():
        raise InvalidInput(_("Write the answer."))
    question.answer, question.answered_by, question.answered_at = (
        answer.strip(),
        actor,
        timezone.now(),
    )
    question.save(update_fields=["answer", "answered_by", "answered_at"])
    audit.record(
        actor=actor,
        action="disclosures.question_answered",
        target=question,
        unit=question.disclosure.unit_id,
        changes={"answer": question.answer},
    )
    notify(
        recipients=queries.users_of([question.asked_by_id]),
        code="disclosures.answer",
        url=reverse("disclosure_detail", args=[question.disclosure_id]),
    )
    return question


@transaction.atomic
def request_information(
    *,
    actor: User,
    unit: Unit,
    reason: str,
    subject: str,
    body: str = "",
    disclosure: Disclosure | None = None,
) -> InformationRequest:
    """Art. 48.4: ask the head for information. The law sets no reply period: it is the one
    the unit's own regulation sets (art. 48.5, `UnitSettings`), else the installation's default."""
    person = permissions.person_of(actor)
    if not permissions.can_request_information(actor, unit):
        raise PermissionDenied
    subject, body = strip_controls(subject), strip_controls(body)
    if reason not in RequestReason.values:
        raise InvalidInput(_("Choose why you are asking."))
    if disclosure is not None and disclosure.unit_id != unit.pk:
        raise InvalidInput(_("That item was not disclosed by this unit."))
    own = unit.own
    days = own.information_reply_working_days or settings.DANCHU_INFORMATION_REQUEST_WORKING_DAYS
    request = InformationRequest(
        unit=unit,
        requested_by=person,
        reason=reason,
        subject=" ".join(subject.split()),
        body=body.strip(),
        disclosure=disclosure,
        due_on=add_working_days(timezone.localdate(), days),
    )
    validate(request, constraints=False)
    request.save()
    audit.record(
        actor=actor,
        action="disclosures.information_requested",
        target=request,
        unit=unit,
        changes={
            "reason": reason,
            "subject": request.subject,
            "due_on": request.due_on,
            "reply_working_days": days,
            "regulation": own.regulation if own.pk else "",
        },
    )
    emit(kind="information_request.received", unit=unit, on=timezone.localdate(), target=request,
         data={"due_on": request.due_on})  # fmt: skip
    notify(
        recipients=queries.publishers_of(unit),
        code="disclosures.information_request",
        params={"subject": request.subject[:200]},
        url=reverse("information_request_detail", args=[request.pk]),
    )
    return request


@transaction.atomic
def answer_information_request(
    *, actor: User, request: InformationRequest, answer: str
) -> InformationRequest:
    request = InformationRequest.objects.select_for_update().get(pk=request.pk)
    if not permissions.can_publish(actor, request.unit):
        raise PermissionDenied
    if request.answered_at is not None:
        raise NotCurrent(_("This request has already been answered."))
    answer = strip_controls(answer)
    if not answer.strip():
        raise InvalidInput(_("Write the answer."))
    today = timezone.localdate()
    request.answer, request.answered_by, request.answered_at = answer.strip(), actor, timezone.now()
    request.save(update_fields=["answer", "answered_by", "answered_at"])
    on_time = today <= request.due_on
    audit.record(
        actor=actor,
        action="disclosures.information_answered",
        target=request,
        unit=request.unit_id,
        changes={"on_time": on_time},
    )
    emit(kind="information_request.answered", unit=request.unit_id, on=today, target=request,
         data={"due_on": request.due_on, "on_time": on_time})  # fmt: skip
    notify(
        recipients=queries.users_of([request.requested_by_id]),
        code="disclosures.information_answer",
        url=reverse("information_request_detail", args=[request.pk]),
    )
    return request

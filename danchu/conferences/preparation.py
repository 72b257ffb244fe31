"""Preparing a planned conference (Law 10/2022/QH15 arts. 51.3–51.4): the agenda, the contents
covered, the documents put before it, and the invitations that disclose the plan to staff."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from danchu import audit
from danchu.conferences import rules
from danchu.conferences.errors import Invalid, Refused
from danchu.conferences.models import (
    AgendaItem,
    Conference,
    ConferenceDocument,
    Participant,
    Status,
)
from danchu.conferences.permissions import can_manage
from danchu.consultations.models import Consultation
from danchu.disclosures import services as disclosures
from danchu.disclosures.models import Category, Disclosure
from danchu.notifications.services import notify
from danchu.people.models import User

PREPARING = (Status.PLANNED, Status.INVITED)
# Art. 46: the plan of the conference is disclosed to staff; its category among the twelve.
PLAN_CATEGORY = Category.WORK_PLAN


def _managed(actor: User, conference: Conference) -> Conference:
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    if not can_manage(actor, conference):
        raise PermissionDenied
    if conference.status not in PREPARING:
        raise Refused("not_preparing", _("The conference is no longer being prepared."))
    return conference


def _title(text: str) -> str:
    title = " ".join(text.split())
    if not title:
        raise Invalid("title", _("Give the agenda item a title."), field="title")
    return title[:500]


@transaction.atomic
def add_agenda_item(*, actor: User, conference: Conference, title: str) -> AgendaItem:
    conference = _managed(actor, conference)
    last = conference.agenda.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem.objects.create(conference=conference, position=last + 1, title=_title(title))
    audit.record(actor=actor, action="conferences.agenda_added", target=conference,
                 changes={"title": item.title, "position": item.position})  # fmt: skip
    return item


@transaction.atomic
def rename_agenda_item(*, actor: User, item: AgendaItem, title: str) -> AgendaItem:
    conference = _managed(actor, item.conference)
    before, item.title = item.title, _title(title)
    item.save(update_fields=["title"])
    audit.record(actor=actor, action="conferences.agenda_renamed", target=conference,
                 changes={"item": item.pk, "from": before, "to": item.title})  # fmt: skip
    return item


@transaction.atomic
def move_agenda_item(*, actor: User, item: AgendaItem, up: bool) -> list[int]:
    """Swap the item with the one above (or below); returns the agenda's new order of ids."""
    conference = _managed(actor, item.conference)
    items = list(conference.agenda.order_by("position", "pk"))
    at = next(n for n, other in enumerate(items) if other.pk == item.pk)
    to = at - 1 if up else at + 1
    if 0 <= to < len(items):
        items[at], items[to] = items[to], items[at]
        for position, row in enumerate(items, start=1):
            row.position = position
        AgendaItem.objects.bulk_update(items, ["position"])
        audit.record(actor=actor, action="conferences.agenda_moved", target=conference,
                     changes={"order": [row.pk for row in items]})  # fmt: skip
    return [row.pk for row in items]


@transaction.atomic
def remove_agenda_item(*, actor: User, item: AgendaItem) -> None:
    conference = _managed(actor, item.conference)
    audit.record(actor=actor, action="conferences.agenda_removed", target=conference,
                 changes={"item": item.pk, "title": item.title, "step": item.step})  # fmt: skip
    item.delete()


@transaction.atomic
def set_contents(*, actor: User, conference: Conference, codes: Iterable[str]) -> list[str]:
    """The art. 51.3 contents the plan covers (codes a–g of rules.CONTENTS)."""
    conference = _managed(actor, conference)
    chosen = [code for code in rules.CONTENT_CODES if code in set(codes)]
    if set(codes) - set(rules.CONTENT_CODES):
        raise Invalid("contents", _("Unknown content of art. 51.3."), field="contents")
    conference.contents = chosen
    conference.save(update_fields=["contents"])
    audit.record(actor=actor, action="conferences.contents_set", target=conference,
                 changes={"contents": chosen})  # fmt: skip
    return chosen


@transaction.atomic
def attach_document(
    *,
    actor: User,
    conference: Conference,
    disclosure: Disclosure | None = None,
    consultation: Consultation | None = None,
) -> ConferenceDocument:
    """Put a published disclosure or a consultation of the same unit before the conference."""
    conference = _managed(actor, conference)
    source = disclosure or consultation
    if source is None or (disclosure and consultation):
        raise Invalid("document", _("Choose one disclosure or one consultation."), field="document")
    if source.unit_id != conference.unit_id:
        raise Invalid(
            "other_unit", _("Documents come from the unit's own records."), field="document"
        )
    document, _created = ConferenceDocument.objects.get_or_create(
        conference=conference, disclosure=disclosure, consultation=consultation
    )
    audit.record(actor=actor, action="conferences.document_attached", target=conference,
                 changes={"disclosure": getattr(disclosure, "pk", None),
                          "consultation": getattr(consultation, "pk", None)})  # fmt: skip
    return document


@transaction.atomic
def detach_document(*, actor: User, document: ConferenceDocument) -> None:
    conference = _managed(actor, document.conference)
    audit.record(actor=actor, action="conferences.document_detached", target=conference,
                 changes={"disclosure": document.disclosure_id,
                          "consultation": document.consultation_id})  # fmt: skip
    document.delete()


def _agenda(conference: Conference) -> list[AgendaItem]:
    return list(conference.agenda.order_by("position", "pk"))


def _when(conference: Conference) -> str:
    return timezone.localtime(conference.scheduled_at).strftime("%H:%M, %d/%m/%Y")


def _plan_text(conference: Conference) -> str:
    """The plan as disclosed: when, where, format, the agenda and the contents (Vietnamese)."""
    with override("vi"):
        lines = [
            str(_("Time: %(when)s")) % {"when": _when(conference)},
            str(_("Venue: %(venue)s")) % {"venue": conference.venue or "—"},
            str(_("Format: %(format)s")) % {"format": conference.get_format_display()},
            "",
            str(_("Agenda:")),
            *(f"{n}. {item.title}" for n, item in enumerate(_agenda(conference), start=1)),
        ]
        labels = dict(rules.CONTENTS)
        if conference.contents:
            lines += ["", str(_("Contents (Law 10/2022/QH15 art. 51.3):"))]
            lines += [f"{code}) {labels[code]}" for code in conference.contents if code in labels]
    return "\n".join(lines)


@transaction.atomic
def send_invitations(*, actor: User, conference: Conference) -> int:
    """Invite every participant (in-app, and by e-mail at once) and disclose the plan to staff.
    Returns how many accounts were notified; sending again re-notifies without a new disclosure."""
    conference = _managed(actor, conference)
    people = Participant.objects.filter(conference=conference).values("person_id")
    recipients = list(User.objects.filter(person_id__in=people, is_active=True))
    first = conference.plan_disclosure_id is None
    if first:
        disclosure = disclosures.publish_disclosure(
            actor=actor,
            unit=conference.unit,
            category=PLAN_CATEGORY,
            title=str(conference.title),
            body=_plan_text(conference),
            decision_date=timezone.localdate(),
        )
        conference.plan_disclosure_id = disclosure.pk
    conference.status, conference.invited_at = Status.INVITED, timezone.now()
    conference.save(update_fields=["plan_disclosure_id", "status", "invited_at"])
    count = notify(
        recipients=recipients,
        code="conference.invited",
        params={
            "title": conference.title,
            "when": timezone.localtime(conference.scheduled_at).strftime("%d/%m/%Y %H:%M"),
        },
        url=reverse("conference_detail", args=[conference.pk]),
        about=f"conference:{conference.pk}",
    )
    audit.record(
        actor=actor,
        action="conferences.invited",
        target=conference,
        changes={"accounts": count, "disclosure": conference.plan_disclosure_id},
    )
    return count

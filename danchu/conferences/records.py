"""The conference's records (Law 10/2022/QH15 arts. 51–52): the secretary and the proceedings
written into the minutes, the resolution drafted, adopted by its vote and disclosed to all
staff, and the six-monthly reviews of how it is carried out.

Adopting the resolution (art. 51.2.c: the vote with purpose "resolution" closed and adopted by
more than 50% of those present) numbers and dates it and publishes it as a disclosure in the
same transaction, as `consultations.adoption` does with its synthesis: the resolution and its
disclosure stand or fall together. Art. 52.3: every 6 months the head and the union review it
and tell all staff (the report is disclosed).
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from danchu import audit
from danchu.conferences import records_queries, resolution_doc, rules
from danchu.conferences.errors import Invalid, Refused
from danchu.conferences.models import (
    Conference,
    Participant,
    Resolution,
    ResolutionReview,
    ReviewStatus,
    Status,
    Vote,
    VoteStatus,
)
from danchu.conferences.permissions import can_manage, is_chair, person_id_of
from danchu.core.files import atomic_with_files
from danchu.core.text import strip_controls
from danchu.disclosures import services as disclosures
from danchu.disclosures.models import Category
from danchu.facts.services import emit
from danchu.people.models import User

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Art. 46: the resolution of the staff conference is a collective internal decision binding the
# unit, disclosed with the unit's internal rules (category 9; LEGAL-CATALOGUE §6 "Art 46 cat.
# 9/12"); art. 52.2 makes the head publicise it.
RESOLUTION_CATEGORY = Category.INTERNAL_RULES
# Art. 52.3: the review's result is told to all staff, a disclosure "required by law"
# (art. 46.12).
REVIEW_CATEGORY = Category.OTHER
TEXT_MAX = 50000  # Resolution.text
PROCEEDINGS_MAX = 50000  # Conference.proceedings
REPORT_MAX = 20000  # ResolutionReview.report
CLOSED_STATES = (Status.CANCELLED, Status.NO_QUORUM)


def _locked(conference: Conference) -> Conference:
    return Conference.objects.select_for_update().select_related("unit").get(pk=conference.pk)


def _clean(text: str, limit: int, field: str) -> str:
    cleaned = strip_controls(text).strip()
    if len(cleaned) > limit:
        raise Invalid(
            "too_long",
            _("Keep it to %(max)s characters.") % {"max": f"{limit:,}".replace(",", ".")},
            field=field,
        )
    return cleaned


def _open_for_records(conference: Conference) -> None:
    if conference.status in CLOSED_STATES:
        raise Refused("no_records", _("This conference was not held: it has no minutes."))


@transaction.atomic
def set_secretary(*, actor: User, conference: Conference, person_id: int) -> Conference:
    """The chair (or the head) names the secretary who writes the minutes, a participant."""
    conference = _locked(conference)
    if not (is_chair(actor, conference) or can_manage(actor, conference)):
        raise PermissionDenied
    _open_for_records(conference)
    if not Participant.objects.filter(conference=conference, person_id=person_id).exists():
        raise Invalid(
            "not_a_participant",
            _("The secretary must be one of the conference's participants."),
            field="person_id",
        )
    conference.secretary_id = person_id
    conference.save(update_fields=["secretary"])
    audit.record(
        actor=actor,
        action="conferences.secretary_set",
        target=conference,
        changes={"secretary": person_id},
    )
    return conference


def can_write_minutes(user: User, conference: Conference) -> bool:
    """The secretary writes the proceedings; the head's side may too."""
    person_id = person_id_of(user)
    is_secretary = person_id is not None and person_id == conference.secretary_id
    return is_secretary or can_manage(user, conference)


@transaction.atomic
def write_proceedings(*, actor: User, conference: Conference, text: str) -> Conference:
    """The secretary records what happened, in order (printed in the minutes)."""
    conference = _locked(conference)
    if not can_write_minutes(actor, conference):
        raise PermissionDenied
    _open_for_records(conference)
    conference.proceedings = _clean(text, PROCEEDINGS_MAX, "text")
    conference.save(update_fields=["proceedings"])
    audit.record(
        actor=actor,
        action="conferences.proceedings_written",
        target=conference,
        changes={"characters": len(conference.proceedings)},
    )
    return conference


@transaction.atomic
def draft_resolution(*, actor: User, conference: Conference, text: str) -> Resolution:
    """The head drafts (or redrafts) the resolution the conference will vote on."""
    conference = _locked(conference)
    if not can_manage(actor, conference):
        raise PermissionDenied
    _open_for_records(conference)
    cleaned = _clean(text, TEXT_MAX, "text")
    if not cleaned:
        raise Invalid("empty", _("Write the text of the resolution."), field="text")
    resolution = Resolution.objects.select_for_update().filter(conference=conference).first()
    if resolution is not None and resolution.adopted_on is not None:
        raise Refused("adopted", _("The resolution has been adopted: it can no longer change."))
    if resolution is None:
        resolution = Resolution(conference=conference, text=cleaned)
    resolution.text = cleaned
    resolution.save()
    audit.record(
        actor=actor,
        action="conferences.resolution_drafted",
        target=resolution,
        unit=conference.unit_id,
        changes={"characters": len(cleaned)},
    )
    return resolution


def check_adoption(conference: Conference) -> tuple[Resolution, Vote]:
    """The resolution and the vote that adopted it, or what adopting would be refused for;
    writes nothing (the check page asks it before the head confirms)."""
    resolution = records_queries.resolution_of(conference)
    if resolution is None:
        raise Refused("no_draft", _("Draft the resolution first."))
    if resolution.adopted_on is not None:
        raise Refused("adopted", _("The resolution has already been adopted."))
    vote = records_queries.resolution_vote(conference)
    if vote is None:
        raise Refused(
            "no_vote", _("Put the resolution to the conference: create a vote on its adoption.")
        )
    if vote.status != VoteStatus.CLOSED:
        raise Refused("vote_not_closed", _("The vote on the resolution has not closed yet."))
    if not (vote.outcome or {}).get("adopted"):
        raise Refused(
            "not_adopted",
            _(
                "Law 10/2022/QH15 art. 51.2.c: the resolution is adopted only when more than half "
                "of those present agree; the vote did not reach it."
            ),
        )
    return resolution, vote


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it is shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@atomic_with_files  # the .docx stored with the disclosure goes if the transaction fails
def adopt_resolution(*, actor: User, conference: Conference) -> Resolution:
    """Number and date the resolution the conference adopted, disclose it to all staff, and
    schedule its six-monthly reviews (art. 52.3)."""
    conference = _locked(conference)
    if not can_manage(actor, conference):
        raise PermissionDenied
    resolution, vote = check_adoption(conference)
    resolution = Resolution.objects.select_for_update().get(pk=resolution.pk)
    adopted_on = timezone.localdate(vote.closed_at)
    resolution.vote = vote
    resolution.adopted_on = adopted_on
    resolution.number = records_queries.next_resolution_number(conference, adopted_on)
    facts = records_queries.resolution_facts(conference, resolution, vote)
    data = resolution_doc.build_docx(facts)
    with override("vi"):
        title = str(_("Resolution of the %(conference)s") % {"conference": conference.title})
        summary = str(
            _("Adopted on %(day)s by %(agree)s of the %(present)s present (art. 51.2.c).")
            % {
                "day": adopted_on.strftime("%d/%m/%Y"),
                "agree": facts.agree,
                "present": facts.present,
            }
        )
    disclosure = disclosures.publish_disclosure(
        actor=actor,
        unit=conference.unit,
        category=RESOLUTION_CATEGORY,
        title=title,
        summary=summary,
        body=resolution.text,
        document_number=resolution.number,
        decision_date=adopted_on,
        attachments=[
            SimpleUploadedFile(f"nghi-quyet-{conference.pk}.docx", data, content_type=DOCX)
        ],
    )
    resolution.disclosure_id = disclosure.pk
    resolution.save()
    ResolutionReview.objects.bulk_create(
        ResolutionReview(
            resolution=resolution,
            period=n,
            due_on=add_months(adopted_on, n * rules.RESOLUTION_REVIEW_MONTHS),
        )
        for n in range(1, rules.RESOLUTION_REVIEWS + 1)
    )
    audit.record(
        actor=actor,
        action="conferences.resolution_adopted",
        target=resolution,
        unit=conference.unit_id,
        changes={"number": resolution.number, "vote": vote.pk, "disclosure": disclosure.pk,
                 "adopted_on": adopted_on, "bulletin_digest": vote.bulletin_digest},
    )  # fmt: skip
    emit(
        kind="resolution.adopted",
        unit=conference.unit_id,
        on=adopted_on,
        target=resolution,
        data={"conference": conference.pk, "vote": vote.pk, "number": resolution.number,
              "disclosure": disclosure.pk},
    )  # fmt: skip
    return resolution


@atomic_with_files
def report_review(*, actor: User, review: ResolutionReview, report: str) -> ResolutionReview:
    """Art. 52.3: the head (with the union) reports how the resolution is carried out; the
    report is disclosed to all staff and the review is done."""
    review = (
        ResolutionReview.objects.select_for_update()
        .select_related("resolution__conference__unit")
        .get(pk=review.pk)
    )
    conference = review.resolution.conference
    if not can_manage(actor, conference):
        raise PermissionDenied
    if review.status == ReviewStatus.DONE:
        raise Refused("reported", _("This review has already been reported to staff."))
    text = _clean(report, REPORT_MAX, "report")
    if not text:
        raise Invalid("empty", _("Write the review's report."), field="report")
    today = timezone.localdate()
    with override("vi"):
        title = str(
            _("Review %(n)s of the implementation of resolution %(number)s")
            % {"n": review.period, "number": review.resolution.number}
        )
    disclosure = disclosures.publish_disclosure(
        actor=actor,
        unit=conference.unit,
        category=REVIEW_CATEGORY,
        title=title,
        body=text,
        decision_date=today,
    )
    review.report, review.status, review.done_on = text, ReviewStatus.DONE, today
    review.disclosure_id = disclosure.pk
    review.save(update_fields=["report", "status", "done_on", "disclosure_id"])
    audit.record(
        actor=actor,
        action="conferences.resolution_reviewed",
        target=review,
        unit=conference.unit_id,
        changes={"period": review.period, "disclosure": disclosure.pk, "due_on": review.due_on},
    )
    emit(
        kind="resolution.reviewed",
        unit=conference.unit_id,
        on=today,
        target=review,
        data={"resolution": review.resolution_id, "period": review.period,
              "due_on": review.due_on.isoformat(), "late": today > review.due_on,
              "disclosure": disclosure.pk},
    )  # fmt: skip
    return review

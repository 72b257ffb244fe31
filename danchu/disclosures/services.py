"""Every write on a disclosure itself: publish, correct, withdraw, acknowledge, remind (questions
and information requests: asking.py). Permission → state → write → audit → facts, in one
transaction."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from danchu import audit
from danchu.core.errors import InvalidInput
from danchu.core.files import removed_on_failure, save_file
from danchu.core.limits import text_limit
from danchu.core.text import fold, strip_controls
from danchu.core.validation import some_of, validate
from danchu.disclosures import permissions, queries, rules
from danchu.disclosures.announcing import about, notify_audience
from danchu.disclosures.content import digest_fields, disclosure_digest, render_body
from danchu.disclosures.errors import (
    AlreadyReminded,
    NotCurrent,
    PeriodNotOver,
    SecretNotDisclosable,
    SourceDateRequired,
)
from danchu.disclosures.files import CheckedFile, check_upload
from danchu.disclosures.models import (
    Acknowledgement,
    Attachment,
    Channel,
    Confidentiality,
    Disclosure,
    NoticeNumber,
    NoticeSeries,
    ReminderSend,
    Status,
)
from danchu.facts.services import emit
from danchu.notifications.services import mark_read_about, notify
from danchu.organizations.models import Unit
from danchu.people.models import User

# Decree 30/2020/NĐ-CP, appendix I: "Số: 05/QĐ-SNV", and with the year for legal documents,
# "Số: 30/2020/NĐ-CP".
DOCUMENT_NUMBER = r"^(?:Số:?\s*)?\d{1,5}/(?:\d{4}/)?[0-9A-Za-zÀ-ỹĐđ]+(?:-[0-9A-Za-zÀ-ỹĐđ]+)*$"


due_date = rules.due_date  # older callers


@removed_on_failure
def publish_disclosure(
    *,
    actor: User,
    unit: Unit,
    category: str,
    title: str,
    summary: str = "",
    body: str = "",
    decision_date: dt.date | None = None,
    document_number: str = "",
    late_reason: str = "",
    channels: Sequence[str] = (Channel.INTRANET,),
    audience_units: Iterable[Unit] = (),
    confidentiality: str = Confidentiality.NONE,
    publish_at: dt.datetime | None = None,
    attachments: Iterable[Any] = (),
    supersedes: Disclosure | None = None,
) -> Disclosure:
    """Publish (now or at `publish_at`) one disclosure, or a new version of `supersedes`.

    The long work — reading and hashing the files, rendering and folding the text, storing the
    files — happens before the transaction, so it never holds the database's write lock (SQLite
    takes it at BEGIN: a slow publication made a concurrent opinion fail with "database is
    locked"); the transaction only numbers, saves and records."""
    disclosure, audience, files = _prepared(
        actor=actor, unit=unit, category=category, title=title, summary=summary, body=body,
        decision_date=decision_date, document_number=document_number, late_reason=late_reason,
        channels=channels, audience_units=audience_units, confidentiality=confidentiality,
        publish_at=publish_at, attachments=attachments, supersedes=supersedes,
    )  # fmt: skip
    stored = [_store_attachment(checked) for checked in files]
    return _write_publication(actor, disclosure, audience, stored, supersedes)


def check_publication(*, actor: User, unit: Unit, **fields: Any) -> None:
    """Raise what publish_disclosure would refuse these answers for, writing nothing: the
    check page (publish_views) asks it before the publisher confirms."""
    _prepared(actor=actor, unit=unit, **fields)


def _prepared(
    *,
    actor: User,
    unit: Unit,
    category: str,
    title: str,
    summary: str = "",
    body: str = "",
    decision_date: dt.date | None = None,
    document_number: str = "",
    late_reason: str = "",
    channels: Sequence[str] = (Channel.INTRANET,),
    audience_units: Iterable[Unit] = (),
    confidentiality: str = Confidentiality.NONE,
    publish_at: dt.datetime | None = None,
    attachments: Iterable[Any] = (),
    supersedes: Disclosure | None = None,
) -> tuple[Disclosure, list[Unit], list[Any]]:
    """Every check of a publication, and the unsaved item, its audience and its checked files."""
    if not permissions.can_publish(actor, unit):
        raise PermissionDenied
    if confidentiality != Confidentiality.NONE:
        raise SecretNotDisclosable
    title, summary, body = strip_controls(title), strip_controls(summary), strip_controls(body)
    late_reason = strip_controls(late_reason)
    now = timezone.now()
    publish_at = publish_at or now
    if publish_at < now - dt.timedelta(minutes=5):
        raise InvalidInput(_("The publication time cannot be in the past."))
    audience = _check_audience(unit, list(audience_units))
    files = [check_upload(upload) for upload in attachments]
    disclosure = Disclosure(
        unit=unit,
        category=category,
        title=" ".join(title.split()),
        summary=summary.strip(),
        body=body.strip(),
        document_number=_document_number(document_number),
        decision_date=decision_date,
        late_reason=late_reason.strip(),
        channels=some_of(
            channels, Channel.values, _("Choose at least one valid channel of disclosure.")
        ),
        publish_at=publish_at,
        created_by=actor,
        visible_until=rules.visible_until(timezone.localdate(publish_at)),
    )
    _set_deadline(disclosure, supersedes)
    disclosure.body_html = render_body(disclosure.body)
    disclosure.search_text = fold(
        " ".join([disclosure.title, disclosure.summary, disclosure.document_number, body])
    )
    validate(disclosure, exclude=["digest", "series", "supersedes"], constraints=False)
    return disclosure, audience, files


@transaction.atomic
def _write_publication(
    actor: User,
    disclosure: Disclosure,
    audience: list[Unit],
    attachments: list[Attachment],
    supersedes: Disclosure | None,
) -> Disclosure:
    if supersedes is not None:
        supersedes = _current_version(actor, supersedes)  # again, now under the lock
    _save_version(disclosure, supersedes)
    _number_notice(disclosure)
    disclosure.audience_units.set(audience)
    for attachment in attachments:
        attachment.disclosure = disclosure
        attachment.save()
    hashes = [attachment.sha256 for attachment in attachments]
    disclosure.digest = disclosure_digest(digest_fields(disclosure), hashes)
    disclosure.save(update_fields=["digest"])
    _record_publication(actor, disclosure, supersedes)
    return disclosure


def _check_audience(unit: Unit, audience: list[Unit]) -> list[Unit]:
    if any(not member.is_within(unit) for member in audience):
        raise InvalidInput(_("The audience must be sub-units of the disclosing unit."))
    return audience


def _document_number(number: str) -> str:
    # NFC: text pasted from some PDFs and macOS spells "Số" with combining marks.
    number = unicodedata.normalize("NFC", " ".join(number.split()))
    if number and not re.match(DOCUMENT_NUMBER, number):
        raise InvalidInput(
            _("Write the document number as in Decree 30/2020, for example “Số: 05/QĐ-SNV”.")
        )
    return number.removeprefix("Số:").removeprefix("Số").strip()


def _set_deadline(disclosure: Disclosure, supersedes: Disclosure | None) -> None:
    """A correction keeps the timeliness of the first version; a new item is judged now."""
    if disclosure.decision_date and disclosure.decision_date > timezone.localdate():
        raise InvalidInput(_("The decision date cannot be in the future."))
    if supersedes is not None:
        first = supersedes.series or supersedes
        disclosure.due_on, disclosure.is_late = first.due_on, first.is_late
        disclosure.late_reason = disclosure.late_reason or first.late_reason
        return
    if disclosure.decision_date is None:
        if rules.needs_source_date(disclosure.category):
            raise SourceDateRequired
        return
    disclosure.due_on = rules.due_date(disclosure.decision_date)
    disclosure.is_late = timezone.localdate(disclosure.publish_at) > disclosure.due_on
    if disclosure.is_late and not disclosure.late_reason:
        raise InvalidInput(
            _(
                "This item is due by %(due)s (%(days)s working days after the decision): "
                "give the reason for the delay."
            )
            % {
                "due": formats.date_format(disclosure.due_on, "SHORT_DATE_FORMAT"),
                "days": rules.DUE_WORKING_DAYS,
            }
        )


def _save_version(disclosure: Disclosure, supersedes: Disclosure | None) -> None:
    if supersedes is not None:
        disclosure.series_id = supersedes.series_id or supersedes.pk
        disclosure.version = supersedes.version + 1
        disclosure.supersedes = supersedes
    disclosure.save()
    if supersedes is None:
        disclosure.series = disclosure
        disclosure.save(update_fields=["series"])
    else:
        supersedes.status = Status.SUPERSEDED
        supersedes.save(update_fields=["status"])


def _number_notice(disclosure: Disclosure) -> NoticeNumber:
    """Give the notice the next number of its unit's series for the year it is published in
    (Decree 30/2020): the series row is locked until the publication commits."""
    year = timezone.localdate(disclosure.publish_at).year
    series, _created = NoticeSeries.objects.select_for_update().get_or_create(
        unit=disclosure.unit, year=year
    )
    series.last += 1
    series.save(update_fields=["last"])
    return NoticeNumber.objects.create(
        disclosure=disclosure,
        unit=disclosure.unit,
        year=year,
        number=series.last,
        unit_code=disclosure.unit.document_code,
    )


def _store_attachment(checked: CheckedFile) -> Attachment:
    """The file on disk (removed again if the publication fails) and its row, not yet saved."""
    attachment = Attachment(
        stored_name=checked.stored_name,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=len(checked.data),
        sha256=checked.sha256,
    )
    save_file(attachment.file, checked.stored_name, ContentFile(checked.data))
    return attachment


def _record_publication(actor: User, disclosure: Disclosure, supersedes: Disclosure | None) -> None:
    changes = {
        "digest": disclosure.digest,
        "version": disclosure.version,
        "category": disclosure.category,
        "title": disclosure.title,
        "publish_at": disclosure.publish_at,
        "visible_until": disclosure.visible_until,
        "due_on": disclosure.due_on,
        "late": disclosure.is_late,
        "supersedes": supersedes.pk if supersedes else None,
        "notice_number": disclosure.notice_number.text,
    }
    action = "disclosures.superseded" if supersedes else "disclosures.published"
    audit.record(
        actor=actor, action=action, target=disclosure, unit=disclosure.unit, changes=changes
    )
    day = timezone.localdate(disclosure.publish_at)
    data = {"category": disclosure.category, "due_on": disclosure.due_on,
            "visible_until": disclosure.visible_until, "channels": disclosure.channels,
            "version": disclosure.version}  # fmt: skip
    emit(kind="disclosure.published", unit=disclosure.unit, on=day, target=disclosure, data=data)
    _notify_audience(actor, disclosure, supersedes)
    if disclosure.is_late and supersedes is None:
        emit(kind="disclosure.late", unit=disclosure.unit, on=day, target=disclosure, data=data)


def supersede_disclosure(*, actor: User, previous: Disclosure, **fields: Any) -> Disclosure:
    """Correct a published item by publishing its next version; both stay readable. Checked
    here for a quick answer, and again under the lock when the new version is written."""
    previous = _current_version(actor, previous, lock=False)
    # A correction takes the place of the old version at once: scheduling it would leave staff
    # with a superseded item and nothing to read in its place.
    if fields.get("publish_at") and fields["publish_at"] > timezone.now() + dt.timedelta(minutes=1):
        raise InvalidInput(_("A correction is published at once; it cannot be scheduled."))
    fields["publish_at"] = None
    return publish_disclosure(actor=actor, unit=previous.unit, supersedes=previous, **fields)


def _current_version(actor: User, previous: Disclosure, *, lock: bool = True) -> Disclosure:
    """`previous` as stored now, if `actor` may correct it and it is still the current version."""
    rows = Disclosure.objects.select_for_update() if lock else Disclosure.objects
    previous = rows.get(pk=previous.pk)
    if not permissions.can_manage(actor, previous):
        raise PermissionDenied
    if previous.status != Status.PUBLISHED:
        raise NotCurrent(_("Only the current version of a published item can be corrected."))
    return previous


@transaction.atomic
def withdraw_disclosure(*, actor: User, disclosure: Disclosure, reason: str) -> Disclosure:
    """Withdraw an item after its statutory period, recording who and why (art. 48)."""
    disclosure = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    if not permissions.can_manage(actor, disclosure):
        raise PermissionDenied
    if disclosure.status != Status.PUBLISHED:
        raise NotCurrent(_("Only the current version of a published item can be withdrawn."))
    if not reason.strip():
        raise InvalidInput(_("Give the reason for the withdrawal."))
    if len(reason.strip()) > (limit := text_limit(Disclosure, "withdrawal_reason")):
        raise InvalidInput(
            _("Keep the reason within %(limit)s characters.")
            % {"limit": formats.number_format(limit, force_grouping=True)}
        )
    today = timezone.localdate()
    if not disclosure.period_is_over(today=today):
        raise PeriodNotOver(
            _(
                "This item must stay visible for %(days)s consecutive days, until %(date)s; "
                "it cannot be withdrawn before then."
            )
            % {
                "date": formats.date_format(disclosure.visible_until, "SHORT_DATE_FORMAT"),
                "days": rules.MIN_VISIBLE_DAYS,
            }
        )
    disclosure.status = Status.WITHDRAWN
    disclosure.withdrawn_at, disclosure.withdrawn_by = timezone.now(), actor
    disclosure.withdrawal_reason = reason.strip()
    disclosure.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    audit.record(
        actor=actor,
        action="disclosures.withdrawn",
        target=disclosure,
        unit=disclosure.unit,
        changes={"reason": disclosure.withdrawal_reason},
    )
    emit(kind="disclosure.withdrawn", unit=disclosure.unit, on=today, target=disclosure)
    mark_read_about(about=[about(disclosure)])  # no longer waiting for anyone
    return disclosure


def acknowledge(*, actor: User, disclosure: Disclosure) -> tuple[Acknowledgement, bool]:
    """ "Tôi đã đọc": one record per person and version, however often it is sent."""
    person = permissions.person_of(actor)
    disclosure = Disclosure.objects.select_related("unit").get(pk=disclosure.pk)
    if not permissions.can_acknowledge(actor, disclosure):
        raise PermissionDenied
    if not permissions.is_live(disclosure):
        raise NotCurrent(_("Only the current version of a published item can be acknowledged."))
    existing = Acknowledgement.objects.filter(disclosure=disclosure, person=person).first()
    if existing is not None:
        mark_read_about(about=[about(disclosure)], recipient=actor)
        return existing, False
    try:
        with transaction.atomic():
            ack = Acknowledgement.objects.create(disclosure=disclosure, person=person)
            audit.record(
                actor=actor,
                action="disclosures.acknowledged",
                target=disclosure,
                unit=disclosure.unit,
                changes={"person": person.pk},
            )
    except IntegrityError:  # a parallel request won the race: same outcome
        return Acknowledgement.objects.get(disclosure=disclosure, person=person), False
    mark_read_about(about=[about(disclosure)], recipient=actor)  # the bell follows the inbox
    return ack, True


@transaction.atomic
def remind_unacknowledged(*, actor: User, disclosure: Disclosure) -> int:
    """Remind, in-app and by e-mail, the audience members who have not acknowledged yet; at
    most once a day per item (a second press today is refused with when and to how many)."""
    if not permissions.can_manage(actor, disclosure):
        raise PermissionDenied
    disclosure = Disclosure.objects.select_for_update().get(pk=disclosure.pk)  # one at a time
    if not permissions.is_live(disclosure):
        raise NotCurrent(_("Only a current, published item can be reminded of."))
    today = timezone.localdate()
    last = ReminderSend.objects.filter(disclosure=disclosure, day=today).first()
    if last is not None:
        raise AlreadyReminded(_reminded_message(last))
    pending = (
        queries.audience_people(disclosure)
        .exclude(pk__in=Acknowledgement.objects.filter(disclosure=disclosure).values("person_id"))
        .exclude(pk__in=[getattr(actor, "person_id", None)])  # not the one pressing the button
    )
    count = notify(
        recipients=queries.users_of(pending.values_list("pk", flat=True)),
        code="disclosures.reminder",
        params={"title": disclosure.title[:200]},
        url=reverse("disclosure_detail", args=[disclosure.pk]),
        about=about(disclosure),
    )
    ReminderSend.objects.create(disclosure=disclosure, day=today, count=count, sent_by=actor)
    audit.record(
        actor=actor,
        action="disclosures.reminded",
        target=disclosure,
        unit=disclosure.unit,
        changes={"recipients": count},
    )
    return count


def _reminded_message(last: ReminderSend) -> str:
    """What the page says after a reminder went today."""
    return ngettext(
        "A reminder already went today at %(time)s to %(count)s person; "
        "the next one can be sent tomorrow.",
        "A reminder already went today at %(time)s to %(count)s people; "
        "the next one can be sent tomorrow.",
        last.count,
    ) % {
        "time": formats.time_format(timezone.localtime(last.sent_at), "H:i"),
        "count": formats.number_format(last.count, force_grouping=True),
    }


def _notify_audience(actor: User, disclosure: Disclosure, supersedes: Disclosure | None) -> None:
    """Tell the audience at once, in one bulk insert; a correction retires the notices about
    the version it replaces. A scheduled item is announced when it comes out
    (`announce_scheduled`)."""
    if supersedes is not None:
        mark_read_about(about=[about(supersedes)])
    if disclosure.publish_at > timezone.now():
        return
    notify_audience(
        disclosure, but=getattr(actor, "person_id", None), corrected=supersedes is not None
    )

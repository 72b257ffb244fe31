"""Every write of a consultation: plan and draft, versions, opinions, the head's dispositions
and the clock (open, remind, close). Synthesis and adoption are in `adoption.py`.

Order in each: permission → state → write → audit → notifications on commit.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu import audit
from danchu.anonymity import services as anonymity
from danchu.anonymity.fields import insert
from danchu.consultations import clock, notices, permissions, queries
from danchu.consultations.diff import Para, diff_versions
from danchu.consultations.drafts import DraftParagraph, within_refs
from danchu.consultations.errors import NotClosed, NotOpen, ReasonRequired, WrongState
from danchu.consultations.models import (
    Consultation,
    ConsultationChannel,
    Decision,
    DraftVersion,
    Opinion,
    Paragraph,
    ParagraphStance,
    Stance,
    Status,
    UnionOpinion,
    Visibility,
)
from danchu.core import idempotency
from danchu.core.errors import InvalidInput
from danchu.core.text import strip_controls
from danchu.core.validation import some_of, validate
from danchu.core.workdays import working_days_between
from danchu.organizations.models import Unit
from danchu.people.models import Person, User

MAX_PARAGRAPHS = 2000


@transaction.atomic
def open_consultation(
    *,
    actor: User,
    unit: Unit,
    topic: str,
    title: str,
    draft: Sequence[DraftParagraph],
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    plan: str = "",
    channels: Sequence[str] = (ConsultationChannel.ONLINE,),
    audience_units: Iterable[Unit] = (),
    owner: Person | None = None,
    visibility: str = Visibility.ALL_STAFF,
    allow_via_union: bool = True,
    source: str = "text",
    union_preview: bool = True,
) -> Consultation:
    """Plan a consultation on a draft. By default it first goes to the union committee for its
    preview (`union.py`); without it, it is open at once if `opens_at` has come."""
    if not permissions.can_open_in(actor, unit):
        raise PermissionDenied
    now = timezone.now()
    _check_period(unit, opens_at, closes_at, now=now)
    audience = list(audience_units)
    if any(not member.is_within(unit) for member in audience):
        raise InvalidInput(_("Those consulted must work in the unit or its sub-units."))
    owner = owner or getattr(actor, "person", None)
    if owner is None or owner.unit is None or not owner.unit.is_within(unit):
        raise InvalidInput(_("The person responsible must work in the unit."))
    consultation = Consultation(
        unit=unit,
        topic=topic,
        title=" ".join(strip_controls(title).split()),
        plan=strip_controls(plan).strip(),
        channels=some_of(
            channels,
            ConsultationChannel.values,
            _("Choose at least one valid way of collecting opinions."),
        ),
        owner=owner,
        visibility=visibility,
        allow_via_union=allow_via_union,
        opens_at=opens_at,
        closes_at=closes_at,
        status=_first_status(opens_at, now=now, union_preview=union_preview),
        created_by=actor,
    )
    validate(consultation)
    consultation.save()
    consultation.audience_units.set(audience)
    _add_version(consultation, actor=actor, draft=draft, source=source, keys=None)
    audit.record(actor=actor, action="consultations.opened", target=consultation, unit=unit)
    if consultation.status == Status.OPEN:
        notices.announce_opening(consultation)
    elif consultation.status == Status.UNION_PREVIEW:
        notices.ask_union_preview(consultation)
    return consultation


def _first_status(opens_at: dt.datetime, *, now: dt.datetime, union_preview: bool) -> str:
    if union_preview:
        return Status.UNION_PREVIEW
    return Status.OPEN if opens_at <= now else Status.PLANNED


def _check_period(
    unit: Unit, opens_at: dt.datetime, closes_at: dt.datetime, *, now: dt.datetime
) -> None:
    if closes_at <= opens_at:
        raise InvalidInput(_("The consultation must close after it opens."))
    if closes_at <= now:
        raise InvalidInput(_("The closing time has already passed."))
    minimum = queries.min_working_days(unit)
    days = working_days_between(timezone.localdate(opens_at), timezone.localdate(closes_at))
    if days < minimum:
        raise InvalidInput(
            _("Staff must have at least %(days)s working days to give opinions (here: %(given)s).")
            % {"days": minimum, "given": days}
        )


def _add_version(
    consultation: Consultation,
    *,
    actor: User,
    draft: Sequence[DraftParagraph],
    source: str,
    keys: Sequence[str | None] | None,
    note: str = "",
) -> DraftVersion:
    if not draft:
        raise InvalidInput(_("The draft has no text."))
    if len(draft) > MAX_PARAGRAPHS:
        raise InvalidInput(_("The draft has more than %(n)s paragraphs.") % {"n": MAX_PARAGRAPHS})
    number = consultation.versions.count() + 1
    version = DraftVersion.objects.create(
        consultation=consultation, number=number, note=note, source=source, created_by=actor
    )
    within = within_refs(draft)
    Paragraph.objects.bulk_create(
        Paragraph(
            version=version,
            number=index,
            key=(keys[index - 1] if keys else None) or uuid.uuid4().hex,
            kind=part.kind,
            label=part.label,
            ref=part.ref,
            within=within[index - 1],
            level=part.level,
            text=part.text,
        )
        for index, part in enumerate(draft, start=1)
    )
    return version


@transaction.atomic
def publish_version(
    *,
    actor: User,
    consultation: Consultation,
    draft: Sequence[DraftParagraph],
    note: str = "",
    answers: dict[int, Sequence[int]] | None = None,
    source: str = "text",
) -> DraftVersion:
    """A revised draft, during or after the consultation. Paragraphs that match one of the
    previous version keep its key; `answers` maps a new paragraph number to the opinions it
    answers."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not permissions.can_manage(actor, consultation):
        raise PermissionDenied
    if consultation.status in (Status.SYNTHESISED, Status.ADOPTED):
        raise WrongState(_("The synthesis is published: the draft can no longer change."))
    previous = queries.latest_version(consultation)
    keys = _carried_keys(list(previous.paragraphs.all()), draft)
    version = _add_version(
        consultation, actor=actor, draft=draft, source=source, keys=keys, note=note
    )
    _link_answers(consultation, version, answers or {})
    audit.record(
        actor=actor,
        action="consultations.version_published",
        target=version,
        unit=consultation.unit_id,
        changes={"number": version.number},
    )
    return version


def _carried_keys(old: list[Paragraph], draft: Sequence[DraftParagraph]) -> list[str | None]:
    before = [Para(key=p.key, ref=p.ref, text=p.text) for p in old]
    after = [Para(key=None, ref=part.ref, text=part.text) for part in draft]
    keys: list[str | None] = [None] * len(draft)
    for change in diff_versions(before, after):
        if change.old is not None and change.new_index is not None:
            keys[change.new_index] = change.old.key
    return keys


def _link_answers(
    consultation: Consultation, version: DraftVersion, answers: dict[int, Sequence[int]]
) -> None:
    paragraphs = {p.number: p for p in version.paragraphs.all()}
    opinions = {o.pk: o for o in consultation.opinions.all()}
    for number, opinion_ids in answers.items():
        if number not in paragraphs or any(pk not in opinions for pk in opinion_ids):
            raise InvalidInput(_("An answered opinion or paragraph does not exist."))
        paragraphs[number].answers.add(*(opinions[pk] for pk in opinion_ids))


@transaction.atomic
def link_answers(*, actor: User, paragraph: Paragraph, opinion_ids: Sequence[int]) -> Paragraph:
    """Say which opinions a paragraph of a revised version answers (replacing the links)."""
    consultation = paragraph.version.consultation
    if not permissions.can_manage(actor, consultation):
        raise PermissionDenied
    opinions = list(consultation.opinions.filter(pk__in=opinion_ids))
    if len(opinions) != len(set(opinion_ids)):
        raise InvalidInput(_("An answered opinion or paragraph does not exist."))
    paragraph.answers.set(opinions)
    audit.record(
        actor=actor,
        action="consultations.answers_linked",
        target=paragraph,
        unit=consultation.unit_id,
        changes={"opinions": sorted(o.pk for o in opinions)},
    )
    return paragraph


@transaction.atomic
def give_opinion(
    *,
    actor: User,
    consultation: Consultation,
    text: str,
    paragraph: Paragraph | None = None,
    via_union: bool = False,
) -> Opinion:
    """An opinion on a paragraph or on the whole draft, in one's own name or through the union
    (then nothing stored, audited or logged names the author or orders or times the opinion
    finer than the day: it is an anonymous act, decision 0004)."""
    consultation = Consultation.objects.select_related("unit").get(pk=consultation.pk)  # fresh
    if not permissions.can_view(actor, consultation) or not permissions.is_consulted(
        actor, consultation
    ):
        raise PermissionDenied
    if not consultation.accepts_opinions(now=timezone.now()):
        raise NotOpen
    if via_union and not consultation.allow_via_union:
        raise InvalidInput(_("This consultation does not take opinions through the union."))
    text = strip_controls(text).strip()
    if not text:
        raise InvalidInput(_("Write your opinion."))
    version = queries.latest_version(consultation)
    if paragraph is not None and paragraph.version_id != version.pk:
        raise InvalidInput(_("Comment on the current version of the draft."))
    now = timezone.now()
    opinion = Opinion(
        consultation=consultation,
        version=version,
        paragraph=paragraph,
        author=None if via_union else actor.person,
        via_union=via_union,
        text=text,
        created_at=union_timestamp(now) if via_union else now,
    )
    if via_union and (same := _same_union_opinion(opinion)) is not None:
        idempotency.keep_nothing()  # as the first sending did (anonymity.record_anonymous)
        return same  # a resent form: an anonymous act keeps no one-time key (decision 0004)
    validate(opinion)
    insert(opinion)
    if via_union:  # sealed into the audit log with the day's other anonymous acts
        anonymity.record_anonymous(
            action="consultations.opinion_given",
            target=opinion,
            unit=consultation.unit_id,
            changes={"via_union": True},
        )
    else:
        audit.record(
            actor=actor,
            action="consultations.opinion_given",
            target=opinion,
            unit=consultation.unit_id,
            changes={"via_union": False},
        )
    return opinion


def _same_union_opinion(opinion: Opinion) -> Opinion | None:
    """The same text on the same paragraph through the union the same day: one opinion."""
    return Opinion.objects.filter(
        consultation=opinion.consultation,
        version=opinion.version,
        paragraph=opinion.paragraph,
        via_union=True,
        text=opinion.text,
        created_at=opinion.created_at,
    ).first()


def union_timestamp(moment: dt.datetime) -> dt.datetime:
    """When an opinion sent through the union was given: the day only (local midnight), so the
    time cannot be matched to a person."""
    day = timezone.localdate(moment)
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@transaction.atomic
def set_stance(*, actor: User, paragraph: Paragraph, stance: str) -> ParagraphStance:
    """Agree or disagree with a paragraph; a second choice replaces the first."""
    consultation = Consultation.objects.get(pk=paragraph.version.consultation_id)
    if not permissions.is_consulted(actor, consultation):
        raise PermissionDenied
    if not consultation.accepts_opinions(now=timezone.now()):
        raise NotOpen
    if stance not in Stance.values:
        raise InvalidInput(_("Choose agree or disagree."))
    if paragraph.is_heading:
        raise InvalidInput(_("A heading takes no stance: agree or disagree with its text."))
    row, _created = ParagraphStance.objects.update_or_create(
        paragraph=paragraph, person=actor.person, defaults={"stance": stance}
    )
    audit.record(
        actor=actor,
        action="consultations.stance_set",
        target=row,
        unit=consultation.unit_id,
        changes={"stance": stance},
    )
    return row


@transaction.atomic
def record_union_opinion(*, actor: User, consultation: Consultation, text: str) -> UnionOpinion:
    """The union committee's opinion on the plan and the draft (art. 55.2)."""
    if not permissions.speaks_for_union(actor, consultation):
        raise PermissionDenied
    text = strip_controls(text).strip()
    if not text:
        raise InvalidInput(_("Write the union committee's opinion."))
    row = UnionOpinion.objects.create(
        consultation=consultation,
        version=queries.latest_version(consultation),
        text=text,
        recorded_by=actor,
    )
    audit.record(
        actor=actor, action="consultations.union_opinion", target=row, unit=consultation.unit_id
    )
    return row


@transaction.atomic
def close_consultation(
    *, actor: User, consultation: Consultation, reason: str = ""
) -> Consultation:
    """The head closes it (it also closes by itself at `closes_at`). Before the planned end a
    reason is required: it is audited, shown and printed in the synthesis, and the closing
    fact marks the consultation as shortened."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not permissions.can_manage(actor, consultation):
        raise PermissionDenied
    now = timezone.now()
    reason = check_close(consultation, reason, now=now)
    clock.close(consultation, actor=actor, now=now, reason=reason)
    return consultation


def check_close(consultation: Consultation, reason: str, *, now: dt.datetime | None = None) -> str:
    """The reason as it will be kept, or what closing now would be refused for (NotOpen,
    ReasonRequired). Writes nothing: the check page asks it before the head confirms."""
    now = now or timezone.now()
    if consultation.phase(now=now) != Status.OPEN:
        raise NotOpen
    reason = " ".join(strip_controls(reason).split())
    if clock.is_early(consultation, now=now) and not reason:
        raise ReasonRequired
    return reason


def checked_answer(actor: User, consultation: Consultation, decision: str, explanation: str) -> str:
    """What every answer to an opinion (staff's or the union's) must meet, art. 55.1: the head
    answers, once the consultation is closed, with a known decision and a reason unless the
    opinion is fully accepted. Returns the explanation cleaned."""
    if not permissions.can_manage(actor, consultation):
        raise PermissionDenied
    if consultation.phase(now=timezone.now()) != Status.CLOSED:
        raise NotClosed
    if decision not in Decision.values:
        raise InvalidInput(_("Choose accepted, partly accepted or not accepted."))
    explanation = strip_controls(explanation).strip()
    if decision != Decision.ACCEPTED and not explanation:
        raise InvalidInput(_("Explain why the opinion is not (fully) accepted."))
    return explanation


@transaction.atomic
def dispose_opinion(*, actor: User, opinion: Opinion, decision: str, explanation: str) -> Opinion:
    """The head accepts, partly accepts or does not accept an opinion, and explains (art. 55.1)."""
    opinion = Opinion.objects.select_for_update().select_related("consultation").get(pk=opinion.pk)
    explanation = checked_answer(actor, opinion.consultation, decision, explanation)
    if (opinion.decision, opinion.explanation) == (decision, explanation):
        return opinion  # the same answer again (a resent form, a retry): nothing to record
    opinion.decision, opinion.explanation = decision, explanation
    opinion.decided_by, opinion.decided_at = actor, timezone.now()
    opinion.save(update_fields=["decision", "explanation", "decided_by", "decided_at"])
    audit.record(
        actor=actor,
        action="consultations.opinion_disposed",
        target=opinion,
        unit=opinion.consultation.unit_id,
        changes={"decision": decision},
    )
    return opinion

"""The end of a consultation: the synthesis report (published as a disclosure) and the
regulation adopted from the final draft, with its provisions tagged.

Law 10/2022/QH15 art. 55.1: the head accepts or explains every opinion and discloses the
result (art. 46, category 10); art. 55.2: the union's opinion precedes the democracy regulation.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu import audit
from danchu.consultations import notices, permissions, queries
from danchu.consultations.errors import (
    NotClosed,
    OpinionsWithoutDisposition,
    UnionOpinionMissing,
    UnionOpinionOutdated,
    WrongState,
)
from danchu.consultations.models import (
    Consultation,
    DraftVersion,
    Modality,
    Paragraph,
    Provision,
    Regulation,
    RegulationStatus,
    Status,
    Subject,
    Synthesis,
    Topic,
)
from danchu.consultations.report import synthesis_facts
from danchu.consultations.synthesis_doc import build_docx, counts
from danchu.core.errors import InvalidInput
from danchu.core.files import removed_on_failure, save_file
from danchu.core.text import strip_controls
from danchu.disclosures import services as disclosures
from danchu.disclosures.models import Category
from danchu.facts.services import emit
from danchu.people.models import User

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def problems_before_synthesis(consultation: Consultation) -> list[str]:
    """What still stands in the way of the synthesis report, for the page to list."""
    problems = []
    if consultation.status in (Status.SYNTHESISED, Status.ADOPTED):
        return [_("The synthesis of opinions has been published.")]
    if consultation.phase(now=timezone.now()) != Status.CLOSED:
        problems.append(_("The consultation has not closed yet."))
    missing = queries.undisposed_count(consultation)
    if missing:
        problems.append(str(OpinionsWithoutDisposition(missing).message))
    return problems


@removed_on_failure
def publish_synthesis(*, actor: User, consultation: Consultation, number: str = "") -> Synthesis:
    """Generate the report (.docx, Decree 30) and disclose it in category consultation_outcome.

    The report is written before the transaction (a long one takes seconds) and checked again
    under the lock: if an answer changed meanwhile, it is written again from what is stored."""
    consultation = _ready_for_synthesis(actor, Consultation.objects.get(pk=consultation.pk))
    facts = synthesis_facts(consultation, number=number, signer=actor)
    return _write_synthesis(actor, consultation, number, facts, build_docx(facts))


def _ready_for_synthesis(actor: User, consultation: Consultation) -> Consultation:
    if not permissions.can_manage(actor, consultation):
        raise PermissionDenied
    if consultation.phase(now=timezone.now()) != Status.CLOSED:
        raise NotClosed
    missing = queries.undisposed_count(consultation)
    if missing:
        raise OpinionsWithoutDisposition(missing)
    return consultation


@transaction.atomic
def _write_synthesis(
    actor: User, consultation: Consultation, number: str, facts: Any, data: bytes
) -> Synthesis:
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    _ready_for_synthesis(actor, consultation)
    if (now := synthesis_facts(consultation, number=number, signer=actor)) != facts:
        facts, data = now, build_docx(now)
    name = f"bao-cao-tong-hop-y-kien-{consultation.pk}.docx"
    disclosure = disclosures.publish_disclosure(
        actor=actor,
        unit=consultation.unit,
        category=Category.CONSULTATION_OUTCOME,
        title=_("Synthesis of opinions on: %(title)s") % {"title": consultation.title},
        summary=_summary(facts),
        document_number=facts.number,
        decision_date=facts.day,
        attachments=[SimpleUploadedFile(name, data, content_type=DOCX)],
    )
    synthesis = Synthesis(
        consultation=consultation,
        number=facts.number,
        digest=hashlib.sha256(data).hexdigest(),
        disclosure_id=disclosure.pk,
        published_by=actor,
        published_at=timezone.now(),
    )
    save_file(synthesis.document, name, ContentFile(data))
    synthesis.save()
    consultation.status = Status.SYNTHESISED
    consultation.save(update_fields=["status"])
    audit.record(
        actor=actor,
        action="consultations.synthesis_published",
        target=synthesis,
        unit=consultation.unit_id,
    )
    notices.notify_consulted(consultation, "consultation.synthesis_published")
    emit(
        kind="consultation.synthesis_published",
        unit=consultation.unit,
        on=timezone.localdate(),
        target=consultation,
        data={**counts(facts), "topic": consultation.topic},
    )
    return synthesis


def _summary(facts: Any) -> str:
    figures = counts(facts)
    return _(
        "%(total)s opinions: %(accepted)s accepted, %(partly)s partly accepted, "
        "%(not)s not accepted."
    ) % {
        "total": figures["total"],
        "accepted": figures["accepted"],
        "partly": figures["partly_accepted"],
        "not": figures["not_accepted"],
    }


def check_adoption(
    consultation: Consultation, *, signed_on: dt.date, effective_from: dt.date
) -> DraftVersion:
    """The version to adopt, or what adopting would be refused for; writes nothing (the check
    page asks it before the head confirms)."""
    if consultation.status != Status.SYNTHESISED:
        raise WrongState(_("Publish the synthesis of opinions before adopting the regulation."))
    version = queries.latest_version(consultation)
    if consultation.topic == Topic.DEMOCRACY_REGULATION:
        _check_union_opinion(consultation, version)
    if effective_from < signed_on:
        raise InvalidInput(_("A regulation cannot be in force before it is signed."))
    return version


@transaction.atomic
def adopt_regulation(
    *,
    actor: User,
    consultation: Consultation,
    document_number: str,
    signed_on: dt.date,
    effective_from: dt.date,
    title: str = "",
) -> Regulation:
    """The final version becomes a regulation in force; the one it replaces stays readable."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not permissions.can_manage(actor, consultation):
        raise PermissionDenied
    version = check_adoption(consultation, signed_on=signed_on, effective_from=effective_from)
    previous = (
        Regulation.objects.select_for_update()
        .filter(unit=consultation.unit, status=RegulationStatus.IN_FORCE)
        .filter(consultation__topic=consultation.topic)
        .first()
    )
    regulation = Regulation.objects.create(
        unit=consultation.unit,
        consultation=consultation,
        version=version,
        title=" ".join(strip_controls(title or consultation.title).split()),
        document_number=strip_controls(document_number).strip(),
        signed_on=signed_on,
        effective_from=effective_from,
        supersedes=previous,
        adopted_by=actor,
    )
    if previous is not None:
        previous.status = RegulationStatus.SUPERSEDED
        previous.save(update_fields=["status"])
    consultation.status = Status.ADOPTED
    consultation.save(update_fields=["status"])
    audit.record(actor=actor, action="consultations.regulation_adopted", target=regulation)
    emit(
        kind="regulation.adopted",
        unit=consultation.unit,
        on=signed_on,
        target=regulation,
        data={"topic": consultation.topic, "consultation": consultation.pk},
    )
    return regulation


def _check_union_opinion(consultation: Consultation, version: DraftVersion) -> None:
    """Art. 55.2: the union gives its opinion before the head issues the democracy regulation,
    on the text being adopted: an opinion on an earlier version does not count."""
    given = list(consultation.union_opinions.values_list("version__number", flat=True))
    if not given:
        raise UnionOpinionMissing
    if version.number not in given:
        raise UnionOpinionOutdated(given_on=max(given), adopting=version.number)


@transaction.atomic
def tag_provision(
    *, actor: User, regulation: Regulation, paragraph: Paragraph, modality: str, subject: str
) -> Provision:
    """Mark a paragraph as what the agency, the head or staff must, may or must not do."""
    if not permissions.can_manage(actor, regulation.consultation):
        raise PermissionDenied
    if paragraph.version_id != regulation.version_id:
        raise InvalidInput(_("Tag a paragraph of the adopted text."))
    if modality not in Modality.values or subject not in Subject.values:
        raise InvalidInput(_("Choose what kind of provision it is and whom it concerns."))
    provision, _created = Provision.objects.get_or_create(
        regulation=regulation,
        paragraph=paragraph,
        modality=modality,
        subject=subject,
        defaults={"tagged_by": actor},
    )
    audit.record(
        actor=actor,
        action="consultations.provision_tagged",
        target=provision,
        unit=regulation.unit_id,
    )
    return provision

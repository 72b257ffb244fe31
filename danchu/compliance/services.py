"""Writes of compliance besides the steering committees: an offline activity recorded with its
evidence (counted as self-reported), the review's focus for next year, and a province's scoring
scheme. Each is one transaction with its audit entry; the offline record also emits the fact
that satisfies the duty (`compliance.offline`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danchu import audit
from danchu.compliance import rules
from danchu.compliance.catalogue import OFFLINE_KIND
from danchu.compliance.errors import Invalid, cleaned_text
from danchu.compliance.models import AnnualReview, ObligationRule, OfflineRecord, ScoringScheme
from danchu.compliance.permissions import can_steer, can_view
from danchu.core.files import atomic_with_files
from danchu.disclosures.files import check_upload
from danchu.facts.services import emit
from danchu.organizations.models import Unit
from danchu.people.models import User
from danchu.people.permissions import Action, can


@atomic_with_files
def record_offline(
    *,
    actor: User,
    unit: Unit,
    rule: ObligationRule,
    occurred_on: dt.date,
    description: str,
    evidence: Any,
) -> OfflineRecord:
    """Record an activity done outside the platform with its scanned evidence (the unit's head).
    It satisfies the duty like the platform's own records, and is counted as self-reported."""
    if not can(actor, Action.MANAGE_CONFERENCES, unit) and not can_steer(actor, unit):
        raise PermissionDenied
    if not rule.active or rule.spec.get("shape") == "per_event":
        raise Invalid(
            "not_offline", _("This duty is met by records in the platform only."), field="rule"
        )
    if occurred_on > timezone.localdate():
        raise Invalid(
            "future_date", _("The activity cannot be in the future."), field="occurred_on"
        )
    description = cleaned_text(description, "description", 4000, one_line=False)
    if evidence is None:
        raise Invalid(
            "required", _("Attach the scanned evidence (minutes, decision)."), field="evidence"
        )
    checked = check_upload(evidence)
    record = OfflineRecord(
        unit=unit,
        rule=rule,
        occurred_on=occurred_on,
        description=description,
        evidence_name=checked.original_name,
        sha256=checked.sha256,
        recorded_by=actor,
    )
    record.evidence.save(checked.stored_name, ContentFile(checked.data), save=False)
    record.save()
    audit.record(
        actor=actor,
        action="compliance.offline_recorded",
        target=record,
        unit=unit,
        changes={
            "rule": rule.code,
            "occurred_on": occurred_on,
            "sha256": checked.sha256,
            "file": checked.original_name,
        },
    )
    emit(
        kind=OFFLINE_KIND,
        unit=unit,
        on=occurred_on,
        target=record,
        data={
            "rule": rule.code,
            "record": record.pk,
            "self_reported": True,
            "sha256": checked.sha256,
        },
    )
    return record


@transaction.atomic
def save_focus(*, actor: User, unit: Unit, year: int, focus: str) -> AnnualReview:
    """The review's focus for next year, in the reviewer's words (whoever sees the node's
    compliance and may steer it or supervise it)."""
    if not can_view(actor, unit) or (
        not can(actor, Action.MANAGE_STEERING, unit)
        and not can(actor, Action.MANAGE_CONFERENCES, unit)
    ):
        raise PermissionDenied
    focus = cleaned_text(focus, "focus", 20_000, required=False, one_line=False)
    review, _created = AnnualReview.objects.select_for_update().get_or_create(unit=unit, year=year)
    if review.focus == focus:
        return review
    before = review.focus
    review.focus, review.updated_by = focus, actor
    review.save(update_fields=["focus", "updated_by", "updated_at"])
    audit.record(
        actor=actor,
        action="compliance.focus_saved",
        target=review,
        unit=unit,
        changes={"year": year, "focus": focus, "before": before},
    )
    return review


@transaction.atomic
def set_scheme(
    *,
    actor: User,
    unit: Unit,
    name: str,
    year_from: int,
    points: dict[str, int],
    ratings: list[dict[str, Any]] | None = None,
    downgrade_to: str = rules.DEFAULT_DOWNGRADE,
) -> ScoringScheme:
    """A province's scoring scheme from `year_from` (its supervisor): points per duty, the
    ratings' floors (95 / 85 / 75 by default) and the rating a missed legal duty caps at."""
    if not can(actor, Action.MANAGE_STEERING, unit) or not can(actor, Action.MANAGE_UNITS, unit):
        raise PermissionDenied
    known = set(ObligationRule.objects.filter(active=True).values_list("code", flat=True))
    if set(points) - known:
        raise Invalid(
            "unknown_duty", _("Points are given to a duty that does not exist."), field="points"
        )
    if any(not isinstance(v, int) or v < 0 for v in points.values()):
        raise Invalid("bad_points", _("Points must be whole numbers, 0 or more."), field="points")
    ratings = ratings or [
        {"code": code, "label_vi": str(label), "label_en": str(label), "min": floor}
        for code, label, floor in rules.DEFAULT_RATINGS
    ]
    if downgrade_to and downgrade_to not in {r["code"] for r in ratings}:
        raise Invalid(
            "unknown_rating", _("The downgrade must be one of the ratings."), field="downgrade_to"
        )
    scheme, _created = ScoringScheme.objects.update_or_create(
        unit=unit,
        year_from=year_from,
        defaults={
            "name": cleaned_text(name, "name", 255),
            "points": points,
            "ratings": ratings,
            "downgrade_to": downgrade_to,
        },
    )
    audit.record(
        actor=actor,
        action="compliance.scheme_set",
        target=scheme,
        unit=unit,
        changes={
            "name": scheme.name,
            "year_from": year_from,
            "points": points,
            "ratings": ratings,
            "downgrade_to": downgrade_to,
        },
    )
    return scheme

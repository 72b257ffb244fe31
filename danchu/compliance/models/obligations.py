"""Obligations: the catalogue of legal duties (data, loaded from each app's `obligations.json`),
the dated obligations it generates per unit and period, each unit's standing per duty and year,
and the same counted for every subtree (kept incrementally, so a dashboard reads one node's row
and its children's, never the events below them)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from danchu.core.fields import BinaryCharField

__all__ = [
    "STANDINGS",
    "AnnualReview",
    "Obligation",
    "ObligationRule",
    "OfflineRecord",
    "ScoringScheme",
    "Standing",
    "Tally",
    "TallyDelta",
    "UnitResult",
]


class Standing(models.TextChoices):
    """An obligation's state, and a unit's standing on a duty in a year (the worst of its
    obligations: missed, then late, then met; open while nothing is due yet)."""

    OPEN = "open", _("Not due yet")
    MET = "met", _("Met")
    LATE = "late", _("Met late")
    MISSED = "missed", _("Missed")


STANDINGS = tuple(Standing)


class ObligationRule(models.Model):
    """One entry of the catalogue. `spec` is the entry as written in its app's obligations.json
    (see docs/compliance.md for the fields); the columns repeat what lists and filters need."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    title_vi = models.CharField(max_length=255)
    title_en = models.CharField(max_length=255)
    legal_basis = models.CharField(_("legal basis"), max_length=255)
    pillar = models.CharField(_("pillar"), max_length=16)
    legal_duty = models.BooleanField(_("legal duty"), default=True)
    position = models.PositiveSmallIntegerField(default=0)
    spec = models.JSONField(default=dict)
    source = models.CharField(max_length=255, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("obligation rule")
        verbose_name_plural = _("obligation rules")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.code

    @property
    def title(self) -> str:
        return self.title_vi if (get_language() or "vi").startswith("vi") else self.title_en


class Obligation(models.Model):
    """A dated duty of one unit: the yearly ones are keyed by their period, those an event
    creates (a disclosure, a request, a resolution) by the fact that created them."""

    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="obligations"
    )
    rule = models.ForeignKey(ObligationRule, on_delete=models.PROTECT, related_name="obligations")
    year = models.PositiveSmallIntegerField()
    key = models.CharField(max_length=64)
    due_on = models.DateField()
    status = models.CharField(max_length=8, choices=Standing.choices)
    done_on = models.DateField(null=True, blank=True)
    evidence = models.JSONField(default=list, blank=True)  # ids of the facts it rests on
    self_reported = models.BooleanField(default=False)
    label = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "rule", "year", "key"], name="one_obligation_per_key"
            )
        ]
        indexes = [models.Index(fields=["unit", "year", "status"])]
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.rule_id}@{self.unit_id} {self.year}/{self.key}: {self.status}"


class UnitResult(models.Model):
    """How one unit stands on one duty in one year, from its obligations."""

    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="compliance_results"
    )
    code = models.SlugField(max_length=64)
    year = models.PositiveSmallIntegerField()
    standing = models.CharField(max_length=8, choices=Standing.choices)
    self_reported = models.BooleanField(default=False)
    total = models.PositiveIntegerField(default=0)
    met = models.PositiveIntegerField(default=0)
    late = models.PositiveIntegerField(default=0)
    missed = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "code", "year"], name="one_result_per_duty")
        ]
        indexes = [models.Index(fields=["year", "code", "standing"])]

    def __str__(self) -> str:
        return f"{self.code}@{self.unit_id} {self.year}: {self.standing}"


class Counts(models.Model):
    """Units counted by their standing on one duty (`code`) in one `year`."""

    code = models.SlugField(max_length=64)
    year = models.PositiveSmallIntegerField()
    open = models.IntegerField(default=0)
    met = models.IntegerField(default=0)
    late = models.IntegerField(default=0)
    missed = models.IntegerField(default=0)
    self_reported = models.IntegerField(default=0)

    class Meta:
        abstract = True


class Tally(Counts):
    """The units of a subtree (the node included) counted by their standing on one duty in one
    year. Kept by deltas up the ancestors on every change of a UnitResult or of the tree."""

    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.CASCADE, related_name="compliance_tallies"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "code", "year"], name="one_tally_per_node")
        ]

    def __str__(self) -> str:
        return f"{self.code}@{self.unit_id} {self.year}: {self.met}/{self.due}"

    @property
    def due(self) -> int:
        return self.met + self.late + self.missed


def offline_evidence_path(record: OfflineRecord, filename: str) -> str:
    return f"compliance/offline/{record.unit_id}/{record.sha256}.{filename.rsplit('.', 1)[-1]}"


class OfflineRecord(models.Model):
    """Activity done outside the platform (a conference minuted on paper), recorded with its
    scanned evidence. It satisfies obligations like the platform's own facts, and is counted
    apart as self-reported."""

    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="offline_records"
    )
    rule = models.ForeignKey(ObligationRule, on_delete=models.PROTECT, related_name="+")
    occurred_on = models.DateField(_("date of the activity"))
    description = models.TextField(_("what was done"))
    evidence = models.FileField(_("evidence"), upload_to=offline_evidence_path, max_length=255)
    evidence_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "pk"]

    def __str__(self) -> str:
        return f"{self.rule_id}@{self.unit_id} {self.occurred_on}"


class TallyDelta(Counts):
    """One unit's change of standing on a duty in a year, not yet added to the tallies above
    it. Written in the changing transaction, on a row of its own: writers in different units
    never wait for one another on a shared tally (issue 15). Folded into `Tally` soon after
    (`tallies.fold`, after the commit, by one process at a time); a node's counts are its
    tallies plus the deltas pending in its subtree, read in one statement."""

    unit = models.ForeignKey("organizations.Unit", on_delete=models.CASCADE, related_name="+")
    path = BinaryCharField(max_length=255)  # the unit's path when written (a move folds first)

    class Meta:
        indexes = [models.Index(fields=["path", "year"])]

    def __str__(self) -> str:
        return f"{self.code}@{self.unit_id} {self.year}"


class ScoringScheme(models.Model):
    """A province's points per duty and its ratings (e.g. 100 points; 95 / 85 / 75), applied to
    every unit under `unit` from `year_from` on; the latest scheme above a unit applies."""

    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="scoring_schemes"
    )
    name = models.CharField(_("name"), max_length=255)
    year_from = models.PositiveSmallIntegerField(_("applies from year"))
    points = models.JSONField(default=dict)  # duty code → points
    ratings = models.JSONField(default=list)  # [{"code", "label_vi", "label_en", "min"}] best first
    downgrade_to = models.CharField(max_length=32, blank=True)  # rating when a legal duty is missed
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit", "-year_from"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year_from"], name="one_scheme_per_start")
        ]

    def __str__(self) -> str:
        return self.name


class AnnualReview(models.Model):
    """What the annual review of a node says in its own words: the focus for next year (the
    rest of the review is computed from the records)."""

    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="annual_reviews"
    )
    year = models.PositiveSmallIntegerField()
    focus = models.TextField(_("focus for next year"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="one_review_per_year")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year}"

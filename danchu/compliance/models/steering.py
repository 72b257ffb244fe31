"""Democracy steering committees (Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở).

A Party body, not created by Law 10/2022 (LEGAL-CATALOGUE §10; Directive 30-CT/TW): a grassroots
party organisation, or a party committee above it, sets one up by a decision (thành lập), reviews
and consolidates it by further decisions (kiện toàn), and may dissolve it with a reason. Every
change of its members names the decision that made it, so the history is the decisions.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = [
    "DecisionKind",
    "SteeringCommittee",
    "SteeringDecision",
    "SteeringMember",
    "SteeringRole",
]


class SteeringCommittee(models.Model):
    unit = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.PROTECT,
        related_name="steering_committees",
        verbose_name=_("party organisation"),
    )
    name = models.CharField(_("name"), max_length=255)
    steers = models.ManyToManyField(
        "organizations.Unit",
        related_name="steered_by",
        blank=True,
        verbose_name=_("agencies it steers"),
    )
    established_on = models.DateField(_("established on"))
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    dissolution_reason = models.TextField(_("reason for dissolution"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("steering committee")
        verbose_name_plural = _("steering committees")
        ordering = ["unit__path", "-established_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(dissolved_on__isnull=True),
                name="one_active_steering_committee_per_unit",
            ),
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True)
                | Q(dissolved_on__gte=models.F("established_on")),
                name="steering_dissolved_after_established",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def active(self) -> bool:
        return self.dissolved_on is None


class DecisionKind(models.TextChoices):
    ESTABLISHED = "established", _("Establishment (thành lập)")
    CONSOLIDATED = "consolidated", _("Review and consolidation (kiện toàn)")
    DISSOLVED = "dissolved", _("Dissolution")


class SteeringDecision(models.Model):
    """A decision about the committee: its establishment, each consolidation, its dissolution."""

    committee = models.ForeignKey(
        SteeringCommittee, on_delete=models.PROTECT, related_name="decisions"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=DecisionKind.choices)
    number = models.CharField(_("decision number"), max_length=64)
    signed_on = models.DateField(_("decision date"))
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("steering committee decision")
        verbose_name_plural = _("steering committee decisions")
        ordering = ["committee", "signed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.number} ({self.signed_on:%d/%m/%Y})"


class SteeringRole(models.TextChoices):
    HEAD = "head", _("Head of the committee")
    DEPUTY = "deputy", _("Deputy head")
    STANDING = "standing", _("Standing member")
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Secretary")


class SteeringMember(models.Model):
    committee = models.ForeignKey(
        SteeringCommittee, on_delete=models.PROTECT, related_name="members"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="steering_seats"
    )
    role = models.CharField(_("role"), max_length=16, choices=SteeringRole.choices)
    appointed_by = models.ForeignKey(
        SteeringDecision, on_delete=models.PROTECT, related_name="appointments"
    )
    removed_by = models.ForeignKey(
        SteeringDecision,
        on_delete=models.PROTECT,
        related_name="removals",
        null=True,
        blank=True,
    )
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("steering committee member")
        verbose_name_plural = _("steering committee members")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "person"],
                condition=Q(until__isnull=True),
                name="steering_member_once_at_a_time",
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="steering_member_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()}"

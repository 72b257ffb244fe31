"""The admin site: the catalogue, obligations and committees are read only (they change through
the services, with their audit entries); a province's scoring scheme is edited here, audited."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from danchu import audit
from danchu.compliance.models import (
    Obligation,
    ObligationRule,
    ScoringScheme,
    SteeringCommittee,
    SteeringDecision,
)
from danchu.core.admin_tools import ReadOnlyAdmin


@admin.register(ObligationRule)
class ObligationRuleAdmin(ReadOnlyAdmin):
    list_display = ["code", "title_vi", "legal_basis", "pillar", "legal_duty", "source", "active"]
    list_filter = ["pillar", "active"]


@admin.register(Obligation)
class ObligationAdmin(ReadOnlyAdmin):
    list_display = ["rule", "unit", "year", "key", "due_on", "status", "self_reported"]
    list_filter = ["status", "year", "rule"]
    list_select_related = ["rule", "unit"]
    show_full_result_count = False


@admin.register(SteeringCommittee)
class SteeringCommitteeAdmin(ReadOnlyAdmin):
    list_display = ["name", "unit", "established_on", "dissolved_on"]
    list_select_related = ["unit"]


@admin.register(SteeringDecision)
class SteeringDecisionAdmin(ReadOnlyAdmin):
    list_display = ["number", "kind", "signed_on", "committee"]
    list_select_related = ["committee"]


SCHEME_FIELDS = ("name", "year_from", "points", "ratings", "downgrade_to")


@admin.register(ScoringScheme)
class ScoringSchemeAdmin(admin.ModelAdmin[ScoringScheme]):
    list_display = ["name", "unit", "year_from", "downgrade_to"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a scheme is replaced by a later one, never removed

    def save_model(self, request: HttpRequest, obj: ScoringScheme, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit.record(
            actor=request.user,
            action="compliance.scheme_set",
            target=obj,
            unit=obj.unit_id,
            changes={name: getattr(obj, name) for name in SCHEME_FIELDS},
        )

"""Admin: only the units' consultation rules are edited here (audited); consultations and
opinions change through the services, and opinions sent through the union have no author."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from danchu import audit
from danchu.consultations.models import UnitRules


@admin.register(UnitRules)
class UnitRulesAdmin(admin.ModelAdmin[UnitRules]):
    list_display = ["unit", "min_working_days"]
    autocomplete_fields = ["unit"]

    def save_model(self, request: HttpRequest, obj: UnitRules, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit.record(
            actor=request.user,
            action="consultations.unit_rules_changed",
            target=obj,
            unit=obj.unit_id,
            changes={"min_working_days": obj.min_working_days},
        )

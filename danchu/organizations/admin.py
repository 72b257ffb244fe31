from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from danchu import audit
from danchu.core.admin_tools import ReadOnlyAdmin
from danchu.organizations.models import Body, BodyMember, Unit, UnitSettings


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "code", "depth"]
    list_filter = ["kind"]
    search_fields = ["search_text", "code"]
    show_full_result_count = False


@admin.register(Body)
class BodyAdmin(ReadOnlyAdmin):
    list_display = ["name", "unit", "kind", "term_start", "term_end"]
    list_filter = ["kind"]
    list_select_related = ["unit"]


@admin.register(BodyMember)
class BodyMemberAdmin(ReadOnlyAdmin):
    list_display = ["person", "body", "role", "since", "until"]
    list_select_related = ["person", "body"]


# What the unit's regulation and records office decide: edited here, and audited.
SETTINGS_FIELDS = (
    "information_reply_working_days", "regulation", "head_title", "document_code",
    "governing_body",
)  # fmt: skip


@admin.register(UnitSettings)
class UnitSettingsAdmin(admin.ModelAdmin[UnitSettings]):
    list_display = ["unit", *SETTINGS_FIELDS]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a change is a new audited value, never a silent removal

    def save_model(self, request: HttpRequest, obj: UnitSettings, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit.record(
            actor=request.user,
            action="organizations.unit_settings_changed",
            target=obj,
            unit=obj.unit_id,
            changes={name: getattr(obj, name) for name in SETTINGS_FIELDS},
        )

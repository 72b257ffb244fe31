from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest

from danchu import audit
from danchu.core.admin_tools import ReadOnlyAdmin
from danchu.people.models import ImportJob, Person, RoleAssignment, User


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "staff_code", "category", "unit"]
    list_filter = ["category"]
    search_fields = ["search_text"]
    list_select_related = ["unit"]
    show_full_result_count = False


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["person", "role", "unit", "valid_from", "valid_to"]
    list_filter = ["role"]
    list_select_related = ["person", "unit"]


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = ["pk", "unit", "status", "created_at", "created_count", "updated_count"]
    exclude = ["rows"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Accounts are managed here; every change is appended to the audit log."""

    raw_id_fields = ["person"]
    fieldsets = [*BaseUserAdmin.fieldsets, (None, {"fields": ["person"]})]  # type: ignore[misc]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        fields = sorted(set(form.changed_data) - {"password", "password1", "password2"})
        if {"password", "password1"} & set(form.changed_data):
            fields.append("password (changed)")
        audit.record(
            actor=request.user,
            action="people.account_changed" if change else "people.account_created",
            target=obj,
            changes={"fields": fields},
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # Nothing is deleted: deactivate the account instead.

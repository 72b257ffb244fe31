"""The audit log in the admin: read-only, whoever asks."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from danchu.audit.models import Entry


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin[Entry]):
    list_display = ["seq", "created_at", "actor_label", "action", "target_type", "target_id"]
    search_fields = ["action", "target_type", "target_id", "actor_label"]
    ordering = ["-seq"]
    show_full_result_count = False  # a COUNT over the whole log on every page is wasted work

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

"""The audit log in the admin: read-only, whoever asks."""

from __future__ import annotations

from django.contrib import admin

from danchu.audit.models import Checkpoint, Entry
from danchu.core.admin_tools import ReadOnlyAdmin


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdmin):
    list_display = ["seq", "created_at", "actor_label", "action", "target_type", "target_id"]
    search_fields = ["action", "target_type", "target_id", "actor_label"]
    ordering = ["-seq"]
    show_full_result_count = False  # a COUNT over the whole log on every page is wasted work


@admin.register(Checkpoint)
class CheckpointAdmin(ReadOnlyAdmin):
    list_display = ["number", "chain", "seq", "signed_at", "key_id"]
    search_fields = ["chain"]
    ordering = ["-number"]

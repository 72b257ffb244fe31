"""Anonymous acts and their seals in the admin: read-only, listed by day and digest (never in
the order they were made), with no time finer than the day."""

from __future__ import annotations

from django.contrib import admin

from danchu.anonymity.models import AnonymousAct, SealedBatch
from danchu.core.admin_tools import ReadOnlyAdmin


@admin.register(AnonymousAct)
class AnonymousActAdmin(ReadOnlyAdmin):
    list_display = ["day", "chain", "action", "target_type", "target_id", "digest"]
    list_filter = ["day"]
    ordering = ["day", "digest"]
    show_full_result_count = False


@admin.register(SealedBatch)
class SealedBatchAdmin(ReadOnlyAdmin):
    list_display = ["day", "chain", "count", "digest", "entry_seq"]
    ordering = ["-day", "chain"]

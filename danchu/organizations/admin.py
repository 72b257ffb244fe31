from django.contrib import admin

from danchu.core.admin_tools import ReadOnlyAdmin
from danchu.organizations.models import Body, BodyMember, Unit


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

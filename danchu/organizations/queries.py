"""Reads of the unit tree that need no permission: callers scope what they pass in."""

from __future__ import annotations

from django.db.models import QuerySet

from danchu.organizations.models import Body, Unit, UnitQuerySet


def sub_units(unit: Unit) -> UnitQuerySet:
    """Every unit below `unit` (not itself), in tree order."""
    return Unit.objects.under(unit, include_self=False).order_by("path")


def bodies_of(unit: Unit) -> QuerySet[Body]:
    """The unit's bodies (committees, boards) with their members."""
    return Body.objects.filter(unit=unit).prefetch_related("members__person")

"""Query helpers with no domain rules."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.functions import Coalesce

from danchu.core.text import fold


def subquery_count(queryset: models.QuerySet[Any]) -> Coalesce:
    """COUNT(*) of a correlated queryset, usable in `.annotate()` (0 when nothing matches)."""
    counted = (
        queryset.order_by()
        .annotate(_group=models.Value(1))
        .values("_group")
        .annotate(_n=models.Count("*"))
        .values("_n")
    )
    return Coalesce(models.Subquery(counted, output_field=models.IntegerField()), 0)


def search_folded(queryset: models.QuerySet[Any], q: str, *, field: str = "search_text") -> Any:
    """Keep rows whose folded text contains every folded word of `q` ("dang" finds "Đảng")."""
    for word in fold(q).split()[:8]:
        queryset = queryset.filter(**{f"{field}__contains": word})
    return queryset

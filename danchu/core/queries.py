"""Query helpers with no domain rules."""

from __future__ import annotations

from typing import Any

from django.db import models

from danchu.core.text import fold


def search_folded(queryset: models.QuerySet[Any], q: str, *, field: str = "search_text") -> Any:
    """Keep rows whose folded text contains every folded word of `q` ("dang" finds "Đảng")."""
    for word in fold(q).split()[:8]:
        queryset = queryset.filter(**{f"{field}__contains": word})
    return queryset

"""The one length limit of each text field: its model's `max_length`, which the model form gets
from the model, and which every API schema and hand-written form field reads from here, so the
page and the API accept and refuse the same text (issue 11, finding 2)."""

from __future__ import annotations

from django.db import models


def text_limit(model: type[models.Model], field: str) -> int:
    found = model._meta.get_field(field)
    limit = found.max_length if isinstance(found, models.Field) else None
    if limit is None:
        raise ValueError(f"{model.__name__}.{field} has no max_length: give it one")
    return int(limit)

"""The one length limit of each text field: its model's `max_length`, which the model form gets
from the model, and which every API schema and hand-written form field reads from here, so the
page and the API accept and refuse the same text (issue 11, finding 2)."""

from __future__ import annotations

from typing import Annotated

from django.db import models
from pydantic import Field


def text_limit(model: type[models.Model], field: str) -> int:
    found = model._meta.get_field(field)
    limit = found.max_length if isinstance(found, models.Field) else None
    if limit is None:
        raise ValueError(f"{model.__name__}.{field} has no max_length: give it one")
    return int(limit)


# The largest id a record can have (a bigint): a larger number in a request is refused as invalid
# (422) by the schema instead of reaching the database, where it overflows (issue 11, finding 3).
MAX_ID = 2**63 - 1
# An id given in a request body: `unit_id: RecordId`, `audience_unit_ids: list[RecordId]`.
RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]
# At most this many sub-units addressed by one item or consultation: a longer list of ids is refused
# before it becomes a query with more parameters than a database takes.
MAX_AUDIENCE = 1000

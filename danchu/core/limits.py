"""The one length limit of each text field: its model's `max_length`, which the model form gets
from the model, and which every API schema and hand-written form field reads from here, so the
page and the API accept and refuse the same text (issue 11, finding 2)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.db import models
from pydantic import AfterValidator, Field


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


def _storable_moment(value: dt.datetime) -> dt.datetime:
    """A moment every database stores: years 1900–2999 and a UTC offset of at most 14 hours
    (PostgreSQL refuses "-19:04"; a fuzzed request found it as a server error)."""
    offset = value.utcoffset()
    if offset is not None and abs(offset) > dt.timedelta(hours=14):
        raise ValueError("the UTC offset must be within ±14:00")
    if not 1900 <= value.year <= 2999:
        raise ValueError("the year must be between 1900 and 2999")
    return value


# A date and time given in a request body: `opens_at: Moment`.
Moment = Annotated[dt.datetime, AfterValidator(_storable_moment)]


def _storable_day(value: dt.date) -> dt.date:
    """A day every database stores and every form shows: years 1900–2999."""
    if not 1900 <= value.year <= 2999:
        raise ValueError("the year must be between 1900 and 2999")
    return value


# A date given in a request body: `signed_on: Day`.
Day = Annotated[dt.date, AfterValidator(_storable_day)]

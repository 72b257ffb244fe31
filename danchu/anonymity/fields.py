"""Random primary keys: an id that says nothing about when, or in which order, a row was made."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

# Ids lie in [2^40, 2^53): above any id a sequence ever gave (rows made before the switch keep
# theirs), and below 2^53 so that JavaScript clients read them exactly.
MIN_ID = 2**40
MAX_ID = 2**53
ATTEMPTS = 3


def random_id() -> int:
    """A fresh id from the operating system's random source, uniform over [MIN_ID, MAX_ID)."""
    return MIN_ID + secrets.randbelow(MAX_ID - MIN_ID)


class RandomIdField(models.BigIntegerField):
    """A primary key drawn at random, never from a sequence.

    On SQLite the column is declared `integer` so that it is the table's rowid: with `bigint`
    SQLite would keep a hidden rowid counting the inserts, and an AUTOINCREMENT key would
    continue from the largest random id. PostgreSQL has no sequence behind it at all.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("default", random_id)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def db_type(self, connection: BaseDatabaseWrapper) -> str | None:
        if connection.vendor == "sqlite":
            return "integer"
        return super().db_type(connection)


def insert(row: models.Model) -> None:
    """INSERT a row whose key is a RandomIdField, drawing again if the id is taken (about one
    chance in 2^53 per row already stored)."""
    for attempt in range(ATTEMPTS):
        try:
            with transaction.atomic():
                row.save(force_insert=True)
            return
        except IntegrityError:
            taken = type(row)._default_manager.filter(pk=row.pk).exists()
            if not taken or attempt == ATTEMPTS - 1:
                raise
            row.pk = random_id()

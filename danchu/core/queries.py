"""Query helpers with no domain rules."""

from __future__ import annotations

from typing import Any

from django.db import connections, models
from django.db.models.expressions import RawSQL

from danchu.core.text import fold

MAX_WORDS = 8
# The trigram index (SQLite FTS5 `tokenize='trigram'`) only knows words of three letters or more.
MIN_INDEXED = 3


def search_folded(
    queryset: models.QuerySet[Any], q: str, *, field: str = "search_text", indexed: bool = False
) -> Any:
    """Keep rows whose folded text contains every folded word of `q` ("dang" finds "Đảng"),
    anywhere in a word ("hoach" finds "kế hoạch").

    `indexed`: the model's table has a trigram search index (see the disclosures' migration
    0003): on SQLite an FTS5 table named `<table>_search`, which answers the longer words
    instead of a scan of every row; on PostgreSQL a pg_trgm index, which serves the same
    `LIKE` this sends otherwise.
    """
    words = fold(q).split()[:MAX_WORDS]
    if indexed and connections[queryset.db].vendor == "sqlite":
        long_words = [word for word in words if len(word) >= MIN_INDEXED]
        if long_words:
            table = f"{queryset.model._meta.db_table}_search"
            phrases = " AND ".join('"' + word.replace('"', '""') + '"' for word in long_words)
            # The table name is the model's own; the words travel as a parameter.
            sql = f"SELECT rowid FROM {table} WHERE {table} MATCH %s"  # noqa: S608
            match = RawSQL(sql, [phrases])  # noqa: S611
            queryset = queryset.filter(pk__in=match)
        words = [word for word in words if len(word) < MIN_INDEXED]
    for word in words:
        queryset = queryset.filter(**{f"{field}__contains": word})
    return queryset

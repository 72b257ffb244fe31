"""Database upkeep that does not depend on which database runs."""

from __future__ import annotations

from django.db import connection


def analyze() -> None:
    """Refresh the query planner's statistics (after bulk loads).

    SQLite keeps none until asked: without them it sorts a whole table where an index would
    serve a page in a millisecond. PostgreSQL's autovacuum does this by itself, later.
    """
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

"""Model fields shared by the apps."""

from __future__ import annotations

from typing import Any

from django.db import models


class BinaryCharField(models.CharField):  # type: ignore[type-arg, unused-ignore]
    """A CharField compared byte by byte on every database.

    Used for materialised paths and precomputed sort keys: range queries and ORDER BY on them
    must mean the same on SQLite (BINARY) and PostgreSQL (the "C" collation), whatever the
    collation of the database.
    """

    def db_parameters(self, connection: Any) -> dict[str, Any]:
        params = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            params["collation"] = "C"
        return params

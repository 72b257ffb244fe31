"""gunicorn settings of the contention benchmark (bench/contention.py, `--config`).

Each client sends `X-Bench: <kind>:<unit id>`; before a request runs, its worker names its
database session after it (`application_name` = `bench:<kind>:<unit id>`), so that the lock
sampler can tell, from `pg_stat_activity`, which unit's write waits for which. A sync worker
serves one request at a time, so the name is right for the whole request. It costs one short
statement per request; the application's code is unchanged.
"""

from __future__ import annotations

import contextlib
from typing import Any

_tag = "-"  # the current request's, in this worker


def post_worker_init(worker: Any) -> None:
    from django.db.backends.signals import connection_created

    connection_created.connect(_name_new_connection, weak=False)


def pre_request(worker: Any, req: Any) -> None:
    global _tag
    _tag = next((value for name, value in req.headers if name == "X-BENCH"), "-")
    from django.db import connection

    if connection.connection is not None:  # open: name it now (a new one is named on opening)
        with contextlib.suppress(Exception):  # a broken connection: Django replaces it
            _name(connection)


def _name_new_connection(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "postgresql":
        _name(connection)


def _name(connection: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('application_name', %s, false)", [f"bench:{_tag}"[:63]])

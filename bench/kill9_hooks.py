"""gunicorn settings of the kill -9 benchmark (bench/kill9.py, `--config`): with `--preload`, the
master loads what a worker's first request would (URLs and views, the API, the catalogues), so
that a respawned worker answers in milliseconds, as a long-running one does, and the kills land on
workers busy writing. No database connection is left open across the fork."""

from __future__ import annotations

from typing import Any


def when_ready(server: Any) -> None:
    from django.db import connections
    from django.template.loader import get_template
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 (imports every view and the API's routers)
    for language in ("vi", "en"):
        translation.activate(language)
    translation.deactivate()
    get_template("people/login.html")
    connections.close_all()

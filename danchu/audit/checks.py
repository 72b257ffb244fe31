"""System check: production cannot run without the key that signs audit checkpoints."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured


def signing_key_configured(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    if not settings.PRODUCTION:
        return []
    from danchu.audit.signing import signing_key

    try:
        signing_key()
    except ImproperlyConfigured as error:
        return [
            checks.Error(
                str(error),
                hint="Generate one with `manage.py audit_keygen PATH` and set "
                "DANCHU_AUDIT_SIGNING_KEY_FILE=PATH (docs/deploy.md).",
                id="audit.E001",
            )
        ]
    return []


def register() -> None:
    checks.register(signing_key_configured, checks.Tags.security)

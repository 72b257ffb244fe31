"""The demo accounts for the login page, in demo mode only (settings.DANCHU_DEMO)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def demo_accounts(request: HttpRequest) -> dict[str, Any]:
    """`demo_accounts` and `demo_password` when the site runs as the demo; nothing otherwise."""
    if not settings.DANCHU_DEMO:
        return {}
    from danchu.demo.accounts import DEMO_ACCOUNTS

    return {"demo_accounts": DEMO_ACCOUNTS, "demo_password": settings.DEMO_PASSWORD}

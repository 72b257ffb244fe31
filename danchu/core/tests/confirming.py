"""Test helpers for the two-step acts (danchu.core.pending): the check page, then Confirm."""

from __future__ import annotations

import re
from typing import Any

CONFIRM = re.compile(r'name="confirm" value="([^"]+)"')
FORM_KEY = re.compile(r'name="submission_key" value="([^"]+)"')


def token_of(response: Any) -> str:
    """The token the check page's Confirm button posts back."""
    found = CONFIRM.search(response.content.decode())
    assert found, "not a check page"
    return found.group(1)


def confirm(client: Any, url: str, check: Any, **extra: Any) -> Any:
    """Press Confirm on the check page `check` (with its one-time form key)."""
    page = check.content.decode()
    key = FORM_KEY.search(page)
    data = {"confirm": token_of(check), **({"submission_key": key.group(1)} if key else {})}
    return client.post(url, data | extra)


def check_then_confirm(client: Any, url: str, data: dict[str, Any]) -> Any:
    """Fill in the form, see the check page (200), and confirm; the confirming response."""
    check = client.post(url, data)
    assert check.status_code == 200, check.content.decode()[:2000]
    return confirm(client, url, check)

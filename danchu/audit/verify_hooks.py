"""Checks that other apps add to `manage.py verify_audit`.

Apps that record through the audit log sit above it in the layers, so it cannot import them:
they register a check here from their AppConfig.ready(). A check returns what is wrong, one line
each (empty: all is well).
"""

from __future__ import annotations

from collections.abc import Callable

Check = Callable[[], list[str]]

_CHECKS: dict[str, Check] = {}


def register(name: str, check: Check) -> None:
    _CHECKS[name] = check


def registered() -> dict[str, Check]:
    return dict(_CHECKS)

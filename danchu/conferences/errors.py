"""Refusals of the conference rules: each a code (public API contract) and a translated message."""

from __future__ import annotations

from django.utils.functional import Promise

from danchu.core.errors import DomainError, InvalidInput


class Refused(DomainError):
    """The state of the conference or vote does not allow it (409)."""

    def __init__(self, code: str, message: str | Promise) -> None:
        super().__init__(message)
        self.code = code


class Invalid(InvalidInput):
    """The input breaks a rule (422); `field` names the input it concerns."""

    def __init__(self, code: str, message: str | Promise, *, field: str = "") -> None:
        errors: list[dict[str, object]] = (
            [{"field": field, "code": code, "message": str(message)}] if field else []
        )
        super().__init__(message, errors=errors)
        self.code = code


class TokenUnknown(DomainError):
    """A booth token the vote never issued (403: the token is the voter's only credential)."""

    status_code = 403
    code = "unknown_token"

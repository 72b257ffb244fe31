"""Expected failures that services raise and every interface shows as a clear message."""

from __future__ import annotations

from django.utils.functional import Promise


class DomainError(Exception):
    """A rule of the domain refused the change; `message` is safe to show (and translated)."""

    status_code = 409
    code = "conflict"

    def __init__(self, message: str | Promise, *, errors: list[dict[str, object]] | None = None):
        super().__init__(str(message))
        self.message = message
        self.errors = errors or []


class InvalidInput(DomainError):
    """The input breaks a rule of form or content: nothing was changed."""

    status_code = 422
    code = "invalid"

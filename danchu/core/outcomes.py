"""One way for a view to make a service call and show its refusal.

Every form-handling view does the same: call one service, and on a `DomainError` show its
message (beside the form when there is one, otherwise as a flash message) and carry on; on
success, perhaps say so. `attempt` is that pattern once, so views stay a few lines long.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.contrib import messages
from django.http import HttpRequest
from django.utils.functional import Promise

from danchu.core.errors import DomainError

T = TypeVar("T")


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What a service call gave: its result, or the refusal that was shown to the user."""

    value: T | None = None
    error: DomainError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def status(self) -> int:
        """200 on success, else the refusal's HTTP status (409, 422)."""
        return 200 if self.error is None else self.error.status_code


def attempt(
    request: HttpRequest,
    call: Callable[[], T],
    *,
    success: str | Promise | None = None,
    form: Any = None,
    fields: Mapping[str, str] | None = None,
) -> Outcome[T]:
    """Run `call()`. A `DomainError` is shown to the user and returned, never raised: beside
    `form` (on the field that `fields` maps its code to, else above the form), or as an error
    message when there is no form. On success, `success` becomes a flash message."""
    try:
        value = call()
    except DomainError as error:
        if form is None:
            messages.error(request, str(error.message))
        else:
            field = (fields or {}).get(error.code)
            form.add_error(field if field in form.fields else None, str(error.message))
            form.error_status = error.status_code
        return Outcome(error=error)
    if success is not None:
        messages.success(request, str(success))
    return Outcome(value=value)

"""Model validation that services turn into a clear, translated refusal."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from danchu.core.errors import InvalidInput


def validate(obj: Any, *, exclude: list[str] | None = None, constraints: bool = True) -> None:
    """`full_clean()`, raising InvalidInput with every message and a per-field list."""
    try:
        obj.full_clean(exclude=exclude, validate_constraints=constraints)
    except ValidationError as error:
        raise InvalidInput(
            "; ".join(str(m) for messages in error.message_dict.values() for m in messages),
            errors=[
                {"field": field, "messages": [str(m) for m in messages]}
                for field, messages in error.message_dict.items()
            ],
        ) from error

"""Model validation that services turn into a clear, translated refusal."""

from __future__ import annotations

from collections.abc import Collection, Sequence
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


def some_of(chosen: Sequence[str], allowed: Collection[str], message: Any) -> list[str]:
    """At least one of `allowed`, each once, in the order given; else InvalidInput(message)."""
    distinct = list(dict.fromkeys(chosen))
    if not distinct or any(code not in allowed for code in distinct):
        raise InvalidInput(message)
    return distinct

"""Refusals of steering and compliance: each a code (public API contract) and a message, and the
one check of the texts they are given."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from danchu.conferences.errors import Invalid, Refused
from danchu.core.text import strip_controls

__all__ = ["Invalid", "Refused", "cleaned_text"]


def cleaned_text(
    value: str, field: str, limit: int, *, required: bool = True, one_line: bool = True
) -> str:
    """The text without control characters (and on one line, spaces collapsed); refused empty
    when `required` or longer than `limit`, with the field it concerns."""
    text = strip_controls(value or "")
    text = " ".join(text.split()) if one_line else text.strip()
    if required and not text:
        raise Invalid("required", _("This field is required."), field=field)
    if len(text) > limit:
        raise Invalid("too_long", _("This text is too long."), field=field)
    return text
